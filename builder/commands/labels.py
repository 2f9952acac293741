"""ocop labels: print-ready PDF sheets of QR labels."""
from __future__ import annotations

import sys
from pathlib import Path

from . import load_project, print_problems


def run(args) -> int:
    from ..pipeline.build import check
    from ..pipeline.derive import derive
    from ..labels import write_labels_pdf
    from ..labelset import labels_for

    project = load_project(args.project)
    problems, catalogue = check(project)
    if problems:
        print_problems(problems)
        return 1
    site = derive(catalogue, project)
    try:
        labels = labels_for(site, args.ids)
    except KeyError as exc:
        print(f"error: unknown product id {exc.args[0]}", file=sys.stderr)
        return 1
    out = Path(args.output)
    write_labels_pdf(labels, out)
    print(f"Wrote {len(labels)} labels to {out}")
    return 0
