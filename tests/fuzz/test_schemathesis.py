"""Property-based API testing from the app's own OpenAPI schema: never a 5xx, responses match the schema.

Importing this module changes nothing: the schema comes from `create_app` on unvalidated default settings
(`Settings.model_construct()`: no environment read, no engine, no files; only the routes matter for the
schema), and the app the cases run against (in-process) is built by a module fixture, with the
environment's TTSSERVE_* variables removed for it alone (monkeypatch) and the tone voice in a temporary
folder.
"""

from __future__ import annotations

import os

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402

from tests.stages import CharSymbols, write_tone_voice  # noqa: E402
from ttsserve.app import create_app  # noqa: E402
from ttsserve.settings import Settings, load_settings  # noqa: E402


class _AppOfTheFixture:
    """The ASGI app the cases are sent to: forwards to the app that the `app` fixture builds (schemathesis
    takes its target when the module loads; the real app is built later, by the fixture)."""

    target = None

    async def __call__(self, scope, receive, send):
        await self.target(scope, receive, send)


TARGET = _AppOfTheFixture()
schema = schemathesis.openapi.from_dict(create_app(Settings.model_construct()).openapi())
schema.app, schema.location = TARGET, "/openapi.json"  # in-process calls, as from_asgi sets them


@pytest.fixture(scope="module", autouse=True)
def app(tmp_path_factory):
    from fastapi.testclient import TestClient

    with pytest.MonkeyPatch.context() as mp:
        for k in [k for k in os.environ if k.startswith("TTSSERVE_")]:
            mp.delenv(k)
        w = tmp_path_factory.mktemp("schemathesis") / "w"
        write_tone_voice(w, "tone")
        app = create_app(load_settings(weights_dir=w, default_voice="tone", frontend={"type": "test-chars"},
                                       warmup=False, device="cpu", max_text_chars=200))
    assert create_app(Settings.model_construct()).openapi() == app.openapi()  # the schema is this app's
    TARGET.target = app
    trap, CharSymbols.TRAP = CharSymbols.TRAP, None  # (the planted failure is other tests' business, not the schema's)
    try:
        with TestClient(app):  # runs the lifespan: engine and worker up for the whole module
            yield app
    finally:
        CharSymbols.TRAP = trap
        TARGET.target = None


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    response = case.call()
    assert response.status_code < 500 or response.status_code == 503, response.text
    case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])
