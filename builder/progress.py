"""What a build is doing, told three ways: a progress bar per stage on a terminal,
plain lines where no one watches live (CI logs), nothing with --quiet; and at the
end, the time each stage took.

    progress = Progress(quiet=args.quiet)
    progress.stage("photos")
    pipeline.process(paths, progress.counter("photos"))   # called as report(done, total)
    ...
    progress.summary()

Bars are tqdm's: counts, rate and time left, redrawn in place, on standard error.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Callable, TextIO

from tqdm import tqdm

LINE_EVERY_SECONDS = 5.0  # plain lines: one per counter this often at most, and its last


@dataclass
class Stage:
    name: str
    started: float
    ended: float | None = None


class Progress:
    """Same interface as the build's: stage(name), counter(name) -> report(done, total); plus summary()."""

    def __init__(self, quiet: bool = False, stream: TextIO | None = None, terminal: bool | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.stream = stream or sys.stderr
        if terminal is None:
            terminal = bool(getattr(self.stream, "isatty", lambda: False)())
        self.mode = "quiet" if quiet else "bars" if terminal else "lines"
        self.clock = clock
        self.started = clock()
        self.stages: list[Stage] = []
        self._bar: tqdm | None = None

    # --- the interface the build calls ---------------------------------------

    def stage(self, name: str) -> None:
        """A new stage starts (and the one before it ends)."""
        self._end_stage()
        self.stages.append(Stage(name, self.clock()))
        self._say(f"ocop: {name}")

    def note(self, text: str) -> None:
        """A line that starts no stage: work going on beside the current one (above its bar)."""
        self._say(f"ocop: {text}")

    def counter(self, name: str) -> Callable[[int, int], None]:
        """A report(done, total) for the items of the current stage."""
        if self.mode == "bars":
            return self._bar_counter(name)
        if self.mode == "lines":
            return self._line_counter(name)
        return lambda done, total: None

    def summary(self) -> None:
        """The time each stage took, and the whole; call once at the end."""
        self._end_stage()
        if self.mode == "quiet" or not self.stages:
            return
        width = max(len(stage.name) for stage in self.stages)
        lines = [f"ocop: done in {format_seconds(self.clock() - self.started)}"]
        lines += [f"  {stage.name:<{width}}  {format_seconds(stage.ended - stage.started):>8}" for stage in self.stages]
        self._say("\n".join(lines))

    # --- terminal ---------------------------------------------------------------

    def _bar_counter(self, name: str) -> Callable[[int, int], None]:
        def report(done: int, total: int) -> None:
            bar = self._bar
            if bar is None or bar.desc != f"  {name}":
                self._close_bar()
                bar = self._bar = tqdm(total=total, desc=f"  {name}", file=self.stream, unit=" items",
                                       dynamic_ncols=True, mininterval=0.2, leave=True)
            if bar.total != total:
                bar.total = total
            bar.update(done - bar.n)
            if done >= total:
                self._close_bar()
        return report

    def _close_bar(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    # --- CI logs ----------------------------------------------------------------

    def _line_counter(self, name: str) -> Callable[[int, int], None]:
        started = self.clock()
        last = [started]

        def report(done: int, total: int) -> None:
            now = self.clock()
            if done >= total:
                self._say(f"ocop:   {name} {done:,}/{total:,} in {format_seconds(now - started)}")
            elif now - last[0] >= LINE_EVERY_SECONDS:
                last[0] = now
                left = (now - started) / done * (total - done) if done else None
                eta = f", about {format_seconds(left)} left" if left is not None else ""
                self._say(f"ocop:   {name} {done:,}/{total:,} ({done / total:.0%}){eta}")
        return report

    # --- all modes --------------------------------------------------------------

    def _end_stage(self) -> None:
        self._close_bar()
        if self.stages and self.stages[-1].ended is None:
            self.stages[-1].ended = self.clock()

    def _say(self, text: str) -> None:
        if self.mode == "quiet":
            return
        if self._bar is not None:
            self._bar.write(text, file=self.stream)  # above the bar, which is redrawn below
        else:
            print(text, file=self.stream, flush=True)


def format_seconds(seconds: float) -> str:
    """'0.4 s', '12.3 s', '2 min 05 s': read at a glance."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"
