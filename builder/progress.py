"""What a long build tells the person waiting for it."""
from __future__ import annotations

import logging
import time

log = logging.getLogger("mkdocs.plugins.ocop")


class Progress:
    """Stage names and counts on long runs; silent when quiet."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.started = time.monotonic()

    def stage(self, name: str) -> None:
        if not self.quiet:
            log.info(f"ocop: {name} ({time.monotonic() - self.started:.1f} s)")

    def counter(self, name: str):
        last = [0.0]

        def report(done: int, total: int) -> None:
            now = time.monotonic()
            if not self.quiet and (done == total or now - last[0] > 2):
                last[0] = now
                log.info(f"ocop: {name} {done}/{total}")
        return report
