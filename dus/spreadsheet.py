"""Rows as CSV (for Danish Excel) and XLSX, for the portal's downloads: the portfolio's
export (portfolio/export.py) and a person's audit trail (dus/audit.py).

Every row, however many, in flat memory: CSV is yielded a chunk of lines at a time, for a
StreamingHttpResponse, and XLSX written by openpyxl's write-only workbook into a temporary
file that is then streamed.

Text is written so a spreadsheet shows it and never runs it (OWASP's CSV injection
guidance): a text that begins like a formula is a string cell in XLSX and starts with
an apostrophe in CSV. Control characters stored before the portal refused them
(dus/validators.py) are left out, so one bad text cannot break a download.
"""

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator

CHUNK = 1000  # CSV lines yielded at a time

# The control characters XLSX cannot hold: openpyxl's ILLEGAL_CHARACTERS_RE (a test keeps
# them equal), here so that the CSV downloads and start-up do not import openpyxl.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

# What a spreadsheet takes as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value: str) -> str:
    """The text without the control characters XLSX cannot hold (tab and line breaks stay)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def as_csv(header: list[str], rows: Iterable[list], chunk: int = CHUNK) -> Iterator[bytes]:
    """UTF-8 with a BOM and `;` between fields, as Danish Excel expects; dates and times
    in ISO 8601; `chunk` lines at a time."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    out.write("\ufeff")
    writer.writerow(header)
    for n, row in enumerate(rows, start=1):
        writer.writerow([_csv_value(v) for v in row])
        if n % chunk == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def _csv_value(value):
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.isoformat()
    if isinstance(value, str):
        value = clean_text(value)
    return f"'{value}" if is_formula_like(value) else value


def as_xlsx(
    title: str,
    header: list[str],
    rows: Iterable[list],
    widths: list[int],
    formats: dict[int, str] | None = None,
):
    """The workbook of one sheet in an unnamed temporary file (gone when closed), at its
    start: rows are written as they are read (openpyxl's write-only mode keeps none of
    them). `formats` gives columns (from 0) a number format, e.g. a date's."""
    # Imported here: openpyxl holds about 14 MB in every process that imports it, and
    # only the XLSX downloads need it (every web and Celery process loads the URLconf).
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    formats = formats or {}
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_cell(sheet, title, font=bold) for title in header])
    count = 0
    for row in rows:
        sheet.append(
            [_cell(sheet, value, number_format=formats.get(i)) for i, value in enumerate(row)]
        )
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it when sent)
    book.save(out)
    out.seek(0)
    return out


def _cell(sheet, value, *, font=None, number_format=None):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        value = clean_text(value)
    cell = WriteOnlyCell(sheet, value=value)
    if is_formula_like(value):
        cell.data_type = "s"  # openpyxl made it a formula
        cell.quotePrefix = True  # and it stays text when edited
    if font:
        cell.font = font
    if number_format:
        cell.number_format = number_format
    return cell
