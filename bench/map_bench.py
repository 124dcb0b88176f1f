"""Times drawing the Map tab's national PCN layer against a bare graphics scene, same run.

The data (the layer's placed hexes and the committee's figures) is loaded first and timed
apart; the figure the Map tab is held to is drawing: building the scene from the loaded
map and painting the view with all 1,298 PCNs in it, from the call to the pixels (a
synchronous ``grab``). The baseline builds the same number of plain ``QGraphicsPolygonItem``
hexagons (a brush and a pen each, no labels, tooltips or outlines) into a view of the same
size and paints it the same way, so the ratio carries between machines. Also timed:
recolouring the drawn layer for another filter, painting the committee's zoom (with
labels), and the report's picture (``map_picture``, plain Python).

    .venv/bin/python -m bench.map_bench [--engagements 10000] [--runs 7]
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

VIEW_SIZE = (1000, 640)  # the map's share of a 1366x768 window
QUARTER = "2026/27-Q2"
TODAY = dt.date(2026, 11, 15)  # bench/databases.py's "today"


def _median(
    runs: int, work: Callable[[], object], cpu: list[float] | None = None
) -> tuple[float, list[float]]:
    """Median wall-clock seconds of ``runs`` calls; each call's CPU seconds (this process:
    steadier on a machine other jobs share) are added to ``cpu`` if given."""
    times = []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        work()
        times.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(time.process_time() - started_cpu)
    return statistics.median(times), times


def measure_map(database_path: Path, runs: int) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF
    from PySide6.QtWidgets import (
        QApplication,
        QGraphicsPolygonItem,
        QGraphicsScene,
        QGraphicsView,
    )

    from icstracker.db.database import Database
    from icstracker.db.engine import sqlite_url
    from icstracker.reports.map_picture import render_maps
    from icstracker.services.committees import list_committees
    from icstracker.services.hexmap import centre, corners
    from icstracker.services.map_areas import layer_map, map_layer
    from icstracker.services.map_colours import ColourBy
    from icstracker.services.map_data import coverage_map, coverage_maps
    from icstracker.services.periods import parse_period
    from icstracker.services.report_data import ReportRequest, resolve_scope
    from icstracker.ui.map_scene import SIZE, MapScene
    from icstracker.ui.map_view import MapView

    app = QApplication.instance() or QApplication([])
    database = Database(sqlite_url(database_path))
    try:
        with database.session() as session:
            committee = list_committees(session)[0]
            request = ReportRequest(committee.id, parse_period(QUARTER), today=TODAY)
            scope = resolve_scope(session, request)
            started = time.perf_counter()
            pcns = layer_map(session, map_layer("neighbourhood"), TODAY)
            layer_s = time.perf_counter() - started

            def figures(by: ColourBy = ColourBy.COUNT) -> Any:
                return coverage_map(session, scope, pcns, by, period=QUARTER)

            figures_s, _ = _median(runs, figures)
            counted, by_days = figures(), figures(ColourBy.DAYS)
            pcns.outlines  # noqa: B018 - worked out once per layer, with the layout
            report_data_s, _ = _median(max(1, runs // 2), lambda: coverage_maps(session, scope))
            maps = coverage_maps(session, scope)
    finally:
        database.dispose()

    def draw() -> None:
        scene = MapScene()
        view = MapView(scene)
        view.resize(*VIEW_SIZE)
        scene.show_map(counted)
        view.fit(scene.bounds)
        view.viewport().grab()

    shape = QPolygonF([QPointF(x, y) for x, y in corners(0, 0, counted.layout, SIZE * 0.97)])
    whole = MapScene().cells_rect([h.cell for h in counted.hexes], counted.layout)

    def bare() -> None:
        scene = QGraphicsScene()
        for found in counted.hexes:
            item = QGraphicsPolygonItem(shape)
            item.setPos(*centre(*found.cell, counted.layout, SIZE))
            item.setBrush(QBrush(QColor(found.fill)))
            pen = QPen(QColor("#ffffff"), 1)
            pen.setCosmetic(True)
            item.setPen(pen)
            scene.addItem(item)
        view = QGraphicsView(scene)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.resize(*VIEW_SIZE)
        view.fitInView(whole)
        view.viewport().grab()

    draw()  # one uncounted round each: fonts, glyph caches
    bare()
    draw_times: list[float] = []
    bare_times: list[float] = []
    draw_cpu: list[float] = []
    bare_cpu: list[float] = []
    for _ in range(runs):  # alternating, so a busy moment falls on both
        draw_times += _median(1, draw, draw_cpu)[1]
        bare_times += _median(1, bare, bare_cpu)[1]
    draw_s, bare_s = statistics.median(draw_times), statistics.median(bare_times)

    scene = MapScene()
    view = MapView(scene)
    view.resize(*VIEW_SIZE)
    scene.show_map(counted)
    view.fit(scene.bounds)
    view.viewport().grab()
    flip = [counted, by_days]

    def recolour() -> None:
        flip.reverse()
        scene.show_map(flip[0])
        view.viewport().grab()

    recolour_s, _ = _median(runs, recolour)
    view.fit(scene.cells_rect(counted.focus, counted.layout))
    zoomed_s, _ = _median(runs, lambda: view.viewport().grab())
    picture_s, _ = _median(runs, lambda: render_maps(maps, [0, 440]))
    picture = render_maps(maps, [0, 440])
    app.processEvents()
    return {
        "committee": committee.name,
        "period": QUARTER,
        "hexes": len(counted.hexes),
        "layer_load_s": layer_s,
        "figures_s": figures_s,
        "draw_s": draw_s,
        "draw_runs_s": draw_times,
        "bare_s": bare_s,
        "bare_runs_s": bare_times,
        "ratio": draw_s / bare_s,
        "draw_cpu_s": statistics.median(draw_cpu),
        "bare_cpu_s": statistics.median(bare_cpu),
        "recolour_s": recolour_s,
        "zoomed_paint_s": zoomed_s,
        "report_data_s": report_data_s,
        "report_picture_s": picture_s,
        "report_picture_bytes": len(picture.png),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engagements", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cache-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    from bench.databases import cached_database, default_cache_dir

    scratch = Path(tempfile.mkdtemp(prefix="icstracker-bench-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        os.environ[name] = str(scratch / name.lower())
    try:
        source = cached_database(args.cache_dir or default_cache_dir(), args.engagements)
        copy = scratch / "map.sqlite3"
        shutil.copyfile(source, copy)  # the app never writes to the cached file
        found = measure_map(copy, args.runs)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    ms = {k: v * 1000 for k, v in found.items() if k.endswith("_s")}
    print(f"{found['committee']}, {found['period']}: {found['hexes']:,} PCN hexes", file=sys.stderr)
    print(f"load the PCN layer (file, areas, placing):  {ms['layer_load_s']:.0f} ms")
    print(f"the committee's figures (SQL), median:      {ms['figures_s']:.0f} ms")
    print(
        f"draw the national layer, median of {args.runs}:     {ms['draw_s']:.0f} ms  "
        f"{_list(found['draw_runs_s'])}"
    )
    print(
        f"bare polygons, same run, median:            {ms['bare_s']:.0f} ms  "
        f"{_list(found['bare_runs_s'])}"
    )
    print(f"ratio:                                      {found['ratio']:.2f}x")
    print(
        f"CPU time, drawn / bare polygons, medians:   {ms['draw_cpu_s']:.0f} ms / "
        f"{ms['bare_cpu_s']:.0f} ms"
    )
    print(f"recolour for another filter, median:        {ms['recolour_s']:.0f} ms")
    print(f"paint the committee's zoom (labels):        {ms['zoomed_paint_s']:.0f} ms")
    print(f"report: both layers' figures:               {ms['report_data_s']:.0f} ms")
    print(
        f"report: the PNG picture (plain Python):     {ms['report_picture_s']:.0f} ms, "
        f"{found['report_picture_bytes'] / 1000:.0f} kB"
    )
    return 0


def _list(times: list[float]) -> str:
    return "(" + ", ".join(f"{t * 1000:.0f}" for t in times) + ")"


if __name__ == "__main__":
    raise SystemExit(main())
