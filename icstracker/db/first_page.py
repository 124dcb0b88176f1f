"""The log's first page read with the standard library alone, to paint it at once.

Importing SQLAlchemy, the models and the services is most of the window's start-up
(issue 17: ~70% of its on-CPU samples), and nothing else the window builds can be shown
before it. For the common start, an existing SQLite file at the current schema opened
on the log's default view, the first page needs only ``sqlite3``: the committee (the
first by name, as ``list_committees`` orders them), its engagements and the ones it
joined, newest first, in the remembered period. ``ui/first_look.py`` paints them while
the ORM loads; the full window then takes over.

The queries are the same questions ``services.engagement_pages.page`` and
``services.engagement_queries.engagement_rows`` ask; ``tests/unit/db/test_first_page.py``
checks the rows against them. Anything this module does not expect (another backend, a
schema not at the head revision, an error reading the file) answers None, and the
start goes the ordinary way: a quick path that may fail must never be the only one.
This module must not import SQLAlchemy (the same test checks that).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from icstracker import user_folders
from icstracker.bundled import migrations_dir
from icstracker.db.revision_files import head_of, shipped_revisions

DATABASE_ENV = "ICSTRACKER_DATABASE"
NAMES_APART = "\x1f"  # as ``engagement_queries`` joins linked names


@dataclasses.dataclass(frozen=True)
class FirstRow:
    """One row of the log as the table shows it (``EngagementRow``'s shown fields)."""

    id: int
    occurred_on: dt.date
    level: str | None
    footprint: str | None
    area: str
    kind: str
    title: str
    organisations: str
    people: str
    open_actions: int


@dataclasses.dataclass(frozen=True)
class FirstPage:
    committee_id: int
    committee: str
    one_ics: bool  # every area of the committee in one ICS: Footprint starts hidden
    rows: list[FirstRow]


def default_path() -> Path:
    """``engine.default_database_path()``, without importing SQLAlchemy for it."""
    return user_folders.data_folder() / "icstracker.sqlite3"


def plain_sqlite_file(database_arg: str | None) -> Path | None:
    """The file ``--database`` (or ``ICSTRACKER_DATABASE``, or the default) names, when it
    is a plain path to an existing, non-empty file; None for URLs and anything else."""
    value = database_arg
    if value is None:
        value = os.environ.get(DATABASE_ENV) or None
    if value is None:
        path = default_path()
    elif not value.strip() or "://" in value:
        return None
    else:
        path = Path(value)
    try:
        return path if path.is_file() and path.stat().st_size > 0 else None
    except OSError:
        return None


def head_revision(folder: Path | None = None) -> str | None:
    """The newest shipped schema revision, as the schema check reads it; None when the
    migrations are anything but one straight line (the ordinary start then judges)."""
    chain = shipped_revisions(folder or migrations_dir())
    return head_of(chain) if chain is not None else None


def read_first_page(
    path: Path,
    period: tuple[dt.date, dt.date] | None,
    limit: int,
    *,
    head: str | None = None,
) -> FirstPage | None:
    """The first committee's first ``limit`` rows of ``period`` (all dates if None),
    newest first; None when the file is not a database this start can read quickly."""
    wanted = head or head_revision()
    if wanted is None:
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, ValueError):
        return None
    try:
        connection.execute("PRAGMA busy_timeout = 2000")
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision != wanted:
            return None
        committee = connection.execute(
            "SELECT id, name FROM committee ORDER BY name LIMIT 1"
        ).fetchone()
        if committee is None:
            return None
        committee_id, name = committee
        keys = _first_keys(connection, committee_id, period, limit)
        rows = _rows(connection, [engagement_id for _, engagement_id in keys])
        return FirstPage(committee_id, name, _one_ics(connection, committee_id), rows)
    except (sqlite3.Error, TypeError, ValueError):
        return None
    finally:
        connection.close()


def _first_keys(
    connection: sqlite3.Connection,
    committee_id: int,
    period: tuple[dt.date, dt.date] | None,
    limit: int,
) -> list[tuple[str, int]]:
    """(date, id) of the first rows: the committee's own, and those it joined, each part
    read on its own index and merged (``engagement_pages``: an OR would sort the log)."""
    dates, arguments = "", []
    if period is not None:
        dates = " AND occurred_on >= ? AND occurred_on <= ?"
        arguments = [period[0].isoformat(), period[1].isoformat()]
    order = " ORDER BY occurred_on DESC, id DESC LIMIT ?"
    found = connection.execute(
        "SELECT occurred_on, id FROM engagement WHERE committee_id = ? "
        f"AND deleted_at IS NULL{dates}{order}",
        [committee_id, *arguments, limit],
    ).fetchall()
    joint = connection.execute(
        "SELECT 1 FROM engagement_partner WHERE committee_id = ? LIMIT 1", (committee_id,)
    ).fetchone()
    if joint is not None:
        found += connection.execute(
            "SELECT occurred_on, id FROM engagement WHERE id IN (SELECT engagement_id FROM "
            "engagement_partner WHERE committee_id = ?) AND committee_id != ? "
            f"AND deleted_at IS NULL{dates}{order}",
            [committee_id, committee_id, *arguments, limit],
        ).fetchall()
        found.sort(reverse=True)
    return [(day, engagement_id) for day, engagement_id in found[:limit]]


def _names(link: str, table: str, column: str) -> str:
    return (
        f"(SELECT group_concat(n.name, char(31)) FROM {link} l JOIN {table} n "
        f"ON n.id = l.{column} WHERE l.engagement_id = e.id)"
    )


def _rows(connection: sqlite3.Connection, ids: Sequence[int]) -> list[FirstRow]:
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    found = connection.execute(
        "SELECT e.id, e.occurred_on, a.level_key, s.short_name, a.short_name, e.kind, e.title, "
        f"{_names('engagement_organisation', 'organisation', 'organisation_id')}, "
        f"{_names('engagement_person', 'person', 'person_id')}, "
        "(SELECT count(*) FROM action t WHERE t.engagement_id = e.id AND t.done_on IS NULL) "
        "FROM engagement e JOIN area a ON a.id = e.area_id "
        f"LEFT JOIN area s ON s.id = a.system_id WHERE e.id IN ({marks})",
        list(ids),
    ).fetchall()
    rows = {
        row[0]: FirstRow(
            id=row[0],
            occurred_on=dt.date.fromisoformat(row[1]),
            level=row[2],
            footprint=row[3],
            area=row[4],
            kind=row[5],
            title=row[6],
            organisations="; ".join(_sorted(row[7])),
            people="; ".join(_sorted(row[8])),
            open_actions=row[9] or 0,
        )
        for row in found
    }
    return [rows[i] for i in ids if i in rows]


def _sorted(joined: str | None) -> list[str]:
    return sorted(joined.split(NAMES_APART)) if joined else []


def _one_ics(connection: sqlite3.Connection, committee_id: int) -> bool:
    """``committee_scope.works_in_one_ics`` for the committee's areas."""
    systems = connection.execute(
        "SELECT DISTINCT a.system_id FROM committee_area c JOIN area a ON a.id = c.area_id "
        "WHERE c.committee_id = ?",
        (committee_id,),
    ).fetchall()
    return len(systems) == 1 and systems[0][0] is not None
