"""Libraries that only one feature needs are imported where that feature runs, not at
module level: every gunicorn worker, and the Celery worker and beat (Celery's Django
fixup runs the system checks, which load the URLconf and so every view), would otherwise
hold them in memory: openpyxl ~14 MB, icalendar ~7 MB, requests with PyJWT and
cryptography ~26 MB per process. Read from the source, so no fresh interpreter is needed."""

import ast
from pathlib import Path

import openpyxl.cell.cell

from dus import spreadsheet

ROOT = Path(__file__).resolve().parents[2]
APPS = ["dus", "missions", "portfolio", "dialogues"]
LAZY = {"openpyxl", "icalendar", "requests", "jwt", "mozilla_django_oidc", "cryptography"}
# Modules that import them at module level, themselves imported only where used. (An
# identity-provider sign-in loads dus.oidc as its authentication backend.)
LAZY_MODULES = {"dus.oidc"}


def _module_level_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.parse(path.read_text()).body:  # module level only, not in functions
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_it_imports_the_libraries_of_single_features_where_they_are_used():
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            if module in LAZY_MODULES or "migrations" in path.parts:
                continue
            eager = {
                name
                for name in _module_level_imports(path)
                if name.split(".")[0] in LAZY or name in LAZY_MODULES
            }
            if eager:
                found[module] = sorted(eager)
    assert found == {}


def test_it_leaves_out_the_characters_openpyxl_refuses_without_importing_it():
    assert (
        spreadsheet.ILLEGAL_CHARACTERS_RE.pattern
        == openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.pattern
    )
    assert spreadsheet.clean_text("a\x00b\x1fc\td\ne") == "abc\td\ne"
