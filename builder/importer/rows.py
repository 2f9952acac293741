"""One spreadsheet row -> one product record, or the reason it cannot be one."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import values
from ..places import nearest
from ..places.official import official_lists
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
    province_now: str = ""  # today's province slug, for the ID prefix
    place_read: str = ""  # how the row's place was read against the official lists
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
        issuer=decision.issuer or f"UBND {place.now.lower_name}", issuer_guessed=decision.issuer is None,
        province=place.province.id, province_now=place.now.slug, place_read=place.how, district=place.district.id if place.district else None,
        address=place.address, commune=capitalised(place.commune) if place.commune else None,
        group=group, category=values.text(cell(cells, columns, "category")),
        phone=values.text(cell(cells, columns, "phone")), notes=place.notes)


@dataclass
class Place:
    province: Unit  # the areas.yaml entry
    district: Unit | None
    commune: str | None
    address: str
    notes: list[str]
    now: object  # today's province (places.official.Unit)
    how: str = ""  # how the place was read, for the report


def locate(cells, columns: Columns, decision: Decision, areas: AreaBook) -> Place:
    """Province, district and commune: from their columns, else from the address, else the issuer.

    The row may name places before the 2025 reform (commune, district, old
    province) or after it (commune and today's province). Either way the row
    goes under today's province, and under the area (former district) the
    official lists give for its commune where they give exactly one. Units
    not in areas.yaml are added to it (in memory until the import writes).
    """
    address = values.text(cell(cells, columns, "address")) or ""
    in_address = values.address_parts(address) if address else {}
    province_name = values.text(cell(cells, columns, "province")) or in_address.get("province") \
        or issuer_province(decision.issuer)
    district_name = values.text(cell(cells, columns, "district")) or in_address.get("district")
    commune = values.text(cell(cells, columns, "commune")) or in_address.get("commune")
    if not province_name:
        raise Rejected("no province: neither a province column, nor 'tỉnh ...' in the address, nor --issuer")
    lists = official_lists()
    former, now = lists.find_province(province_name)
    if now is None:
        guess = nearest(province_name, lists.province_names())
        raise Rejected(f"'{province_name}' is not a province of Vietnam, before or after 1 July 2025"
                       + (f"; did you mean '{guess}'?" if guess else ""))
    official, how = former_district(lists, former, now, district_name, commune)
    if official is not None:
        holder = areas.holder_of(lists.former_provinces[official.province]) \
            or areas.add_province(lists.former_provinces[official.province].short)
        district = areas.area_of(holder, official) or areas.add_district(holder, official.name, official)
    else:
        holder = (areas.holder_of(former) if former else None) or areas.entry_of_today(now) \
            or areas.add_province(now.short)
        district = None
        if district_name:  # an area the lists do not know: the office's own, matched by name
            found = areas.find_district(holder, province_name, district_name)
            district = found[1] if found else areas.add_district(holder, district_name)
    notes = []
    if district is None:
        notes.append("no district found: listed under the province")
    if not address:
        address = ", ".join(p for p in (commune, now.lower_name) if p)
    return Place(holder, district, commune, address, notes, now, how)


def former_district(lists, former, now, district_name: str | None, commune: str | None):
    """(the former district a row's place lies in, how it was read) from the official lists."""
    merged = [p for code, p in lists.former_provinces.items() if lists.province_now.get(code) == now.code]
    search = ([former] if former else []) + [p for p in merged if not former or p.code != former.code]
    if district_name:
        for province in search:
            found = lists.find_district(province, district_name)
            if found:
                return found, f"{found.lower_name}, {province.lower_name} (before 1 July 2025), now {now.lower_name}"
        return None, f"'{district_name}' is not a former district of {now.lower_name} in the official lists"
    if not commune:
        return None, f"{now.lower_name}, no commune or district named"
    today = lists.find_communes_now(commune, now)
    if len(today) == 1:
        districts = lists.former_districts_of(today[0])
        if len(districts) == 1:
            return districts[0], (f"{today[0].lower_name}, {now.lower_name} (today's names), formed from "
                                  f"{districts[0].lower_name}, {lists.former_provinces[districts[0].province].lower_name}")
        return None, (f"{today[0].lower_name}, {now.lower_name} (today's names), formed from parts of "
                      f"{', '.join(d.lower_name for d in districts) or 'no former district in the lists'}")
    for province in search:
        communes = lists.find_former_communes(commune, province=province)
        if len(communes) == 1:
            district = lists.former_district_of(communes[0])
            return district, f"{communes[0].lower_name}, {district.lower_name}, {province.lower_name} (before 1 July 2025)"
        if len(communes) > 1:
            return None, (f"several former communes of {province.lower_name} are called '{commune}' "
                          f"({', '.join(lists.former_district_of(c).lower_name for c in communes)})")
    return None, f"'{commune}' is not a commune of {now.lower_name}, today or before 1 July 2025, in the official lists"


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
