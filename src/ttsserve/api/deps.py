"""What the route modules share: FastAPI dependencies (the API key check, the app's Engine and Telemetry)
and the client-disconnect watcher. `routes.py` and `openai.py` both import from here, not from each other."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ttsserve.api.auth import require_key
from ttsserve.engine.engine import Engine
from ttsserve.telemetry import Telemetry

KEY = [Depends(require_key)]  # `dependencies=KEY`: the route needs an API key when keys are configured


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


def get_telemetry(request: Request) -> Telemetry:
    return request.app.state.telemetry


EngineDep = Annotated[Engine, Depends(get_engine)]
TelemetryDep = Annotated[Telemetry, Depends(get_telemetry)]


async def wait_for_disconnect(request: Request) -> None:
    """Completes when the client goes away (the request body has already been read)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return
