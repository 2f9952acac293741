"""The ``ocop`` command: validate, build, serve, new, labels, import, report, schema."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .adapters import ProjectError, default_adapter
from .problems import Problems

log = logging.getLogger("mkdocs")  # the theme engine's log, where the stages report too


def setup_logging(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    log.propagate = False


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


def cmd_validate(args) -> int:
    from .build import check

    project = load_project(args.project)
    problems, catalogue = check(project)
    for warning in problems.sorted_warnings():  # what products still lack: never a failure
        print(warning, file=sys.stderr)
    if problems:
        print_problems(problems)
        return 1
    print(f"OK: {len(catalogue.products)} products, {len(catalogue.points_of_sale)} points of sale.")
    return 0


def cmd_build(args) -> int:
    from .build import Builder
    from .problems import CatalogueError
    from .progress import Progress

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


def cmd_serve(args) -> int:
    from .serve import serve, serve_kiosk

    host, _, port = args.dev_addr.rpartition(":")
    if args.kiosk:
        site_dir = Path(args.site_dir) if args.site_dir else load_project(args.project).site_dir
        return serve_kiosk(site_dir.resolve(), host or "127.0.0.1", int(port))
    return serve(args.project, host or "127.0.0.1", int(port))


def cmd_new(args) -> int:
    from .scaffold import new_product

    project = load_project(args.project)
    try:
        path = new_product(project, args.id)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Created {path}: fill it in, add photos beside it, then run 'ocop validate'.")
    return 0


def cmd_labels(args) -> int:
    from .build import check
    from .derive import derive
    from .labels import write_labels_pdf
    from .labelset import labels_for

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


def cmd_schema(args) -> int:
    import json

    from .schema import json_schemas

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, schema in json_schemas().items():
        (out / f"{name}.schema.json").write_text(
            json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")
    print(f"Wrote JSON Schemas to {out}")
    return 0


def cmd_import(args) -> int:
    from .importer import ImportOptions, run_import

    project = load_project(args.project)
    return run_import(project, project.id_prefixes, ImportOptions(
        Path(args.file), args.decision, args.issued, args.issuer, args.map, args.dry_run, args.force))


def cmd_report(args) -> int:
    from .report import report_expiring

    project = load_project(args.project)
    return report_expiring(project, args.within, args.csv)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="ocop", description="Build the OCOP product catalogue.")
    main.add_argument("--project", type=Path, default=Path("."), help="the catalogue project folder")
    commands = main.add_subparsers(dest="command", required=True)

    def command(name, function, text):
        sub = commands.add_parser(name, help=text, description=text)
        sub.add_argument("--project", type=Path, default=argparse.SUPPRESS, help="the catalogue project folder")
        sub.set_defaults(function=function)
        return sub

    command("validate", cmd_validate, "check every file and print all problems")
    build = command("build", cmd_build, "validate, then build the static site")
    build.add_argument("--site-dir", help="output folder (default: site_dir of mkdocs.yml)")
    build.add_argument("--quiet", action="store_true", help="print only problems")
    serve = command("serve", cmd_serve, "live-reloading preview")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    serve.add_argument("--kiosk", action="store_true",
                       help="serve the built site read-only for a trade-fair kiosk: no watcher, no reload")
    serve.add_argument("--site-dir", help="with --kiosk: the built site to serve (default: site_dir of mkdocs.yml)")
    new = command("new", cmd_new, "scaffold products/ID/product.yaml")
    new.add_argument("id")
    labels = command("labels", cmd_labels, "print-ready PDF sheets of QR labels")
    labels.add_argument("ids", nargs="*", metavar="ID")
    labels.add_argument("-o", "--output", default="labels.pdf")
    imports = command("import", cmd_import, "bring a province's annex (.xlsx/.csv) in as product folders")
    imports.add_argument("file")
    imports.add_argument("--decision", help="the decision covering the whole list, e.g. 1978/QĐ-UBND")
    imports.add_argument("--issued", help="its date, YYYY-MM-DD")
    imports.add_argument("--issuer", help="who issued it, e.g. 'UBND tỉnh Trà Vinh'")
    imports.add_argument("--map", action="append", default=[], metavar="COLUMN=field",
                         help="use a column the import does not recognise (repeatable)")
    imports.add_argument("--dry-run", action="store_true", help="show what would happen; write nothing")
    imports.add_argument("--force", action="store_true", help="take the sheet's values over hand edits")
    report = command("report", cmd_report, "reports for the OCOP office")
    report.add_argument("report", choices=["expiring"])
    report.add_argument("--within", type=int, default=90, metavar="DAYS",
                        help="certificates expiring within DAYS (default 90), and those expired")
    report.add_argument("--csv", metavar="FILE", help="also write the list as CSV")
    schema = command("schema", cmd_schema, "write the JSON Schemas of the catalogue files")
    schema.add_argument("--out", default="builder/schemas")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.project = args.project.resolve()
    setup_logging(getattr(args, "quiet", False))
    try:
        return args.function(args)
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """The ``ocop`` command line. It ends without tearing the interpreter down:
    freeing the millions of objects of a big build one by one takes a second,
    and by now every file is written and closed."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
