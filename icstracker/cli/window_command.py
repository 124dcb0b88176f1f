"""``icstracker`` with no command: the desktop window.

A module of its own so that opening the window imports neither the other commands nor
SQLAlchemy before the window can paint its first look (``ui/first_look.py``).
"""

from __future__ import annotations

import argparse


def open_app(args: argparse.Namespace) -> int:
    """With no command: the desktop window (Qt is imported only now, never for commands).

    A start that cannot paint the log's first look before the ORM loads (no plain SQLite
    file) loads the Qt-free modules first, before PySide6 (``ui/preload.py``)."""
    from icstracker.db.first_page import plain_sqlite_file

    if plain_sqlite_file(args.database) is None:
        import icstracker.ui.preload  # noqa: F401
    from icstracker.ui.app import run_app

    return run_app(args.database)
