"""builder/adapters: MkDocs sits behind one adapter, and plain `mkdocs build` still works through it."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from builder.adapters import ProjectError
from builder.commands import default_adapter
from builder.i18n import Lang
from conftest import run_ocop
from test_build import snapshot

REPO = Path(__file__).resolve().parent.parent
ADAPTER = REPO / "builder" / "adapters" / "mkdocs"


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return names


def test_the_pipeline_reaches_the_theme_engine_only_through_the_adapter_it_is_given():
    """The plugin calls the pipeline; the pipeline never imports the plugin back (no import cycle)."""
    from builder.pipeline.keys import modules_behind

    pipeline = {path.relative_to(REPO).as_posix() for path in modules_behind("builder.pipeline.build")}
    assert "builder/pipeline/render.py" in pipeline
    assert not [path for path in pipeline if path.startswith("builder/adapters/mkdocs/")], pipeline
    adapter = {path.relative_to(REPO).as_posix() for path in modules_behind("builder.adapters.mkdocs")}
    assert "builder/pipeline/build.py" in adapter, "plain `mkdocs build` runs the pipeline from the plugin"


def test_reading_the_project_does_not_load_the_pipeline():
    """`ocop build` with nothing to do reads mkdocs.yml and stops: the pipeline is not even imported."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; from builder.commands import default_adapter; "
                               f"default_adapter().load_project(Path({str(REPO)!r})); "
                               "print(' '.join(sorted(m for m in sys.modules if m.startswith('builder.'))))"],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(REPO)}).stdout.split()
    assert "builder.adapters.mkdocs.plugin" in loaded
    assert not [module for module in loaded if module.startswith(("builder.pipeline", "builder.files",
                                                                   "builder.kinds", "builder.images"))], loaded


def test_mkdocs_is_imported_from_the_adapter_package_only():
    importers = {path.relative_to(REPO).as_posix() for path in (REPO / "builder").rglob("*.py")
                 if {"mkdocs", "material"} & imports_of(path)}
    assert importers, "the adapter imports mkdocs"
    assert all(path.startswith("builder/adapters/mkdocs/") for path in importers), importers


def test_the_adapter_reads_the_project_and_reports_config_problems_as_path_line(project):
    adapter = default_adapter()
    loaded = adapter.load_project(project)
    assert loaded.site_url == "https://ocop.example.vn/" and loaded.languages == ("vi", "en")
    config = project / "mkdocs.yml"
    for text, line, expected in [
            ("site_name: x\ndocs_dir: catalogue\nplugins: [search]\n", 3, "the 'ocop' plugin is not listed"),
            ("site_name: x\ndocs_dir: nowhere\nplugins: [ocop]\n", 2, "'docs_dir'")]:
        config.write_text(text, "utf-8")
        try:
            adapter.load_project(project)
        except ProjectError as exc:
            assert str(exc).startswith(f"{config}:{line}: ") and expected in str(exc), str(exc)
        else:
            raise AssertionError(f"refused: {text}")


def test_theme_shells_keep_the_slots_the_pages_fill(project, tmp_path):
    from builder.pipeline.build import prepare
    from builder.pipeline.render import Renderer

    adapter = default_adapter()
    loaded = adapter.load_project(project)
    renderer = Renderer(prepare(loaded))
    theme = adapter.render(loaded, renderer, tmp_path / "out")
    assert "index.html" in theme.outputs and "en/index.html" in theme.outputs
    assert "about-ocop/" in theme.pages or theme.pages == [""]
    shell = theme.shell(Lang("en", ("vi", "en")), "products", 1)
    page = shell.fill(rest="mat-ong", title="Mint <honey>", description="d", head="<meta name=x>",
                      content="<p>body</p>")
    assert "<title>Mint &lt;honey&gt;" in page and "<p>body</p>" in page and "<meta name=x>" in page
    assert 'lang="en"' in page
    assert "products/mat-ong/" in page  # the language switcher links this very page


def test_plain_mkdocs_build_gives_the_same_site_as_ocop_build(project, tmp_path):
    assert run_ocop(project, "build", "--quiet", "--site-dir", str(tmp_path / "ocop"))[0] == 0
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                          "-d", str(tmp_path / "mkdocs")], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert snapshot(tmp_path / "mkdocs") == snapshot(tmp_path / "ocop")


@pytest.mark.parametrize("mistake, told", [
    ("{% block broken %", "expected token 'end of statement block', got '%'"),
    ("{{ config.extra.missing.key }}", "has no attribute 'missing'"),
    ('{% include "nothere.html" %}', "the template 'nothere.html' does not exist"),
])
def test_a_mistake_in_a_theme_override_is_told_at_its_line_and_nothing_is_published(
        project, tmp_path, capsys, monkeypatch, mistake, told):
    from builder.files import search

    assert run_ocop(project, "build", "--quiet", capsys=capsys)[0] == 0
    before = snapshot(project / "site")
    config = project / "mkdocs.yml"  # with search, Pagefind is already running when the theme fails
    config.write_text(config.read_text("utf-8").replace("search: false", "search: true"), "utf-8")
    scratch = tmp_path / "scratch"  # stands for /dev/shm, where Pagefind's documents are written
    scratch.mkdir()
    monkeypatch.setattr(search, "SCRATCH", str(scratch))
    override = project / "theme_overrides" / "main.html"
    lines = override.read_text("utf-8").splitlines()
    inside_a_block = next(number for number, line in enumerate(lines, 1) if line.startswith("{% block extrahead"))
    lines.insert(inside_a_block, mistake)
    override.write_text("\n".join(lines) + "\n", "utf-8")

    code, _, err = run_ocop(project, "build", "--quiet", capsys=capsys)

    assert code == 1
    assert f"{override}:{inside_a_block + 1}: " in err and told in err, err
    assert "Traceback" not in err
    assert snapshot(project / "site") == before
    assert list(scratch.iterdir()) == []  # Pagefind was stopped and its documents given back
