"""The footprint tree's derived columns: each area's path of codes and its ICB today.

``Area.path`` and ``Area.system_id`` follow from the roll-up parents alone; the loader
computes them from the shipped records and ``reference update`` recomputes them after it
refiles areas, with the same two functions.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from icstracker.db.models import Area


def tree_paths(parents: Mapping[str, str | None]) -> dict[str, str]:
    """Each area's path of codes from the top (``/Y61/S1Y5D/QHG/``), from its parent's code.

    Shared by the loader and ``reference update``; a parent chain that loops is refused
    rather than followed for ever.
    """
    paths: dict[str, str] = {}
    for start in parents:
        chain: list[str] = []
        code: str | None = start
        while code is not None and code not in paths:
            if code in chain:
                raise ValueError(f"the footprint tree loops through {code}")
            chain.append(code)
            code = parents[code]
        above = paths[code] if code is not None else "/"
        for link in reversed(chain):
            above = paths[link] = above + link + "/"
    return paths


def outermost_system(path: str, levels: Mapping[str, str | None]) -> str | None:
    """The outermost system-level area on the path: the ICB this area counts under today."""
    for code in path.strip("/").split("/"):
        if levels[code] == "system":
            return code
    return None


def recompute_tree(session: Session) -> int:
    """Brings every area's path and ICB in line with the parents; returns how many changed."""
    session.flush()
    rows = session.execute(
        select(Area.id, Area.code, Area.parent_id, Area.level_key, Area.path, Area.system_id)
    ).all()
    code_of = {row.id: row.code for row in rows}
    id_of = {row.code: row.id for row in rows}
    paths = tree_paths({row.code: code_of.get(row.parent_id) for row in rows})
    levels = {row.code: row.level_key for row in rows}
    changed = []
    for row in rows:
        system = outermost_system(paths[row.code], levels)
        wanted = (paths[row.code], id_of[system] if system else None)
        if (row.path, row.system_id) != wanted:
            changed.append({"id": row.id, "path": wanted[0], "system_id": wanted[1]})
    if changed:
        session.execute(update(Area), changed)
        session.expire_all()
    return len(changed)
