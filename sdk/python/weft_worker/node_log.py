"""A node's log lines, kept per attempt within the same bounds as the TypeScript worker (docs/node-logs.md)."""

from __future__ import annotations

import json
import threading
from collections import deque
from datetime import datetime, timezone
from typing import Any, Callable, Optional

LEVELS = ("debug", "info", "warn", "error")
MAX_LINES = 1000
MAX_BYTES = 64 * 1024
MAX_LINE_BYTES = 4 * 1024


def _utf8(text: str) -> int:
    return len(text.encode("utf-8"))


def _cut(message: str) -> str:
    if _utf8(message) <= MAX_LINE_BYTES:
        return message
    return message.encode("utf-8")[: MAX_LINE_BYTES - 3].decode("utf-8", errors="ignore") + "..."


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class NodeLog:
    """Keeps the last lines of one attempt: at most MAX_LINES and MAX_BYTES, dropping the oldest first.
    Safe to use from the worker's threads (sync components run in one)."""

    def __init__(self, on_line: Optional[Callable[[], None]] = None) -> None:
        self._lines: deque = deque()
        self._bytes = 0
        self._dropped = 0
        self._lock = threading.Lock()
        self._on_line = on_line

    def add(self, level: str, message: Any, source: str = "log", attrs: Optional[dict] = None) -> None:
        if level not in LEVELS:
            raise ValueError(f'log level must be one of {", ".join(LEVELS)}, got "{level}"')
        line: dict = {"at": _now(), "level": level, "message": _cut(str(message)), "source": source}
        size = _utf8(line["message"])
        if attrs:
            try:
                text = json.dumps(attrs, ensure_ascii=False, separators=(",", ":"), default=str)
            except (TypeError, ValueError):
                text = None
            if text is not None and _utf8(text) <= MAX_LINE_BYTES:
                line["attrs"] = json.loads(text)
                size += _utf8(text)
        with self._lock:
            self._lines.append((line, size))
            self._bytes += size
            while len(self._lines) > MAX_LINES or self._bytes > MAX_BYTES:
                _, dropped_size = self._lines.popleft()
                self._bytes -= dropped_size
                self._dropped += 1
        if self._on_line:
            self._on_line()

    def snapshot(self) -> dict:
        with self._lock:
            return {"lines": [line for line, _ in self._lines], "dropped": self._dropped}
