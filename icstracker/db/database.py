"""One open database: its engine and the sessions services work in.

Every unit of work runs in one transaction that commits when the ``with`` block ends
and rolls back if it raises, so a failure never leaves half a change behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from icstracker.db.authorship import AUTHOR_KEY, MAX_AUTHOR, default_author
from icstracker.db.engine import (
    BEGIN_MODE_OPTION,
    describe_url,
    make_engine,
    resolve_database_url,
    sqlite_path,
)
from icstracker.db.errors import translated_database_errors
from icstracker.file_safety import protect_database


class Database:
    def __init__(self, url: URL | str | None = None, *, author: str | None = None) -> None:
        self.url = url if isinstance(url, URL) else resolve_database_url(url)
        # Who the changes made through this database are recorded under on SQLite (the
        # app's settings set it); on a server the database role is (db/authorship.py).
        self.author = " ".join((author or "").split())[:MAX_AUTHOR] or default_author()
        if self.path is not None:
            # From now on no report, export or copy made by this process may land on it.
            protect_database(self.path)
        self.engine: Engine = make_engine(self.url)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        write_engine = (
            self.engine.execution_options(**{BEGIN_MODE_OPTION: "IMMEDIATE"})
            if self.is_sqlite
            else self.engine
        )
        self._write = sessionmaker(write_engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    def describe(self) -> str:
        """A name for the database that is safe to show: its file, or its server, database
        and role; never a URL (``engine.describe_url``)."""
        return describe_url(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A read session; also fine for writes that cannot conflict."""
        with translated_database_errors(self.describe()), self._read.begin() as session:
            session.info[AUTHOR_KEY] = self.author
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session that takes the write lock at once, so writers queue instead of failing."""
        with translated_database_errors(self.describe()), self._write.begin() as session:
            session.info[AUTHOR_KEY] = self.author
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
