"""The map benchmark's measuring code still runs (on a small demo log, once each)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.map_bench import measure_map
from icstracker.db.backup import backup_sqlite
from icstracker.db.database import Database
from icstracker.db.engine import sqlite_url
from icstracker.services.demo import generate_demo

pytestmark = pytest.mark.slow


def test_measure_map_reports_every_figure(sqlite_template: Path, tmp_path: Path) -> None:
    path = backup_sqlite(sqlite_template, tmp_path / "demo.sqlite3")
    database = Database(sqlite_url(path))
    try:
        with database.write() as session:
            generate_demo(session, 200, seed=7, committees=1)
    finally:
        database.dispose()
    found = measure_map(path, 1)
    assert found["hexes"] == 1298
    for key in ("layer_load_s", "figures_s", "draw_s", "bare_s", "ratio", "recolour_s"):
        assert found[key] > 0, key
    assert found["report_picture_bytes"] > 1000
