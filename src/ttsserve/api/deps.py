"""What the route modules share: the FastAPI dependencies (the app's Engine and Telemetry), the routes'
`dependencies=KEY` list and the client-disconnect watcher. `routes.py` and `openai.py` both import from
here, not from each other."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from ttsserve.engine.engine import Engine
from ttsserve.telemetry import Telemetry

KEY: list = []  # API keys are checked before routing, by api.auth.AuthMiddleware


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
