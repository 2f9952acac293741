"""Cell values as annexes write them: stars, dates, addresses, names."""
from __future__ import annotations

import datetime as dt
import re

from ..slug import fold

STAR_TEXT = re.compile(r"^\s*([0-9])(?:[.,]0+)?\s*(?:sao|stars?|\*|★|☆)?\s*$", re.IGNORECASE)
STAR_SYMBOLS = re.compile(r"^\s*([★*]\s*)+$")
DATE_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
DATE_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
DATE_WORDS = re.compile(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE)


class BadValue(ValueError):
    """A cell the import cannot use; the message is the reason shown for its row."""


def text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return to_date(value).isoformat()
    out = " ".join(str(value).split())
    return out or None


def stars(value) -> int:
    """"4", "4 sao", "4*", "★★★★" or the number 4 -> 4."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise BadValue("no stars")
    if isinstance(value, (int, float)) and float(value).is_integer():
        count = int(value)
    elif isinstance(value, str) and STAR_SYMBOLS.match(value):
        count = value.count("★") + value.count("*")
    elif isinstance(value, str) and STAR_TEXT.match(value):
        count = int(STAR_TEXT.match(value).group(1))
    else:
        raise BadValue(f"stars '{value}' not understood (write 3, 4 or 5)")
    if count not in (3, 4, 5):
        raise BadValue(f"stars must be 3, 4 or 5; the sheet says {count}")
    return count


def to_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def date(value) -> dt.date | None:
    """A date cell, or text "06/8/2024", "6-8-2024", "2024-08-06", "ngày 6 tháng 8 năm 2024" (day first)."""
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return to_date(value)
    value = str(value)
    for pattern, order in ((DATE_YMD, (0, 1, 2)), (DATE_DMY, (2, 1, 0)), (DATE_WORDS, (2, 1, 0))):
        match = pattern.search(value)
        if match:
            parts = [int(g) for g in match.groups()]
            try:
                return dt.date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                raise BadValue(f"'{value}' is not a real date") from None
    raise BadValue(f"'{value}' is not a date (write it as dd/mm/yyyy)")


def decision(value) -> tuple[str | None, dt.date | None]:
    """"1978/QĐ-UBND ngày 06/8/2024" -> ("1978/QĐ-UBND", 2024-08-06)."""
    value = text(value)
    if not value:
        return None, None
    match = re.search(r"\bng[aà]y\b", value, re.IGNORECASE)
    if match:
        number, rest = value[: match.start()].strip(" ,;-"), value[match.start():]
        try:
            return number or None, date(rest)
        except BadValue:
            return value, None
    return value, None


# --- places -------------------------------------------------------------------

DISTRICT_PREFIXES = ("huyen dao", "huyen", "thi xa", "tx", "thanh pho", "tp", "quan")
PROVINCE_PREFIXES = ("tinh", "thanh pho", "tp")
COMMUNE_PREFIXES = ("xa", "phuong", "thi tran", "tt", "dac khu")
_PREFIX = re.compile(r"^\s*(huyện đảo|huyện|thị xã|thành phố|quận|tỉnh|xã|phường|thị trấn|đặc khu|tx|tp|tt)(?:\.|\s)\s*",
                     re.IGNORECASE)


def prefix_of(name: str) -> str | None:
    """The administrative word a place name starts with, folded: "huyện Cầu Kè" -> "huyen"."""
    match = _PREFIX.match(name)
    if not match:
        return None
    word = fold(match.group(1)).rstrip(".")
    return word


def without_prefix(name: str) -> str:
    """"huyện Cầu Kè" -> "Cầu Kè"; "TP. Trà Vinh" -> "Trà Vinh"."""
    return _PREFIX.sub("", name, count=1).strip(" .,") or name.strip()


def place_key(name: str) -> str:
    """Folded name without its administrative word, for matching."""
    return re.sub(r"[^a-z0-9]+", " ", fold(without_prefix(name))).strip()


def capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


def address_parts(address: str) -> dict[str, str]:
    """Commune, district and province named inside an address.

    "ấp Trà Mềm, xã Thông Hòa, huyện Cầu Kè, tỉnh Trà Vinh" ->
    {commune: "xã Thông Hòa", district: "huyện Cầu Kè", province: "tỉnh Trà Vinh"}.
    A last part without an administrative word is the province when a
    commune or district comes before it.
    """
    parts = [p.strip() for p in re.split(r"[,;–]| - ", address) if p.strip()]
    found: dict[str, str] = {}
    for index, part in enumerate(parts):
        word = prefix_of(part)
        last = index == len(parts) - 1
        if word in ("tinh",) or (word in ("thanh pho", "tp") and last and "district" in found):
            found["province"] = part
        elif word in DISTRICT_PREFIXES:
            found.setdefault("district", part)
        elif word in COMMUNE_PREFIXES:
            found.setdefault("commune", part)
        elif last and word is None and ("district" in found or "commune" in found) and index > 0:
            found.setdefault("province", part)
    return found


# --- guesses, marked for review --------------------------------------------------

GROUP_WORDS = (  # checked in this order, on the folded name
    ("food", ("mat ong", "nuoc mam", "nuoc cham", "nuoc tuong", "mam ", "banh", "keo")),
    ("tourism", ("du lich", "homestay", "diem du lich", "khu sinh thai", "trai nghiem", "lang nghe du lich")),
    ("handicrafts", ("may tre", "may", "tre dan", "dan lat", "gom", "tho cam", "det", "chieu", "my nghe", "go ",
                     "son mai", "non la", "tranh", "cui", "theu", "guong", "bao tay")),
    ("herbal", ("duoc lieu", "thuoc", "cao ", "sam", "dong trung", "tinh dau", "xa phong", "la tam", "nghe",
                "dau gac", "linh chi", "hoai son", "dang sam", "que ")),
    ("beverages", ("ruou", "tra ", "tra", "che ", "ca phe", "cafe", "coffee", "nuoc ", "bia", "vang", "sua",
                   "giam", "sirô", "siro", "nuoc ep")),
    ("ornamentals", ("hoa ", "cay canh", "lan ", "phong lan", "bonsai", "ca canh", "sinh vat canh", "mai vang", "quat")),
)
KIND_WORDS = (
    ("cooperative-group", ("to hop tac", "tht ")),
    ("cooperative", ("htx", "hop tac xa", "lien hiep htx")),
    ("enterprise", ("cong ty", "cty", "doanh nghiep", "dntn", "tnhh", "co phan", "company", "ltd")),
    ("household", ("ho kinh doanh", "hkd", "ho ", "co so", "ca the")),
)


def words(value: str) -> str:
    return " " + re.sub(r"[^a-z0-9]+", " ", fold(value)).strip() + " "


def guess_group(name: str) -> str:
    """From the first words of the name, where annexes put the kind of product ("Rượu ...", "Mật ong ...")."""
    folded = " " + " ".join(words(name).split()[:3]) + " "
    for group, keys in GROUP_WORDS:
        if any(f" {key.strip()} " in folded for key in keys):
            return group
    return "food"


def guess_kind(producer: str) -> str:
    folded = words(producer)
    for kind, keys in KIND_WORDS:
        if any(f" {key.strip()} " in folded for key in keys):
            return kind
    return "household"


GROUP_NAMES = {  # a group column in Vietnamese or English
    "food": ("thuc pham", "food"), "beverages": ("do uong", "beverage", "beverages", "drinks"),
    "herbal": ("thao duoc", "duoc lieu", "herbal", "herbs"),
    "handicrafts": ("thu cong my nghe", "thu cong", "my nghe", "handicraft", "handicrafts"),
    "ornamentals": ("sinh vat canh", "hoa cay canh", "ornamental", "ornamentals"),
    "tourism": ("du lich", "dich vu du lich", "tourism", "tourism services"),
}


def group(value) -> str | None:
    """A group column's text -> the contract's group, or None when it says something else."""
    folded = words(text(value) or "")
    for group_id, names in GROUP_NAMES.items():
        if any(f" {name} " in folded for name in names):
            return group_id
    return None
