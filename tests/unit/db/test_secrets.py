"""Connection strings and passwords never reach a message, the crash log or an export."""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from icstracker.cli import main
from icstracker.db.credentials import forget_password, keyring_entry, save_password
from icstracker.db.database import Database
from icstracker.db.engine import resolve_database_url
from icstracker.db.secrets import RedactingFilter, redact, remember_secret
from icstracker.errors import DatabaseError
from icstracker.file_safety import without_values
from icstracker.user_folders import log_file

SECRET = "Zq7-secret-Pw"


def test_redact_hides_urls_password_settings_and_known_passwords() -> None:
    remember_secret("Remembered#Pass")
    said = (
        "failed for postgresql+psycopg://jo:Pw9@db.example:5432/lpc?sslmode=require, "
        "conninfo host=db password='two words' user=jo, PGPASSWORD=abc123 and "
        "Remembered#Pass or Remembered%23Pass; /home/jo/lpc.sqlite3 stays"
    )
    shown = redact(said)
    for secret in ("Pw9", "db.example", "two words", "abc123", "Remembered"):
        assert secret not in shown
    assert "postgresql+psycopg://[hidden]" in shown
    assert "/home/jo/lpc.sqlite3 stays" in shown


def test_a_url_that_does_not_parse_is_not_echoed() -> None:
    with pytest.raises(DatabaseError) as caught:
        resolve_database_url(f"postgresql+psycopg://me:{SECRET}@db.example:port/lpc")
    assert SECRET not in caught.value.message and "db.example" not in caught.value.message


def test_describe_names_the_server_not_the_url() -> None:
    database = Database(f"postgresql+psycopg://me:{SECRET}@db.example:5433/lpc?password=x{SECRET}")
    assert database.describe() == "the PostgreSQL database 'lpc' on db.example:5433 as me"
    database.dispose()


def test_an_unreachable_server_is_reported_without_the_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"postgresql+psycopg://me:{SECRET}@127.0.0.1:1/lpc?connect_timeout=2"
    assert main(["--database", url, "check"]) == 5
    err = capsys.readouterr().err
    assert "Cannot reach the PostgreSQL database 'lpc' on 127.0.0.1:1 as me" in err
    assert SECRET not in err and "postgresql+psycopg://" not in err


def test_the_crash_log_and_log_records_hide_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from icstracker.cli import database_commands

    def bug(_args: object) -> int:
        raise RuntimeError(f"boom at postgresql://me:{SECRET}@db.example/lpc password={SECRET}")

    monkeypatch.setattr(database_commands, "run_check", bug)
    assert main(["check"]) == 70
    assert SECRET not in capsys.readouterr().err
    assert SECRET not in log_file().read_text(encoding="utf-8")
    assert SECRET not in without_values(f"x {SECRET}")  # remembered once seen in a URL
    record = logging.LogRecord("t", logging.ERROR, "f", 1, "at %s", (f"sqlite:// {SECRET}",), None)
    RedactingFilter().filter(record)
    assert SECRET not in record.getMessage()


def test_the_keyring_keeps_a_members_password(memory_keyring: Any) -> None:
    url = make_url("postgresql+psycopg://jo@db.example/lpc")
    assert save_password(url, SECRET) == "jo@db.example:5432/lpc"
    assert memory_keyring.store == {("ICS Tracker", keyring_entry(url)): SECRET}
    assert forget_password(url) and not forget_password(url)
    with pytest.raises(DatabaseError, match="names no role"):
        save_password(make_url("postgresql+psycopg://db.example/lpc"), SECRET)


def test_a_connection_takes_its_password_from_the_keyring(
    memory_keyring: Any, postgres_server: Any
) -> None:
    """The throw-away server trusts every login, so the password sent is read back from
    the driver; it is never in the URL, so nothing that shows the URL can show it."""
    url = postgres_server.url
    save_password(url, SECRET)
    database = Database(url)
    with database.engine.connect() as connection:
        assert connection.connection.driver_connection.info.password == SECRET  # type: ignore[union-attr]
        connection.execute(text("SELECT 1"))
    assert SECRET not in str(database.engine.url) and SECRET not in database.describe()
    database.dispose()


def test_a_full_export_holds_no_address_or_password(
    postgres_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = postgres_server.clone()
    url = make_url(postgres_server.url_for(name)).set(password=SECRET)
    url = url.render_as_string(hide_password=False)
    out = tmp_path / "all.xlsx"
    assert main(["--database", url, "export-all", "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert SECRET not in printed.out + printed.err
    with zipfile.ZipFile(out) as workbook:
        content = b"".join(workbook.read(name) for name in workbook.namelist())
    assert SECRET.encode() not in content and b"postgresql" not in content
    postgres_server.drop(name)
