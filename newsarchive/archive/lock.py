"""A per-site lock file (flock) so two scheduled runs of one site never overlap."""
from __future__ import annotations

import fcntl
import os
from pathlib import Path

from ..exceptions import LockHeldError

__all__ = ["SiteLock"]


class SiteLock:
    """``with SiteLock(site_dir):`` holds ``<site_dir>/crawl.lock``; the kernel frees it if the process dies."""

    def __init__(self, site_dir: Path | str, worker: str | None = None):
        # a distributed worker locks only its own part files: crawl.<worker>.lock
        self.path = Path(site_dir) / (f"crawl.{worker}.lock" if worker else "crawl.lock")
        self._fd: int | None = None

    def acquire(self) -> SiteLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "another process"
            os.close(fd)
            raise LockHeldError(f"{self.path}: held by pid {holder}; another crawl of this site is running")
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> SiteLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
