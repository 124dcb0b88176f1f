"""The benchmark runner's measuring code still runs (on 200 engagements, once each).

Structure only: keys present and numbers positive. Timings are never asserted here; a
loaded test machine would make that flaky, and ``python -m bench`` is where they are read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import runner
from icstracker.db.backup import backup_sqlite
from icstracker.db.database import Database
from icstracker.db.engine import sqlite_url
from icstracker.services.demo import generate_demo

pytestmark = pytest.mark.slow


@pytest.fixture
def demo_database(sqlite_template: Path, tmp_path: Path) -> Path:
    path = backup_sqlite(sqlite_template, tmp_path / "demo.sqlite3")
    database = Database(sqlite_url(path))
    try:
        with database.write() as session:
            generate_demo(session, 200, seed=7, committees=1)
    finally:
        database.dispose()
    return path


def test_measuring_functions_report_every_figure(
    demo_database: Path, sqlite_template: Path, tmp_path: Path
) -> None:
    env = runner.isolated_env(tmp_path / "scratch")
    startup = runner.measure_startup(demo_database, 1, env, warm_up=False)
    for key in ("app_s", "bare_s", "ratio", "peak_rss_mb"):
        assert startup[key] > 0, key
    # The demo database at the current schema, default view: the first look paints first.
    assert startup["first_look"] and startup["window_s"] >= startup["app_s"]
    session = runner.measure_session(demo_database, 1, env)
    assert session["rows_all_dates"] > 0
    assert session["filter_samples"] > 0
    assert set(session["filter_by_kind_median_s"]) <= {"level", "footprint", "text"}
    for key in ("filter_median_s", "filter_p95_s", "query_median_s", "peak_rss_mb", "floor_s"):
        assert session[key] > 0, key
    assert session["sort_median_s"] and all(t > 0 for t in session["sort_median_s"].values())
    export = runner.measure_export(200, 1, tmp_path, sqlite_template)
    for key in ("export_s", "plain_s", "ratio", "cells", "process_s", "floor_s"):
        assert export[key] > 0, key

    from bench.import_bench import measure_import, measure_import_process

    folder = tmp_path / "import"
    folder.mkdir()
    imported = measure_import(60, 1, folder, sqlite_template)
    assert imported["added"] > 50
    for key in ("import_s", "baseline_s", "ratio"):
        assert imported[key] > 0, key
    imported["process"] = measure_import_process(60, 1, folder, sqlite_template)
    assert imported["process"]["process_s"] > 0 and imported["process"]["floor_s"] > 0

    results = {
        "sizes": {"200": {"startup": startup, "session": session}},
        "export": export,
        "import": imported,
        "reference_load": {"init_s": 1.0},
    }
    rows = runner.table(results)
    # Each row: what, figure, the floor measured in the same run, target.
    assert all(len(row) == 4 for row in rows)
    assert any(row[0].startswith("import a 60-row legacy xlsx") and row[2] for row in rows)

    from bench.readme import END, START, render, update_readme

    readme = tmp_path / "README.md"
    readme.write_text(f"# Performance\n\n{START}\nold\n{END}\n\nAfter.\n", encoding="utf-8")
    update_readme(readme, results)
    assert readme.read_text(encoding="utf-8") == f"# Performance\n\n{render(results)}\n\nAfter.\n"


def test_p95_is_a_nearest_rank() -> None:
    assert runner.p95([3.0, 1.0, 2.0]) == 3.0
    assert runner.p95([float(n) for n in range(1, 101)]) == 95.0
