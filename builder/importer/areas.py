"""Provinces and districts named by an annex, matched against catalogue/areas.yaml.

Each entry of areas.yaml is read against the official lists (see places/):
the former province it names and today's province it belongs to, the former
district each area was. A row's place is matched on those units, so a row
written with today's province finds the area the catalogue keeps under the
former one. Names the lists do not know are matched without their
administrative word and without diacritics. Units not found are added, with
ids folded from their names; the file is edited as text, so everything
already in it stays byte for byte.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..places import read_district_entry, read_province_entry
from ..places.official import official_lists
from ..slug import slugify
from ..yamlfile import LineDict, YamlProblem, read_yaml
from .state import CatalogueProblem
from .values import capitalised, place_key, without_prefix


def default_text(value, language: str) -> str:
    if isinstance(value, dict):
        return str(value.get(language) or next(iter(value.values()), ""))
    return str(value or "")


@dataclass
class Unit:
    id: str
    name: str
    key: str
    parts_of: str = ""  # folded now_part_of text
    districts: list["Unit"] = field(default_factory=list)
    added: bool = False
    former: object = None  # places.official.Unit: the former province or district it is
    now: object = None  # places.official.Unit: today's province (provinces only)


@dataclass
class Added:
    kind: str  # "province" | "district"
    id: str
    name: str
    province: str | None = None


class AreaBook:
    def __init__(self, path: Path, language: str):
        self.path, self.language = path, language
        self.text = path.read_text("utf-8") if path.is_file() else "provinces:\n"
        try:
            data = read_yaml(path) if path.is_file() else LineDict(provinces=[])
        except YamlProblem as exc:
            raise CatalogueProblem(f"{path}:{exc.line}: {exc.message}; fix it first (ocop validate)") from None
        self.data = data if isinstance(data, dict) else LineDict(provinces=[])
        self.provinces: list[Unit] = []
        for province in self.data.get("provinces") or []:
            unit = Unit(str(province.get("id")), default_text(province.get("name"), language),
                        place_key(default_text(province.get("name"), language)))
            for district in province.get("districts") or []:
                name = default_text(district.get("name"), language)
                unit.districts.append(Unit(str(district.get("id")), name, place_key(name),
                                           place_key(default_text(district.get("now_part_of"), language))))
            self.provinces.append(unit)
        self.added: list[Added] = []
        for province in self.provinces:
            self.read_officially(province)

    def read_officially(self, province: Unit) -> None:
        lists = official_lists()
        province.former, province.now = read_province_entry(province.name, province.id, lists)
        for district in province.districts:
            if province.former and district.former is None:
                district.former = read_district_entry(province.former, district.name, district.id, lists)

    # --- looking up by official unit --------------------------------------------------

    def holder_of(self, former_province) -> Unit | None:
        """The entry that keeps the areas of a former province."""
        return next((p for p in self.provinces if p.former and p.former.code == former_province.code), None)

    def entry_of_today(self, now) -> Unit | None:
        """An entry of today's province: the one named like it, else the first that belongs to it."""
        belonging = [p for p in self.provinces if p.now and p.now.code == now.code]
        return next((p for p in belonging if p.former is None or p.former.short == now.short), None) \
            or (belonging[0] if belonging else None)

    def area_of(self, holder: Unit, former_district) -> Unit | None:
        return next((d for d in holder.districts if d.former and d.former.code == former_district.code), None)

    def today_slug(self, province_id: str) -> str | None:
        province = self.province_by_id(province_id)
        return province.now.slug if province and province.now else None

    # --- looking up ----------------------------------------------------------------

    def province_by_id(self, province_id: str) -> Unit | None:
        return next((p for p in self.provinces if p.id == province_id), None)

    def find_province(self, name: str) -> Unit | None:
        key = place_key(name)
        return next((p for p in self.provinces if p.key == key or p.id == key.replace(" ", "-")), None)

    def find_district(self, province: Unit | None, province_name: str | None, name: str) -> tuple[Unit, Unit] | None:
        key = place_key(name)
        if province:
            for district in province.districts:
                if district.key == key:
                    return province, district
        if province_name:  # "huyện Na Rì, tỉnh Thái Nguyên": Na Rì is now part of Thái Nguyên
            wanted = place_key(province_name)
            for other in self.provinces:
                for district in other.districts:
                    if district.key == key and wanted and f" {wanted} " in f" {district.parts_of} ":
                        return other, district
        if province is None and not province_name:
            matches = [(p, d) for p in self.provinces for d in p.districts if d.key == key]
            if len(matches) == 1:
                return matches[0]
        return None

    def ids(self) -> set[str]:
        return {p.id for p in self.provinces} | {d.id for p in self.provinces for d in p.districts}

    # --- adding --------------------------------------------------------------------

    def add_province(self, name: str) -> Unit:
        shown = capitalised(without_prefix(name))
        unit = Unit(self.free_id(slugify(shown)), shown, place_key(shown), added=True)
        self.provinces.append(unit)
        self.added.append(Added("province", unit.id, shown))
        self.read_officially(unit)
        return unit

    def add_district(self, province: Unit, name: str, former=None) -> Unit:
        shown = capitalised(name.strip())
        taken = self.ids()
        candidates = [slugify(without_prefix(shown)), slugify(shown), f"{slugify(without_prefix(shown))}-{province.id}"]
        district_id = next((c for c in candidates if c and c not in taken), None) or self.free_id(candidates[-1])
        unit = Unit(district_id, shown, place_key(shown), added=True, former=former)
        province.districts.append(unit)
        self.added.append(Added("district", unit.id, shown, province.id))
        return unit

    def free_id(self, base: str) -> str:
        taken, candidate, n = self.ids(), base or "area", 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    # --- the edited file -------------------------------------------------------------

    def edited_text(self) -> str | None:
        """areas.yaml with the added units, or None when nothing was added."""
        if not self.added:
            return None
        lines = self.text.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        dash = self.list_indent()
        insertions: dict[int, list[str]] = {}
        tail: list[str] = []
        for province in self.provinces:
            new = [d for d in province.districts if d.added]
            if province.added:
                tail += province_lines(province, dash)
            elif new:
                at, indent, needs_key = self.district_insertion(province.id, len(lines))
                block = insertions.setdefault(at, [])
                if needs_key:
                    block.append(f"{dash}  districts:\n")
                block.extend(line for d in new for line in district_lines(d, indent))
        out = []
        for index, line in enumerate(lines):
            out.extend(insertions.get(index, []))
            out.append(line)
        out.extend(insertions.get(len(lines), []))
        return "".join(out) + "".join(tail)

    def list_indent(self) -> str:
        """The indentation of '- id:' under 'provinces:' in this file."""
        for line in self.text.splitlines():
            stripped = line.lstrip(" ")
            if stripped.startswith("- id:"):
                return line[: len(line) - len(stripped)]
        return ""

    def district_insertion(self, province_id: str, end: int) -> tuple[int, str, bool]:
        """Where a new district of an existing province goes: after its last line.

        Raises when the province's districts are not its last field or are
        written on one line: the text cannot then be extended safely.
        """
        provinces = self.data["provinces"]
        index = next(i for i, p in enumerate(provinces) if str(p.get("id")) == province_id)
        province = provinces[index]
        districts = province.get("districts")
        key_lines = province.key_lines
        if "districts" in province and (max(key_lines.values()) != key_lines["districts"]
                                        or not getattr(districts, "item_lines", None)):
            raise AreasNotExtensible(province_id)
        following = provinces.item_lines[index + 1] - 1 if index + 1 < len(provinces) else end
        lines = self.text.splitlines()
        while following > 0 and (not lines[following - 1].strip() or lines[following - 1].lstrip().startswith("#")):
            following -= 1
        if "districts" not in province:
            return following, self.list_indent() + "  ", True
        first = lines[districts.item_lines[0] - 1]
        return following, first[: len(first) - len(first.lstrip(" "))], False


class AreasNotExtensible(CatalogueProblem):
    def __init__(self, province_id: str):
        super().__init__(f"catalogue/areas.yaml: the districts of '{province_id}' must be the last field of the "
                         "province, written as a block list, for the import to add a district to it")


def scalar(value) -> str:
    out = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_flow_style=True).strip()
    return out[:-3].strip() if out.endswith("...") else out


def province_lines(province: Unit, dash: str) -> list[str]:
    pad = dash + "  "
    lines = [f"{dash}- id: {province.id}   # added by ocop import: check the name, add intro and English name\n",
             f"{pad}name: {scalar(province.name)}\n"]
    if province.districts:
        lines.append(f"{pad}districts:\n")
        for district in province.districts:
            lines += district_lines(district, pad)
    return lines


def district_lines(district: Unit, dash: str) -> list[str]:
    return [f"{dash}- id: {district.id}   # added by ocop import: check the name, add intro and English name\n",
            f"{dash}  name: {scalar(district.name)}\n"]
