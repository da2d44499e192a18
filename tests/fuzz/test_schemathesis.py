"""Property-based API testing from the app's own OpenAPI schema: never a 5xx, responses match the schema."""

from __future__ import annotations

import os

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402

from tests.stages import write_tone_voice  # noqa: E402
from ttsserve.app import create_app  # noqa: E402
from ttsserve.settings import load_settings  # noqa: E402


def _app():
    import tempfile
    from pathlib import Path

    for k in [k for k in os.environ if k.startswith("TTSSERVE_")]:
        del os.environ[k]
    w = Path(tempfile.mkdtemp()) / "w"
    write_tone_voice(w, "tone")
    return create_app(load_settings(weights_dir=w, default_voice="tone", frontend={"type": "test-chars"},
                                    warmup=False, device="cpu", max_text_chars=200))


APP = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def lifespan():
    from fastapi.testclient import TestClient

    with TestClient(APP):  # runs the lifespan: engine and worker up for the whole module
        yield


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    response = case.call()
    assert response.status_code < 500 or response.status_code == 503, response.text
    case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])
