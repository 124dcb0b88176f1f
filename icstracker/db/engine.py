"""Where the database lives and how connections to it are set up.

SQLite is the default: one file in the user's data directory, safe for a laptop that
loses power (WAL, ``synchronous=FULL``) and polite to a second process (busy timeout).
Any other SQLAlchemy URL, such as a shared PostgreSQL server, is taken as given.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url

from icstracker import user_folders
from icstracker.db.errors import cannot_create
from icstracker.db.secrets import remember_secret
from icstracker.errors import DatabaseError

APP_NAME = "ICS Tracker"
DATABASE_ENV = "ICSTRACKER_DATABASE"
BUSY_TIMEOUT_MS = 5000
# Execution option a connection carries to ask for BEGIN IMMEDIATE (take the write lock
# up front, so two writers queue on the busy timeout instead of failing mid-transaction).
BEGIN_MODE_OPTION = "icstracker_sqlite_begin"


def default_database_path() -> Path:
    return user_folders.data_folder() / "icstracker.sqlite3"


def resolve_database_url(value: str | None = None) -> URL:
    """Turns ``--database`` / ``ICSTRACKER_DATABASE`` / the default into a URL.

    A bare path (``C:\\Users\\me\\lpc.sqlite3`` or ``/tmp/x.sqlite3``) means a SQLite file;
    anything with ``://`` is a SQLAlchemy URL.
    """
    if value is None:
        value = os.environ.get(DATABASE_ENV) or None  # an empty variable means unset
        if value is None:
            return sqlite_url(default_database_path())
    if not value.strip():
        # Never fall back to the real database when a script passed an empty variable.
        raise DatabaseError("--database is empty; give a database file or a URL.")
    if "://" in value:
        try:
            url = make_url(value)
        except (exc.ArgumentError, ValueError) as error:
            # Neither the value nor the parser's message (which quotes it) is shown: a
            # URL that does not parse may still hold a password.
            raise DatabaseError(
                "The database URL could not be read; write it like "
                "postgresql+psycopg://role@server:5432/lpc (the password is best kept in "
                "the keyring: icstracker server save-password)."
            ) from error
        remember_secret(url.password if isinstance(url.password, str) else None)
        for key in ("password", "passfile", "sslpassword"):
            hidden = url.query.get(key)
            for item in (hidden,) if isinstance(hidden, str) else tuple(hidden or ()):
                remember_secret(item)
        return url
    return sqlite_url(Path(value).expanduser())


def describe_url(url: URL) -> str:
    """A name for a database that is safe to show anywhere: a file's path, or the server,
    database and role of a server database (never its URL, so never a password)."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    if url.get_backend_name() == "sqlite":
        return "an in-memory SQLite database"
    kind = {"postgresql": "PostgreSQL"}.get(url.get_backend_name(), url.get_backend_name())
    server = url.host or "this computer"
    if url.port:
        server = f"{server}:{url.port}"
    role = f" as {url.username}" if url.username else ""
    return f"the {kind} database '{url.database or ''}' on {server}{role}"


def sqlite_url(path: Path) -> URL:
    return URL.create("sqlite+pysqlite", database=str(path.resolve()))


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory ones."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def make_engine(url: URL) -> Engine:
    """The engine for ``url``; its errors never quote the values of the failed statement.

    SQLAlchemy's error text ends with ``[parameters: ...]``: people's names and meeting
    notes. Errors that are bugs are written in full to the log file, which is kept for
    good and may be sent to whoever fixes it, so the values are hidden at the source.
    """
    if url.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                if not path.exists():
                    # A committee's log names people: readable by its owner only. SQLite
                    # gives the -wal and -shm files the same mode as the database file.
                    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            except OSError as error:
                # A read-only or full disk, a folder that cannot exist: the place, not a bug.
                raise cannot_create(path, error) from error
        engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, hide_parameters=True
        )
        _configure_sqlite(engine)
        return engine
    remember_secret(url.password if isinstance(url.password, str) else None)
    try:
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    except exc.NoSuchModuleError as error:
        raise DatabaseError(
            f"ICS Tracker cannot talk to '{url.drivername}' databases; use a SQLite file or "
            'postgresql+psycopg://… (install with: pip install "icstracker[postgres]").'
        ) from error
    except ImportError as error:
        advice = (
            'install it with: pip install "icstracker[postgres]"'
            if url.get_backend_name() == "postgresql"
            else "ICS Tracker works with SQLite files and PostgreSQL (postgresql+psycopg://…)"
        )
        raise DatabaseError(
            f"The driver for {url.drivername} is not installed ({error.name}); {advice}."
        ) from error
    except (exc.ArgumentError, ValueError) as error:
        raise DatabaseError(
            f"The database URL for {describe_url(url)} is not usable "
            f"({type(error).__name__}); check its options."
        ) from error
    if url.password is None:
        _password_from_keyring(engine, url)
    return engine


def _password_from_keyring(engine: Engine, url: URL) -> None:
    """A URL without a password gets the member's one from the keyring as each connection
    opens; it is never put in the URL, so nothing that shows the URL can show it."""
    from icstracker.db.credentials import stored_password

    found: list[str | None] = []

    @event.listens_for(engine, "do_connect")
    def _add_password(_dialect: Any, _record: Any, _cargs: Any, cparams: dict[str, Any]) -> None:
        if "password" in cparams:
            return
        if not found:
            found.append(stored_password(url))
        if found[0] is not None:
            cparams["password"] = found[0]


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT and
        # transactional DDL; switch it off and issue BEGIN ourselves (SQLAlchemy docs,
        # "Serializable isolation / Savepoints / Transactional DDL").
        dbapi_connection.isolation_level = None
        # SQLite's own lower() folds only A–Z, so "ØRSTED" and "ørsted" would be two
        # organisations; Python's is the same as PostgreSQL's for every alphabet.
        dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(BEGIN_MODE_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")
