"""A command-line runner over a fresh copy of the test database, with one committee:
what the import, decision and capture command tests drive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from icstracker.db.backup import backup_sqlite

from .cli_runner import COMMITTEE, Run


@pytest.fixture
def run(sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    runner = Run(backup_sqlite(sqlite_template, tmp_path / "cli.sqlite3"), capsys)
    assert runner("committee", "add", COMMITTEE, "--area", "QE1")[0] == 0
    yield runner
