"""``icstracker`` with no command opens the window without loading every command.

The command modules bring openpyxl and the spreadsheet readers with them; the plain
"open the window" arguments are read without building the parser, and must mean exactly
what the parser would make of them.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from icstracker import cli, front_door
from icstracker.cli.qt_parts import QtParts


@pytest.mark.parametrize(
    "argv", [[], ["--database", "log.sqlite3"], ["--database=log.sqlite3"], ["--database="]]
)
def test_window_only_arguments_mean_what_the_parser_says(argv: list[str]) -> None:
    fast = cli._window_only(argv)
    full = cli.build_parser().parse_args(argv)
    assert fast is not None
    assert fast.database == full.database
    assert getattr(full, "handler", None) is None and full.command is None


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["--database", "log.sqlite3", "list"],
        ["--database"],
        ["--database", "-x"],
        ["--data", "log.sqlite3"],
        ["--version"],
        ["--help"],
    ],
)
def test_anything_else_goes_to_the_parser(argv: list[str]) -> None:
    assert cli._window_only(argv) is None


def _opening(opened: list[str | None]) -> QtParts:
    def write_pdf(*_: object) -> Any:
        raise AssertionError("no PDF was asked for")

    return QtParts(open_window=lambda database: opened.append(database) or 7, write_pdf=write_pdf)


def test_no_command_opens_the_window(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "log.sqlite3").write_bytes(b"SQLite format 3\x00")  # it exists: open it
    opened: list[str | None] = []
    monkeypatch.setattr(front_door, "QT_PARTS", _opening(opened))
    assert front_door.main(["--database", "log.sqlite3"]) == 7
    assert opened == ["log.sqlite3"]


def test_the_command_line_alone_says_it_cannot_open_the_window(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``cli.main`` without the front door's Qt parts: one sentence, not an AttributeError."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "log.sqlite3").write_bytes(b"SQLite format 3\x00")
    assert cli.main(["--database", "log.sqlite3"]) == 1
    assert "need the installed icstracker command" in capsys.readouterr().err


def test_the_window_is_not_opened_on_a_mistyped_database(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    opened: list[str | None] = []
    monkeypatch.setattr(front_door, "QT_PARTS", _opening(opened))
    assert front_door.main(["--database", "lgo.sqlite3"]) == 3
    assert "does not exist" in capsys.readouterr().err
    assert opened == [] and list(tmp_path.iterdir()) == []


def test_opening_the_window_does_not_import_the_commands(tmp_path: Path) -> None:
    (tmp_path / "log.sqlite3").write_bytes(b"SQLite format 3\x00")
    code = textwrap.dedent(
        """
        import sys
        from icstracker import front_door

        front_door.QT_PARTS = front_door.QtParts(lambda database: 0, front_door.write_pdf)
        assert front_door.main(["--database", "log.sqlite3"]) == 0
        deferred = (
            "openpyxl",
            "rapidfuzz",
            "python_calamine",
            "icstracker.reports.workbook",
            "sqlalchemy",  # the window's first look is painted before it (ui/first_look.py)
        )
        print(",".join(m for m in deferred if m in sys.modules))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
