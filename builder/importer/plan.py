"""What an import would do: every row matched, numbered, compared; nothing written yet."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..pipeline.load import PRODUCT_FILE, product_folders
from ..slug import fold
from ..yamlfile import YamlProblem, read_yaml
from .productfile import dump_document, file_value, load_document, new_product_text, reassess, set_value
from .rows import Record
from .state import ImportState

NUMBER_WIDTH = 4
_NUMBERED = re.compile(r"^(.+)-(\d+)$")
# Fields decided with the certificate, not one by one.
CERTIFICATE_FIELDS = ("stars", "certificate.number", "certificate.issued", "certificate.issuer", "certificate.expires")


def identity(name: str, producer: str, place: str) -> str:
    """Same name, producer and district (or province), folded: the same product."""
    def norm(text: str) -> str:
        text = " " + re.sub(r"[^a-z0-9]+", " ", fold(text)).strip() + " "
        for long, short in ((" hop tac xa ", " htx "), (" cong ty ", " cty "), (" to hop tac ", " tht ")):
            text = text.replace(long, short)
        return text.strip()
    return f"{norm(name)}|{norm(producer)}|{place}"


@dataclass
class Existing:
    id: str
    path: Path
    data: dict
    text: str


@dataclass
class Outcome:
    row: int
    action: str  # new | updated | reassessed | unchanged
    id: str
    name: str
    notes: list[str] = field(default_factory=list)


@dataclass
class Plan:
    outcomes: list[Outcome] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    kept_edits: list[str] = field(default_factory=list)
    new_files: dict[str, str] = field(default_factory=dict)  # id -> product.yaml text
    changed_files: dict[Path, str] = field(default_factory=dict)  # path -> new text
    state_text: str | None = None

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)


class Catalogue:
    """The products already in the catalogue, indexed by identity."""

    def __init__(self, products_dir: Path, language: str, state: ImportState):
        self.products_dir, self.language, self.state = products_dir, language, state
        self.products: dict[str, Existing] = {}
        self.unreadable: dict[str, str] = {}
        for folder in product_folders(products_dir):
            path = folder / PRODUCT_FILE
            if not path.is_file():
                continue
            try:
                text = path.read_text("utf-8")
                data = read_yaml(path)
            except (OSError, UnicodeDecodeError, YamlProblem) as exc:
                self.unreadable[folder.name] = str(getattr(exc, "message", exc))
                continue
            if isinstance(data, dict):
                self.products[folder.name] = Existing(folder.name, path, data, text)
        self.by_key: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = {}
        for pid, product in self.products.items():
            key = self.key_of(product)
            if key:
                self.by_key.setdefault(key, pid)
                self.by_name.setdefault(key.rsplit("|", 1)[0], []).append(pid)
        for pid, entry in state.products.items():  # the identity it was imported with wins
            if entry["key"] and (pid in self.products or pid in self.unreadable):
                self.by_key[entry["key"]] = pid

    def key_of(self, product: Existing) -> str | None:
        data, lang = product.data, self.language
        name, producer = file_value(data, "name", lang), file_value(data, "producer.name", lang)
        place = file_value(data, "location.district", lang) or file_value(data, "location.province", lang)
        return identity(name, producer, place) if name and producer and place else None

    def match(self, record: Record) -> str | None:
        key = identity(record.name, record.producer, record.district or record.province)
        if key in self.by_key:
            return self.by_key[key]
        # The district found now but not then (or the other way round): same name and producer, one candidate.
        same = [pid for pid in self.by_name.get(key.rsplit("|", 1)[0], [])
                if file_value(self.products[pid].data, "location.province", self.language) == record.province]
        return same[0] if len(same) == 1 else None


class Numbers:
    """New IDs: <PREFIX>-<NNNN>, per province; a number once given is never given again."""

    def __init__(self, prefixes: dict[str, str], catalogue: Catalogue, state: ImportState, today_of=lambda pid: None):
        self.prefixes, self.state = dict(prefixes), state
        self.highest = Counter(state.numbers)
        self.by_province: dict[str, Counter] = {}
        for pid, product in catalogue.products.items():
            match = _NUMBERED.match(pid)
            if not match:
                continue
            prefix, number = match.group(1), int(match.group(2))
            self.highest[prefix] = max(self.highest[prefix], number)
            province = file_value(product.data, "location.province", catalogue.language)
            self.by_province.setdefault(today_of(province) or province, Counter())[prefix] += 1
        folders = catalogue.products_dir
        self.taken = {p.name for p in folders.iterdir() if p.is_dir()} if folders.is_dir() else set()

    def prefix(self, province: str, area_province: str | None = None) -> str:
        """The prefix of today's province (by its slug): id_prefixes, else the one its products use most."""
        for key in (province, area_province):
            if key in self.prefixes:
                return self.prefixes[key]
        used = self.by_province.get(province)
        if used:
            return used.most_common(1)[0][0]
        words = province.split("-")
        return ("".join(w[0] for w in words) if len(words) > 1 else province[:3]).upper()

    def next(self, province: str, area_province: str | None = None) -> str:
        prefix = self.prefix(province, area_province)
        number = self.highest[prefix] + 1
        while f"{prefix}-{number:0{NUMBER_WIDTH}d}" in self.taken:
            number += 1
        self.highest[prefix] = number
        self.state.numbers[prefix] = number
        product_id = f"{prefix}-{number:0{NUMBER_WIDTH}d}"
        self.taken.add(product_id)
        return product_id


def make_plan(records: list[Record], rejected: list[tuple[int, str]], catalogue: Catalogue, numbers: Numbers,
              state: ImportState, source: str, force: bool) -> Plan:
    plan = Plan(rejected=list(rejected))
    seen: dict[str, int] = {}
    for record in records:
        key = identity(record.name, record.producer, record.district or record.province)
        if key in seen:
            plan.rejected.append((record.row, f"duplicate of row {seen[key]} (same name, producer and place)"))
            continue
        seen[key] = record.row
        product_id = catalogue.match(record)
        if product_id in catalogue.unreadable:
            plan.rejected.append((record.row, f"matches {product_id}, whose product.yaml cannot be read "
                                              f"({catalogue.unreadable[product_id]}); fix it and import again"))
            continue
        if product_id is None:
            product_id = numbers.next(record.province_now or record.province, record.province)
            plan.new_files[product_id] = new_product_text(product_id, record, source)
            plan.outcomes.append(Outcome(record.row, "new", product_id, record.name, record_notes(record)))
            state.products[product_id] = {"key": key, "sheet": record.sheet_values()}
            continue
        older = update(plan, catalogue.products[product_id], record, state, catalogue.language, force)
        entry = state.products.setdefault(product_id, {"key": key, "sheet": {}})
        sheet = record.sheet_values()
        if older:  # what the file holds is newer: remember the certificate as it was
            sheet = {k: v for k, v in sheet.items() if k not in CERTIFICATE_FIELDS}
            sheet.update({k: v for k, v in entry["sheet"].items() if k in CERTIFICATE_FIELDS})
        entry["sheet"] = sheet
    plan.outcomes.sort(key=lambda o: o.row)
    plan.rejected.sort()
    return plan


def record_notes(record: Record) -> list[str]:
    notes = list(record.notes)
    if not record.group:
        notes.append("group guessed from the name")
    if record.issuer_guessed:
        notes.append("issuer guessed (give --issuer)")
    return [f"place: {record.place_read}"] + [f"review: {note}" for note in notes]


def update(plan: Plan, product: Existing, record: Record, state: ImportState, language: str, force: bool) -> bool:
    """Only the fields the sheet supplies; hand edits kept (reported) unless --force.

    Returns whether the sheet's decision is older than the file's certificate."""
    last = state.products.get(product.id, {}).get("sheet", {})
    sheet = record.sheet_values()
    document = None
    notes: list[str] = []
    action = "unchanged"

    def doc():
        nonlocal document
        if document is None:
            document = load_document(product.text)
        return document

    current_issued = file_value(product.data, "certificate.issued", language) or ""
    current_number = file_value(product.data, "certificate.number", language)
    new_issued = record.issued.isoformat()
    skip = set()
    if new_issued > current_issued:
        before = file_value(product.data, "stars", language)
        reassess(doc(), record, language)
        action = "reassessed"
        notes.append(f"re-assessed: {before}★ → {record.stars}★ by {record.number} ({new_issued}); "
                     f"the earlier certificate {current_number} is kept in certificate.previous")
        skip.update(CERTIFICATE_FIELDS)
    elif new_issued < current_issued:
        notes.append(f"the sheet's decision {record.number} ({new_issued}) is older than the file's "
                     f"{current_number} ({current_issued}): certificate and stars kept")
        skip.update(CERTIFICATE_FIELDS)
    for path, value in sheet.items():
        if path in skip:
            continue
        current = file_value(product.data, path, language)
        if current == value:
            continue
        untouched = path in last and current == last[path]
        if force or untouched or (current is None and path not in last):
            set_value(doc(), path, value, language)
            action = "updated" if action == "unchanged" else action
            notes.append(f"{path}: {current!r} → {value!r}" if current is not None else f"{path} added: {value!r}")
        else:
            plan.kept_edits.append(f"row {record.row} {product.id} {path}: kept {current!r} "
                                   f"(the sheet says {value!r})")
    if document is not None:
        text = dump_document(document)
        if text != product.text:
            plan.changed_files[product.path] = text
        else:
            action = "unchanged"
    notes.insert(0, f"place: {record.place_read}")
    plan.outcomes.append(Outcome(record.row, action, product.id, record.name,
                                 notes + [f"review: {note}" for note in record.notes]))
    return new_issued < current_issued
