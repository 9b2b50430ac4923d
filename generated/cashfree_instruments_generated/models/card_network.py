from enum import StrEnum


class CardNetwork(StrEnum):
    AMEX = "amex"
    DINERS = "diners"
    MASTERCARD = "mastercard"
    RUPAY = "rupay"
    VISA = "visa"

    def __str__(self) -> str:
        return str(self.value)
