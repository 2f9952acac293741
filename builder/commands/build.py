"""ocop build: validate, then build the static site; the previous site stays until the new one is whole."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import default_adapter, print_problems
from ..adapters import ProjectError

if TYPE_CHECKING:  # the stamp is imported when a build runs: `ocop --help` needs none of it
    from ..pipeline.stamp import LastBuild, Signature


def run(args) -> int:
    from ..problems import CatalogueError

    from ..pipeline.stamp import LastBuild, inputs_signature

    try:
        adapter = default_adapter()
        project = adapter.load_project(args.project)
        site_dir = (Path(args.site_dir) if args.site_dir else project.site_dir).resolve()
        last = LastBuild.of(project, site_dir)
        signature = inputs_signature(project, site_dir, last.known_by_bytes)
        if not up_to_date(last, site_dir, signature, args.quiet):
            from ..pipeline.build import Builder  # the whole pipeline: imported only when there is work
            from ..progress import Progress

            builder = Builder(args.project, adapter, progress=Progress(args.quiet), project=project)
            report = builder.build(site_dir, on_wait=say_waiting, signature=signature)
            if not args.quiet:
                print(f"Built {report.site_dir}: {report.pages} catalogue pages "
                      f"({report.rendered} rendered, {report.pages - report.rendered} unchanged)", file=sys.stderr)
    except ProjectError as exc:
        print(f"{exc}\nNothing was written: the previous site is unchanged.", file=sys.stderr)
        return 1
    except CatalogueError as exc:
        print_problems(exc.problems)
        print("Nothing was written: the previous site is unchanged.", file=sys.stderr)
        return 1
    return 0


def up_to_date(last: LastBuild, site_dir: Path, signature: Signature | None, quiet: bool) -> bool:
    """Nothing the build reads changed since it last published into ``site_dir``: say so, with its warnings."""
    if not last.is_current(signature):
        return False
    for warning in last.warnings:
        print(warning, file=sys.stderr)
    if not quiet:
        print(f"Nothing changed since the last build: {site_dir} is up to date ({last.pages} catalogue pages).",
              file=sys.stderr)
    return True


def say_waiting(pid: str) -> None:
    print(f"Another build is running (pid {pid}); waiting for it to finish.", file=sys.stderr)
