"""glibc malloc settings for a long-running server.

glibc gives threads that allocate at the same time their own malloc arenas (up to 8 per core). Each arena keeps
the memory its threads freed for its own later use, and a heap can only give back what is free at its top, so
with several threads allocating buffers of changing sizes (audio, WAV bytes, torch CPU tensors) the resident
memory climbs in steps while each arena reaches its own high-water mark. Under the CPU soak with hostile traffic
this was the growth after warm-up (docs/reliability.md, memory under the soak): 2 arenas kept it flat.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys

log = logging.getLogger(__name__)

_M_ARENA_MAX = -8  # mallopt parameter (malloc.h)


def limit_malloc_arenas(n: int | None) -> bool:
    """At most `n` malloc arenas from now on (glibc's `mallopt(M_ARENA_MAX, n)`; arenas made before stay).
    Not applied when `n` is None, when MALLOC_ARENA_MAX is set in the environment (glibc read it at start: the
    operator's choice wins), or off glibc. True when applied."""
    if n is None or "MALLOC_ARENA_MAX" in os.environ or not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(_M_ARENA_MAX, int(n)))
    except (OSError, AttributeError):  # musl or another libc: nothing to set
        log.debug("mallopt is not available; malloc_arena_max not applied")
        return False
