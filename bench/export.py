"""Memory of the exports: the CSV and XLSX export of 50,000 initiatives on PostgreSQL.

Run with `.venv/bin/python bench/export.py`; see bench/README.md ("Export benchmark").
Builds the data with bench/data.py (as bench/load.py does, to ten times its large set),
then measures each export in a fresh Python process: its resident memory after Django
is set up and one small export has run (the start), and the peak resident memory
(Linux's VmHWM, reset at the start through /proc/self/clear_refs) while the whole
export is read from the streamed response. Prints the peak above the start.
Exits 1 if a target fails, 2 if the benchmark itself could not run.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402
from bench.run import BenchError  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dus_export"
USERNAME = "bench-eksport"
GROWTH_FACTOR = 10  # bench/data.py's large set (5,000 initiatives) times this
MEMORY_TARGET_MB = 150.0  # peak above the start, per export


def _status_kb(name: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    raise BenchError(f"/proc/self/status has no {name}")


def measure(fmt: str) -> None:
    """In a process of its own: export everything as `fmt`, print the figures as
    `rows start_mb peak_mb seconds bytes`."""
    run.setup_django(os.environ["DATABASE_URL"])  # migrated already: nothing to do
    from django.test import Client
    from django.urls import reverse

    from dus.models import User

    client = Client()
    client.force_login(User.objects.get(username=USERNAME))
    url = reverse(f"portfolio:initiative_export_{fmt}")
    # Warm up: imports, templates, translations, one small export (one cluster).
    _read(client.get(url, {"cluster": "1"}))
    start = _status_kb("VmRSS")
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # resets VmHWM, the peak resident memory, to the current
    clock = time.perf_counter()
    response = client.get(url)
    if response.status_code != 200 or not response.streaming:
        raise BenchError(f"{url}: {response.status_code}, streaming={response.streaming}")
    with tempfile.TemporaryFile() as out:
        size = _read(response, out)
        seconds = time.perf_counter() - clock
        peak = _status_kb("VmHWM")
        out.seek(0)
        rows = _rows(fmt, out)
    print(f"{rows} {start / 1024:.1f} {peak / 1024:.1f} {seconds:.1f} {size}")


def _read(response, out=None) -> int:
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        if out is not None:
            out.write(chunk)
    response.close()
    return size


def _rows(fmt: str, out) -> int:
    """The data rows in the export (without the heading), read back."""
    if fmt == "csv":
        return sum(chunk.count(b"\r\n") for chunk in iter(lambda: out.read(1 << 20), b"")) - 1
    from openpyxl import load_workbook

    sheet = load_workbook(out, read_only=True).active
    return sum(1 for _row in sheet.iter_rows(values_only=True)) - 1


def main() -> int:
    url = os.environ.get("BENCH_EXPORT_DATABASE_URL", DEFAULT_URL)
    keep = os.environ.get("BENCH_KEEP") == "1"
    started = time.perf_counter()
    try:
        run._admin_connection(url)[0].close()
    except BenchError as error:
        print(f"ERROR  {error}", file=sys.stderr)
        return 2
    run.recreate_database(url)
    try:
        run.setup_django(url)
        from django.db import connections

        from bench import data as builder
        from portfolio.models import Initiative, LogEntry

        fx = builder.build_small()
        builder.build_manager(USERNAME, "!")
        builder.grow_large(fx)
        builder.grow_huge(fx, GROWTH_FACTOR)
        builder.analyze()
        count = Initiative.objects.count()
        print(
            f"Built in {time.perf_counter() - started:.0f} s: {count:,} initiatives, "
            f"{LogEntry.objects.count():,} logbook entries"
        )
        connections.close_all()
        passed = True
        print("\n| export | rows | start MB | peak MB | above start MB | s | size MB |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for fmt in ("csv", "xlsx"):
            done = subprocess.run(
                [sys.executable, __file__, "measure", fmt],
                env=os.environ | {"DATABASE_URL": url},
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise BenchError(f"measuring {fmt} failed:\n{done.stderr[-3000:]}")
            rows, start, peak, seconds, size = done.stdout.split()[-5:]
            above = float(peak) - float(start)
            print(
                f"| {fmt} | {int(rows):,} | {start} | {peak} | {above:.1f} | {seconds} | "
                f"{int(size) / 1e6:.1f} |"
            )
            passed &= int(rows) == count and above < MEMORY_TARGET_MB
        print(
            f"\n{'PASS' if passed else 'FAIL'}  every row exported, peak under "
            f"{MEMORY_TARGET_MB:.0f} MB above the start"
        )
        print(f"Total {time.perf_counter() - started:.0f} s")
        return 0 if passed else 1
    except BenchError as error:
        print(f"ERROR  {error}", file=sys.stderr)
        return 2
    finally:
        if not keep:
            from django.db import connections

            connections.close_all()
            run.drop_database(url)


if __name__ == "__main__":
    if sys.argv[1:2] == ["measure"]:
        measure(sys.argv[2])
    else:
        sys.exit(main())
