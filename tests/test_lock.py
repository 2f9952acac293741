"""builder/lock.py: builds of one project never collide, and a killed build harms nothing."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from builder.lock import ProjectLock
from test_build import snapshot

REPO = Path(__file__).resolve().parent.parent


def ocop(project: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1795000000"}
    return subprocess.Popen([sys.executable, "-m", "builder.cli", "--project", str(project), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_a_second_lock_waits_and_names_the_holder(tmp_path):
    first = ProjectLock(tmp_path)
    assert first.acquire()
    second = ProjectLock(tmp_path)
    assert not second.acquire(wait=False)
    assert second.holder() == str(os.getpid())
    first.release()
    assert second.acquire(wait=False)
    second.release()


def test_two_builds_at_once_end_with_a_complete_site(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("search: false", "search: true"), "utf-8")
    runs = [ocop(project, "build"), ocop(project, "build")]
    results = [run.communicate(timeout=300) for run in runs]
    for run, (_, err) in zip(runs, results):
        assert run.returncode == 0, err
        assert "Traceback" not in err
    assert any("Another build is running (pid" in err for _, err in results)
    site = project / "site"
    assert (site / "index.html").is_file() and (site / "t" / "P-00000" / "qr.svg").is_file()
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert not list(project.glob(".site-building-*"))


def test_a_build_killed_at_any_moment_leaves_site_and_cache_usable(project, tmp_path):
    assert ocop(project, "build", "--quiet").wait(timeout=300) == 0
    (project / "products" / "P-00003" / "product.yaml").write_text(
        (project / "products" / "P-00003" / "product.yaml").read_text("utf-8").replace("stars: 3", "stars: 5"),
        "utf-8")
    for delay in (0.3, 0.8, 1.5, 2.5):
        run = ocop(project, "build", "--quiet")
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
        run.wait()
        assert (project / "site" / "index.html").is_file(), f"site/ broken by a kill after {delay} s"
    finished = ocop(project, "build", "--quiet")
    _, err = finished.communicate(timeout=300)
    assert finished.returncode == 0 and "Traceback" not in err
    clean_after = ocop(project, "build", "--quiet", "--site-dir", str(tmp_path / "clean-after"))
    assert clean_after.wait(timeout=300) == 0
    assert snapshot(project / "site") == snapshot(tmp_path / "clean-after")
    assert "ocop-stars--5" in (project / "site" / "t" / "P-00003" / "index.html").read_text("utf-8")
