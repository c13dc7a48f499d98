"""What a component sees of the activity running it."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, Callable

from .node_log import NodeLog


class ComponentLog:
    """The component's logger: each line goes to the worker's log and to the node's log, which
    ``GET /runs/:id/nodes/:node/logs`` and ``weft run logs`` show. Extra keyword arguments become the line's attrs."""

    def __init__(self, node_log: NodeLog, logger: logging.LoggerAdapter) -> None:
        self._node_log = node_log
        self._logger = logger

    def _log(self, level: str, python_level: int, message: Any, attrs: dict) -> None:
        self._logger.log(python_level, "%s %s" if attrs else "%s", message, *([attrs] if attrs else []))
        self._node_log.add(level, message, "log", attrs or None)

    def debug(self, message: Any, **attrs: Any) -> None:
        self._log("debug", logging.DEBUG, message, attrs)

    def info(self, message: Any, **attrs: Any) -> None:
        self._log("info", logging.INFO, message, attrs)

    def warn(self, message: Any, **attrs: Any) -> None:
        self._log("warn", logging.WARNING, message, attrs)

    warning = warn

    def error(self, message: Any, **attrs: Any) -> None:
        self._log("error", logging.ERROR, message, attrs)


@dataclass
class ComponentContext:
    """The node and attempt a component runs for, liveness and logging.

    ``attempt`` is 1 for the first attempt. ``heartbeat(details)`` reports progress: the worker already heartbeats
    while a component runs, so call it only to keep details for the next attempt. ``log`` writes the node's log.
    Cancellation of the node reaches an async component as ``asyncio.CancelledError``.
    """

    node_id: str
    attempt: int
    heartbeat: Callable[[Any], None]
    log: ComponentLog

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
