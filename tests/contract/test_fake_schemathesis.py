"""Schemathesis against the fake, in process (its WSGI app: no sockets), with schemathesis's default checks.

Each case gets a fresh seeded fake, so earlier cases (a DELETE, an idempotency key) don't change later answers.
The fake is a ContractFake, so openapi-core checks every response too.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Any

import schemathesis
from hypothesis import settings
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode

from tests.helpers.contract import ContractFake
from tests.helpers.spec import SPEC_PATH, resolve

# The credentials as OpenAPI-aware auth: schemathesis then knows they are valid, and probes that without them
# (or with a wrong one) the fake answers 401.
CONFIG = SchemathesisConfig.from_dict(
    {
        "auth": {
            "openapi": {
                "XClientID": {"api_key": "fake_client_id"},
                "XClientSecret": {"api_key": "fake_client_secret"},
            }
        },
        "generation": {"max-examples": 25},
    }
)
SCHEMA = schemathesis.openapi.from_path(SPEC_PATH, config=CONFIG)
IDEMPOTENCY_KEY = re.compile(resolve({"$ref": "#/components/parameters/XIdempotencyKey"})["schema"]["pattern"])


class _Current:
    fake = ContractFake(check_requests=False)


def _app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    return _Current.fake.wsgi_app(environ, start_response)


SCHEMA.app = _app  # with an app, schemathesis (and its auth probes) never opens a socket


@SCHEMA.parametrize()
@settings(deadline=None)
def test_the_fake_passes_schemathesis(case: schemathesis.Case) -> None:
    _Current.fake = fake = ContractFake(check_requests=False)
    key = (case.headers or {}).get("x-idempotency-key")
    # schemathesis 4.32.5's coverage phase labels a non-UUID key ("0") as schema-valid; the spec's pattern and
    # the fake both refuse it, so give such a case a real UUID.
    if case.meta and case.meta.generation.mode == GenerationMode.POSITIVE and key and not IDEMPOTENCY_KEY.match(key):
        case.headers["x-idempotency-key"] = str(uuid.uuid4())
    response = case.call_and_validate()
    assert fake.received, "the case reached the fake"
    assert response.headers["content-type"] == ["application/json"]
    assert not fake.violations
