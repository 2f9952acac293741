"""One module per ``ocop`` command, each with ``run(args) -> exit code``; cli.py only parses.

Modelled on MkDocs' ``commands/``: a command reads the project, runs the
pipeline's stages it needs and reports, in plain words, on stderr.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..adapters import ProjectError, ThemeAdapter
from ..problems import Problems


def default_adapter() -> ThemeAdapter:
    """The theme engine the commands build with; the pipeline takes the adapter it is given."""
    from ..adapters.mkdocs import MkDocsAdapter

    return MkDocsAdapter()


def load_project(project_dir: Path):
    """The project settings, read and fully checked by the theme adapter."""
    try:
        return default_adapter().load_project(project_dir)
    except ProjectError as exc:
        raise SystemExit(str(exc)) from None


def print_problems(problems: Problems) -> None:
    for problem in problems.sorted():
        print(problem, file=sys.stderr)
    print(f"{len(problems.sorted())} problem(s) found.", file=sys.stderr)
