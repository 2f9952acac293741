"""Reading an annex: the rows of an .xlsx workbook or a .csv file.

openpyxl reads .xlsx (in read-only mode, row by row); the standard csv
module reads .csv. Each row keeps the number the office sees in Excel.
Anything that is not one of these, an old binary .xls, a password-protected
or damaged workbook, is refused with a plain reason before anything is written.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # Compound File: .xls, or an encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
CSV_ENCODINGS = ("utf-8-sig", "cp1258")  # Excel's "CSV UTF-8", then the Vietnamese Windows code page
MAX_ROWS = 100_000

Cell = str | int | float | dt.date | dt.datetime | None


class BadFile(Exception):
    """The file cannot be read as an annex; the message says why, in plain words."""


@dataclass
class Table:
    path: Path
    sheet: str | None
    rows: list[tuple[int, list[Cell]]]  # (spreadsheet row number, cells)


def read_table(path: Path) -> Table:
    try:
        with path.open("rb") as file:
            head = file.read(8)
    except OSError as exc:
        raise BadFile(f"cannot read the file: {exc.strerror or exc}") from None
    suffix = path.suffix.lower()
    if head.startswith(OLE_MAGIC):
        raise BadFile(ole_reason(path))
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if suffix in (".csv", ".txt", ".tsv") and not head.startswith(ZIP_MAGIC):
        return read_csv(path)
    if suffix == ".xls":
        raise BadFile("this .xls file is not a workbook Excel can open; save the annex as .xlsx or .csv")
    if suffix == ".ods":
        raise BadFile("this is a LibreOffice .ods sheet; save it as .xlsx (Excel 2007-365) or .csv")
    raise BadFile(f"not a spreadsheet: 'ocop import' reads .xlsx and .csv files, not '{suffix or path.name}'")


def ole_reason(path: Path) -> str:
    """An OLE compound file is an old .xls, or a password-protected .xlsx."""
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "the workbook is password-protected; open it in Excel, remove the password and save it again"
    return "this is an old binary Excel file (.xls); open it in Excel or LibreOffice and save it as .xlsx"


def read_xlsx(path: Path) -> Table:
    import openpyxl

    if not zipfile.is_zipfile(path):
        raise BadFile("the workbook is damaged (it is not a complete .xlsx file)")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, EOFError) as exc:
        raise BadFile(f"the workbook is damaged or not an Excel workbook ({type(exc).__name__})") from None
    except Exception as exc:  # openpyxl raises many parser errors on broken XML
        raise BadFile(f"the workbook cannot be read: {exc}") from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise BadFile("the workbook has no sheet")
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                raise BadFile(f"the sheet has more than {MAX_ROWS:,} rows")
            rows.append((number, [clean(v) for v in values]))
        return Table(path, sheet.title, rows)
    except BadFile:
        raise
    except Exception as exc:
        raise BadFile(f"the workbook cannot be read: {exc}") from None
    finally:
        book.close()


def read_csv(path: Path) -> Table:
    data = path.read_bytes()
    if b"\0" in data[:4096]:
        raise BadFile("not a spreadsheet: the file holds binary data, not comma-separated text")
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise BadFile("the text is neither UTF-8 nor Windows-1258; save it from Excel as 'CSV UTF-8'")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        rows = [(number, [clean(v) for v in values]) for number, values in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise BadFile(f"the CSV text cannot be read: {exc}") from None
    return Table(path, None, rows)


def clean(value) -> Cell:
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", " ".join(value.split()))
        return value or None
    return value
