"""The filtered portfolio as CSV (for Danish Excel) and XLSX: one row per initiative.

Every row, however many, in flat memory: the initiatives are read in chunks
(`iterator(chunk_size=...)`, a server-side cursor on PostgreSQL, the hard problems
prefetched per chunk) and written by dus/spreadsheet.py, which streams them and keeps
a text that begins like a formula from running (CSV/formula injection).
"""

from collections.abc import Iterator

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from dus import spreadsheet
from dus.models import HardProblem
from portfolio.models import ReviewDecision

CHUNK = 1000  # initiatives read from the database, and CSV lines yielded, at a time
WIDTHS = [40, 16, 36, 32, 36, 48, 16, 24, 28, 10, 14, 16]
DATE_COLUMN = 10  # "Last entry"


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
        yield row


def as_csv(initiatives) -> Iterator[bytes]:
    """UTF-8 with a BOM and `;` between fields, as Danish Excel expects; yielded a chunk
    of lines at a time, for a StreamingHttpResponse."""
    return spreadsheet.as_csv(columns(), rows(initiatives), chunk=CHUNK)


def as_xlsx(initiatives):
    """The workbook in an unnamed temporary file (gone when closed), at its start."""
    return spreadsheet.as_xlsx(
        _("Portfolio"),
        columns(),
        rows(initiatives),
        WIDTHS,
        formats={DATE_COLUMN: "YYYY-MM-DD"},
    )
