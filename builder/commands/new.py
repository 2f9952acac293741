"""ocop new: scaffold products/ID/product.yaml with every field commented."""
from __future__ import annotations

import sys

from . import load_project


def run(args) -> int:
    from ..scaffold import new_product

    project = load_project(args.project)
    try:
        path = new_product(project, args.id)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Created {path}: fill it in, add photos beside it, then run 'ocop validate'.")
    return 0
