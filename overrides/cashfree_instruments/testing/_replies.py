"""What the fake answers, before it becomes an HTTP response: a status, a JSON body and extra headers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from attrs import field, frozen


@frozen
class Reply:
    status: int
    content: bytes
    headers: Mapping[str, str] = field(factory=dict)


def json_reply(status: int, body: Any, headers: Mapping[str, str] | None = None) -> Reply:
    return Reply(status, json.dumps(body).encode(), dict(headers or {}))


def error(status: int, type_: str, code: str, message: str, headers: Mapping[str, str] | None = None) -> Reply:
    """An error in Cashfree's shape: {"message", "code", "type"}."""
    return json_reply(status, {"message": message, "code": code, "type": type_}, headers)
