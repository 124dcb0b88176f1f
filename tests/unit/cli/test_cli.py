"""The command line as a script sees it: exit codes, one-line errors and real output."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from icstracker.cli import main
from icstracker.db.backup import backup_sqlite
from icstracker.db.migrate import head_revision

from .cli_runner import Run


@pytest.fixture
def run(sqlite_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    path = backup_sqlite(sqlite_template, tmp_path / "cli.sqlite3")
    yield Run(path, capsys)


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_init_creates_a_new_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new" / "x.sqlite3"
    assert main(["--database", str(path), "init"]) == 0
    out = capsys.readouterr().out
    assert f"created with schema {head_revision()}" in out and "1842 areas added" in out
    assert main(["--database", str(path), "init"]) == 0
    assert "Reference data already current" in capsys.readouterr().out


def test_areas_system_csv_lists_current_and_closed_icbs(run: Run) -> None:
    code, out, _ = run("areas", "--level", "system", "--format", "csv")
    assert code == 0
    assert out.splitlines()[0] == "code,name,level,parent_code,valid_from,valid_to"
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(out))}
    icbs = {c: r for c, r in rows.items() if not c.startswith("E54")}
    assert len(icbs) == 48  # 30 continuing + 12 closed + 6 new
    assert sum(1 for r in icbs.values() if not r["valid_to"]) == 36
    assert sum(1 for r in icbs.values() if r["valid_from"] == "2022-07-01") == 42
    assert rows["QHG"]["valid_to"] == "2026-03-31" and rows["QHG"]["parent_code"] == "S1Y5D"
    assert rows["S1Y5D"]["valid_from"] == "2026-04-01" and rows["S1Y5D"]["parent_code"] == "Y61"
    assert rows["QE1"]["name"] == "NHS Lancashire and South Cumbria Integrated Care Board"
    assert len(rows) - len(icbs) == 45  # the STPs of 2016 and the merged one of 2018, closed


def test_areas_table_and_json_show_successors(run: Run) -> None:
    code, out, _ = run("areas", "--kind", "icb", "--format", "json")
    assert code == 0
    frimley = next(a for a in json.loads(out) if a["code"] == "QNQ")
    assert frimley["successor_codes"] == ["QRL", "S0E4D", "S9B9J"]
    code, out, _ = run("areas", "--kind", "icb")
    assert code == 0 and "QRL;S0E4D;S9B9J" in out


def test_areas_neighbourhood_and_within(run: Run) -> None:
    code, out, _ = run("areas", "--level", "neighbourhood", "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 1 + 1298
    code, out, _ = run(
        "areas", "--within", "Lancashire and South Cumbria", "--kind", "pcn", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows and all(r["level"] == "neighbourhood" for r in rows)
    assert "U45809" in {r["code"] for r in rows}


def test_log_add_then_list_with_filters(run: Run) -> None:
    code, out, err = run(
        "log",
        "add",
        "--date",
        "03/11/2026",
        "--area",
        "U45809",
        "--kind",
        "meeting",
        "--title",
        "PCN clinical director meeting",
        "--summary",
        "Hypertension referrals",
        "--topics",
        "Pharmacy First; Hypertension case-finding",
        "--people",
        "Dr A Example",
        "--organisation",
        "Blackpool South PCN",
        "--committee",
        "Community Pharmacy Lancashire",
    )
    assert code == 0, err
    assert out.startswith("Logged engagement 1: 03/11/2026 · Blackpool South PCN (neighbourhood)")
    run(
        "log",
        "add",
        "--date",
        "2026-10-01",
        "--area",
        "QE1",
        "--kind",
        "call",
        "--title",
        "ICB call",
    )
    code, out, err = run(
        "list",
        "--level",
        "neighbourhood",
        "--area",
        "QE1",
        "--text",
        "hypertension",
        "--quarter",
        "2026/27-Q3",
        "--format",
        "csv",
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["title"] for r in rows] == ["PCN clinical director meeting"]
    assert rows[0]["footprint"] == "Lancashire and South Cumbria"
    assert "1 of 1 matching engagements, queried in" in err
    code, out, _ = run("list", "--format", "json", "--sort", "title", "--ascending")
    assert [r["title"] for r in json.loads(out)] == ["ICB call", "PCN clinical director meeting"]


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("--area", "Atlantis"), 3, "No area is called or coded 'Atlantis'"),
        (("--date", "2026-02-30"), 2, "'2026-02-30' is not a date that exists"),
        (("--date", "next week"), 2, "'next week' is not a date"),
        (("--date", "2099-01-01"), 2, "is in the future"),
        (("--kind", "pigeon"), 2, "'pigeon' is not a kind of engagement"),
        (("--title", "  "), 2, "An engagement needs a title"),
    ],
)
def test_log_add_mistakes_get_one_sentence_and_write_nothing(
    run: Run, args: tuple[str, ...], status: int, message: str
) -> None:
    base = {"--date": "2026-11-01", "--area": "QE1", "--kind": "meeting", "--title": "Meeting"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [item for pair in base.items() for item in pair]
    code, out, err = run("log", "add", *flat, "--committee", "Community Pharmacy Lancashire")
    assert code == status
    assert message in _one_line(err) and "Traceback" not in err
    code, out, err = run("list", "--format", "csv")
    assert out.splitlines() == [
        ",".join(
            [
                "id",
                "date",
                "level",
                "footprint",
                "area_code",
                "area",
                "kind",
                "title",
                "organisations",
                "people",
                "open_actions",
                "committee",
            ]
        )
    ]


def test_list_bad_quarter(run: Run) -> None:
    code, _, err = run("list", "--quarter", "2026/27-Q5")
    assert code == 2 and "'2026/27-Q5' is not a period" in _one_line(err)


def test_unknown_command_and_option_are_one_line(run: Run) -> None:
    with pytest.raises(SystemExit) as caught:
        run("frobnicate")
    assert caught.value.code == 2
    assert "invalid choice: 'frobnicate'" in _one_line(run.capsys.readouterr().err)


def test_backup_and_check(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "copy.sqlite3"
    code, out, _ = run("backup", "--out", str(target))
    assert code == 0 and str(target) in out
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM area").fetchone() == (1842,)
    code, _, err = run("backup", "--out", str(target))
    assert code == 2 and "already exists" in _one_line(err)
    code, out, _ = run("check")
    assert code == 0
    assert "Integrity: ok" in out and f"Schema: {head_revision()}" in out and "Areas: 1,842" in out


def test_corrupt_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"this is not a database, just some text " * 200)
    assert main(["--database", str(path), "list"]) == 5
    assert "damaged or is not an ICS Tracker database" in _one_line(capsys.readouterr().err)


def test_database_from_a_newer_version(run: Run) -> None:
    with sqlite3.connect(run.database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    code, _, err = run("list")
    assert code == 5 and "newer version of ICS Tracker" in _one_line(err)


def test_locked_database(run: Run) -> None:
    holder = sqlite3.connect(run.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        code, _, err = run(
            "log",
            "add",
            "--date",
            "2026-11-01",
            "--area",
            "QE1",
            "--kind",
            "call",
            "--title",
            "Blocked",
            "--committee",
            "X",
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 5 and "is locked by another program" in _one_line(err)


def test_demo_fills_a_database(run: Run) -> None:
    code, out, _ = run("demo", "--engagements", "300")
    assert code == 0 and "Added 300 demo engagements" in out
    code, out, _ = run("list", "--format", "csv")
    assert len(out.splitlines()) == 301
    code, _, err = run("demo", "--engagements", "0")
    assert code == 2 and "between 1 and" in _one_line(err)
