"""Who is writing: the author every change is recorded under.

On a shared PostgreSQL server it is the database role the connection logged in with
(``current_user``), which the server itself vouches for: a member cannot write history
under anyone else's name (``db/shared_server.py`` checks it in a policy). On SQLite,
where whoever holds the file may write anything, it is the name set in the app's
settings, passed to ``Database(author=…)``, else ``ICSTRACKER_AUTHOR``, else the
computer account's name.
"""

from __future__ import annotations

import getpass
import os

from sqlalchemy import text
from sqlalchemy.orm import Session

AUTHOR_ENV = "ICSTRACKER_AUTHOR"
# Session.info keys: the author a Database gives its sessions, and the role read once.
AUTHOR_KEY = "icstracker_author"
_ROLE_KEY = "icstracker_role"
MAX_AUTHOR = 200


def default_author() -> str:
    """``ICSTRACKER_AUTHOR`` or the computer account's name: whoever is at the keyboard."""
    name = " ".join(os.environ.get(AUTHOR_ENV, "").split())
    if name:
        return name[:MAX_AUTHOR]
    try:
        return getpass.getuser()[:MAX_AUTHOR] or "unknown"
    except (OSError, KeyError, ImportError):
        return "unknown"


def database_role(session: Session) -> str | None:
    """The PostgreSQL role this session works as, or None on SQLite."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    role = session.info.get(_ROLE_KEY)
    if role is None:
        role = str(session.scalar(text("SELECT current_user")))
        session.info[_ROLE_KEY] = role
    return str(role)


def author_of(session: Session) -> str:
    """The author of the changes this session writes."""
    role = database_role(session)
    if role is not None:
        return role
    return str(session.info.get(AUTHOR_KEY) or default_author())
