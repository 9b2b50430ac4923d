"""One user-visible change between two versions of the client, and whether it breaks client code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    where: str
    what: str
    breaking: bool

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"
