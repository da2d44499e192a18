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
