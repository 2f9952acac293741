"""ocop import: bring a province's annex in as product folders."""
from __future__ import annotations

from pathlib import Path

from . import load_project


def run(args) -> int:
    from ..importer import ImportOptions, run_import

    project = load_project(args.project)
    return run_import(project, project.id_prefixes, ImportOptions(
        Path(args.file), args.decision, args.issued, args.issuer, args.map, args.dry_run, args.force))
