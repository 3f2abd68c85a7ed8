"""Reading the organisation file: units and people from the municipality's organisation
system, as one CSV sheet (README, "Importing the organisation"; a sample in
docs/organisation-eksempel.csv).

`parse` reads and checks every row without touching the database and returns every
problem with its line number, so a person can fix the whole file in one go; nothing is
saved from a file with problems (`dus/orgimport.py` plans and applies). A spreadsheet's
habits are met: a byte order mark, `;` or tab instead of `,`, Danish column headers and
kinds, empty lines, extra columns from the export.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dus.models import EXTERNAL_ID_LENGTH, Unit
from dus.validators import single_line

# A whole municipality is a few hundred units and some thousand people: far below these.
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
# Problems listed for one file: past this many, the rest are counted.
MAX_PROBLEMS = 200

UNIT, PERSON = "unit", "person"
TYPES = {"enhed": UNIT, "unit": UNIT, "person": PERSON}

# Column headers as the file may write them (after `_header`), and the field each one is.
# The Danish names are the documented ones; the English ones suit an export script.
HEADERS = {
    "type": "type",
    "id": "id",
    "external_id": "id",
    "eksternt_id": "id",
    "navn": "name",
    "name": "name",
    "art": "kind",
    "enhedstype": "kind",
    "kind": "kind",
    "overenhed_id": "parent",
    "parent_id": "parent",
    "leder_email": "leader_email",
    "leader_email": "leader_email",
    "email": "email",
    "enhed_id": "unit",
    "unit_id": "unit",
}
# The documented (Danish) header of each field, for messages.
COLUMN_NAMES = {
    "type": "type",
    "id": "id",
    "name": "navn",
    "kind": "art",
    "parent": "overenhed_id",
    "leader_email": "leder_email",
    "email": "email",
    "unit": "enhed_id",
}
REQUIRED_COLUMNS = ["type", "id", "name", "kind", "email", "unit"]
# The longest text of each field: the model fields' limits (a person's name is kept as
# first and last name, each of at most 150 characters).
MAX_LENGTHS = {
    "id": EXTERNAL_ID_LENGTH,
    "name": 200,
    "kind": 100,
    "parent": EXTERNAL_ID_LENGTH,
    "leader_email": 254,
    "email": 254,
    "unit": EXTERNAL_ID_LENGTH,
}
PERSON_NAME_LENGTH = 150


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file; `line` is None for the file as a whole."""

    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class UnitRow:
    line: int
    external_id: str
    name: str
    kind: str
    parent_id: str
    leader_email: str


@dataclass
class PersonRow:
    line: int
    external_id: str
    name: str
    email: str
    unit_id: str


@dataclass
class ParsedFile:
    units: list[UnitRow] = field(default_factory=list)
    people: list[PersonRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Ids of the rows that had problems: a reference to one is not a problem of its own.
    faulty_ids: set[str] = field(default_factory=set)
    header_read: bool = False

    def add(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(line, message))


def kinds() -> dict[str, str]:
    """Every way the file may write a unit's kind, lower-cased: the code name, the
    Danish label ("Kontraktenhed") and the English one."""
    accepted = {}
    for kind in Unit.Kind:
        accepted[kind.value] = kind.value
        for language in ("da", "en"):
            with translation.override(language):
                accepted[str(kind.label).lower()] = kind.value
    return accepted


def decode(data: bytes) -> tuple[str | None, str | None]:
    """The file's text, or a Danish message saying why it cannot be read."""
    if len(data) > MAX_BYTES:
        message = _("The file is larger than %(megabytes)s MB: far more than an organisation.")
        return None, message % {"megabytes": MAX_BYTES // (1024 * 1024)}
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return None, _(
            "This is an Excel workbook, not a CSV file. In Excel choose File, Save as, "
            "»CSV UTF-8 (comma delimited)«, and upload that file."
        )
    if b"\x00" in data[:4096]:
        return None, _(
            "The file is not a CSV file (it holds binary data). Save the sheet as "
            "»CSV UTF-8« and upload that file."
        )
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        return None, _(
            "The file is not saved as UTF-8 (the first unreadable character is at byte "
            "%(position)s), so æ, ø and å would come out wrong. In Excel choose »CSV UTF-8 "
            "(comma delimited)« when you save, and upload the file again."
        ) % {"position": error.start + 1}


def _header(name: str) -> str:
    name = name.strip().lower().replace("-", "_").replace(" ", "_")
    return name.replace("e_mail", "email")


def _dialect(first_line: str) -> type[csv.Dialect] | csv.Dialect:
    """The separator of the header line: Danish Excel writes `;`, others `,` or tab."""
    try:
        return csv.Sniffer().sniff(first_line, delimiters=";,\t")
    except csv.Error:
        return csv.excel


def parse(data: bytes) -> ParsedFile:
    """Read and check the whole file: every problem, each with its line number."""
    parsed = ParsedFile()
    text, message = decode(data)
    if text is None:
        parsed.add(None, message)
        return parsed
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not first:
        parsed.add(None, _("The file is empty."))
        return parsed
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(first))
    try:
        columns = _read_header(reader, parsed)
        if columns is not None:
            parsed.header_read = True
            _read_rows(reader, columns, parsed)
    except csv.Error:
        parsed.add(
            reader.line_num or None,
            _("The file cannot be read as CSV here: check that quotes are closed."),
        )
    if parsed.header_read:
        _check_references(parsed)
    parsed.problems.sort(key=lambda p: p.line or 0)
    return parsed


def _read_header(reader, parsed: ParsedFile) -> list[str | None] | None:
    """The field of each column, or None (with the problem recorded) when the header
    lacks a required column."""
    header = []
    while not any(cell.strip() for cell in header):
        header = next(reader, None)
        if header is None:
            parsed.add(None, _("The file is empty."))
            return None
    columns = [HEADERS.get(_header(cell)) for cell in header]
    line = reader.line_num
    for name in {c for c in columns if c and columns.count(c) > 1}:
        message = _("The column »%(column)s« appears twice.")
        parsed.add(line, message % {"column": COLUMN_NAMES[name]})
    missing = [COLUMN_NAMES[c] for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        parsed.add(
            line,
            ngettext(
                "The header lacks the column %(columns)s. The first line must name the "
                "columns: type, id, navn, art, overenhed_id, leder_email, email, enhed_id.",
                "The header lacks the columns %(columns)s. The first line must name the "
                "columns: type, id, navn, art, overenhed_id, leder_email, email, enhed_id.",
                len(missing),
            )
            % {"columns": ", ".join(f"»{name}«" for name in missing)},
        )
    return None if missing or parsed.problems else columns


def _read_rows(reader, columns: list[str | None], parsed: ParsedFile) -> None:
    accepted_kinds = kinds()
    count = 0
    while True:
        line = reader.line_num + 1  # where the row starts: a quoted cell may span lines
        cells = next(reader, None)
        if cells is None:
            break
        if not any(cell.strip() for cell in cells):
            continue
        count += 1
        if count > MAX_ROWS:
            parsed.add(line, _("The file has more than %(rows)s rows.") % {"rows": MAX_ROWS})
            return
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            parsed.add(line, _("The row has more cells than the header has columns."))
            continue
        values = dict.fromkeys(COLUMN_NAMES, "")
        for name, cell in zip(columns, cells, strict=False):
            if name:
                values[name] = cell.strip()
        _read_row(line, values, accepted_kinds, parsed)


def _read_row(line: int, values: dict, accepted_kinds: dict, parsed: ParsedFile) -> None:
    before = len(parsed.problems)
    kind = TYPES.get(values["type"].lower())
    if kind is None:
        parsed.add(
            line,
            _("The type »%(type)s« is unknown: write »enhed« or »person«.")
            % {"type": values["type"]},
        )
        return
    required = ["id", "name", "kind"] if kind == UNIT else ["id", "name", "email", "unit"]
    used = [*required, "parent", "leader_email"] if kind == UNIT else required
    for name in used:
        value = values[name]
        column = COLUMN_NAMES[name]
        if not value:
            if name in required:
                parsed.add(line, _("The column »%(column)s« is empty.") % {"column": column})
            continue
        limit = PERSON_NAME_LENGTH if (kind, name) == (PERSON, "name") else MAX_LENGTHS[name]
        if len(value) > limit:
            parsed.add(
                line,
                _("»%(column)s« is %(length)s characters long; at most %(limit)s are allowed.")
                % {"column": column, "length": len(value), "limit": limit},
            )
            continue
        try:
            single_line(value)
        except ValidationError as error:
            parsed.add(line, f"»{column}«: {error.messages[0]}")
            continue
        if name in ("email", "leader_email"):
            try:
                validate_email(value)
            except ValidationError:
                parsed.add(
                    line,
                    _("»%(value)s« in »%(column)s« is not a valid e-mail address.")
                    % {"value": value, "column": column},
                )
    if kind == UNIT and values["kind"] and values["kind"].lower() not in accepted_kinds:
        parsed.add(
            line,
            _("The kind »%(kind)s« is unknown: write one of %(kinds)s.")
            % {"kind": values["kind"], "kinds": _kind_names()},
        )
    if len(parsed.problems) > before:
        parsed.faulty_ids.add(values["id"])
        return
    if kind == UNIT:
        parsed.units.append(
            UnitRow(
                line,
                values["id"],
                values["name"],
                accepted_kinds[values["kind"].lower()],
                values["parent"],
                values["leader_email"],
            )
        )
    else:
        parsed.people.append(
            PersonRow(line, values["id"], values["name"], values["email"], values["unit"])
        )


def _kind_names() -> str:
    with translation.override("da"):
        return ", ".join(f"»{kind.label}«" for kind in Unit.Kind)


def _check_references(parsed: ParsedFile) -> None:
    """What needs the whole file: unique ids and e-mails, parents and units that exist,
    no unit that is its own ancestor, and a file that holds an organisation at all (a
    file without units or people would deactivate every imported one)."""
    clean = not parsed.problems  # else the rows with problems may be the units or people
    if not parsed.units and clean:
        parsed.add(None, _("The file holds no units (rows of type »enhed«)."))
    if not parsed.people and clean:
        parsed.add(None, _("The file holds no people (rows of type »person«)."))
    units = _unique(
        parsed,
        parsed.units,
        lambda row: row.external_id,
        _("The unit id »%(value)s« is also on line %(line)s."),
    )
    _unique(
        parsed,
        parsed.people,
        lambda row: row.external_id,
        _("The person id »%(value)s« is also on line %(line)s."),
    )
    _unique(
        parsed,
        parsed.people,
        lambda row: row.email.lower(),
        _("The e-mail address »%(value)s« is also on line %(line)s."),
    )
    for row in parsed.units:
        known = row.parent_id in units or row.parent_id in parsed.faulty_ids
        if row.parent_id and not known:
            parsed.add(
                row.line,
                _("The parent unit »%(id)s« is not in the file.") % {"id": row.parent_id},
            )
    for row in parsed.people:
        if row.unit_id not in units and row.unit_id not in parsed.faulty_ids:
            parsed.add(row.line, _("The unit »%(id)s« is not in the file.") % {"id": row.unit_id})
    _check_cycles(parsed, units)


def _unique(parsed: ParsedFile, rows: list, key, message: str) -> dict:
    """The rows by key; a key seen before is a problem on the later line."""
    seen = {}
    for row in rows:
        value = key(row)
        if value in seen:
            parsed.add(row.line, message % {"value": value, "line": seen[value].line})
        else:
            seen[value] = row
    return seen


def _check_cycles(parsed: ParsedFile, units: dict[str, UnitRow]) -> None:
    """Each unit that is its own ancestor, named with the ring it is in. Each unit is
    walked once: a walk stops at a unit an earlier walk finished."""
    state: dict[str, str] = {}  # "walking" on the current path, "done" after
    for start in units:
        path, node = [], start
        while node in units and node not in state:
            state[node] = "walking"
            path.append(node)
            node = units[node].parent_id
        if state.get(node) == "walking":
            ring = path[path.index(node) :]
            names = " → ".join(units[i].name for i in [*ring, node])
            for unit_id in ring:
                parsed.add(
                    units[unit_id].line,
                    _("The unit is its own parent through the ring %(ring)s.") % {"ring": names},
                )
        for unit_id in path:
            state[unit_id] = "done"
