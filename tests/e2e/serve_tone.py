"""Run a real uvicorn server on the test-only tone voices (see tests/stages.py).

usage: python -m tests.e2e.serve_tone WEIGHTS_DIR PORT [SLOW_DELAY_S]
"""

import sys

import tests.stages  # noqa: F401  (registers the test stages)
from tests.stages import write_tone_voice
from ttsserve.app import create_app
from ttsserve.cli import run_server
from ttsserve.settings import load_settings

weights, port = sys.argv[1], int(sys.argv[2])
delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.3
write_tone_voice(__import__("pathlib").Path(weights), "tone")
write_tone_voice(__import__("pathlib").Path(weights), "slow", delay_s=delay)
write_tone_voice(__import__("pathlib").Path(weights), "crawl", delay_per_symbol_s=0.2)  # model time grows with length
settings = load_settings(weights_dir=weights, default_voice="tone", frontend={"type": "test-chars"}, warmup=False,
                         device="cpu", port=port, log_level="warning")
run_server(create_app(settings), settings)
