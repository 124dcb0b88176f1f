"""``icstracker reference update`` and ``reference status``: output and exit codes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from icstracker.cli import main
from icstracker.db.database import Database
from tests.conftest import database_argument


def _run(db: Database, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--database", database_argument(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_dry_run_prints_the_changes_and_writes_nothing(
    db: Database, files, capsys: pytest.CaptureFixture[str], snapshot_of: Callable[..., Any]
) -> None:
    rows = files.gp_rows(extract="01Apr2027")
    for row in rows:
        if row["ICB_CODE"] == "QOC":
            row["ICB_CODE"], row["ONS_ICB_CODE"] = "QNC", "E54000010"
    path = files.gp_mapping(rows)
    before = snapshot_of(db)
    code, out, err = _run(db, capsys, "reference", "update", "--dry-run", "--verbose", str(path))
    assert code == 0, err
    assert snapshot_of(db) == before
    assert err == "Dry run: nothing was changed.\n"
    lines = out.splitlines()
    assert lines[0] == (
        "gp-reg-pat-prac-map.csv: the NHS England GP practice mapping of 1 April 2027 "
        "(extract date 01Apr2027); changes take effect on 1 April 2027."
    )
    assert any(line.startswith("  closed    ICB      QOC") for line in lines)
    assert any(
        "merged    ICB                 Shropshire, Telford and Wrekin (QOC) into "
        "Staffordshire and Stoke-on-Trent (QNC), on 1 April 2027" in line
        for line in lines
    )
    assert any("council  E06000051  Shropshire (follows QOC)" in line for line in lines)

    code, out, err = _run(db, capsys, "reference", "update", str(path))
    # A file is backed up first; a server is backed up by its administrator.
    assert code == 0 and ("Backup taken before the update:" in err) == (db.path is not None)
    code, out, err = _run(db, capsys, "reference", "update", str(path))
    assert code == 0 and err == ""
    assert re.fullmatch(
        r"gp-reg-pat-prac-map.csv: already applied on \d{1,2} \w+ \d{4}; nothing to do.\n", out
    )


def test_exit_codes_for_a_missing_or_malformed_file(
    db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _out, err = _run(db, capsys, "reference", "update", str(tmp_path / "nowhere.csv"))
    assert code == 3 and err.startswith("icstracker: There is no file ")
    bad = tmp_path / "gp-reg-pat-prac-map.csv"
    bad.write_text("PRACTICE_CODE,EXTRACT_DATE\nA81001,01Apr2027\n", encoding="utf-8")
    code, _out, err = _run(db, capsys, "reference", "update", str(bad))
    assert code == 2
    assert err.startswith("icstracker: gp-reg-pat-prac-map.csv is not NHS England's GP practice")
    assert err.count("\n") == 1
    with pytest.raises(SystemExit) as usage:
        _run(db, capsys, "reference", "update", "--effective", "1/4/27", str(bad))
    assert usage.value.code == 2
    assert "'1/4/27' is not a date (YYYY-MM-DD)" in capsys.readouterr().err


def test_status(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(db, capsys, "reference", "status")
    assert code == 0 and out.startswith("Footprints are from August 2026")
