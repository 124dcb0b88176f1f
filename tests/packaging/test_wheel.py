"""The built wheel carries its migrations and reference data and works from anywhere.

A checkout hides packaging mistakes: files found beside the source are missing from an
installed copy. This test builds the wheel, installs it (without dependencies; those
come from the test environment) into a fresh virtual environment, and runs the
installed ``icstracker`` from a directory far from the checkout.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from icstracker.db.migrate import head_revision

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        cwd=ROOT,
    )
    (built,) = out.glob("icstracker-*.whl")
    return built


def test_wheel_contains_migrations_and_reference_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "icstracker/_migrations/env.py" in names
    assert "icstracker/_migrations/versions/0001_initial_schema.py" in names
    assert "icstracker/_migrations/versions/0002_engagement_committee_live_index.py" in names
    assert "icstracker/_resources/reference/icb_2026.csv" in names
    assert "icstracker/_resources/reference/SOURCES.md" in names
    assert "icstracker/_resources/reference/hexmaps/nhs-pcn-2022.hexjson" in names
    assert "icstracker/_resources/reference/hexmaps/LICENSE" in names
    assert "icstracker/_resources/topics.csv" in names
    entry_points = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith(".dist-info/entry_points.txt")))
        .decode()
    )
    assert "[console_scripts]\nicstracker = icstracker.front_door:main" in entry_points
    # pythonw on Windows: the window opens with no console behind it.
    assert "[gui_scripts]\nicstracker-gui = icstracker.ui.app:gui_main" in entry_points


def test_installed_wheel_initialises_a_database_from_any_directory(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    purelib = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            tmp_path,
        ).strip()
    )
    # Dependencies (PySide6, SQLAlchemy…) come from the test environment, read-only.
    (purelib / "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        cwd=tmp_path,
    )
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ICSTRACKER_DATABASE")}
    location = _run(
        [str(python), "-c", "import icstracker; print(icstracker.__file__)"], elsewhere, env
    )
    assert Path(location.strip()).is_relative_to(venv)
    database = tmp_path / "x.sqlite3"
    script = str(bin_dir / "icstracker")
    out = _run([script, "--database", str(database), "init"], elsewhere, env)
    assert f"created with schema {head_revision()}" in out
    out = _run(
        [script, "--database", str(database), "areas", "--level", "system", "--format", "csv"],
        elsewhere,
        env,
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    today = dt.date.today().isoformat()
    current_icbs = [
        r
        for r in rows
        if not r["code"].startswith("E54") and not r["valid_to"] and r["valid_from"] <= today
    ]
    assert len(current_icbs) == 36
    out = _run(
        [
            str(python),
            "-m",
            "icstracker",
            "--database",
            str(database),
            "areas",
            "--level",
            "neighbourhood",
            "--format",
            "csv",
        ],
        elsewhere,
        env,
    )
    assert len(out.splitlines()) == 1 + 1298
