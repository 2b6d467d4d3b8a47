"""Tabular files in and out: CSV and XLSX read into rows of cells, and written back, safely.

Reading enforces the size limits (bytes, rows, XLSX uncompressed size) and reports the line
number of every row as a spreadsheet shows it (the header is line 1). Writing escapes every text
cell that a spreadsheet would run as a formula; reading removes that escape again, so an export
imports back unchanged.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file separates its cells and writes its decimals. French spreadsheets read the
    semicolon and the decimal comma; the others the comma and the decimal point. Reading detects
    the separator and takes either decimal mark, so both dialects import."""

    delimiter: str
    decimal_mark: str


FRENCH_CSV = "fr"
INTERNATIONAL_CSV = "en"
CSV_DIALECTS = {FRENCH_CSV: CsvDialect(";", ","), INTERNATIONAL_CSV: CsvDialect(",", ".")}


def csv_dialect_for(language: str | None) -> str:
    """The dialect a reader of `language` opens in their spreadsheet without an import step."""
    return FRENCH_CSV if (language or "").startswith("fr") else INTERNATIONAL_CSV


# Text cells starting with one of these run as formulas in spreadsheets (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def max_upload_bytes() -> int:
    return getattr(settings, "DATAIO_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)


def max_rows() -> int:
    return getattr(settings, "DATAIO_MAX_ROWS", 10_000)


def max_unzipped_bytes() -> int:
    return getattr(settings, "DATAIO_MAX_UNZIPPED_BYTES", 100 * 1024 * 1024)


class SheetError(ValueError):
    """The file as a whole cannot be read; the message is translated and meant for the user."""


@dataclass
class Sheet:
    header: list[str]
    # (line number, cells) for every non-blank data row.
    rows: list[tuple[int, list]]
    # Data lines whose number of cells does not match the header (CSV only): line → cells found.
    ragged: dict[int, int]


# --- escaping ----------------------------------------------------------------------------------


def escape_cell(value):
    """A text cell that a spreadsheet would run as a formula, prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return ESCAPE + value
    return value


def unescape_cell(value):
    if isinstance(value, str) and value.startswith(ESCAPE) and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


# --- reading -----------------------------------------------------------------------------------


def detect_format(name: str, content: bytes) -> str:
    lowered = (name or "").lower()
    if lowered.endswith(".xls") or content.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetError(_("Old Excel files (.xls) are not supported: save the file as .xlsx or CSV."))
    if content.startswith(b"PK\x03\x04"):
        return XLSX
    if lowered.endswith(".xlsx"):
        raise SheetError(_("This file is not a valid Excel (.xlsx) file."))
    return CSV


def read_sheet(name: str, content: bytes, *, row_limit: int | None = None) -> Sheet:
    """The header and rows of an uploaded CSV or XLSX file, or SheetError with a clear reason.
    `row_limit` lowers DATAIO_MAX_ROWS (the web import's limit)."""
    if len(content) > max_upload_bytes():
        raise SheetError(too_large_message(len(content)))
    if not content.strip():
        raise SheetError(_("The file is empty."))
    lines = _xlsx_lines(content) if detect_format(name, content) == XLSX else _csv_lines(content)
    return _sheet(lines, min(max_rows(), row_limit) if row_limit else max_rows())


def too_large_message(size: int) -> str:
    return _("The file is too large (%(size)s); the limit is %(limit)s.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(max_upload_bytes()),
    }


def _sheet(lines: Iterator[tuple[int, list]], limit: int) -> Sheet:
    header: list[str] | None = None
    rows: list[tuple[int, list]] = []
    ragged: dict[int, int] = {}
    for line, found in lines:
        cells = [unescape_cell(cell) for cell in found]
        if header is None:
            if all(_blank(cell) for cell in cells):
                continue
            header = [normalize_column(cell) for cell in cells]
            while header and not header[-1]:
                header.pop()
            continue
        if all(_blank(cell) for cell in cells):
            continue
        if len(rows) >= limit:
            raise SheetError(
                ngettext(
                    "The file has more than %(limit)s row: split it into several files.",
                    "The file has more than %(limit)s rows: split it into several files.",
                    limit,
                )
                % {"limit": f"{limit:,}".replace(",", "\u202f")}
            )
        if isinstance(found, _CsvCells) and (
            len(cells) < len(header) or not all(_blank(cell) for cell in cells[len(header) :])
        ):
            ragged[line] = len(cells)
        cells = list(cells[: len(header)]) + [None] * (len(header) - len(cells))
        rows.append((line, cells))
    if header is None:
        raise SheetError(_("The file is empty."))
    return Sheet(header=header, rows=rows, ragged=ragged)


def normalize_column(value) -> str:
    return "_".join(str(value or "").strip().lstrip("\ufeff").lower().split())


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


class _CsvCells(list):
    """A CSV row: unlike XLSX rows, its length is what the file holds, so a short row is reported."""


def _csv_lines(content: bytes) -> Iterator[tuple[int, list]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets on Windows save CSV in the ANSI code page; cp1252 covers French.
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise SheetError(_("The file's text encoding is not recognised: save it as UTF-8 CSV.")) from error
    if "\x00" in text:
        raise SheetError(_("This file is not a CSV file."))
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count) if first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            yield start, _CsvCells(cells)
            start = reader.line_num + 1
    except csv.Error as error:
        raise SheetError(
            _("Line %(line)s cannot be read as CSV: %(error)s") % {"line": start, "error": error}
        ) from error


def _xlsx_lines(content: bytes) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unzipped = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as error:
        raise SheetError(_("This file is not a valid Excel (.xlsx) file.")) from error
    if unzipped > max_unzipped_bytes():
        raise SheetError(_("The Excel file holds too much data once uncompressed: split it into several files."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a corrupt or foreign file
        raise SheetError(_("This file is not a valid Excel (.xlsx) file.")) from error
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_xlsx_value(value) for value in values]
    except SheetError:
        raise
    except Exception as error:
        raise SheetError(_("This file is not a valid Excel (.xlsx) file.")) from error
    finally:
        workbook.close()


def _xlsx_value(value):
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    return value


# --- writing -----------------------------------------------------------------------------------


def _csv_text(value, decimal_mark: str = ".") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value).replace(".", decimal_mark)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def csv_chunks(header: list[str], rows: Iterable[list], dialect: str = INTERNATIONAL_CSV) -> Iterator[str]:
    """CSV text in `dialect`, a line at a time (with the byte order mark spreadsheets need to read UTF-8)."""
    chosen = CSV_DIALECTS[dialect]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=chosen.delimiter, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(header)
    yield "\ufeff" + flush()
    for row in rows:
        writer.writerow(
            [
                escape_cell(_csv_text(value)) if isinstance(value, str) else _csv_text(value, chosen.decimal_mark)
                for value in row
            ]
        )
        yield flush()


def xlsx_bytes(header: list[str], rows: Iterable[list], *, title: str) -> bytes:
    """An XLSX workbook of one sheet, text cells escaped, dates formatted as dates."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                # Control characters cannot be stored in the file's XML: they are dropped.
                cell = WriteOnlyCell(sheet, value=escape_cell(ILLEGAL_CHARACTERS_RE.sub("", value)))
                cell.data_type = "s"
            else:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
