"""What a person sees while a build runs: bars on a terminal, plain lines in CI, nothing when quiet."""
from __future__ import annotations

import io

from builder.progress import Progress, format_seconds


class Clock:
    """Seconds that pass only when the test says so."""

    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def a_build(progress: Progress, clock: Clock | None = None) -> None:
    """Three stages as a build runs them: one without items, one with 10 photos, one with 4 pages."""
    def wait(seconds: float) -> None:
        if clock:
            clock.now += seconds
    progress.stage("loading and validating")
    wait(1.5)
    progress.stage("photos")
    report = progress.counter("photos")
    for done in range(1, 11):
        wait(3.0)
        report(done, 10)
    progress.stage("pages")
    report = progress.counter("pages")
    for done in range(1, 5):
        wait(0.5)
        report(done, 4)
    progress.summary()


def test_quiet_prints_nothing_at_all():
    for stream in (io.StringIO(), Terminal()):
        a_build(Progress(quiet=True, stream=stream))
        assert stream.getvalue() == ""


def test_ci_logs_get_plain_lines_with_counts_time_left_and_stage_times():
    stream, clock = io.StringIO(), Clock()
    a_build(Progress(stream=stream, clock=clock), clock)
    out = stream.getvalue()
    assert "\r" not in out and "\x1b" not in out  # nothing redrawn in place: a log reads top to bottom
    lines = out.splitlines()
    assert lines[:2] == ["ocop: loading and validating", "ocop: photos"]
    # one line every 5 s or more, with how far and how long is left, then the total
    assert lines[2:5] == ["ocop:   photos 2/10 (20%), about 24.0 s left",
                          "ocop:   photos 4/10 (40%), about 18.0 s left",
                          "ocop:   photos 6/10 (60%), about 12.0 s left"]
    assert "ocop:   photos 10/10 in 30.0 s" in lines
    assert "ocop:   pages 4/4 in 2.0 s" in lines
    summary = lines[lines.index("ocop: done in 33.5 s"):]
    assert summary == ["ocop: done in 33.5 s",
                       "  loading and validating     1.5 s",
                       "  photos                    30.0 s",
                       "  pages                      2.0 s"]


def test_a_terminal_gets_a_bar_per_stage_with_counts_and_time_left():
    stream = Terminal()
    progress = Progress(stream=stream)
    assert progress.mode == "bars"  # found out from the stream itself
    a_build(progress)
    out = stream.getvalue()
    assert "\r" in out  # redrawn in place
    assert "photos: 100%" in out and "10/10" in out and "pages: 100%" in out and "4/4" in out
    assert "<" in out and "items/s" in out  # tqdm's [elapsed<left, rate]
    assert "100%|" in out  # the bar itself
    assert "ocop: photos" in out and "ocop: done in" in out
    summary = out[out.index("ocop: done in"):].splitlines()
    assert [line.split()[0] for line in summary[1:]] == ["loading", "photos", "pages"]


def test_a_stage_time_runs_until_the_next_stage_or_the_summary():
    stream, clock = io.StringIO(), Clock()
    progress = Progress(stream=stream, clock=clock)
    progress.stage("search index")
    clock.now += 75
    progress.summary()
    assert stream.getvalue().splitlines()[-1] == "  search index  1 min 15 s"


def test_seconds_read_at_a_glance():
    assert [format_seconds(s) for s in (0.04, 9.6, 59.9, 60, 125.4)] == \
        ["0.0 s", "9.6 s", "59.9 s", "1 min 00 s", "2 min 05 s"]


def test_a_note_on_work_beside_the_stage_neither_ends_it_nor_breaks_its_bar():
    stream, clock = Terminal(), Clock()
    progress = Progress(stream=stream, clock=clock)
    progress.stage("pages")
    report = progress.counter("pages")
    report(1, 4)
    progress.note("photos, open data, sitemap (beside the pages)")
    for done in (2, 3, 4):
        clock.now += 1
        report(done, 4)
    progress.summary()
    out = stream.getvalue()
    assert out.count("pages: ") >= 2 and "4/4" in out and "ocop: photos, open data, sitemap (beside the pages)" in out
    assert out.count("  pages:   0%") == 1  # one bar, not a new one after the note
    assert out.splitlines()[-1].split() == ["pages", "3.0", "s"]
