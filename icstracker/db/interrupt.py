"""Stopping a query that is no longer wanted, part-way through.

The window reads a filter's rows, count and footprint counts in the background; when the
user changes the filter again, the older reads are of no use, and at a million
engagements a count can take a second. SQLite calls a progress handler every few
thousand steps of a statement, and a handler that answers "stop" ends the statement at
once with ``SQLITE_INTERRUPT``; ``interruptible`` turns that into ``OperationCancelled``.
Other databases run the statement to its end, and its answer is dropped by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import exc
from sqlalchemy.orm import Session

from icstracker.errors import OperationCancelled

# Virtual-machine steps between checks: about a millisecond apart, so a stop lands at
# once, yet seldom enough that the check (which takes Python's lock) does not slow the
# window's own thread.
CHECK_EVERY = 20_000


@contextmanager
def interruptible(session: Session, cancelled: Callable[[], bool]) -> Iterator[None]:
    """Runs the block's statements on ``session`` until ``cancelled()`` says stop, then
    raises ``OperationCancelled`` (also when it says so between two statements)."""
    connection = session.connection()
    raw = connection.connection.driver_connection if connection.dialect.name == "sqlite" else None
    if raw is not None:
        raw.set_progress_handler(lambda: 1 if cancelled() else 0, CHECK_EVERY)
    try:
        yield
    except exc.DBAPIError as error:
        if cancelled():
            raise OperationCancelled("A newer request replaced this one.") from error
        raise
    finally:
        if raw is not None:
            raw.set_progress_handler(None, 0)
    if cancelled():
        raise OperationCancelled("A newer request replaced this one.")
