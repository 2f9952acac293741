"""The ``ocop`` command line: it parses the arguments and hands them to the command's module.

Commands: validate, build, serve, new, labels, import, report, schema (see builder/commands/).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from importlib import import_module
from pathlib import Path

log = logging.getLogger("mkdocs")  # the theme engine's log, where the stages report too


def setup_logging(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    log.propagate = False


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="ocop", description="Build the OCOP product catalogue.")
    main.add_argument("--project", type=Path, default=Path("."), help="the catalogue project folder")
    commands = main.add_subparsers(dest="command", required=True)

    def command(name, module, text):
        sub = commands.add_parser(name, help=text, description=text)
        sub.add_argument("--project", type=Path, default=argparse.SUPPRESS, help="the catalogue project folder")
        sub.set_defaults(module=module)
        return sub

    command("validate", "validate", "check every file and print all problems")
    build = command("build", "build", "validate, then build the static site")
    build.add_argument("--site-dir", help="output folder (default: site_dir of mkdocs.yml)")
    build.add_argument("--quiet", action="store_true", help="print only problems")
    serve = command("serve", "serve", "live-reloading preview")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    serve.add_argument("--kiosk", action="store_true",
                       help="serve the built site read-only for a trade-fair kiosk: no watcher, no reload")
    serve.add_argument("--site-dir", help="with --kiosk: the built site to serve (default: site_dir of mkdocs.yml)")
    new = command("new", "new", "scaffold products/ID/product.yaml")
    new.add_argument("id")
    labels = command("labels", "labels", "print-ready PDF sheets of QR labels")
    labels.add_argument("ids", nargs="*", metavar="ID")
    labels.add_argument("-o", "--output", default="labels.pdf")
    imports = command("import", "importer", "bring a province's annex (.xlsx/.csv) in as product folders")
    imports.add_argument("file")
    imports.add_argument("--decision", help="the decision covering the whole list, e.g. 1978/QĐ-UBND")
    imports.add_argument("--issued", help="its date, YYYY-MM-DD")
    imports.add_argument("--issuer", help="who issued it, e.g. 'UBND tỉnh Trà Vinh'")
    imports.add_argument("--map", action="append", default=[], metavar="COLUMN=field",
                         help="use a column the import does not recognise (repeatable)")
    imports.add_argument("--dry-run", action="store_true", help="show what would happen; write nothing")
    imports.add_argument("--force", action="store_true", help="take the sheet's values over hand edits")
    report = command("report", "report", "reports for the OCOP office")
    report.add_argument("report", choices=["expiring"])
    report.add_argument("--within", type=int, default=90, metavar="DAYS",
                        help="certificates expiring within DAYS (default 90), and those expired")
    report.add_argument("--csv", metavar="FILE", help="also write the list as CSV")
    schema = command("schema", "schema", "write the JSON Schemas of the catalogue files")
    schema.add_argument("--out", default="builder/schemas")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.project = args.project.resolve()
    setup_logging(getattr(args, "quiet", False))
    try:
        return import_module(f"{__package__}.commands.{args.module}").run(args)
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
