"""API keys: Bearer check, open health/metrics by default, per-key rate limit, keys file."""

from __future__ import annotations

from tests.conftest import running_client

UNAUTHORIZED = {"error": {"code": "unauthorized", "message": "missing or invalid API key: send 'Authorization: Bearer <key>'"}}


def test_no_keys_means_open(tone_settings):
    with running_client(tone_settings()) as c:
        assert c.post("/synthesize", json={"text": "好"}).status_code == 200


def test_keys_required_when_configured(tone_settings):
    with running_client(tone_settings(api_keys=["k1", "k2"])) as c:
        for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic k1"}, {"Authorization": "k1"}):
            r = c.post("/synthesize", json={"text": "好"}, headers=headers)
            assert r.status_code == 401 and r.json() == UNAUTHORIZED
            assert r.headers["www-authenticate"] == "Bearer"
        for key in ("k1", "k2"):
            assert c.post("/synthesize", json={"text": "好"}, headers={"Authorization": f"Bearer {key}"}).status_code == 200
        assert c.get("/v1/voices").status_code == 401
        assert c.get("/healthz").status_code == 200 and c.get("/readyz").status_code == 200
        assert c.get("/metrics").status_code == 200


def test_health_and_metrics_can_be_protected(tone_settings):
    with running_client(tone_settings(api_keys=["k1"], auth_protect_health=True, auth_protect_metrics=True)) as c:
        assert c.get("/healthz").status_code == 401 and c.get("/metrics").status_code == 401
        assert c.get("/healthz", headers={"Authorization": "Bearer k1"}).status_code == 200


def test_per_key_rate_limit(tone_settings):
    with running_client(tone_settings(api_keys=["k1", "k2"], api_key_rate_per_minute=3)) as c:
        h1, h2 = {"Authorization": "Bearer k1"}, {"Authorization": "Bearer k2"}
        assert [c.get("/v1/voices", headers=h1).status_code for _ in range(3)] == [200, 200, 200]
        r = c.get("/v1/voices", headers=h1)
        assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"
        assert int(r.headers["retry-after"]) >= 1
        assert c.get("/v1/voices", headers=h2).status_code == 200  # limits are per key


def test_keys_file(tone_settings, tmp_path):
    f = tmp_path / "keys.txt"
    f.write_text("# team keys\nfile-key-1\n\nfile-key-2  # ci\n")
    with running_client(tone_settings(api_keys_file=f)) as c:
        assert c.get("/v1/voices", headers={"Authorization": "Bearer file-key-2"}).status_code == 200
        assert c.get("/v1/voices", headers={"Authorization": "Bearer # team keys"}).status_code == 401


# ----------------------------------------------------------------------------- hostile configurations and clients
import logging  # noqa: E402

import pytest  # noqa: E402

from ttsserve.errors import ConfigError  # noqa: E402

BEARER = {"Authorization": "Bearer k1"}


@pytest.mark.parametrize("keys", [[""], [" "], ["k1", ""], ["k 1"], ["k1\n"]])
def test_empty_or_blank_keys_refuse_startup(tone_settings, keys):
    # an unset variable in a template (TTSSERVE_API_KEYS='[""]') let 'Authorization: Bearer ' through
    with pytest.raises(ConfigError, match=r"api_keys\[\d\]"):
        tone_settings(api_keys=keys).keys()


def test_empty_bearer_token_is_refused(tone_settings):
    with running_client(tone_settings(api_keys=["k1"])) as c:
        for value in ("Bearer ", "Bearer", "Bearer  "):
            assert c.post("/synthesize", json={"text": "好"}, headers={"Authorization": value}).status_code == 401


def test_keys_file_with_bom_and_blank_key_lines(tone_settings, tmp_path):
    f = tmp_path / "keys.txt"
    f.write_bytes("\ufefffirst-key\r\nsecond-key\r\n".encode("utf-8"))  # a BOM disabled the first key
    with running_client(tone_settings(api_keys_file=f)) as c:
        for key in ("first-key", "second-key"):
            assert c.get("/v1/voices", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    f.write_text("good-key\nbad key with spaces\n")
    with pytest.raises(ConfigError, match=r"keys.txt:2: "):
        tone_settings(api_keys_file=f).keys()


def test_401_comes_before_the_body_is_read(tone_settings):
    with running_client(tone_settings(api_keys=["k1"])) as c:
        for content in (b"{not json", b"\xff\xfe", b'{"text": 5}'):
            r = c.post("/synthesize", content=content, headers={"content-type": "application/json"})
            assert r.status_code == 401 and r.json() == UNAUTHORIZED
        r = c.post("/v1/audio/speech", content=b"{", headers={"content-type": "application/json"})
        assert r.status_code == 401
        r = c.post("/synthesize", content=b"{", headers={"content-type": "application/json", **BEARER})
        assert r.status_code == 422  # with the key, the body's own error


def test_docs_and_schema_follow_auth_protect_docs(tone_settings):
    with running_client(tone_settings(api_keys=["k1"])) as c:  # default: protected when keys are on
        for path in ("/docs", "/openapi.json", "/redoc", "/v1/voices", "/v1/models", "/v1/memory"):
            assert c.get(path).status_code == 401, path
            assert c.get(path, headers=BEARER).status_code == 200, path
        assert c.get("/").status_code == 200  # the page itself; it asks for the key
        assert c.get("/metrics").status_code == 200  # auth_protect_metrics: false by default
        assert c.get("/nope").status_code == 401  # unknown routes are not probed without a key
    with running_client(tone_settings(api_keys=["k1"], auth_protect_docs=False)) as c:
        assert c.get("/docs").status_code == 200 and c.get("/openapi.json").status_code == 200
        # the assets the docs pages load from the server itself open with them (a browser sends no key)
        for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png"):
            assert c.get(f"/static-offline-docs/{asset}").status_code == 200, asset


def test_keys_in_query_strings_are_not_logged():
    from ttsserve.server import RedactSecretsFilter

    record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5", "GET", "/v1/voices?api_key=sekrit&x=1&token=t0k&key=k", "1.1", 401),
                               None)
    RedactSecretsFilter().filter(record)
    assert "sekrit" not in record.getMessage() and "t0k" not in record.getMessage()
    assert "/v1/voices?api_key=***&x=1&token=***&key=***" in record.getMessage()
