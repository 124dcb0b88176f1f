"""``icstracker`` with no command: the desktop window.

A module of its own so that opening the window imports neither the other commands nor
SQLAlchemy before the window can paint its first look (``ui/first_look.py``).
"""

from __future__ import annotations

import argparse


def open_app(args: argparse.Namespace) -> int:
    """With no command: the desktop window (Qt is imported only now, never for commands).

    Nothing else is imported first: the window's start either paints the log's first look
    before the ORM loads, or shows its progress dialog at once and loads the rest behind
    it (``ui/app.py``)."""
    from icstracker.ui.app import run_app

    return run_app(args.database)
