"""builder/lock.py: builds of one project never collide, and a killed build harms nothing."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from builder.lock import ProjectLock
from conftest import wait_until
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


def staging_folders(project: Path) -> set[Path]:
    return set(project.glob(".site-building-*"))


def has_files(folders: set[Path]) -> bool:
    try:
        return any(path.is_file() for folder in folders for path in folder.rglob("*"))
    except OSError:  # a folder published (moved away) while we looked
        return False


def text(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except OSError:  # a full build swaps site/ for the new one: gone for a moment
        return ""


def test_a_build_killed_at_any_moment_leaves_site_and_cache_usable(project, tmp_path):
    assert ocop(project, "build", "--quiet").wait(timeout=300) == 0
    changed = project / "products" / "P-00003" / "product.yaml"
    changed.write_text(changed.read_text("utf-8").replace("stars: 3", "stars: 5"), "utf-8")
    page = project / "site" / "t" / "P-00003" / "index.html"
    lock = ProjectLock(project / ".ocop-cache")
    # The moments of a build, each seen from outside, in the order a build reaches them; each build is
    # killed as soon as it reaches its moment. (A killed build leaves its staging folder: `left`.)
    moments = {
        "as it starts": lambda run, left: True,
        "holding the lock, reading the catalogue": lambda run, left: lock.holder() == str(run.pid),
        "with its staging folder made": lambda run, left: bool(staging_folders(project) - left),
        "writing the new site": lambda run, left: has_files(staging_folders(project) - left),
    }
    for moment, reached in moments.items():
        left = staging_folders(project)
        run = ocop(project, "build", "--quiet")
        wait_until(lambda: reached(run, left) or run.poll() is not None, f"a build {moment}")
        assert run.poll() is None, f"the build ended before it was {moment}"
        run.send_signal(signal.SIGKILL)
        run.wait()
        assert (project / "site" / "index.html").is_file(), f"site/ broken by a kill {moment}"
        assert "ocop-stars--5" not in text(page), f"a build killed {moment} published nothing"
    run = ocop(project, "build", "--quiet")  # and one killed as it finishes, once the changed page is out
    wait_until(lambda: "ocop-stars--5" in text(page), "a build to publish the changed page")
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert (project / "site" / "index.html").is_file(), "site/ broken by a kill as the build finished"
    finished = ocop(project, "build", "--quiet")
    _, err = finished.communicate(timeout=300)
    assert finished.returncode == 0 and "Traceback" not in err
    clean_after = ocop(project, "build", "--quiet", "--site-dir", str(tmp_path / "clean-after"))
    assert clean_after.wait(timeout=300) == 0
    assert snapshot(project / "site") == snapshot(tmp_path / "clean-after")
    assert "ocop-stars--5" in (project / "site" / "t" / "P-00003" / "index.html").read_text("utf-8")
