"""One build at a time per project.

Two builds that overlap (a save while the preview builds, a scheduled job)
would share the cache folders and the site. The lock is an advisory ``flock``
on a file in the cache: the kernel releases it when its holder ends, even by
``kill -9``, so a crash never leaves the project locked.
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path


class ProjectLock:
    def __init__(self, cache_dir: Path):
        self.path = cache_dir / "build.lock"
        self.fd: int | None = None

    def holder(self) -> str:
        try:
            return self.path.read_text("utf-8").strip() or "?"
        except OSError:
            return "?"

    def acquire(self, wait: bool = True, on_wait=lambda pid: None) -> bool:
        """Take the lock; if another build holds it, say so once and wait (or return False)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                os.close(fd)
                return False
            on_wait(self.holder())
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            os.ftruncate(self.fd, 0)
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None
