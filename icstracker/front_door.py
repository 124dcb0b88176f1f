"""The installed ``icstracker`` command: the window when no command is given, else a command.

It sits above the command line (``cli/``) and the window (``ui/``), which never import each
other, and gives the command line the window's two Qt parts (``cli.qt_parts``). Each imports
Qt only when it is called: a command such as ``list`` or ``import`` starts without it, and
the window's start imports nothing of the commands before its first look is painted.
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from icstracker import cli
from icstracker.cli.qt_parts import PdfWritten, QtParts

if TYPE_CHECKING:
    from icstracker.services.report_data import ReportScope, Summary


def open_window(database: str | None) -> int:
    from icstracker.ui.app import run_app

    return run_app(database)


def write_pdf(scope: ReportScope, summary: Summary, path: Path) -> PdfWritten:
    from icstracker.ui.pdf_summary import write_pdf_summary

    return write_pdf_summary(scope, summary, path)


QT_PARTS = QtParts(open_window=open_window, write_pdf=write_pdf)

# Python's last act at exit is a full garbage collection over every object still alive
# (SQLAlchemy's, a 10,000-row import's), only for the system to take the memory back
# anyway: 0.09 s of a 1.5 s ``icstracker import``. Frozen objects are left out of it;
# the rest of the exit (atexit handlers, streams flushed, files closed) is unchanged.
atexit.register(gc.freeze)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, qt=QT_PARTS)
