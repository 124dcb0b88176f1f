"""What the bundle recipe decides without building a bundle (CI builds one: `make dist`).

The notices must list every library the bundle carries, with its licence, and nothing that
only the build or the tests use; the smoke test must run with nothing of Python's around
it, and say clearly when there is no bundle to test.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_the_notices_list_what_the_app_needs_with_licences(tmp_path: Path) -> None:
    notices = _load("notices")
    names = {d.metadata["Name"].lower() for d in notices.bundled_distributions()}
    for needed in ("icstracker", "pyside6", "sqlalchemy", "alembic", "openpyxl", "psycopg"):
        assert needed in names
    assert "recurring-ical-events" in names or "recurring_ical_events" in names
    for tool in ("pytest", "mypy", "ruff", "pyinstaller", "hatchling"):
        assert tool not in names
    out = notices.write_notices(tmp_path / "THIRD-PARTY-NOTICES.txt")
    text = out.read_text(encoding="utf-8")
    assert "SQLAlchemy " in text and "MIT" in text
    assert "LGPL" in text  # Qt and recurring-ical-events, named as replaceable
    assert text.count("=" * 78) >= 2 * 5  # licence files reproduced in full


def test_the_smoke_test_runs_the_bundle_with_nothing_of_python_around_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    smoke = _load("smoke")
    monkeypatch.setenv("VIRTUAL_ENV", "/somewhere/.venv")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    environment = smoke.clean_environment(tmp_path)
    assert "VIRTUAL_ENV" not in environment and "PYTHONPATH" not in environment
    assert ".venv" not in environment["PATH"]
    assert environment["ICSTRACKER_HOME"] == str(tmp_path / "ICS Tracker")
    assert environment["QT_QPA_PLATFORM"] == "offscreen"


def test_the_smoke_test_says_when_there_is_no_bundle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    smoke = _load("smoke")
    assert smoke.main([str(tmp_path)]) == 2
    assert "run `make dist` first" in capsys.readouterr().err
