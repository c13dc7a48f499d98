"""What a component sees of the activity running it."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, Callable


@dataclass
class ComponentContext:
    """The node and attempt a component runs for, liveness and logging.

    ``attempt`` is 1 for the first attempt. ``heartbeat(details)`` reports progress: the worker already heartbeats
    while a component runs, so call it only to keep details for the next attempt. Cancellation of the node reaches
    an async component as ``asyncio.CancelledError``.
    """

    node_id: str
    attempt: int
    heartbeat: Callable[[Any], None]
    log: logging.LoggerAdapter

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
