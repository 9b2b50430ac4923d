from enum import StrEnum


class InstrumentType(StrEnum):
    CARD = "card"

    def __str__(self) -> str:
        return str(self.value)
