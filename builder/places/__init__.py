"""Where things are today: the catalogue's places read against the official lists.

The office writes places as it knows them: a province and an area (a former
district) from ``catalogue/areas.yaml``, and a commune by its name, before or
after the reform of 1 July 2025. This stage works out, for every area,
product and point of sale, today's province and (where a commune is named)
today's commune with their official codes, and keeps the former names
beside them. What the lists cannot decide is a warning naming the
candidates: a guess is never shown as fact.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cached_property

from ..schema import default_text
from .official import OfficialLists, Unit, loose_key, official_lists, source_name


@dataclass(frozen=True)
class AreaProvince:
    """A province of areas.yaml: the former one it names (if any) and today's."""

    former: Unit | None
    now: Unit

    @property
    def renamed(self) -> Unit | None:
        """The former province, where today's has another name (Hà Giang, now Tuyên Quang)."""
        return self.former if self.former and self.former.short != self.now.short else None

    @property
    def changed(self) -> Unit | None:
        """The former province, where today's has another name or code (Lào Cai: 10, now 15)."""
        return self.former if self.renamed or (self.former and self.former.code != self.now.code) else None


@dataclass(frozen=True)
class AreaDistrict:
    """An area of areas.yaml: the former district it was, and what it is part of today."""

    former: Unit | None  # None: not a district of the official list (a tourist area of the office's own)
    now: Unit  # today's province
    became: Unit | None = None  # the one unit it became whole (the island of Lý Sơn: a special zone)


@dataclass(frozen=True)
class Place:
    """Where one product or point of sale is, today and before."""

    province: Unit  # today's province
    commune: Unit | None = None  # today's commune, ward or special zone, where known
    candidates: tuple[Unit, ...] = ()  # a divided commune that the lists cannot decide
    former_province: Unit | None = None  # only when it differs from today's
    former_district: Unit | None = None
    former_commune: Unit | None = None  # only when the typed name is a former commune
    area: str | None = None  # the areas.yaml district it is listed under


@dataclass
class Province:
    """A province of today that the catalogue has products, areas or points of sale in."""

    unit: Unit
    name: object  # LText: the catalogue's names for it where it gives them, else the official one
    area_provinces: list[str] = field(default_factory=list)  # areas.yaml province ids
    districts: list[str] = field(default_factory=list)  # areas.yaml district ids, in file order

    @property
    def slug(self) -> str:
        return self.unit.slug

    @property
    def code(self) -> str:
        return self.unit.code


@dataclass
class Gazetteer:
    """Every place of the catalogue, placed on today's map."""

    provinces: dict[str, AreaProvince]  # areas.yaml province id ->
    districts: dict[str, AreaDistrict]  # areas.yaml district id ->
    today: dict[str, Province]  # today's province slug -> (in areas.yaml order)
    products: dict[str, Place] = field(default_factory=dict)  # product id ->
    points: dict[str, Place] = field(default_factory=dict)  # point of sale id ->
    source: str = ""

    @cached_property
    def area_by_former(self) -> dict[str, str]:
        """Former district code -> the areas.yaml district that is it."""
        return {district.former.code: area_id for area_id, district in reversed(self.districts.items())
                if district.former}


def nearest(name: str, choices: list[str]) -> str | None:
    keys = {loose_key(c): c for c in choices}
    close = difflib.get_close_matches(loose_key(name), list(keys), n=1, cutoff=0.6)
    return keys[close[0]] if close else None


def read_province_entry(name: str, entry_id: str, lists: OfficialLists) -> tuple[Unit | None, Unit | None]:
    """(former, today's) province an areas.yaml entry stands for: by its name, else by its id."""
    return lists.find_province(name, entry_id.replace("-", " "))


def read_district_entry(former_province: Unit, name: str, entry_id: str, lists: OfficialLists) -> Unit | None:
    """The former district an area of areas.yaml was: by its name, else by its id."""
    return lists.find_district(former_province, name, entry_id.replace("-", " "))


# --- areas.yaml -----------------------------------------------------------------

def place_areas(areas, language: str, add, warn, lists: OfficialLists | None = None) -> Gazetteer:
    """Each province and area of areas.yaml on today's map.

    ``add(loc, message)`` reports an error, ``warn(loc, message)`` a warning,
    both at a location in areas.yaml. A province the lists do not know is
    reported and left out of the gazetteer.
    """
    lists = lists or official_lists()
    provinces, districts, today = {}, {}, {}
    for pi, entry in enumerate(areas.provinces):
        name = default_text(entry.name, language)
        former, now = read_province_entry(name, entry.id, lists)
        if now is None:
            guess = nearest(name or entry.id, lists.province_names())
            add(("provinces", pi, "name"),
                f"'{name}' is not a province of Vietnam, before or after "
                f"1 July 2025, in the official list ({source_name()})" + (f"; did you mean '{guess}'?" if guess else ""))
            continue
        area = provinces[entry.id] = AreaProvince(former, now)
        province = today.setdefault(now.slug, Province(now, now.short))
        province.area_provinces.append(entry.id)
        if area.renamed is None:  # this entry names today's province
            province.name = entry.name
        for di, district in enumerate(entry.districts):
            district_name = default_text(district.name, language)
            official = read_district_entry(former, district_name, district.id, lists) if former else None
            if official is None and former is not None:
                warn(("provinces", pi, "districts", di, "name"),
                     f"'{district_name}' is not a former district of "
                     f"{former.lower_name} in the official list: its page cannot say what it is part of today "
                     "beyond the province")
            became = lists.successors_of(official) if official else []
            districts[district.id] = AreaDistrict(official, now, became[0] if len(became) == 1 else None)
            province.districts.append(district.id)
    return Gazetteer(provinces, districts, today, source=source_name())


# --- products and points of sale -------------------------------------------------

def names(units) -> str:
    return ", ".join(f"{u.name} ({u.code})" for u in units)


def locate(gazetteer: Gazetteer, province_id: str, district_id: str | None, commune_text: str | None,
           warn, lists: OfficialLists | None = None) -> Place:
    """Where a product (or point of sale) is today. ``warn(loc, message)``: loc within ``location``."""
    lists = lists or official_lists()
    area = gazetteer.provinces[province_id]
    district = gazetteer.districts.get(district_id) if district_id else None
    place = dict(province=area.now, former_province=area.changed,
                 former_district=district.former if district else None, area=district_id if district else None)
    if district and district.became:
        place["commune"] = district.became
        return Place(**place)
    if not commune_text:
        return Place(**place)

    formers = []
    if district and district.former:
        formers = lists.find_former_communes(commune_text, district=district.former)
    elif area.former and not district:
        formers = lists.find_former_communes(commune_text, province=area.former)
    if len(formers) == 1:
        return _from_former_commune(gazetteer, formers[0], place, warn, lists)
    if len(formers) > 1:
        warn(("commune",), f"several former communes of {area.former.lower_name} are called '{commune_text}': "
                           f"{names(formers)}; add location.district to say which")
        return Place(**place)

    found = lists.find_communes_now(commune_text, area.now)
    if len(found) == 1:
        place["commune"] = found[0]
        if not district:
            place["former_district"], place["area"] = _area_of_today_commune(gazetteer, found[0], lists)
        return Place(**place)
    if len(found) > 1:
        warn(("commune",), f"{area.now.lower_name} has several communes called '{commune_text}': {names(found)}; "
                           "write the commune's full name (xã, phường or đặc khu)")
    else:
        warn(("commune",), f"'{commune_text}' is not a commune of {area.now.lower_name}"
                           + (f" nor a former commune of {district.former.lower_name}" if district and district.former else "")
                           + f" in the official lists ({source_name()}): the product is placed in its province only")
    return Place(**place)


def _from_former_commune(gazetteer, former: Unit, place: dict, warn, lists) -> Place:
    place["former_commune"] = former
    place["former_district"] = place["former_district"] or lists.former_district_of(former)
    if place["area"] is None and place["former_district"]:
        place["area"] = gazetteer.area_by_former.get(place["former_district"].code)
    successors = lists.successors_of(former)
    if len(successors) == 1:
        place["commune"] = successors[0]
    elif successors:
        place["candidates"] = tuple(successors)
        warn(("commune",), f"{former.name} was divided on 1 July 2025 between {names(successors)}: "
                           "write today's commune in location.commune to say which")
    return Place(**place)


def _area_of_today_commune(gazetteer: Gazetteer, commune: Unit, lists) -> tuple[Unit | None, str | None]:
    """The former district a commune of today was made from, where all its parts come from one."""
    districts = lists.former_districts_of(commune)
    if len(districts) != 1:
        return None, None
    return districts[0], gazetteer.area_by_former.get(districts[0].code)


def locate_location(gazetteer: Gazetteer, location, language: str, warn) -> Place:
    """``locate`` for a product's ``location`` whose province is in the gazetteer; a district
    that areas.yaml does not have is left out (``ocop validate`` reports it)."""
    district = location.district if location.district in gazetteer.districts else None
    commune = default_text(location.commune, language) if location.commune else None
    return locate(gazetteer, location.province, district, commune, warn)


__all__ = ["AreaDistrict", "AreaProvince", "Gazetteer", "Place", "Province", "Unit", "locate", "locate_location",
           "official_lists", "place_areas", "read_district_entry", "read_province_entry"]
