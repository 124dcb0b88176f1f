"""Times the quarterly export of a 10,000-engagement quarter against plain openpyxl.

The baseline writes the very same cell values with openpyxl's write-only mode and nothing
else (no styles, tables, charts, queries), in the same process, so the ratio says what the
report's reading, styling and safety cost on top of the cheapest possible workbook, on
whatever machine runs it.

    .venv/bin/python -m bench.export_bench [--engagements 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

QUARTER = "2026/27-Q3"


def _isolate(scratch: Path) -> None:
    """Keeps the benchmark out of the user's own data, settings and logs."""
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(scratch / name.lower())
    os.environ.pop("ICSTRACKER_DATABASE", None)


def _median_seconds(runs: int, work: Callable[[int], object]) -> tuple[float, list[float]]:
    times = []
    for run in range(runs):
        started = time.perf_counter()
        work(run)
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def _cell_values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}
    finally:
        workbook.close()


def _write_plainly(values: dict[str, list[tuple[Any, ...]]], path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, rows in values.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def measure_export(
    engagements: int, runs: int, scratch: Path, template: Path | None = None
) -> dict[str, Any]:
    """Builds the quarter in ``scratch`` and returns the timings (seconds) and their ratio.

    The caller isolates the user folders first (``_isolate``); the runner in
    ``bench.__main__`` and this script's ``main`` both call it. ``template``, an empty
    database with its reference data loaded, saves the smoke test building one.
    """
    from icstracker.db.setup import open_database
    from icstracker.reports.workbook import export_report
    from icstracker.services.committees import list_committees
    from icstracker.services.demo import generate_demo
    from icstracker.services.periods import parse_period
    from icstracker.services.report_data import ReportRequest

    period = parse_period(QUARTER)
    started = time.perf_counter()
    path = scratch / "bench.sqlite3"
    if template is not None:
        from icstracker.db.backup import backup_sqlite

        backup_sqlite(template, path)
    database = open_database(str(path)).database
    try:
        with database.write() as session:
            generate_demo(
                session,
                engagements,
                seed=2026,
                today=period.end,
                history_days=(period.end - period.start).days,
                committees=1,
            )
        with database.session() as session:
            committee = list_committees(session)[0]
        built = time.perf_counter() - started
        request = ReportRequest(committee.id, period, today=period.end + dt.timedelta(days=10))
        written: list[int] = []

        def export(run: int) -> None:
            result = export_report(database, request, scratch / f"report-{run}.xlsx")
            written.append(result.engagements)

        export_median, export_times = _median_seconds(runs, export)
        values = _cell_values(scratch / "report-0.xlsx")
        cells = sum(len(row) for rows in values.values() for row in rows)
        plain_median, plain_times = _median_seconds(
            runs, lambda run: _write_plainly(values, scratch / f"plain-{run}.xlsx")
        )
    finally:
        database.dispose()
    process = _measure_processes(path, committee.name, values, runs, scratch)
    return {
        "engagements": written[0],
        "committee": committee.name,
        "period": period.label,
        "build_s": built,
        "cells": cells,
        "bytes": (scratch / "report-0.xlsx").stat().st_size,
        "export_s": export_median,
        "export_runs_s": export_times,
        "plain_s": plain_median,
        "plain_runs_s": plain_times,
        "ratio": export_median / plain_median,
        **process,
    }


# The floor as a process of its own: openpyxl's write-only mode writing the same cells.
FLOOR_SCRIPT = """
import pickle, sys
from openpyxl import Workbook
with open(sys.argv[1], "rb") as handle:
    values = pickle.load(handle)
workbook = Workbook(write_only=True)
for title, rows in values.items():
    sheet = workbook.create_sheet(title)
    for row in rows:
        sheet.append(row)
workbook.save(sys.argv[2])
"""


def _measure_processes(
    database: Path,
    committee: str,
    values: dict[str, list[tuple[Any, ...]]],
    runs: int,
    scratch: Path,
) -> dict[str, Any]:
    """``icstracker export`` as a whole process against a process writing the same cells
    with openpyxl's write-only mode (read from a pickle), alternating, medians."""
    import pickle
    import subprocess

    cells = scratch / "cells.pickle"
    cells.write_bytes(pickle.dumps(values))
    exported, floor = [], []
    # One uncounted run first: the app's daily backup of the database, and the file cache.
    for run in range(-1, runs):
        out = scratch / f"process-{run}.xlsx"
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "icstracker",
                "--database",
                str(database),
                "export",
                "--quarter",
                QUARTER,
                "--committee",
                committee,
                "--out",
                str(out),
            ],
            check=True,
            capture_output=True,
        )
        exported.append(time.perf_counter() - started)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", FLOOR_SCRIPT, str(cells), str(scratch / f"floor-{run}.xlsx")],
            check=True,
        )
        floor.append(time.perf_counter() - started)
    exported, floor = exported[1:], floor[1:]
    process_s, floor_s = statistics.median(exported), statistics.median(floor)
    return {
        "process_s": process_s,
        "process_runs_s": exported,
        "floor_s": floor_s,
        "floor_runs_s": floor,
        "process_ratio": process_s / floor_s,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engagements", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    from bench.bytecode import as_installed

    as_installed()
    scratch = Path(tempfile.mkdtemp(prefix="icstracker-bench-"))
    _isolate(scratch)
    try:
        found = measure_export(args.engagements, args.runs, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(
        f"Database with {args.engagements:,} engagements in {found['period']} for "
        f"{found['committee']}: {found['build_s']:.1f} s to build",
        file=sys.stderr,
    )
    print(
        f"engagements exported:        {found['engagements']:,} ({found['cells']:,} cells, "
        f"{found['bytes'] / 1e6:.1f} MB)"
    )
    print(
        f"export_report, median of {args.runs}:  {found['export_s']:.2f} s  "
        f"{_list(found['export_runs_s'])}"
    )
    print(f"plain write-only, median:    {found['plain_s']:.2f} s  {_list(found['plain_runs_s'])}")
    print(f"ratio:                       {found['ratio']:.2f}x")
    return 0


def _list(times: list[float]) -> str:
    return "(" + ", ".join(f"{t:.2f}" for t in times) + ")"


if __name__ == "__main__":
    raise SystemExit(main())
