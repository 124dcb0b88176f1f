"""Pulling the plug: a writer killed at random never damages the file or loses a commit.

The process is killed with SIGKILL (no clean-up, like a laptop losing power as far as
SQLite's journal is concerned) at random moments, fifty times. After each kill the file
must pass integrity_check and foreign_key_check, and every engagement the writer said
it had committed must be there.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from icstracker.db.backup import backup_sqlite
from icstracker.db.database import Database
from icstracker.db.engine import sqlite_url
from icstracker.db.models import Action, Engagement
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee

KILLS = 50
WRITER = Path(__file__).with_name("crash_writer.py")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]


def test_fifty_kills_lose_no_acknowledged_engagement(db: Database) -> None:
    """On SQLite (the file survives) and on PostgreSQL (the server keeps every commit)."""
    with db.write() as session:
        committee = create_committee(session, "Community Pharmacy Devon").id
        area = resolve_area(session, "QJK").id
    target = str(db.path) if db.path else db.url.render_as_string(hide_password=False)
    chance = random.Random(2026)
    acknowledged: list[str] = []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for kill in range(KILLS):
        writer = subprocess.Popen(
            [sys.executable, str(WRITER), target, str(area), str(committee), f"k{kill}"],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert writer.stdout is not None
        first = writer.stdout.readline()  # the writer is up and committing
        assert first, "the writer died before its first commit"
        acknowledged.append(first.strip())
        time.sleep(chance.uniform(0.0, 0.05))
        writer.send_signal(signal.SIGKILL)
        rest, _ = writer.communicate()
        acknowledged.extend(line for line in rest.splitlines() if line)
        if db.path is not None:
            with sqlite3.connect(db.path) as connection:
                integrity = connection.execute("PRAGMA integrity_check").fetchall()
                assert integrity == [("ok",)], kill
                connection.execute("PRAGMA foreign_keys = ON")
                assert connection.execute("PRAGMA foreign_key_check").fetchall() == [], kill
        with db.session() as session:
            titles = set(session.scalars(select(Engagement.title)))
            orphans = session.scalar(
                select(func.count())
                .select_from(Action)
                .where(~Action.engagement_id.in_(select(Engagement.id)))
            )
        assert orphans == 0, kill
        missing = [title for title in acknowledged if title not in titles]
        assert missing == [], f"after kill {kill}: {missing[:5]}"
    assert len(acknowledged) >= KILLS


def test_two_writers_on_one_file_lose_nothing(sqlite_template: Path, tmp_path: Path) -> None:
    """Two app instances on one SQLite file: both make progress, every commit is kept."""
    path = backup_sqlite(sqlite_template, tmp_path / "shared.sqlite3")
    database = Database(sqlite_url(path))
    with database.write() as session:
        committee = create_committee(session, "Community Pharmacy Devon").id
        area = resolve_area(session, "QJK").id
    database.dispose()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    # stderr goes to files: with two pipes, communicate() reads the raw descriptors and
    # would lose what readline() below has already buffered.
    errors = {name: (tmp_path / f"{name}.err").open("w") for name in ("left", "right")}
    writers = [
        subprocess.Popen(
            [sys.executable, str(WRITER), str(path), str(area), str(committee), name],
            stdout=subprocess.PIPE,
            stderr=errors[name],
            text=True,
            env=env,
        )
        for name in ("left", "right")
    ]
    acknowledged: dict[str, list[str]] = {"left": [], "right": []}
    # Both must make progress while the other writes: five commits each, however busy
    # the machine (no fixed sleep), before they are stopped.
    for name, writer in zip(("left", "right"), writers, strict=True):
        assert writer.stdout is not None
        for _ in range(5):
            line = writer.stdout.readline()
            assert line, f"{name} stopped writing"
            acknowledged[name].append(line.strip())
    for name, writer in zip(("left", "right"), writers, strict=True):
        writer.terminate()
        out, _ = writer.communicate()
        errors[name].close()
        err = (tmp_path / f"{name}.err").read_text()
        assert "locked" not in err, err  # the busy timeout queues writers instead
        acknowledged[name] += [line for line in out.splitlines() if line]
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        titles = {row[0] for row in connection.execute("SELECT title FROM engagement")}
    for name, lines in acknowledged.items():
        assert len(lines) >= 5, f"{name} barely wrote: {len(lines)}"
        assert set(lines) <= titles
