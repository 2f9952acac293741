"""``ocop report expiring``: the certificates the OCOP office must act on.

Certificates that have expired, or expire within DAYS, grouped by today's
province, then by area (former district; the province alone for products
with none), soonest first; revoked ones are listed apart, and so are recalled
lots (whatever their date: a recalled lot may still be on a shelf). Printed as
a table, and written as CSV for a spreadsheet.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from .pipeline.load import load
from .pipeline.validate import default_text, schema_problems, validated_product
from .places import Gazetteer, Place, locate_location, place_areas
from .places.official import official_lists
from .problems import Problems
from .schema import Areas, Product
from .slug import fold
from .status import certificate_dates
from .stored import write_atomic

CSV_COLUMNS = ("status", "province", "district", "id", "name", "stars", "certificate", "issued", "expires",
               "days_left", "revoked", "revoked_reason", "producer", "phone", "file", "province_code",
               "former_province", "lot", "recalled", "recall_reason", "recall_action")


@dataclass(frozen=True)
class Entry:
    status: str  # expired | expiring | revoked | recalled (one lot)
    place: str  # "Thái Nguyên · Huyện Na Rì", or today's province alone
    province: str  # today's province
    district: str
    id: str
    name: str
    stars: int
    number: str
    issued: dt.date
    expires: dt.date
    days_left: int
    revoked: dt.date | None
    revoked_reason: str
    producer: str
    phone: str
    file: str
    province_code: str = ""
    former_province: str = ""
    lot: str = ""  # a recalled lot:
    recalled: dt.date | None = None
    recall_reason: str = ""
    recall_action: str = ""

    def when(self) -> str:
        if self.status == "recalled":
            return f"lot {self.lot} recalled {self.recalled.isoformat()}"
        if self.status == "revoked":
            return f"revoked {self.revoked.isoformat()}"
        if self.days_left < 0:
            return f"expired {-self.days_left} days ago"
        return "expires today" if self.days_left == 0 else f"in {self.days_left} days"


def expiring_entries(project, today: dt.date, within: int, problems: Problems) -> list[Entry]:
    """Every product whose certificate is revoked, expired, or expires within ``within`` days
    (read straight from the files: the office runs it on a catalogue that may have problems)."""
    context = {"languages": project.languages}
    raw = load(project.catalogue_dir, project.products_dir, problems)
    areas = schema_problems(Areas, raw.areas, problems, context) if raw.areas else None
    names = area_names(areas, project.default_language)
    gazetteer = place_areas(areas, project.default_language, ignore, ignore, official_lists(project.cache_dir)) \
        if areas else None
    entries = []
    for source in raw.products:
        product = validated_product(source, problems, context)
        if product is None:
            continue
        place = place_of(gazetteer, product, project.default_language)
        file = problems.relative(source.path)
        entry = entry_of(product, names, project.default_language, today, within, file, place)
        entries += ([entry] if entry else []) + recall_entries(product, names, project.default_language, today,
                                                               file, place)
    return in_order(entries)


def site_entries(site, within: int) -> list[Entry]:
    """The same list from a built catalogue (the office page, office/expiring/)."""
    language = site.project.default_language
    names = area_names(site.catalogue.areas, language)
    entries = []
    for item in site.items:
        file = f"products/{item.id}/product.yaml"
        entry = entry_of(item.product, names, language, site.project.build_date, within, file, item.place)
        entries += ([entry] if entry else []) + recall_entries(item.product, names, language,
                                                               site.project.build_date, file, item.place)
    return in_order(entries)


def ignore(loc, message) -> None:
    """The report lists what it can: place problems are for 'ocop validate' to name."""


def place_of(gazetteer: Gazetteer | None, product: Product, language: str) -> Place | None:
    """Today's place of a product read straight from its file, where its province is known."""
    if gazetteer is None or product.location.province not in gazetteer.provinces:
        return None
    return locate_location(gazetteer, product.location, language, ignore)


def entry_of(product: Product, names: dict, language: str, today: dt.date, within: int, file: str,
             place: Place | None = None) -> Entry | None:
    dates = certificate_dates(product.certificate)
    revoked = dates.revoked is not None and dates.revoked <= today
    if not revoked and dates.expires > today + dt.timedelta(days=within):
        return None
    status = "revoked" if revoked else "expired" if dates.expires < today else "expiring"
    location = product.location
    province = place.province.short if place else names.get(location.province, location.province)
    area = place.area if place else location.district
    district = names.get(area, area or "")
    return Entry(
        province_code=place.province.code if place else "",
        former_province=place.former_province.name if place and place.former_province else "",
        status=status, place=f"{province} · {district}" if district else province,
        province=province, district=district, id=product.id, name=default_text(product.name, language),
        stars=product.stars, number=product.certificate.number, issued=dates.issued, expires=dates.expires,
        days_left=(dates.expires - today).days, revoked=dates.revoked if revoked else None,
        revoked_reason=default_text(product.certificate.revoked.reason, language) if revoked else "",
        producer=product.producer.name, phone=product.producer.phone or "", file=file)


def recall_entries(product: Product, names: dict, language: str, today: dt.date, file: str,
                   place: Place | None = None) -> list[Entry]:
    """One entry per recalled lot of the product, beside its certificate's facts."""
    lots = [lot for lot in (product.traceability.lots if product.traceability else []) if lot.recall]
    if not lots:
        return []
    certificate = entry_of(product, names, language, today, 1_000_000, file, place)  # its place and facts
    return [replace(certificate, status="recalled", days_left=0, revoked=None, revoked_reason="", lot=lot.lot,
                    recalled=lot.recall.date, recall_reason=default_text(lot.recall.reason, language),
                    recall_action=default_text(lot.recall.action, language))
            for lot in sorted(lots, key=lambda lot: (-lot.recall.date.toordinal(), lot.lot))]


def in_order(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (fold(e.province), fold(e.district), e.expires, e.id))


def area_names(areas: Areas | None, language: str) -> dict[str, str]:
    if areas is None:
        return {}
    names = {}
    for province in areas.provinces:
        names[province.id] = default_text(province.name, language)
        for district in province.districts:
            names[district.id] = default_text(district.name, language)
    return names


def table(entries: list[Entry], today: dt.date, within: int) -> str:
    lines = []
    current = [e for e in entries if e.status in ("expired", "expiring")]
    revoked = [e for e in entries if e.status == "revoked"]
    recalled = [e for e in entries if e.status == "recalled"]
    expired = sum(1 for e in current if e.status == "expired")
    lines.append(f"Certificates expired or expiring by {(today + dt.timedelta(days=within)).isoformat()} "
                 f"(within {within} days of {today.isoformat()}): {expired} expired, "
                 f"{len(current) - expired} expiring.")
    lines += grouped(current)
    lines.append("")
    lines.append(f"Revoked certificates: {len(revoked)}.")
    lines += grouped(revoked)
    lines.append("")
    lines.append(f"Recalled lots: {len(recalled)}.")
    lines += grouped(recalled)
    return "\n".join(lines) + "\n"


def grouped(entries: list[Entry]) -> list[str]:
    lines, place = [], None
    for entry in entries:
        if entry.place != place:
            place = entry.place
            count = sum(1 for e in entries if e.place == place)
            lines += ["", f"{place} ({count})"]
        name = entry.name if len(entry.name) <= 38 else entry.name[:37] + "…"
        lines.append(f"  {entry.id:<12} {name:<38} {entry.stars}★  {entry.number:<16} "
                     f"{entry.expires.isoformat()}  {entry.when():<22} {entry.producer}")
        if entry.status == "recalled":
            lines.append(f"  {'':<12} {entry.recall_reason}; {entry.recall_action}")
    return lines


def csv_text(entries: list[Entry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    apart = {"revoked": 1, "recalled": 2}
    for e in sorted(entries, key=lambda e: apart.get(e.status, 0)):  # stable: the places stay in order
        writer.writerow([e.status, e.province, e.district, e.id, e.name, e.stars, e.number, e.issued.isoformat(),
                         e.expires.isoformat(), e.days_left if e.status in ("expired", "expiring") else "",
                         e.revoked.isoformat() if e.revoked else "", e.revoked_reason, e.producer, e.phone, e.file,
                         e.province_code, e.former_province, e.lot, e.recalled.isoformat() if e.recalled else "",
                         e.recall_reason, e.recall_action])
    return out.getvalue()


def report_expiring(project, within: int, csv_file: str | None, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if within < 0:
        print("error: --within must be 0 or more days", file=err)
        return 1
    today = project.build_date
    problems = Problems(project.root)
    entries = expiring_entries(project, today, within, problems)
    out.write(table(entries, today, within))
    if problems:
        print(f"warning: {len(problems.sorted())} problem(s) in the catalogue; products with problems are "
              "left out of this list: run 'ocop validate'", file=err)
    if csv_file:
        path = Path(csv_file)
        # utf-8-sig: Excel opens it with the Vietnamese letters intact
        write_atomic(path, csv_text(entries).encode("utf-8-sig"))
        print(f"Wrote {len(entries)} rows to {path}", file=out)
    return 0
