from enum import StrEnum


class CardSubType(StrEnum):
    C = "C"
    P = "P"
    R = "R"

    def __str__(self) -> str:
        return str(self.value)
