"""Times importing a 10,000-row legacy spreadsheet against its same-run baseline.

The baseline is the least any import could do: python-calamine reading the same file,
plus one bulk INSERT of the same rows (areas looked up by code in a dict). The import
itself also finds the header row, parses and checks every date, matches every area by
code, name, alias or fuzzy name, looks for duplicates, checks each row by the engagement
service's rules (so an imported row obeys the same rules as a typed one), links or adds
its people and organisations, and writes it in bulk (``imports.bulk_write``).

Run alone: ``.venv/bin/python -m bench.import_bench [--rows N] [--runs N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.export_bench import _isolate

ROWS = 10_000
COMMITTEE = "Community Pharmacy Bench"


def _areas(template: Path) -> list[tuple[str, str]]:
    """(code, short name) of current PCNs to spread the rows over."""
    from sqlalchemy import select

    from icstracker.db.database import Database
    from icstracker.db.engine import sqlite_url
    from icstracker.db.models import Area

    database = Database(sqlite_url(template))
    try:
        with database.session() as session:
            query = (
                select(Area.code, Area.short_name)
                .where(Area.kind == "pcn", Area.valid_to.is_(None))
                .order_by(Area.code)
                .limit(400)
            )
            return [(code, name) for code, name in session.execute(query)]
    finally:
        database.dispose()


def write_legacy_sheet(path: Path, rows: int, areas: list[tuple[str, str]]) -> None:
    """A log as an LPC keeps it: title row, dd/mm dates, area names or codes, free text."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Log")
    sheet.append(["LPC engagement log (bench)"])
    sheet.append(["Date of meeting", "PCN", "Type", "Subject", "Notes", "Attendees"])
    start = dt.date(2025, 4, 1)
    for number in range(rows):
        code, name = areas[number % len(areas)]
        day = start + dt.timedelta(days=number % 540)
        sheet.append(
            [
                f"{day:%d/%m/%Y}",
                code if number % 2 else name,
                ("Meeting", "Call", "Email")[number % 3],
                f"Engagement {number}: Pharmacy First update",
                "Discussed referrals and the pathway; agreed next steps. " * (1 + number % 3),
                f"Person {number % 97}; Person {(number + 5) % 97}",
            ]
        )
    book.save(path)


def _fresh(template: Path, path: Path) -> Any:
    from icstracker.db.backup import backup_sqlite
    from icstracker.db.database import Database
    from icstracker.db.engine import sqlite_url
    from icstracker.services.committees import create_committee

    path.unlink(missing_ok=True)
    backup_sqlite(template, path)
    database = Database(sqlite_url(path))
    with database.write() as session:
        create_committee(session, COMMITTEE)
    return database


def _baseline(database: Any, sheet_path: Path) -> int:
    """calamine reads the sheet; one bulk insert writes the rows."""
    from python_calamine import CalamineWorkbook
    from sqlalchemy import insert, select

    from icstracker.db.models import Area, Committee, Engagement

    workbook = CalamineWorkbook.from_path(str(sheet_path))
    rows = workbook.get_sheet_by_index(0).to_python()[2:]
    workbook.close()
    with database.write() as session:
        committee = session.scalar(select(Committee.id))
        ids: dict[str, int] = {}
        for area_id, code, name in session.execute(select(Area.id, Area.code, Area.short_name)):
            ids[code] = area_id
            ids.setdefault(name, area_id)
        session.execute(
            insert(Engagement),
            [
                {
                    "committee_id": committee,
                    "area_id": ids[str(area)],
                    "occurred_on": dt.datetime.strptime(str(day), "%d/%m/%Y").date(),
                    "kind": str(kind).lower(),
                    "title": str(title),
                    "summary": str(notes),
                    "outcome": "",
                    "search_text": f"{title}\n{notes}".lower(),
                }
                for day, area, kind, title, notes, _people in rows
            ],
        )
    return len(rows)


def measure_import(
    rows: int, runs: int, scratch: Path, template: Path | None = None
) -> dict[str, Any]:
    from icstracker.db.engine import sqlite_url
    from icstracker.db.setup import open_database
    from icstracker.services.imports.apply import run_import
    from icstracker.services.imports.plan import ImportOptions

    if template is None:
        template = scratch / "import-template.sqlite3"
        open_database(sqlite_url(template)).database.dispose()
    sheet_path = scratch / "legacy log.xlsx"
    write_legacy_sheet(sheet_path, rows, _areas(template))
    imported, baseline = [], []
    added = 0
    for _ in range(runs):
        database = _fresh(template, scratch / "import.sqlite3")
        started = time.perf_counter()
        options = ImportOptions(committee=COMMITTEE)
        result = run_import(database, sheet_path, options, skip_bad_rows=True)
        imported.append(time.perf_counter() - started)
        added = len(result.added_ids)
        database.dispose()
        database = _fresh(template, scratch / "baseline.sqlite3")
        started = time.perf_counter()
        _baseline(database, sheet_path)
        baseline.append(time.perf_counter() - started)
        database.dispose()
    import_s, baseline_s = statistics.median(imported), statistics.median(baseline)
    return {
        "rows": rows,
        "added": added,
        "import_s": import_s,
        "baseline_s": baseline_s,
        "ratio": import_s / baseline_s,
        "runs": {"import_s": imported, "baseline_s": baseline},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.import_bench")
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    from bench.bytecode import as_installed

    as_installed()
    scratch = Path(tempfile.mkdtemp(prefix="icstracker-import-bench-"))
    _isolate(scratch)
    found = measure_import(args.rows, args.runs, scratch)
    print(
        f"import of {found['rows']:,} rows ({found['added']:,} added): {found['import_s']:.2f} s; "
        f"calamine + bulk insert {found['baseline_s']:.2f} s; ratio {found['ratio']:.1f}×"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


# The floor as a process of its own: what any import of the file must do at the least.
FLOOR_SCRIPT = """
import datetime as dt, sqlite3, sys
from python_calamine import CalamineWorkbook
database, sheet = sys.argv[1], sys.argv[2]
workbook = CalamineWorkbook.from_path(sheet)
rows = workbook.get_sheet_by_index(0).to_python()[2:]
connection = sqlite3.connect(database, isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
committee = connection.execute("SELECT id FROM committee").fetchone()[0]
ids = {}
for area_id, code, name in connection.execute("SELECT id, code, short_name FROM area"):
    ids[code] = area_id
    ids.setdefault(name, area_id)
now = dt.datetime.now(dt.timezone.utc).isoformat()
connection.executemany(
    "INSERT INTO engagement (committee_id, area_id, occurred_on, kind, title, summary, outcome,"
    " search_text, created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,1)",
    [
        (committee, ids[str(area)], dt.datetime.strptime(str(day), "%d/%m/%Y").date().isoformat(),
         str(kind).lower(), str(title), str(notes), "", f"{title}\\n{notes}".lower(), now, now)
        for day, area, kind, title, notes, _people in rows
    ],
)
connection.execute("COMMIT")
"""


def measure_import_process(
    rows: int, runs: int, scratch: Path, template: Path | None = None
) -> dict[str, Any]:
    """``icstracker import`` as a whole process (interpreter, imports, reading, planning,
    writing) against a process that only reads the file with calamine and writes it
    with one ``executemany``, alternating, median of ``runs`` each."""
    import os
    import subprocess
    import sys

    from icstracker.db.engine import sqlite_url
    from icstracker.db.setup import open_database

    if template is None:
        template = scratch / "import-template.sqlite3"
        open_database(sqlite_url(template)).database.dispose()
    sheet_path = scratch / "legacy log.xlsx"
    if not sheet_path.exists():
        write_legacy_sheet(sheet_path, rows, _areas(template))
    env = dict(os.environ)
    imported, floor = [], []
    # One uncounted run first: the app's daily backup of the database, and the file cache.
    for _ in range(runs + 1):
        _fresh(template, scratch / "process.sqlite3").dispose()
        started = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "icstracker",
                "--database",
                str(scratch / "process.sqlite3"),
                "import",
                str(sheet_path),
                "--committee",
                COMMITTEE,
                "--skip-bad-rows",
                "--report",
                str(scratch / "bad-rows.csv"),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        imported.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(f"icstracker import failed: {done.stderr[-2000:]}")
        _fresh(template, scratch / "floor.sqlite3").dispose()
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", FLOOR_SCRIPT, str(scratch / "floor.sqlite3"), str(sheet_path)],
            env=env,
            check=True,
        )
        floor.append(time.perf_counter() - started)
    imported, floor = imported[1:], floor[1:]
    import_s, floor_s = statistics.median(imported), statistics.median(floor)
    return {
        "rows": rows,
        "process_s": import_s,
        "floor_s": floor_s,
        "ratio": import_s / floor_s,
        "runs": {"process_s": imported, "floor_s": floor},
    }
