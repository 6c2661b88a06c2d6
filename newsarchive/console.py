"""Console helpers shared by the commands: exit statuses, the output streams, a live progress line."""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass
from typing import IO

__all__ = ["Env", "ExitStatus", "Progress"]


class ExitStatus(enum.IntEnum):
    SUCCESS = 0
    ERROR = 1  # some input failed, or an unexpected error
    USAGE = 2  # bad arguments (argparse's own code)
    CRAWL_FAILED = 3  # nothing fetched, error rate over the threshold
    LOCKED = 4  # another run holds the site lock
    INVALID_DATA = 5  # validate found bad records
    MISSING_DEPENDENCY = 6  # an optional extra is not installed (the message names it)
    INTERRUPTED = 130


@dataclass
class Env:
    """The streams a command writes to; tests inject their own."""

    stdout: IO[str]
    stderr: IO[str]
    stdin: IO[bytes] | None = None

    def error(self, message: str) -> None:
        print(f"newsarchive: error: {message}", file=self.stderr, flush=True)

    def warn(self, message: str) -> None:
        print(f"newsarchive: warning: {message}", file=self.stderr, flush=True)


class Progress:
    """``update(**counts)`` redraws ``label: k=v ... rate/s`` at most every ``interval`` seconds."""

    def __init__(
        self, stream: IO[str], label: str, *, enabled: bool | None = None, interval: float = 0.2
    ):
        self.stream = stream
        self.label = label
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) if enabled is None else enabled
        self.interval = interval
        self.started = time.monotonic()
        self._last = 0.0
        self._width = 0
        self._pending: tuple[int, int | None, dict[str, object]] | None = None

    def update(
        self, done: int, total: int | None = None, force: bool = False, **counts: object
    ) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            self._pending = (done, total, counts)  # drawn by close() if nothing newer comes
            return
        self._pending = None
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
        if (
            self._pending is not None
        ):  # the last frame must show the final counts, not a throttled older one
            done, total, counts = self._pending
            self.update(done, total, force=True, **counts)
        if self.enabled and self._width:
            self.stream.write("\n")
            self.stream.flush()
