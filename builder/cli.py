"""The ``ocop`` command: validate, build, serve, new, labels, schema."""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from .problems import Problems

CONFIG_FILE = "mkdocs.yml"
log = logging.getLogger("mkdocs")


def setup_logging(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    log.propagate = False


def mkdocs_config(project_dir: Path, **overrides):
    return load_config(str(project_dir / CONFIG_FILE), **overrides)


def load_project(project_dir: Path):
    """The project settings, read through MkDocs so mkdocs.yml is fully checked."""
    from .settings import project_from_mkdocs

    config_file = project_dir / CONFIG_FILE
    if not config_file.is_file():
        raise SystemExit(f"{config_file}:1: no mkdocs.yml here; use --project DIR")
    try:
        config = mkdocs_config(project_dir)
    except (ConfigurationError, Abort) as exc:
        raise SystemExit(f"{config_file}:1: {exc}") from None
    plugin = config.plugins.get("ocop")
    if plugin is None:
        raise SystemExit(f"{config_file}:1: the 'ocop' plugin is not listed under plugins")
    return project_from_mkdocs(config, plugin.config), config


def print_problems(problems: Problems) -> None:
    for problem in problems.sorted():
        print(problem, file=sys.stderr)
    warnings = len(problems.warnings)
    print(f"{len(problems)} problem(s) found" + (f", {warnings} warning(s)." if warnings else "."), file=sys.stderr)


def cmd_validate(args) -> int:
    from .build import check

    project, _ = load_project(args.project)
    problems, catalogue = check(project)
    if problems:
        print_problems(problems)
        return 1
    problems.print_warnings()
    print(f"OK: {len(catalogue.products)} products, {len(catalogue.points_of_sale)} points of sale.")
    return 0


def cmd_build(args) -> int:
    from mkdocs.commands.build import build

    from .build import Progress, prepare, spare_the_garbage_collector
    from .plugin import OcopPlugin
    from .problems import CatalogueError
    from .write import Manifest, publish

    spare_the_garbage_collector()
    project, config = load_project(args.project)
    site_dir = Path(args.site_dir).resolve() if args.site_dir else Path(config.site_dir).resolve()
    try:
        OcopPlugin.prepared_site = prepare(project, Progress(args.quiet))
    except CatalogueError as exc:
        print_problems(exc.problems)
        print("Nothing was written: the previous site is unchanged.", file=sys.stderr)
        return 1
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for leftover in site_dir.parent.glob(f".{site_dir.name}-building-*"):  # from an interrupted build
        shutil.rmtree(leftover, ignore_errors=True)
    manifest = Manifest(project.cache_dir, site_dir)
    previous = manifest.load()
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
    OcopPlugin.quiet, OcopPlugin.previous_manifest = args.quiet, previous
    try:
        build(mkdocs_config(args.project, site_dir=str(staging)))
        files = dict(OcopPlugin.last_output.manifest)
        mkdocs_outputs = OcopPlugin.mkdocs_outputs
    except (PluginError, ConfigurationError, Abort) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        OcopPlugin.prepared_site = OcopPlugin.previous_manifest = OcopPlugin.last_output = None
    for path in mkdocs_outputs:  # MkDocs' own output: theme assets, hand-written pages
        files.setdefault(path, "mkdocs")
    manifest.begin()
    publish(staging, site_dir, incremental=previous is not None, stale=set(previous or ()) - set(files))
    manifest.commit(files)
    if not args.quiet:
        print(f"Built {site_dir}", file=sys.stderr)
    return 0


def cmd_serve(args) -> int:
    from mkdocs.commands.serve import serve

    load_project(args.project)
    serve(str(args.project / CONFIG_FILE), open_in_browser=False, livereload=True,
          dev_addr=args.dev_addr)
    return 0


def cmd_new(args) -> int:
    from .scaffold import new_product

    project, _ = load_project(args.project)
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

    project, _ = load_project(args.project)
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
    new = command("new", cmd_new, "scaffold products/ID/product.yaml")
    new.add_argument("id")
    labels = command("labels", cmd_labels, "print-ready PDF sheets of QR labels")
    labels.add_argument("ids", nargs="*", metavar="ID")
    labels.add_argument("-o", "--output", default="labels.pdf")
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
