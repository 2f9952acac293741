"""Finding the header row of an annex and what each column holds.

Provinces spell their headers in many ways, with or without diacritics, in
Vietnamese or English. Headers are folded ("Tên sản phẩm" -> "ten san pham")
and matched against the spellings below; the longest spelling found wins, so
"Ngày quyết định" is the date and "Số quyết định" the decision number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl.utils import column_index_from_string, get_column_letter

from ..slug import fold
from .sheet import BadFile, Table

HEADER_SEARCH_ROWS = 30

SPELLINGS: dict[str, tuple[str, ...]] = {
    "number": ("stt", "so tt", "tt", "so thu tu", "no", "number"),
    "name": ("ten san pham", "san pham", "ten sp", "ten san pham ocop", "product", "product name", "name"),
    "producer": ("chu the", "ten chu the", "chu the san xuat", "ten chu the san xuat", "co so san xuat",
                 "don vi", "don vi san xuat", "ten doanh nghiep", "producer", "subject", "ocop subject",
                 "owner", "entity", "manufacturer"),
    "address": ("dia chi", "dia chi chu the", "dia chi san xuat", "address"),
    "commune": ("xa", "xa phuong", "xa phuong thi tran", "phuong xa", "commune", "ward", "commune ward"),
    "district": ("huyen", "huyen thi xa", "huyen thi xa thanh pho", "huyen thi xa tp", "huyen tx tp",
                 "quan huyen", "district", "district town city"),
    "province": ("tinh", "tinh thanh pho", "tinh tp", "province", "province city"),
    "stars": ("so sao", "hang sao", "xep hang", "ket qua xep hang", "sao", "xep hang sao",
              "ket qua danh gia", "phan hang", "ket qua phan hang", "so sao dat duoc", "stars", "star",
              "rating", "star rating", "ocop rating"),
    "group": ("nhom", "phan nhom", "nhom san pham", "nganh", "group", "product group", "subgroup"),
    "category": ("bo san pham", "category", "product set"),
    "decision": ("so quyet dinh", "quyet dinh", "so qd", "qd", "quyet dinh cong nhan", "so quyet dinh cong nhan",
                 "decision", "decision number", "decision no"),
    "issued": ("ngay quyet dinh", "ngay cong nhan", "ngay ky", "ngay cap", "ngay ban hanh", "ngay ky quyet dinh",
               "issued", "issue date", "date issued", "recognition date", "decision date", "date"),
    "expires": ("ngay het han", "het han", "hieu luc den", "thoi han", "expires", "expiry", "expiry date",
                "valid until"),
    "phone": ("dien thoai", "so dien thoai", "sdt", "dt", "phone", "telephone", "tel"),
}
FIELDS = tuple(SPELLINGS) + ("ignore",)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def folded(text) -> str:
    return _NOT_ALNUM.sub(" ", fold(str(text))).strip()


def field_of(header) -> str | None:
    """The field a header names, or None.

    A header equal to a spelling names its field; otherwise the spelling found
    first in the header wins, the longest when several start there: "Ngày
    quyết định công nhận" is the date, "Địa chỉ chủ thể" the address."""
    if header is None:
        return None
    words = f" {folded(header)} "
    if not words.strip():
        return None
    best, best_rank = None, None
    for field, spellings in SPELLINGS.items():
        for spelling in spellings:
            if words.strip() == spelling:
                return field
            at = words.find(f" {spelling} ")
            if at >= 0 and len(spelling) > 3:
                rank = (at, -len(spelling))
                if best_rank is None or rank < best_rank:
                    best, best_rank = field, rank
    return best


@dataclass
class Columns:
    header_row: int
    headers: list[str]  # the header text of every column ("" when blank)
    fields: dict[str, int]  # field -> column index (0-based)
    mapped_by_hand: set[str]

    def letter(self, index: int) -> str:
        return get_column_letter(index + 1)

    def describe(self) -> list[str]:
        by_column = {index: field for field, index in self.fields.items()}
        lines = []
        for index, header in enumerate(self.headers):
            if not header and index not in by_column:
                continue
            field = by_column.get(index)
            target = (f"{field}" + (" (--map)" if field in self.mapped_by_hand else "")) if field \
                else f'not used (add --map "{header or self.letter(index)}=FIELD" to use it)'
            lines.append(f"  {self.letter(index):>3}  {header[:40]:<40} -> {target}")
        return lines


def parse_maps(maps: list[str]) -> list[tuple[str, str]]:
    """--map "COLUMN=field" options; COLUMN is a header's text or a column letter."""
    pairs = []
    for item in maps:
        column, sep, field = item.rpartition("=")
        field = field.strip().lower()
        if not sep or not column.strip():
            raise BadFile(f'--map "{item}" must look like "COLUMN=field"')
        if field not in FIELDS:
            raise BadFile(f"--map \"{item}\": unknown field '{field}'; fields are {', '.join(FIELDS)}")
        pairs.append((column.strip(), field))
    return pairs


def find_columns(table: Table, maps: list[tuple[str, str]]) -> Columns:
    header_row, headers, fields = best_header(table, maps)
    if header_row is None:
        raise BadFile("no header row found in the first rows: expected columns such as "
                      "'Tên sản phẩm', 'Chủ thể', 'Số sao' (or map them with --map \"COLUMN=field\")")
    by_hand = set()
    for column, field in maps:
        index = column_index(column, headers)
        if index is None:
            raise BadFile(f"--map \"{column}={field}\": no column '{column}' in the header on row {header_row}")
        fields = {f: i for f, i in fields.items() if i != index and f != field}
        if field != "ignore":
            fields[field] = index
            by_hand.add(field)
    missing = [f for f in ("name", "producer", "stars") if f not in fields]
    if missing:
        raise BadFile(f"the header on row {header_row} has no column for {', '.join(missing)}; "
                      f"name it with --map \"COLUMN={missing[0]}\"")
    return Columns(header_row, headers, dict(sorted(fields.items(), key=lambda kv: kv[1])), by_hand)


def best_header(table: Table, maps) -> tuple[int | None, list[str], dict[str, int]]:
    """The row among the first ones that names the most known fields (at least three, one the name)."""
    best, best_score = (None, [], {}), 0
    wanted = {folded(column) for column, _ in maps}
    for number, cells in table.rows[:HEADER_SEARCH_ROWS]:
        headers = ["" if c is None else str(c) for c in cells]
        fields: dict[str, int] = {}
        for index, header in enumerate(headers):
            field = field_of(header)
            if field and field not in fields:
                fields[field] = index
        hand = sum(1 for h in headers if h and folded(h) in wanted)
        score = len(fields) + hand
        if score >= 3 and ("name" in fields or hand) and score > best_score:
            best, best_score = (number, headers, fields), score
    return best


def column_index(column: str, headers: list[str]) -> int | None:
    for index, header in enumerate(headers):
        if header and folded(header) == folded(column):
            return index
    if re.fullmatch(r"[A-Za-z]{1,3}", column):
        return column_index_from_string(column.upper()) - 1
    return None
