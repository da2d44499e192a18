"""The memory diagnostics (api/debug.py): absent unless `debug_memory` is on; when on, tracemalloc diffs and
malloc_trim answer as documented."""

from __future__ import annotations

import sys
import tracemalloc

from tests.conftest import running_client


def test_debug_routes_do_not_exist_by_default(tone_settings):
    with running_client(tone_settings()) as client:
        for method, path in (("GET", "/debug/memory"), ("POST", "/debug/malloc_trim")):
            resp = client.request(method, path)
            assert resp.status_code == 404 and resp.json()["error"]["code"] == "not_found"
    assert not tracemalloc.is_tracing()


def test_debug_memory_diffs_snapshots_and_trims(tone_settings):
    try:
        with running_client(tone_settings(debug_memory=True, debug_memory_frames=2)) as client:
            assert tracemalloc.is_tracing()
            first = client.get("/debug/memory", params={"top": 5}).json()
            assert first["baseline"] is True and len(first["top"]) == 5 and first["traced_bytes"] > 0
            keep = [bytearray(1 << 20) for _ in range(4)]  # 4 MiB that stay alive between the two snapshots
            second = client.get("/debug/memory", params={"top": 5}).json()
            assert second["baseline"] is False
            top = second["growth"][0]
            assert top["size_diff_bytes"] >= 4 << 20 and any("test_debug_memory.py" in w for w in top["where"])
            assert isinstance(second["object_count_growth"], dict)
            trim = client.post("/debug/malloc_trim").json()
            assert trim["available"] is sys.platform.startswith("linux")
            assert trim["rss_before_bytes"] > 0 and trim["rss_after_bytes"] > 0
            del keep
    finally:
        tracemalloc.stop()
