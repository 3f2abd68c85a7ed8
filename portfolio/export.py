"""The filtered portfolio as CSV (for Danish Excel) and XLSX: one row per initiative.

Every row, however many, in flat memory: the initiatives are read in chunks
(`iterator(chunk_size=...)`, a server-side cursor on PostgreSQL, the hard problems
prefetched per chunk); CSV is streamed a chunk of lines at a time, and XLSX written by
openpyxl's write-only workbook into a temporary file that is then streamed.

Text is written so a spreadsheet shows it and never runs it (OWASP's CSV injection
guidance): a text that begins like a formula is a string cell in XLSX and starts with
an apostrophe in CSV. Control characters stored before the portal refused them
(dus/validators.py) are left out, so one bad title cannot break the export.
"""

import csv
import io
import re
import tempfile
from collections.abc import Iterator

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from dus.models import HardProblem
from portfolio.models import ReviewDecision

CHUNK = 1000  # initiatives read from the database at a time
WIDTHS = [40, 16, 36, 32, 36, 48, 16, 24, 28, 10, 14, 16]
DATE_COLUMN = 10  # "Last entry"

# The control characters XLSX cannot hold: openpyxl's ILLEGAL_CHARACTERS_RE (a test keeps
# them equal), here so that the CSV export and start-up do not import openpyxl.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

# What a spreadsheet takes as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value: str) -> str:
    """The text without the control characters XLSX cannot hold (tab and line breaks stay)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def columns() -> list[str]:
    return [
        _("Initiative"),
        _("Kind"),
        _("Mission"),
        _("Cluster"),
        _("Track"),
        _("Hard problems"),
        _("Status"),
        _("Owner"),
        _("Unit"),
        _("Hours a month"),
        _("Last entry"),
        _("Latest decision"),
    ]


def rows(initiatives):
    """The export's rows, in a fixed number of queries whatever their number."""
    latest = ReviewDecision.objects.filter(initiative=OuterRef("pk")).order_by(
        "-review__scheduled_at"
    )
    initiatives = (
        initiatives.with_last_entry()
        .annotate(latest_decision=Subquery(latest.values("decision")[:1]))
        .select_related("cluster__mission__track", "owner", "unit")
        .prefetch_related(Prefetch("problems", queryset=HardProblem.objects.order_by("number")))
        .order_by("cluster__mission__track__number", "cluster__name", "rank", "pk")
    )
    labels = dict(ReviewDecision.Decision.choices)
    for i in initiatives.iterator(chunk_size=CHUNK):
        row = [
            i.title,
            i.get_kind_display(),
            i.cluster.mission.title,
            i.cluster.name,
            i.cluster.mission.track.title,
            ", ".join(p.title for p in i.problems.all()),
            i.get_status_display(),
            str(i.owner),
            str(i.unit or ""),
            i.effort_hours,
            timezone.localdate(i.last_entry_at) if i.last_entry_at else None,
            str(labels.get(i.latest_decision, "")),
        ]
        yield [clean_text(v) if isinstance(v, str) else v for v in row]


def as_csv(initiatives) -> Iterator[bytes]:
    """UTF-8 with a BOM and `;` between fields, as Danish Excel expects; yielded a chunk
    of lines at a time, for a StreamingHttpResponse."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    out.write("\ufeff")
    writer.writerow(columns())
    for n, row in enumerate(rows(initiatives), start=1):
        writer.writerow([_csv_value(v) for v in row])
        if n % CHUNK == 0:
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode("utf-8")


def _csv_value(value):
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.isoformat()
    return f"'{value}" if is_formula_like(value) else value


def as_xlsx(initiatives):
    """The workbook in an unnamed temporary file (gone when closed), at its start: rows
    are written as they are read (openpyxl's write-only mode keeps none of them)."""
    # Imported here: openpyxl holds about 14 MB in every process that imports it, and
    # only this export needs it (every web and Celery process loads the URLconf).
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Portfolio")[:31])
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_cell(sheet, title, font=bold) for title in columns()])
    count = 0
    for row in rows(initiatives):
        sheet.append([_cell(sheet, value, date=i == DATE_COLUMN) for i, value in enumerate(row)])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(WIDTHS))}{count + 1}"
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it when sent)
    book.save(out)
    out.seek(0)
    return out


def _cell(sheet, value, *, font=None, date=False):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if is_formula_like(value):
        cell.data_type = "s"  # openpyxl made it a formula
        cell.quotePrefix = True  # and it stays text when edited
    if font:
        cell.font = font
    if date:
        cell.number_format = "YYYY-MM-DD"
    return cell
