"""A member's password for the shared server, kept in the operating system's keyring.

The app connects to a shared PostgreSQL server with the member's own database role. Its
password is never written in the app's settings, the URL or any file of ours: it lives in
the keyring (Windows Credential Manager, macOS Keychain, the Secret Service on Linux),
filed under the role, server and database, and is handed to the driver only when a
connection opens. ``icstracker server save-password`` puts it there.

A URL that already carries a password (an administrator's script) is used as given; the
keyring is asked only when it has none, and no keyring at all just means "no password
stored" (trust or peer authentication, a ``.pgpass`` file, or a refusal from the server).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.engine import URL

from icstracker.db.secrets import remember_secret
from icstracker.errors import DatabaseError

SERVICE = "ICS Tracker"
log = logging.getLogger(__name__)


def keyring_entry(url: URL) -> str:
    """The name a password is filed under: role, server, port and database, no secret."""
    port = url.port or 5432
    return f"{url.username or ''}@{url.host or 'localhost'}:{port}/{url.database or ''}"


def _keyring() -> Any:
    import keyring

    return keyring


def stored_password(url: URL) -> str | None:
    """The keyring's password for ``url``'s role, or None when there is none or no keyring."""
    try:
        keyring = _keyring()
        password = keyring.get_password(SERVICE, keyring_entry(url))
    except Exception as error:  # noqa: BLE001 - any keyring failure means "none stored"
        # No keyring at all is normal (a server that trusts its users, a .pgpass file);
        # a keyring that fails is worth a line, with the kind of failure only.
        quiet = type(error).__name__ in ("NoKeyringError", "ModuleNotFoundError")
        log.log(
            logging.DEBUG if quiet else logging.WARNING,
            "The keyring could not be read (%s).",
            type(error).__name__,
        )
        return None
    if isinstance(password, str) and password:
        remember_secret(password)
        return password
    return None


def save_password(url: URL, password: str) -> str:
    """Files ``password`` for ``url``'s role in the keyring; returns where it was filed."""
    if not url.username:
        raise DatabaseError(
            "The database URL names no role (postgresql+psycopg://ROLE@server/database); "
            "say whose password this is."
        )
    remember_secret(password)
    try:
        keyring = _keyring()
        keyring.set_password(SERVICE, keyring_entry(url), password)
    except Exception as error:  # noqa: BLE001 - NoKeyringError, a locked keyring, D-Bus…
        raise DatabaseError(
            "This computer has no keyring ICS Tracker can use to keep the password "
            f"({type(error).__name__}); ask whoever looks after it to set one up."
        ) from error
    return keyring_entry(url)


def forget_password(url: URL) -> bool:
    """Removes ``url``'s password from the keyring; False if none was stored."""
    try:
        keyring = _keyring()
        if keyring.get_password(SERVICE, keyring_entry(url)) is None:
            return False
        keyring.delete_password(SERVICE, keyring_entry(url))
    except Exception as error:  # noqa: BLE001
        raise DatabaseError(
            f"The keyring could not be changed ({type(error).__name__})."
        ) from error
    return True
