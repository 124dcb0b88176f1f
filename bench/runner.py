"""The benchmark runner behind ``python -m bench`` (issue #7).

Each figure is set beside a baseline measured in the same run on the same machine (a bare
PySide6 window, a plain openpyxl write), because only the ratio travels between machines;
absolute targets are printed too. Window timings run in fresh subprocesses
(``bench.app_probe``) so start-up includes the interpreter and imports and peak RSS belongs
to one app. Nothing here asserts a time: the runner reports, people judge.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.databases import cached_database, data_key, default_cache_dir

SIZES = (10_000, 100_000, 1_000_000)
EXPORT_ENGAGEMENTS = 10_000
TARGETS = {  # issue 17
    "startup_ratio": 2.5,  # × bare window, at 100k
    "startup_ratio_1m": 3.0,  # × bare window, at 1M
    "text_1m_s": 0.300,  # median, to first rows painted (goal 0.1 s)
    "text_100k_s": 0.100,  # median, to first rows painted
    "level_footprint_s": 0.050,  # median, to first rows painted, at every size (flat)
    "title_sort_1m_s": 0.100,
    "export_ratio": 1.2,  # whole process × openpyxl write-only writing the same cells
    "import_ratio": 1.5,  # whole process × calamine read + one executemany
    "rss_1m_mb": 300.0,
}


def p95(values: Sequence[float]) -> float:
    """Nearest-rank 95th percentile: with few samples it is the slowest, as it should be."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def isolated_env(scratch: Path) -> dict[str, str]:
    """Subprocess environment: offscreen Qt, and user folders that are not the user's."""
    env = dict(os.environ)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        env[name] = str(scratch / name.lower())
    env.pop("ICSTRACKER_DATABASE", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.setdefault("PYTHONPATH", str(Path(__file__).resolve().parent.parent))
    return env


def _probe(
    args: list[str], env: dict[str, str], timeout: float = 300
) -> tuple[float, dict[str, Any]]:
    """Runs ``bench.app_probe`` and returns (monotonic start time, its JSON result)."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "bench.app_probe", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(
            f"bench.app_probe {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}"
        )
    return started, json.loads(lines[-1])


def measure_startup(
    database: Path, runs: int, env: dict[str, str], *, warm_up: bool = True
) -> dict[str, Any]:
    """Process start → window shown with the first page painted, against a bare window.

    App and bare runs alternate so a noisy moment on the machine hits both alike. One
    uncounted start goes first: it warms the OS file cache and takes the app's daily
    backup (``db/rolling_backups.py``), both once-a-day costs; it is reported on its own.
    """
    first = None
    if warm_up:
        started, found = _probe(["startup", str(database)], env)
        first = found["shown_at"] - started
    app_times: list[float] = []
    window_times: list[float] = []
    bare_times: list[float] = []
    rss: list[float] = []
    rows = 0
    first_look = False
    for _ in range(runs):
        started, found = _probe(["bare"], env)
        bare_times.append(found["shown_at"] - started)
        started, found = _probe(["startup", str(database)], env)
        app_times.append(found["shown_at"] - started)
        window_times.append(found.get("window_at", found["shown_at"]) - started)
        rss.append(found["peak_rss_mb"])
        rows = found["rows"]
        first_look = bool(found.get("first_look"))
        if not found["first_row_loaded"]:
            raise RuntimeError("the window painted before its first page was loaded")
    app, bare = statistics.median(app_times), statistics.median(bare_times)
    return {
        "app_s": app,
        "app_runs_s": app_times,
        # The first look paints the first page before the ORM loads; the full window
        # (every panel, the filters) answers from ``window_s``.
        "first_look": first_look,
        "window_s": statistics.median(window_times),
        "window_runs_s": window_times,
        "bare_s": bare,
        "bare_runs_s": bare_times,
        "ratio": app / bare,
        "first_start_of_day_s": first,
        "rows_shown": rows,
        "peak_rss_mb": max(rss),
    }


def measure_session(database: Path, reps: int, env: dict[str, str]) -> dict[str, Any]:
    """Filters, sorts and page fetches in one window, summarised as medians and p95."""
    _, found = _probe(["session", str(database), "--reps", str(reps)], env)
    sorts = {name: statistics.median(times) for name, times in found["sort_s"].items()}
    all_sorts = [t for times in found["sort_s"].values() for t in times]
    return {
        "rows_all_dates": found["rows_all_dates"],
        "floor_s": found["floor_s"],
        "filter_median_s": statistics.median(found["filter_s"]),
        "filter_p95_s": p95(found["filter_s"]),
        "filter_by_kind_median_s": {
            kind: statistics.median(times)
            for kind, times in found["filter_by_kind_s"].items()
            if times
        },
        "settled_by_kind_median_s": {
            kind: statistics.median(times)
            for kind, times in found["settled_by_kind_s"].items()
            if times
        },
        "filter_samples": len(found["filter_s"]),
        "query_median_s": statistics.median(found["query_s"]),
        "query_p95_s": p95(found["query_s"]),
        "sort_median_s": sorts,
        "sort_max_s": max(all_sorts),
        "next_page_median_s": statistics.median(found["next_page_s"] or [0.0]),
        "next_page_p95_s": p95(found["next_page_s"] or [0.0]),
        "last_page_s": found["last_page_s"],
        "peak_rss_mb": found["peak_rss_mb"],
    }


def measure_reference_load(scratch: Path) -> dict[str, Any]:
    """The first ``init`` on an empty SQLite file: schema plus the shipped footprints."""
    from icstracker.db.engine import sqlite_url
    from icstracker.db.setup import open_database

    path = scratch / "empty.sqlite3"
    started = time.perf_counter()
    result = open_database(sqlite_url(path))
    seconds = time.perf_counter() - started
    result.database.dispose()
    return {"init_s": seconds, "areas_added": result.reference.areas_added}


def measure_export(
    engagements: int, runs: int, scratch: Path, template: Path | None = None
) -> dict[str, Any]:
    """The export against plain openpyxl (``bench/export_bench.py``), in this process."""
    from bench.export_bench import measure_export as export

    folder = scratch / "export"
    folder.mkdir(exist_ok=True)
    return export(engagements, runs, folder, template)


def _mark(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 0.01 else f"{seconds * 1000:,.0f} ms"


Row = tuple[str, str, str, str]  # what, figure, its same-run floor, target


def table(results: dict[str, Any]) -> list[Row]:
    """Rows of (what, figure, floor, target), every figure beside the baseline measured
    in the same run: printed, and written into the README by ``bench.readme``."""
    rows: list[Row] = []
    for size, found in results["sizes"].items():
        n = int(size)
        label = f"{n:,}"
        start = found["startup"]
        target = ""
        if n == 100_000:
            ok = start["ratio"] <= TARGETS["startup_ratio"]
            target = f"≤ 2.5×: {_mark(ok)}"
        if n == 1_000_000:
            ok = start["ratio"] <= TARGETS["startup_ratio_1m"]
            target = f"≤ 3×: {_mark(ok)}"
        window = ""
        if start.get("first_look"):
            window = f"; the full window answers at {start['window_s']:.2f} s"
        rows.append(
            (
                f"start-up to the first painted log page, {label}",
                f"{start['app_s']:.2f} s ({start['ratio']:.1f}×){window}",
                f"bare PySide6 window, 100-row table: {start['bare_s']:.2f} s",
                target,
            )
        )
        session = found["session"]
        floor = f"raw SQLite `ORDER BY … LIMIT 100`: {_ms(session['floor_s'])}"
        kinds = session["filter_by_kind_median_s"]
        settled = session.get("settled_by_kind_median_s", {})
        in_log = f"{session['rows_all_dates']:,} in the log"
        level_footprint = max(kinds.get("level", 0.0), kinds.get("footprint", 0.0))
        target = f"≤ 50 ms: {_mark(level_footprint <= TARGETS['level_footprint_s'])}"
        rows.append(
            (
                f"level / footprint filter → first rows painted, {label} ({in_log})",
                f"{_ms(kinds.get('level', 0.0))} / {_ms(kinds.get('footprint', 0.0))}; "
                f"counted {_ms(settled.get('level', 0.0))} / "
                f"{_ms(settled.get('footprint', 0.0))}",
                floor,
                target,
            )
        )
        target = ""
        if n == 100_000:
            target = f"≤ 100 ms: {_mark(kinds.get('text', 0.0) <= TARGETS['text_100k_s'])}"
        if n == 1_000_000:
            ok = kinds.get("text", 0.0) <= TARGETS["text_1m_s"]
            target = f"≤ 300 ms (goal ≤ 100 ms): {_mark(ok)}"
        rows.append(
            (
                f"text search → first rows painted, {label}",
                f"{_ms(kinds.get('text', 0.0))}; counted {_ms(settled.get('text', 0.0))}; "
                f"services alone {_ms(session['query_median_s'])}",
                floor,
                target,
            )
        )
        title = session["sort_median_s"].get("Title", 0.0)
        slowest = max(session["sort_median_s"].items(), key=lambda item: item[1])
        target = ""
        if n == 1_000_000:
            target = f"Title ≤ 100 ms: {_mark(title <= TARGETS['title_sort_1m_s'])}"
        rows.append(
            (
                f"re-sort by Title / slowest column / next page, {label}",
                f"{_ms(title)} / {_ms(slowest[1])} ({slowest[0]}) / "
                f"{_ms(session['next_page_median_s'])}",
                floor,
                target,
            )
        )
        rss = max(start["peak_rss_mb"], session["peak_rss_mb"])
        target = f"≤ 300 MB: {_mark(rss <= TARGETS['rss_1m_mb'])}" if n == 1_000_000 else ""
        rows.append((f"peak RSS, {label}", f"{rss:.0f} MB", "", target))
    imported = results.get("import")
    if isinstance(imported, dict) and "process" in imported:
        process = imported["process"]
        rows.append(
            (
                f"import a {process['rows']:,}-row legacy xlsx, whole `icstracker import` process",
                f"{process['process_s']:.2f} s ({process['ratio']:.2f}×)",
                f"calamine read + one `executemany`, a process: {process['floor_s']:.2f} s",
                f"≤ 1.5×: {_mark(process['ratio'] <= TARGETS['import_ratio'])}",
            )
        )
    export = results.get("export")
    if export and "process_s" in export:
        rows.append(
            (
                f"export a {export['engagements']:,}-engagement quarter "
                f"({export['cells']:,} cells), whole process",
                f"{export['process_s']:.2f} s ({export['process_ratio']:.2f}×)",
                f"openpyxl write-only, same cells, a process: {export['floor_s']:.2f} s",
                f"≤ 1.2×: {_mark(export['process_ratio'] <= TARGETS['export_ratio'])}",
            )
        )
    version = results.get("cli_version")
    if version:
        rows.append(
            (
                "`icstracker --version`",
                f"{version['app_s']:.2f} s",
                f"`python -c pass`: {version['floor_s']:.2f} s",
                "",
            )
        )
    reference = results.get("reference_load")
    if reference:
        rows.append(("first init on an empty database", f"{reference['init_s']:.1f} s", "", ""))
    return rows


def measure_cli_version(runs: int, env: dict[str, str]) -> dict[str, Any]:
    """``icstracker --version`` as a process against an interpreter doing nothing."""
    app, floor = [], []
    for _ in range(runs + 1):
        for command, times in (
            (["-m", "icstracker", "--version"], app),
            (["-c", "pass"], floor),
        ):
            started = time.perf_counter()
            subprocess.run([sys.executable, *command], env=env, capture_output=True, check=True)
            times.append(time.perf_counter() - started)
    return {"app_s": statistics.median(app[1:]), "floor_s": statistics.median(floor[1:])}


def print_table(rows: list[Row]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def run(
    sizes: Sequence[int],
    *,
    quick: bool,
    cache_dir: Path,
    export_engagements: int = EXPORT_ENGAGEMENTS,
    reference_load: bool = True,
) -> dict[str, Any]:
    """Measures every size asked for, then the export and the first init, in that order."""
    startup_runs, reps, export_runs = (2, 1, 1) if quick else (5, 3, 3)
    scratch = Path(tempfile.mkdtemp(prefix="icstracker-bench-"))
    env = isolated_env(scratch)
    results: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cpus",
        "python": platform.python_version(),
        "data_key": data_key(),
        "quick": quick,
        "targets": TARGETS,
        "sizes": {},
    }
    try:
        results["cli_version"] = measure_cli_version(startup_runs, env)
        _measure_all(results, sizes, cache_dir, scratch, env, startup_runs, reps)
        if export_engagements or reference_load:
            from bench.export_bench import _isolate

            _isolate(scratch / "in-process")  # the export and init below run in-process
        if export_engagements:
            print(f"measuring export of {export_engagements:,} engagements …", flush=True)
            results["export"] = measure_export(export_engagements, export_runs, scratch)
        if export_engagements:
            from bench.import_bench import ROWS, measure_import, measure_import_process

            print(f"measuring import of {ROWS:,} rows …", flush=True)
            folder = scratch / "import"
            folder.mkdir(exist_ok=True)
            results["import"] = measure_import(ROWS, export_runs, folder)
            results["import"]["process"] = measure_import_process(ROWS, export_runs, folder)
        if reference_load:
            print("measuring first init …", flush=True)
            results["reference_load"] = measure_reference_load(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return results


def _measure_all(
    results: dict[str, Any],
    sizes: Sequence[int],
    cache_dir: Path,
    scratch: Path,
    env: dict[str, str],
    startup_runs: int,
    reps: int,
) -> None:
    for size in sizes:
        database = cached_database(cache_dir, size)
        print(f"measuring {size:,} engagements …", flush=True)
        try:
            results["sizes"][str(size)] = {
                "startup": measure_startup(database, startup_runs, env),
                "session": measure_session(database, reps, env),
            }
        finally:
            # The app's daily backups of a cached database would pile up (850 MB each at
            # 1,000,000 engagements); the benchmark has no use for them.
            shutil.rmtree(database.parent / f"{database.stem}-backups", ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Time ICS Tracker against same-run baselines."
    )
    parser.add_argument(
        "--sizes",
        default=",".join(str(n) for n in SIZES),
        help="engagement counts, comma-separated (default: %(default)s)",
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--cache-dir", type=Path, default=default_cache_dir())
    parser.add_argument(
        "--json", type=Path, help="where to write the results (default: CACHE_DIR/results.json)"
    )
    parser.add_argument("--no-export", action="store_true", help="skip the export figures")
    parser.add_argument(
        "--readme",
        type=Path,
        help="write the table into this README's Performance section (between its markers)",
    )
    args = parser.parse_args(argv)
    sizes = [int(part.replace("_", "")) for part in args.sizes.split(",") if part.strip()]
    from bench.bytecode import as_installed

    as_installed()  # every process below runs the app from bytecode, as installed
    started = time.perf_counter()
    results = run(
        sizes,
        quick=args.quick,
        cache_dir=args.cache_dir,
        export_engagements=0 if args.no_export else EXPORT_ENGAGEMENTS,
    )
    results["runner_s"] = time.perf_counter() - started
    out = args.json or args.cache_dir / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print()
    print_table([("what", "figure", "same-run floor", "target"), *table(results)])
    if args.readme:
        from bench.readme import update_readme

        update_readme(args.readme, results)
        print(f"table written into {args.readme}")
    print(f"\n{results['runner_s']:.0f} s in all; results in {out}")
    return 0
