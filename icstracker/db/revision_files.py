"""The schema revisions shipped in a migrations folder, read from their files alone.

Both the schema check (``migrate``) and the window's first look (``first_page``, which must
start before SQLAlchemy loads) need the newest revision; loading Alembic to learn it took
longer than the check itself. Anything unusual answers None, and the caller asks Alembic
(or, for the first look, takes the ordinary start).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path


def _constant(value: ast.expr) -> str | None:
    """A revision id written as a literal string or None; anything else is unreadable."""
    if isinstance(value, ast.Constant) and (value.value is None or isinstance(value.value, str)):
        return value.value
    raise ValueError("not a plain revision id")


# Where a revision file's code begins: its identifiers are written above it.
_FIRST_DEFINITION = re.compile(r"^(?:def|async def|class|@)", re.MULTILINE)


def _revision_of(source: str) -> tuple[str, str | None] | None:
    """(revision, down_revision) from one revision file's top-level assignments, or None.

    The part above the file's first function is read first (Alembic's template puts the
    identifiers there): parsing every revision's whole source took 20 ms of each start.
    The whole file is read when that part does not parse or does not say.
    """
    first = _FIRST_DEFINITION.search(source)
    if first is not None:
        found = _assigned_revision(source[: first.start()])
        if found is not None:
            return found
    return _assigned_revision(source)


def _assigned_revision(source: str) -> tuple[str, str | None] | None:
    found: dict[str, list[str | None]] = {
        "revision": [],
        "down_revision": [],
        "branch_labels": [],
        "depends_on": [],
    }
    try:
        for node in ast.parse(source).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                target, value = node.target, node.value
            else:
                continue
            if isinstance(target, ast.Name) and target.id in found:
                found[target.id].append(_constant(value))
    except (SyntaxError, ValueError):
        return None
    revision, down = found["revision"], found["down_revision"]
    if len(revision) != 1 or len(down) != 1 or revision[0] is None:
        return None
    if any(value is not None for value in found["branch_labels"] + found["depends_on"]):
        return None  # branches and dependencies are Alembic's to resolve
    return revision[0], down[0]


def shipped_revisions(folder: Path) -> dict[str, str | None] | None:
    """Each shipped revision and the one it follows, read from the files without Alembic.

    ``folder`` is a migrations folder; its files are those Alembic would load
    (``versions/*.py``, not ``__init__`` or editor locks), one straight line of revisions
    from a single root. None means "ask Alembic": a merge, a branch, a duplicate or an id
    that is not a plain string.
    """
    versions = folder / "versions"
    chain: dict[str, str | None] = {}
    for path in sorted(versions.glob("*.py")):
        if path.name.startswith((".#", "__init__")):
            continue
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeError):
            return None
        pair = _revision_of(source)
        if pair is None or pair[0] in chain:
            return None
        chain[pair[0]] = pair[1]
    heads = set(chain) - set(chain.values())
    if len(heads) != 1:
        return None
    seen: set[str] = set()
    step: str | None = heads.pop()
    while step is not None:
        if step in seen or step not in chain:
            return None  # a loop, or a revision that follows one not shipped
        seen.add(step)
        step = chain[step]
    return chain if len(seen) == len(chain) else None


def head_of(chain: dict[str, str | None]) -> str:
    (head,) = set(chain) - set(chain.values())
    return head
