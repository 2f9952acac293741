"""ocop build: validate, then build the static site; the previous site stays until the new one is whole."""
from __future__ import annotations

import sys
from pathlib import Path

from . import print_problems
from ..adapters import ProjectError


def run(args) -> int:
    from ..pipeline.build import Builder
    from ..problems import CatalogueError
    from ..progress import Progress

    try:
        builder = Builder(args.project, progress=Progress(args.quiet))
        report = builder.build(Path(args.site_dir) if args.site_dir else None, on_wait=say_waiting)
    except ProjectError as exc:
        print(f"{exc}\nNothing was written: the previous site is unchanged.", file=sys.stderr)
        return 1
    except CatalogueError as exc:
        print_problems(exc.problems)
        print("Nothing was written: the previous site is unchanged.", file=sys.stderr)
        return 1
    if not args.quiet:
        print(f"Built {report.site_dir}: {report.pages} catalogue pages "
              f"({report.rendered} rendered, {report.pages - report.rendered} unchanged)", file=sys.stderr)
    return 0


def say_waiting(pid: str) -> None:
    print(f"Another build is running (pid {pid}); waiting for it to finish.", file=sys.stderr)
