"""A per-site lock file so two scheduled runs of one site never overlap; the OS frees it if the process dies.

POSIX: ``flock``; Windows: ``msvcrt.locking`` on one byte past the pid text. Both are
imported when a lock is taken, so every command imports on any system.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..exceptions import LockHeldError

__all__ = ["SiteLock"]

_WINDOWS_LOCK_OFFSET = (
    1 << 20
)  # Windows locks are mandatory: lock a byte away from the pid others read


def _try_lock(fd: int) -> bool:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


class SiteLock:
    """``with SiteLock(site_dir):`` holds ``<site_dir>/crawl.lock``."""

    def __init__(self, site_dir: Path | str, worker: str | None = None):
        # a distributed worker locks only its own part files: crawl.<worker>.lock
        self.path = Path(site_dir) / (f"crawl.{worker}.lock" if worker else "crawl.lock")
        self._fd: int | None = None

    def acquire(self) -> SiteLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            os.lseek(fd, 0, os.SEEK_SET)
            holder = os.read(fd, 64).decode("ascii", "replace").strip() or "another process"
            os.close(fd)
            raise LockHeldError(
                f"{self.path}: held by pid {holder}; another crawl of this site is running"
            )
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> SiteLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
