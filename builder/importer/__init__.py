"""``ocop import FILE``: a province's annex (.xlsx or .csv) brought in as product folders.

read the sheet → find the header → one record per row (or the reason not) →
match each record to the catalogue → plan every file → write them all, each
one whole (a temporary file renamed over the old), or nothing on --dry-run.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..config import ID_PREFIXES, report_rule
from ..pipeline.load import AREAS_FILE, PRODUCT_FILE
from ..places.official import official_lists
from ..problems import Problems
from ..stored import write_atomic
from .areas import AreaBook, AreasNotExtensible
from .columns import find_columns, parse_maps
from .plan import Catalogue, Numbers, Plan, make_plan
from .rows import Decision, Rejected, is_blank, record_from
from .sheet import BadFile, read_table
from .state import STATE_FILE, ImportState, CatalogueProblem

__all__ = ["ImportOptions", "run_import"]


@dataclass
class ImportOptions:
    file: Path
    decision: str | None = None
    issued: str | None = None
    issuer: str | None = None
    maps: list[str] = field(default_factory=list)
    dry_run: bool = False
    force: bool = False


def run_import(project, prefixes: dict, options: ImportOptions, out=None, err=None) -> int:
    """Returns the exit code: 0 every row imported, 1 a bad file or rows left out."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        result = plan_import(project, prefixes, options)
    except (BadFile, CatalogueProblem, AreasNotExtensible) as exc:
        where = "" if isinstance(exc, CatalogueProblem) else f"{options.file}: "
        print(f"{where}{exc}", file=err)
        print("Nothing was written.", file=err)
        return 1
    table, columns, plan, areas, state_text = result
    print_report(options, table, columns, plan, areas, out)
    if not options.dry_run:
        write_plan(project, plan, areas, state_text)
    return 1 if plan.rejected else 0


def plan_import(project, prefixes: dict, options: ImportOptions):
    check_prefixes(prefixes, project.config_file)
    decision = Decision(options.decision, parse_issued(options.issued), options.issuer)
    maps = parse_maps(options.maps)
    if not options.file.is_file():
        raise BadFile("no such file")
    table = read_table(options.file)
    columns = find_columns(table, maps)
    language = project.default_language
    official_lists(project.cache_dir)  # read from the cache folder when kept there
    areas = AreaBook(project.catalogue_dir / AREAS_FILE, language)
    state = ImportState.load(project.catalogue_dir / STATE_FILE)
    records, rejected = [], []
    for row, cells in table.rows:
        if row <= columns.header_row or is_blank(cells):
            continue
        try:
            records.append(record_from(row, cells, columns, decision, areas))
        except Rejected as exc:
            rejected.append((row, str(exc)))
    catalogue = Catalogue(project.products_dir, language, state)
    numbers = Numbers(prefixes, catalogue, state, areas.today_slug)
    plan = make_plan(records, rejected, catalogue, numbers, state, options.file.name, options.force)
    state_path = project.catalogue_dir / STATE_FILE
    state_text = state.text()
    if state_path.is_file() and state_path.read_text("utf-8") == state_text:
        state_text = None
    areas.edited_text()  # raises now, before anything is written, when areas.yaml cannot be extended
    return table, columns, plan, areas, state_text


def parse_issued(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadFile(f"--issued {value}: write the date as YYYY-MM-DD") from None


def check_prefixes(prefixes: dict, config_file: Path) -> None:
    """New IDs are made from the prefixes: a bad one stops the import before anything is read."""
    problems = Problems(config_file.parent)
    report_rule(ID_PREFIXES, prefixes, config_file, problems)
    if problems:
        raise CatalogueProblem("\n".join(str(problem) for problem in problems.sorted()))


# --- writing ------------------------------------------------------------------

def write_plan(project, plan: Plan, areas: AreaBook, state_text: str | None) -> None:
    """Areas first (products name them), then products, then the state.

    Each file is written whole; a new product folder appears complete, by
    renaming a hidden folder, so a stopped import leaves no half product.
    """
    areas_text = areas.edited_text()
    if areas_text is not None:
        write_atomic(areas.path, areas_text.encode("utf-8"))
    products_dir = project.products_dir
    products_dir.mkdir(parents=True, exist_ok=True)
    for product_id, text in plan.new_files.items():
        staging = Path(tempfile.mkdtemp(prefix=f".import-{product_id}-", dir=products_dir))
        try:
            staging.chmod(0o755)
            (staging / PRODUCT_FILE).write_text(text, "utf-8")
            os.rename(staging, products_dir / product_id)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    for path, text in plan.changed_files.items():
        write_atomic(path, text.encode("utf-8"))
    if state_text is not None:
        write_atomic(project.catalogue_dir / STATE_FILE, state_text.encode("utf-8"))


# --- the report ---------------------------------------------------------------

def print_report(options: ImportOptions, table, columns, plan: Plan, areas: AreaBook, out) -> None:
    def say(line: str = "") -> None:
        print(line, file=out)

    sheet = f", sheet '{table.sheet}'" if table.sheet else ""
    say(f"{options.file.name}{sheet}: header on row {columns.header_row}; columns:")
    for line in columns.describe():
        say(line)
    would = "would be " if options.dry_run else ""
    say()
    say(f"{len(plan.outcomes)} rows {would}imported: {plan.count('new')} new, {plan.count('updated')} updated, "
        f"{plan.count('reassessed')} re-assessed, {plan.count('unchanged')} unchanged; "
        f"{len(plan.rejected)} rows not imported.")
    for outcome in plan.outcomes:
        if outcome.action == "unchanged" and all(note.startswith("place: ") for note in outcome.notes):
            continue
        say(f"  row {outcome.row:>4}  {outcome.action:<10} {outcome.id:<12} {outcome.name}")
        for note in outcome.notes:
            say(f"{'':>25}{note}")
    if plan.rejected:
        say()
        say("Rows not imported (spreadsheet row numbers, as Excel shows them):")
        for row, reason in plan.rejected:
            say(f"  row {row:>4}: {reason}")
    if plan.kept_edits:
        say()
        say("Hand edits kept (run again with --force to take the sheet's values):")
        for line in plan.kept_edits:
            say(f"  {line}")
    if areas.added:
        say()
        say(f"Areas {would}added to catalogue/{AREAS_FILE} (check their names, add intros and English names):")
        for added in areas.added:
            where = f" in {added.province}" if added.province else ""
            say(f"  {added.kind} {added.id}: {added.name}{where}")
    if options.dry_run:
        say()
        say("Dry run: nothing was written.")
