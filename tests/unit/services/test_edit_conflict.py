"""Two people save the same engagement at once: the second is told, not crashed.

On SQLite the second save waits for the write lock and then finds the new version; on
PostgreSQL it reads the old version, waits on the row and finds it changed when it
writes. Either way it is a ``ConcurrencyError`` (exit 4); on PostgreSQL it used to be
"Can't operate on closed transaction", reported as a bug. The first editor is another
process, so the two saves really are two connections racing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import sys
import threading
from multiprocessing.synchronize import Event

import pytest

from icstracker.db.database import Database
from icstracker.errors import ConcurrencyError
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.engagements import get_engagement, log_engagement, update_engagement

TODAY = dt.date(2026, 11, 20)


def _first_editor(
    url: str, data: EngagementInput, ids: tuple[int, int], events: tuple[Event, Event]
) -> None:
    """Saves the first edit and holds its transaction open until told to commit."""
    started, release = events
    database = Database(url)
    try:
        with database.write() as session:
            update_engagement(session, ids[0], data, expected_version=ids[1], today=TODAY)
            started.set()
            release.wait(20)
    finally:
        database.dispose()


@pytest.mark.skipif(sys.platform == "win32", reason="uses fork to start the other editor")
def test_the_losing_save_is_a_concurrency_error(db: Database) -> None:
    with db.write() as session:
        committee = create_committee(session, "Edit LPC")
        area = resolve_area(session, "QE1")
        base = EngagementInput(committee.id, area.id, dt.date(2026, 2, 1), "meeting", "Before")
        view = log_engagement(session, base, today=TODAY)
    context = multiprocessing.get_context("fork")
    started, release = context.Event(), context.Event()
    url = db.url.render_as_string(hide_password=False)
    other = context.Process(
        target=_first_editor,
        args=(
            url,
            dataclasses.replace(base, title="First"),
            (view.id, view.version),
            (started, release),
        ),
    )
    db.dispose()  # no pooled connection is shared with the forked process
    other.start()
    try:
        assert started.wait(20), "the other editor never saved"
        # The first save commits half a second after the second one has started.
        threading.Timer(0.5, release.set).start()
        with pytest.raises(ConcurrencyError, match="changed elsewhere"):
            with db.write() as session:
                update_engagement(
                    session,
                    view.id,
                    dataclasses.replace(base, title="Second"),
                    expected_version=view.version,
                    today=TODAY,
                )
    finally:
        release.set()
        other.join(20)
    assert other.exitcode == 0
    with db.session() as session:
        saved = get_engagement(session, view.id)
    assert (saved.title, saved.version) == ("First", view.version + 1)
    assert ConcurrencyError("x").exit_code == 4
