"""One spreadsheet row -> one product record, or the reason it cannot be one."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import values
from .areas import AreaBook, Unit
from .columns import Columns
from .values import BadValue, capitalised


@dataclass
class Decision:
    """The decision that covers the whole list (--decision, --issued, --issuer)."""

    number: str | None = None
    issued: dt.date | None = None
    issuer: str | None = None


@dataclass
class Record:
    row: int
    name: str
    producer: str
    stars: int
    number: str
    issued: dt.date
    issuer: str
    province: str
    district: str | None
    address: str
    commune: str | None = None
    expires: dt.date | None = None
    group: str | None = None  # from a group column; None: guessed
    category: str | None = None
    phone: str | None = None
    notes: list[str] = field(default_factory=list)  # what to review, shown in the report
    issuer_guessed: bool = False

    def sheet_values(self) -> dict[str, str]:
        """The fields this row supplies, as text, by their path in product.yaml."""
        out = {
            "name": self.name, "stars": str(self.stars),
            "certificate.number": self.number, "certificate.issued": self.issued.isoformat(),
            "certificate.issuer": self.issuer, "producer.name": self.producer, "producer.address": self.address,
            "location.province": self.province,
        }
        optional = {"location.district": self.district, "location.commune": self.commune,
                    "certificate.expires": self.expires.isoformat() if self.expires else None,
                    "group": self.group, "category": self.category, "producer.phone": self.phone}
        out.update({k: v for k, v in optional.items() if v})
        return out


class Rejected(Exception):
    """A row that does not become a product; the message is the reason."""


def cell(cells: list, columns: Columns, name: str):
    index = columns.fields.get(name)
    return cells[index] if index is not None and index < len(cells) else None


def is_blank(cells: list) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def record_from(row: int, cells: list, columns: Columns, decision: Decision, areas: AreaBook) -> Record:
    name = values.text(cell(cells, columns, "name"))
    producer = values.text(cell(cells, columns, "producer"))
    filled = [c for c in cells if values.text(c)]
    if not name and not producer and len(filled) <= 2:
        raise Rejected(f"not a product row (a heading?): '{' '.join(values.text(c) for c in filled)}'")
    if not name:
        raise Rejected("no product name")
    if not producer:
        raise Rejected("no producer (chủ thể)")
    try:
        stars = values.stars(cell(cells, columns, "stars"))
        number, issued_in_cell = values.decision(cell(cells, columns, "decision"))
        issued = values.date(cell(cells, columns, "issued")) or issued_in_cell or decision.issued
        expires = values.date(cell(cells, columns, "expires"))
    except BadValue as exc:
        raise Rejected(str(exc)) from None
    number = number or decision.number
    if not number:
        raise Rejected("no decision number: the sheet has none; give it with --decision")
    if not issued:
        raise Rejected("no recognition date: the sheet has none; give it with --issued YYYY-MM-DD")
    if expires and expires <= issued:
        raise Rejected(f"the expiry date {expires} is not after the recognition date {issued}")
    place = locate(cells, columns, decision, areas)
    group_text = values.text(cell(cells, columns, "group"))
    group = values.group(group_text) if group_text else None
    if group_text and not group:
        place.notes.append(f"group '{group_text}' not understood: guessed from the name")
    return Record(
        row=row, name=name, producer=producer, stars=stars, number=number, issued=issued, expires=expires,
        issuer=decision.issuer or f"UBND tỉnh {place.province.name}", issuer_guessed=decision.issuer is None,
        province=place.province.id, district=place.district.id if place.district else None,
        address=place.address, commune=capitalised(place.commune) if place.commune else None,
        group=group, category=values.text(cell(cells, columns, "category")),
        phone=values.text(cell(cells, columns, "phone")), notes=place.notes)


@dataclass
class Place:
    province: Unit
    district: Unit | None
    commune: str | None
    address: str
    notes: list[str]


def locate(cells, columns: Columns, decision: Decision, areas: AreaBook) -> Place:
    """Province, district and commune: from their columns, else from the address, else the issuer.

    Units not in areas.yaml are added to it (in memory until the import writes)."""
    address = values.text(cell(cells, columns, "address")) or ""
    in_address = values.address_parts(address) if address else {}
    province_name = values.text(cell(cells, columns, "province")) or in_address.get("province") \
        or issuer_province(decision.issuer)
    district_name = values.text(cell(cells, columns, "district")) or in_address.get("district")
    commune = values.text(cell(cells, columns, "commune")) or in_address.get("commune")
    province = areas.find_province(province_name) if province_name else None
    district = None
    if district_name:
        found = areas.find_district(province, province_name, district_name)
        if found:
            province, district = found
    if province is None:
        if not province_name:
            raise Rejected("no province: neither a province column, nor 'tỉnh ...' in the address, nor --issuer")
        province = areas.add_province(province_name)
    if district_name and district is None:
        district = areas.add_district(province, district_name)
    notes = [] if district else ["no district found: listed under the province"]
    if not address:
        address = ", ".join(p for p in (commune, district.name if district else None, province.name) if p)
    return Place(province, district, commune, address, notes)


def issuer_province(issuer: str | None) -> str | None:
    """"UBND tỉnh Trà Vinh" -> "tỉnh Trà Vinh": the decision's issuer names the province."""
    if not issuer:
        return None
    lowered = issuer.lower()
    for word in ("tỉnh ", "thành phố ", "tp. ", "tp "):
        at = lowered.find(word)
        if at >= 0:
            return issuer[at:]
    return None
