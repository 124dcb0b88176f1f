"""A command-line runner over a fresh copy of the test database, with one committee:
what the import and capture command tests both drive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from icstracker.cli import main
from icstracker.db.backup import backup_sqlite

COMMITTEE = "Community Pharmacy Lancashire and South Cumbria"


class Run:
    def __init__(self, database: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.database = database
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = main(["--database", str(self.database), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def count(self) -> int:
        code, _, err = self("list", "--limit", "0")
        assert code == 0
        return int(err.split(" of ")[1].split()[0].replace(",", ""))


@pytest.fixture
def run(sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    runner = Run(backup_sqlite(sqlite_template, tmp_path / "cli.sqlite3"), capsys)
    assert runner("committee", "add", COMMITTEE, "--area", "QE1")[0] == 0
    yield runner
