"""A failed statement's error, as logged, never quotes its values on either backend.

SQLite's errors name only the constraint; PostgreSQL's DETAIL quotes the failing row.
"""

from __future__ import annotations

import pytest
from sqlalchemy import exc, text

from icstracker.db.database import Database
from icstracker.file_safety import without_values


def test_a_failed_insert_does_not_quote_the_person(db: Database) -> None:
    with pytest.raises(exc.DBAPIError) as caught, db.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO person (id, name) VALUES (:id, :name)"),
            [{"id": 1, "name": "Zebedee Secretname"}, {"id": 1, "name": "Zebedee Secretname"}],
        )
    logged = without_values(str(caught.value))  # what a bug report writes to the log
    assert "Secretname" not in logged
    assert "parameters hidden" in logged
