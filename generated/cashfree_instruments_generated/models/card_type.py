from enum import StrEnum


class CardType(StrEnum):
    CREDIT_CARD = "credit_card"
    DEBIT_CARD = "debit_card"
    PREPAID_CARD = "prepaid_card"

    def __str__(self) -> str:
        return str(self.value)
