"""Opening the window loads only what its first page needs.

Start-up time is mostly imports. The export (openpyxl and the report writers), the
import wizard (spreadsheet readers, fuzzy matching), the charts (QtCharts), the map (hex
files, graphics scene, SVG writer) and Alembic (needed only to upgrade a database) are
imported when first used; this guards against a module-level import quietly bringing
one of them back onto the start-up path.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

DEFERRED = (
    "alembic",
    "openpyxl",
    "python_calamine",
    "rapidfuzz",
    "PySide6.QtCharts",
    "icstracker.reports.workbook",
    "icstracker.services.imports",
    "icstracker.ui.export_dialog",
    "icstracker.ui.import_wizard",
    "icstracker.ui.map_panel",
    "icstracker.ui.map_scene",
    "icstracker.ui.map_view",
    "icstracker.services.hexmap",
    "icstracker.services.map_data",
    "PySide6.QtSvg",
)


def _loaded_after(imports: str, watched: tuple[str, ...]) -> str:
    """Which of ``watched`` a fresh interpreter has loaded after ``imports``, comma-joined."""
    report = f"print(','.join(sorted(m for m in {watched!r} if m in sys.modules)))"
    code = f"import sys\n{imports}\n{report}\n"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("module", ["icstracker.ui.main_window", "icstracker.ui.app"])
def test_starting_the_window_does_not_import_what_it_defers(module: str) -> None:
    assert _loaded_after(f"import {module}", DEFERRED) == ""


def test_the_first_look_is_painted_without_the_orm() -> None:
    """The start that paints the log's first page before anything else loads
    (``ui/first_look.py``, ``db/first_page.py``) must not import SQLAlchemy or the models."""
    imports = "import icstracker.ui.app, icstracker.ui.first_look, icstracker.cli"
    orm = ("sqlalchemy", "icstracker.db.models", "icstracker.db.database")
    assert _loaded_after(imports, orm) == ""
