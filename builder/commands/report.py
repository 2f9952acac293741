"""ocop report: reports for the OCOP office."""
from __future__ import annotations

from . import load_project


def run(args) -> int:
    from ..report import report_expiring

    project = load_project(args.project)
    return report_expiring(project, args.within, args.csv)
