"""Many rows into one table with the driver's own ``executemany``, on SQLite.

Core's executemany (``session.execute(insert(table), dicts)``) builds every row's
parameters through the compiled statement: a dict per row, a type processor looked up per
key. For the 10,000 engagements of an import, with their history and links, that was
0.2 s of Python around SQLite's own 0.2 s of inserting. Here the statement is compiled
once, each column's bind conversion (a date to SQLite's text, a ``UTCDateTime`` to UTC) is
taken from its type once, and the rows go to the driver as plain tuples. What is stored is
what Core stores: the same conversions, and each left-out column's Python default.

Other backends keep Core's path: PostgreSQL's driver already sends many rows per
statement there (``insertmanyvalues``), and this module knows no other placeholder style.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert
from sqlalchemy.schema import ColumnDefault


def _remembered(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``convert`` answering a value it has seen from memory: an import's rows share a few
    hundred dates and one time of writing, and formatting them is most of the work.

    Keyed by the value and its time zone, as two times equal in UTC but written in
    different zones are different texts to a column without one.
    """
    seen: dict[tuple[Any, Any], Any] = {}

    def converted(value: Any) -> Any:
        key = (value, getattr(value, "tzinfo", None))
        try:
            return seen[key]
        except KeyError:
            result = seen[key] = convert(value)
            return result
        except TypeError:  # a value that cannot be a key is converted each time
            return convert(value)

    return converted


def insert_rows(
    connection: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Inserts ``rows`` (each a value per name in ``columns``, in that order) into ``table``.

    A column left out gets its scalar Python default, as Core gives it, or NULL; one whose
    default is a function must be given, since Core would call it for every row.
    """
    rows = list(rows)
    if not rows:
        return
    names, defaults = list(columns), []
    for column in table.columns:
        default = column.default
        if column.name in names or default is None:
            continue
        if not (isinstance(default, ColumnDefault) and default.is_scalar):
            raise ValueError(f"{table.name}.{column.name} has a computed default; give it.")
        names.append(column.name)
        defaults.append(default.arg)
    dialect = connection.dialect
    if dialect.name != "sqlite":
        connection.execute(
            insert(table), [dict(zip(names, (*row, *defaults), strict=True)) for row in rows]
        )
        return
    statement = insert(table).values({name: bindparam(name) for name in names})
    compiled = statement.compile(dialect=dialect)
    order = compiled.positiontup
    assert order is not None, "SQLite's placeholders are positional"
    # Where each of the statement's placeholders takes its value from in a row, and the
    # conversions to make: only the few columns with one are touched (dates, times, flags).
    positions = [names.index(name) for name in order]
    converters: list[tuple[int, Callable[[Any], Any]]] = []
    for place, name in enumerate(order):
        convert = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if convert is not None:
            converters.append((place, _remembered(convert)))
    in_order = positions == list(range(len(names)))
    parameters: list[tuple[Any, ...]] = []
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"a row for {table.name} has {len(row)} values, not {len(columns)}")
        values = [*row, *defaults]
        if not in_order:
            values = [values[p] for p in positions]
        for place, remembered in converters:
            values[place] = remembered(values[place])
        parameters.append(tuple(values))
    connection.exec_driver_sql(str(compiled), parameters)
