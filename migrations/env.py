"""Alembic environment for ICS Tracker.

The application runs migrations itself (``icstracker.db.migrate.upgrade_database``) and
passes its open connection in ``config.attributes["connection"]``; nobody needs to run
``alembic`` by hand. Running the ``alembic`` command from a checkout also works: it then
opens ``ICSTRACKER_DATABASE`` (or the default database) itself.
"""

from __future__ import annotations

from alembic import context

from icstracker.db.models import Base
from icstracker.db.search_index import include_object

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from icstracker.db.database import Database

    database = Database(config.get_main_option("sqlalchemy.url") or None)
    with database.engine.connect() as own_connection:
        _run(own_connection)
        own_connection.commit()
