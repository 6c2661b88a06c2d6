"""A live one-line progress display on a terminal, silent otherwise."""
from __future__ import annotations

import time
from typing import IO

__all__ = ["Progress"]


class Progress:
    """``update(**counts)`` redraws ``label: k=v ... rate/s`` at most every ``interval`` seconds."""

    def __init__(self, stream: IO[str], label: str, *, enabled: bool | None = None, interval: float = 0.2):
        self.stream = stream
        self.label = label
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) if enabled is None else enabled
        self.interval = interval
        self.started = time.monotonic()
        self._last = 0.0
        self._width = 0

    def update(self, done: int, total: int | None = None, force: bool = False, **counts: object) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        elapsed = max(now - self.started, 1e-6)
        parts = [f"{done}/{total}" if total else str(done)]
        parts += [f"{k}={v}" for k, v in counts.items()]
        parts.append(f"{done / elapsed:.1f}/s")
        line = f"{self.label}: " + " ".join(parts)
        pad = " " * max(0, self._width - len(line))
        self._width = len(line)
        self.stream.write("\r" + line + pad)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\n")
            self.stream.flush()
