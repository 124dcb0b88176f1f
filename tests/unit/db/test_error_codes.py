"""Database failures are classified by their error code, never by their message.

Each SQLite error here is a real one, made by SQLite itself (a database capped at its
current size, a damaged file, a second writer, a read-only connection, a missing folder);
then the same words without a code must count as a bug, to show nothing reads the text.
The command line is then run against a full, a damaged and a read-only database: one
sentence and exit 5 on every command, never "this is a bug".
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, exc

from icstracker.cli import main
from icstracker.db.backup import backup_sqlite
from icstracker.db.errors import known_database_error, known_error_in_chain
from icstracker.errors import (
    DatabaseCorruptError,
    DatabaseError,
    DatabaseLockedError,
    DiskFullError,
)


def _raised(action: Callable[[], object]) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as caught:
        action()
    return caught.value


def _small_database(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("CREATE TABLE t (x BLOB)")
    for _ in range(50):
        connection.execute("INSERT INTO t VALUES (randomblob(2000))")
    return connection


def _damage(path: Path) -> None:
    """Garbage over every page but the first: the schema reads, the table does not."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        for offset in range(4096, size, 4096):
            handle.seek(offset)
            handle.write(b"\xa5" * 4096)


def test_full_disk(tmp_path: Path) -> None:
    connection = _small_database(tmp_path / "full.sqlite3")
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages}")
    error = _raised(lambda: connection.execute("INSERT INTO t VALUES (randomblob(100000))"))
    assert error.sqlite_errorcode & 0xFF == 13  # SQLITE_FULL
    assert isinstance(known_database_error(error), DiskFullError)
    wrapped = exc.OperationalError("INSERT", {}, error)
    assert isinstance(known_database_error(wrapped, "log.sqlite3"), DiskFullError)


def test_damaged_page_and_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite3"
    _small_database(path).close()
    _damage(path)
    connection = sqlite3.connect(path)
    error = _raised(lambda: connection.execute("SELECT sum(length(x)) FROM t").fetchall())
    assert error.sqlite_errorcode & 0xFF == 11  # SQLITE_CORRUPT
    assert isinstance(known_database_error(error), DatabaseCorruptError)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 500)
    error = _raised(lambda: sqlite3.connect(junk).execute("SELECT * FROM sqlite_master"))
    assert error.sqlite_errorname == "SQLITE_NOTADB"
    assert isinstance(known_database_error(error), DatabaseCorruptError)


def test_locked(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite3"
    holder = _small_database(path)
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    error = _raised(lambda: other.execute("BEGIN IMMEDIATE"))
    assert error.sqlite_errorname == "SQLITE_BUSY"
    assert isinstance(known_database_error(error), DatabaseLockedError)
    holder.execute("ROLLBACK")


def test_read_only_and_cannot_open(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite3"
    _small_database(path).close()
    read_only = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    error = _raised(lambda: read_only.execute("INSERT INTO t VALUES (1)"))
    assert error.sqlite_errorname == "SQLITE_READONLY"
    known = known_database_error(error, "ro.sqlite3")
    assert type(known) is DatabaseError and "cannot be opened for writing" in known.message
    error = _raised(lambda: sqlite3.connect(tmp_path / "missing" / "x.sqlite3"))
    assert error.sqlite_errorname == "SQLITE_CANTOPEN"
    assert type(known_database_error(error)) is DatabaseError


@pytest.mark.parametrize(
    "message",
    ["database is locked", "database or disk is full", "database disk image is malformed"],
)
def test_the_message_alone_is_not_trusted(message: str) -> None:
    """The words of a known error without its code: nothing says what really happened,
    so it is reported as the bug it is (exit 70), not explained with a guess."""
    assert known_database_error(sqlite3.OperationalError(message)) is None
    assert known_database_error(exc.OperationalError("x", {}, RuntimeError(message))) is None


def test_operating_system_and_postgresql_errors() -> None:
    full = OSError(errno.ENOSPC, "No space left on device", "/data/log.sqlite3")
    assert isinstance(known_error_in_chain(full), DiskFullError)
    read_only = OSError(errno.EROFS, "Read-only file system", "/media/usb/log.sqlite3")
    known = known_error_in_chain(read_only)
    assert known is not None and known.message.startswith("/media/usb/log.sqlite3 cannot be")
    assert known_error_in_chain(OSError(errno.ENOENT, "No such file")) is None
    psycopg_errors = pytest.importorskip("psycopg.errors")
    for state, kind in (
        ("53100", DiskFullError),
        ("55P03", DatabaseLockedError),
        ("XX001", DatabaseCorruptError),
        ("08006", DatabaseError),
    ):
        error = psycopg_errors.lookup(state)("server said so")
        assert type(known_database_error(exc.OperationalError("x", {}, error))) is kind, state
    # Raised from inside another error (a backup, a hook): found down the chain.
    outer = RuntimeError("a backup failed")
    outer.__cause__ = full
    assert isinstance(known_error_in_chain(outer), DiskFullError)


# -- every command, against a database that is full, damaged or read-only -------------


@pytest.fixture
def database(sqlite_template: Path, tmp_path: Path) -> Path:
    path = backup_sqlite(sqlite_template, tmp_path / "cli.sqlite3")
    assert main(["--database", str(path), "committee", "add", "Test LPC", "--area", "QE1"]) == 0
    return path


@pytest.fixture
def every_connection() -> Iterator[Callable[[str], None]]:
    """Runs a PRAGMA on every SQLite connection any engine opens, for the test only."""
    pragmas: list[str] = []

    def on_connect(connection: Any, _record: Any) -> None:
        if isinstance(connection, sqlite3.Connection):
            for pragma in pragmas:
                connection.execute(pragma)

    event.listen(Engine, "connect", on_connect)
    yield pragmas.append
    event.remove(Engine, "connect", on_connect)


# The writes carry 60 KB of notes, more than the free room in the pages already there.
NOTES = "Long notes. " * 5000
COMMANDS: list[list[str]] = [
    ["log", "add", "--date", "01/02/2026", "--area", "QE1", "--kind", "call", "--title", "x"]
    + ["--summary", NOTES],
    ["committee", "add", "Another LPC"],
    ["import", "{csv}"],
    ["list"],
    ["check"],
    ["export-all", "--out", "{out}"],
    ["backup", "--out", "{out}.bak"],
]


def _run(database: Path, command: list[str], csv_file: Path) -> int:
    out = csv_file.with_name("everything.xlsx")
    return main(["--database", str(database), *(a.format(csv=csv_file, out=out) for a in command)])


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "log.csv"
    path.write_text(f"Date,Area,Title,Notes\n01/02/2026,QE1,Imported,{NOTES}\n")
    return path


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_full_disk_is_one_sentence_on_every_command(
    database: Path,
    tmp_path: Path,
    every_connection: Callable[[str], None],
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    with sqlite3.connect(database) as connection:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    every_connection(f"PRAGMA max_page_count = {pages}")
    capsys.readouterr()
    code = _run(database, command, _csv(tmp_path))
    err = capsys.readouterr().err
    assert "bug" not in err
    assert code == 0 or (code == 5 and "is full; free some space" in err), err
    assert err.count("\n") <= 1 or code == 0
    if command[0] in ("log", "import"):
        assert code == 5, err


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_read_only_database_is_one_sentence_on_every_command(
    database: Path,
    tmp_path: Path,
    every_connection: Callable[[str], None],
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    every_connection("PRAGMA query_only = 1")
    capsys.readouterr()
    code = _run(database, command, _csv(tmp_path))
    err = capsys.readouterr().err
    assert "bug" not in err
    assert code == 0 or (code == 5 and "cannot be opened for writing" in err), err
    if command[0] in ("log", "committee", "import"):
        assert code == 5, err


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_damaged_database_is_one_sentence_on_every_command(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{database}{suffix}").exists() or os.remove(f"{database}{suffix}") is None
    _damage(database)
    capsys.readouterr()
    code = _run(database, command, _csv(tmp_path))
    err = capsys.readouterr().err
    assert "bug" not in err
    assert code == 5 and err.count("\n") == 1, err
    assert "is damaged or is not an ICS Tracker database" in err


def test_init_in_a_folder_that_cannot_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file where the folder should be: init could not make it, and said it was a bug."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    code = main(["--database", str(blocker / "log.sqlite3"), "init"])
    err = capsys.readouterr().err
    assert code == 5 and "bug" not in err and err.count("\n") == 1, err
    assert "log.sqlite3 cannot be created" in err


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_locked_database_is_one_sentence_on_every_command(
    database: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    """Another program holds the write lock: writers wait (here 0.1 s), then say so."""
    monkeypatch.setattr("icstracker.db.engine.BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        capsys.readouterr()
        code = _run(database, command, _csv(tmp_path))
        err = capsys.readouterr().err
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "bug" not in err
    assert code == 0 or (code == 5 and "is locked by another program" in err), err
    if command[0] in ("log", "import", "committee"):
        assert code == 5, err


def test_an_unreachable_server_is_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    """psycopg reports a refused connection with no SQLSTATE; loopback port 1 refuses."""
    pytest.importorskip("psycopg")
    code = main(["--database", "postgresql+psycopg://nobody@127.0.0.1:1/none", "list"])
    err = capsys.readouterr().err
    assert code == 5 and err.startswith(
        "icstracker: Cannot reach the PostgreSQL database 'none' on 127.0.0.1:1 as nobody"
    ), err
