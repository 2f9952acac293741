"""The benchmark: the cold per-stage table counts what a cold build makes; the main table's columns;
the memory of a whole process tree; one edit under ocop serve, timed in Chromium."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request

from builder.dev.bench import (MEMORY_KIND, TreeMemory, cold_stages, edit_under_serve, print_cold_stages, served_preview,
                           table_header, table_row)
from conftest import in_chromium


def test_cold_stages_make_every_photo_card_and_code(project, capsys):
    row = cold_stages(project, ["vi", "en"], jobs=2)
    # 12 products with one photo each; products 0, 3, 6 and 9 have two lots, each with its own code
    assert (row["photo_count"], row["card_count"], row["qr_count"]) == (12, 24, 12 + 4 * 2)
    assert all(row[stage] > 0 for stage in ("photos", "cards", "qr"))
    assert not any(p.name.startswith("tmp") for p in project.iterdir())  # the scratch caches are gone
    print_cold_stages([(12, ["vi", "en"], row)])
    table = capsys.readouterr().out.splitlines()
    cells = [cell.strip() for cell in table[-1].strip("|").split("|")]
    assert (cells[0], cells[1], cells[2], cells[5], cells[8]) == ("12", "2", "12", "24", "20")
    assert all(row[f"{stage}_cpu"] > 0 for stage in ("photos", "cards", "qr"))


# --- memory of a process tree --------------------------------------------------------

# A parent holding 64 MiB forks three children that each fill 64 MiB of their own, says "ready"
# once all have, and ends them when its stdin closes; last it prints the peak (KiB) of the largest
# single process, itself or a child, as ru_maxrss knows it.
FORKING_PARENT = """
import os, resource, sys
MIB = 1 << 20
shared = b"s" * (64 * MIB)
ready_r, ready_w = os.pipe()
go_r, go_w = os.pipe()
children = []
for _ in range(3):
    pid = os.fork()
    if pid == 0:
        os.close(go_w)
        own = b"c" * (64 * MIB)
        os.write(ready_w, b".")
        os.read(go_r, 1)
        os._exit(0)
    children.append(pid)
for _ in children:
    os.read(ready_r, 1)
print("ready", flush=True)
sys.stdin.read()
os.close(go_w)
for pid in children:
    os.waitpid(pid, 0)
print(max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))
"""


def test_the_peak_is_the_whole_process_tree_not_its_largest_process():
    parent = subprocess.Popen([sys.executable, "-c", FORKING_PARENT],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    with TreeMemory(parent.pid) as memory:
        assert parent.stdout.readline() == "ready\n"
        memory.wait_for_samples(memory.samples + 2)  # a whole sample taken with all four alive
        out, _ = parent.communicate("")
    largest_process_kib = int(out)
    mib = 1024
    assert largest_process_kib > 128 * mib  # a child: the parent's 64 MiB and its own
    assert memory.peak_kib > largest_process_kib + 64 * mib  # the other children's own memory counted too
    if MEMORY_KIND == "PSS":  # the parent's 64 MiB are counted once, not once per child (as RSS would)
        assert memory.peak_kib < 5 * 64 * mib


def test_the_tree_holds_the_descendants_of_the_root_only():
    child = subprocess.Popen([sys.executable, "-c", "import subprocess, sys; "
                              "grandchild = subprocess.Popen([sys.executable, '-c', 'import sys; sys.stdin.read()'], "
                              "stdout=subprocess.PIPE); print(grandchild.pid, flush=True); sys.stdin.read()"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    grandchild = int(child.stdout.readline())
    tree = TreeMemory(child.pid).tree()
    child.communicate("")
    assert sorted(tree) == sorted([child.pid, grandchild])
    assert os.getpid() not in tree
    assert TreeMemory(child.pid).tree() == []  # ended: nothing to count


# --- the table ---------------------------------------------------------------------------

ROW = {"cold": 95.04, "full": 40.0, "full_no_search": 32.0, "unchanged": 1.93, "edit": 2.46, "serve_edit": 0.81,
       "peak_mib": 1234.4, "serve_peak_mib": 987.6, "pages": 4810, "files": 23456, "size_mib": 301.2,
       "product_kib": 30.04, "product_gz_kib": 12.34, "trace_gz_kib": 8.76, "kiosk_data_kib": 456.2,
       "kiosk_data_gz_kib": 78.9, "kiosk_offline_mib": 12.34, "kiosk_offline_files": 1200}


def columns(table: list[str]) -> dict[str, str]:
    header, rule, row = ([cell.strip() for cell in line.strip().strip("|").split("|")] for line in table)
    assert len(header) == len(rule) == len(row)
    return dict(zip(header, row))


def test_the_table_has_a_column_for_each_measurement():
    table = columns([*table_header("PSS"), table_row(1000, ["vi", "en"], ROW, {"plain": 20.0}, took=754.0)])
    assert table == {
        "N": "1,000", "langs": "2", "cold s": "95.0", "full s": "40.0", "full, no search s": "32.0",
        "no-change build s": "1.9", "1-edit build s": "2.5", "edit/full": "6%", "1-edit serve s": "0.81",
        "plain Material s": "20.0", "full/plain": "2.00", "no search/plain": "1.60",
        "peak PSS MiB, process tree": "1234", "serve peak PSS MiB, process tree": "988",
        "pages": "4,810", "files": "23,456", "output MiB": "301", "product KiB": "30.0", "product gz KiB": "12.3",
        "t/ gz KiB": "8.8", "kiosk data KiB (gz)": "456 (79)", "kiosk offline MiB (files)": "12.3 (1,200)",
        "run took min": "12.6"}


def test_the_header_says_which_memory_it_sums():
    assert "| peak RSS MiB, process tree |" in table_header("RSS")[0]
    assert MEMORY_KIND in table_header()[0]


def test_skipped_measurements_show_as_nan():
    row = {**ROW, "serve_edit": float("nan"), "serve_peak_mib": float("nan")}
    table = columns([*table_header(), table_row(12, ["vi"], row, {"plain": float("nan")}, took=60.0)])
    assert [table[name] for name in ("1-edit serve s", f"serve peak {MEMORY_KIND} MiB, process tree",
                                     "plain Material s", "full/plain")] == ["nan"] * 4


# --- one edit under ocop serve -------------------------------------------------------------

@in_chromium
def test_an_edit_under_serve_is_timed_until_the_page_shows_it(project):
    seconds, peak_kib = edit_under_serve(project, "P-00001", runs=2)
    assert seconds > 0 and peak_kib > 0
    summary = (project / "products" / "P-00001" / "product.yaml").read_text("utf-8")
    assert "sửa lần 1" in summary and "sửa lần 2" in summary  # two edits, each waited for in the page


def test_the_preview_stops_on_ctrl_c_even_from_a_background_job(project, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    ignored = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as a shell starts a job with &
    try:
        with served_preview(project) as (serve, url):
            assert urllib.request.urlopen(url).status == 200
    finally:
        signal.signal(signal.SIGINT, ignored)
    assert serve.returncode == 0  # stopped by Ctrl-C, not killed
    assert not list((tmp_path / "tmp").iterdir())
