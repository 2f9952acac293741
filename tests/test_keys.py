"""builder/pipeline/keys.py: what an output is made from, as one hash."""
from __future__ import annotations

import os
from pathlib import Path

from builder.pipeline.keys import tree_digest
from builder.stored import SETTLED_NS


def age(path: Path) -> None:
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns - 2 * SETTLED_NS))


def test_a_file_saved_a_moment_ago_is_read_at_every_key(tmp_path):
    """Two quick saves of a template can have the same size and time: the second still changes the key."""
    template = tmp_path / "theme" / "main.html"
    template.parent.mkdir()
    template.write_text("<h1>Một</h1>", "utf-8")
    first = tree_digest([template.parent])
    saved = template.stat()
    template.write_text("<h1>Mốt</h1>", "utf-8")
    os.utime(template, ns=(saved.st_atime_ns, saved.st_mtime_ns))
    assert template.stat().st_size == saved.st_size
    assert tree_digest([template.parent]) != first


def test_a_settled_file_is_read_once_and_a_later_save_changes_the_key(tmp_path, monkeypatch):
    template = tmp_path / "theme" / "main.html"
    template.parent.mkdir()
    template.write_text("<h1>Một</h1>", "utf-8")
    age(template)
    first = tree_digest([template.parent])
    read = []
    real_read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or real_read_bytes(self))
    assert tree_digest([template.parent]) == first
    assert read == [], "an unchanged settled file is not read again"
    template.write_text("<h1>Hai</h1>", "utf-8")
    assert tree_digest([template.parent]) != first
    assert read == [template]
