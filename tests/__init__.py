"""The tests. Imported first in a test run (pytest-django imports tests.settings before Django
starts), so this is where the run keeps its compiled modules even under
PYTHONDONTWRITEBYTECODE: without them every run compiles the project and rewrites the
asserts of every test module anew, about a second per process. They go under
.venv/pycache/, not beside the sources."""

import sys
from pathlib import Path

if sys.dont_write_bytecode and sys.pycache_prefix is None:
    sys.pycache_prefix = str(Path(__file__).resolve().parents[1] / ".venv" / "pycache")
    sys.dont_write_bytecode = False
