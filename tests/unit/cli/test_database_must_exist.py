"""A mistyped --database is an error, not a new empty log; only init makes a database."""

from __future__ import annotations

from pathlib import Path

import pytest

from icstracker.cli import main
from icstracker.db.engine import default_database_path

from ..conftest import LiveLog  # noqa: TID252


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        [
            "log",
            "add",
            "--date",
            "2026-11-02",
            "--area",
            "QJK",
            "--kind",
            "meeting",
            "--title",
            "x",
        ],
        ["backup"],
        ["demo", "--engagements", "5"],
        ["committee", "add", "CP Devon"],
        ["export-all", "--out", "everything.xlsx"],
    ],
)
def test_a_mistyped_database_path_is_refused_and_nothing_is_created(
    live_log: LiveLog,
    command: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = live_log.path.parent
    monkeypatch.chdir(folder)
    typo = folder / "lcp.sqlite3"
    before = live_log.snapshot()
    listing = sorted(p.name for p in folder.iterdir())
    code = main(["--database", str(typo), *command])
    err = capsys.readouterr().err
    assert code == 3, err
    assert "does not exist" in err and "init" in err and err.count("\n") == 1
    assert sorted(p.name for p in folder.iterdir()) == listing
    assert live_log.snapshot() == before


def test_the_environment_variable_is_held_to_the_same_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ICSTRACKER_DATABASE", str(tmp_path / "missing.sqlite3"))
    assert main(["committee", "list"]) == 3
    assert "does not exist" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_zero_byte_file_is_refused_unless_init(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "lpc.sqlite3"
    empty.touch()
    assert main(["--database", str(empty), "list"]) == 5
    err = capsys.readouterr().err
    assert "is an empty file" in err and err.count("\n") == 1
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lpc.sqlite3"]
    assert main(["--database", str(empty), "init"]) == 0  # init is what may make one
    assert empty.stat().st_size > 0
    assert main(["--database", str(empty), "committee", "list"]) == 0


def test_the_default_location_is_still_made_on_a_first_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ICSTRACKER_HOME", str(tmp_path / "home"))
    assert not default_database_path().exists()
    assert main(["committee", "list"]) == 0
    assert default_database_path().is_file()
