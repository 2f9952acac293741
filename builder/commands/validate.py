"""ocop validate: check every file and print all problems."""
from __future__ import annotations

import sys

from . import load_project, print_problems


def run(args) -> int:
    from ..pipeline.build import check

    project = load_project(args.project)
    problems, catalogue = check(project)
    for warning in problems.sorted_warnings():  # what products still lack: never a failure
        print(warning, file=sys.stderr)
    if problems:
        print_problems(problems)
        return 1
    print(f"OK: {len(catalogue.products)} products, {len(catalogue.points_of_sale)} points of sale.")
    return 0
