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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engagements", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="icstracker-bench-"))
    _isolate(scratch)

    from icstracker.db.setup import open_database
    from icstracker.reports.report_data import ReportRequest
    from icstracker.reports.workbook import export_report
    from icstracker.services.committees import list_committees
    from icstracker.services.demo import generate_demo
    from icstracker.services.periods import parse_period

    period = parse_period(QUARTER)
    started = time.perf_counter()
    database = open_database(str(scratch / "bench.sqlite3")).database
    try:
        with database.write() as session:
            generate_demo(
                session,
                args.engagements,
                seed=2026,
                today=period.end,
                history_days=(period.end - period.start).days,
                committees=1,
            )
        with database.session() as session:
            committee = list_committees(session)[0]
        print(
            f"Database with {args.engagements:,} engagements in {period.label} for "
            f"{committee.name}: {time.perf_counter() - started:.1f} s to build",
            file=sys.stderr,
        )
        request = ReportRequest(committee.id, period, today=period.end + dt.timedelta(days=10))
        written: list[int] = []

        def export(run: int) -> None:
            result = export_report(database, request, scratch / f"report-{run}.xlsx")
            written.append(result.engagements)

        export_median, export_times = _median_seconds(args.runs, export)
        values = _cell_values(scratch / "report-0.xlsx")
        cells = sum(len(row) for rows in values.values() for row in rows)
        plain_median, plain_times = _median_seconds(
            args.runs, lambda run: _write_plainly(values, scratch / f"plain-{run}.xlsx")
        )
    finally:
        database.dispose()
    size = (scratch / "report-0.xlsx").stat().st_size
    print(f"engagements exported:        {written[0]:,} ({cells:,} cells, {size / 1e6:.1f} MB)")
    print(f"export_report, median of {args.runs}:  {export_median:.2f} s  {_list(export_times)}")
    print(f"plain write-only, median:    {plain_median:.2f} s  {_list(plain_times)}")
    print(f"ratio:                       {export_median / plain_median:.2f}x")
    return 0


def _list(times: list[float]) -> str:
    return "(" + ", ".join(f"{t:.2f}" for t in times) + ")"


if __name__ == "__main__":
    raise SystemExit(main())
