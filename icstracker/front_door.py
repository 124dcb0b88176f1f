"""The installed ``icstracker`` command: the window when no command is given, else a command.

It sits above the command line (``cli/``) and the window (``ui/``), which never import each
other, and gives the command line the window's two Qt parts (``cli.qt_parts``). Each imports
Qt only when it is called: a command such as ``list`` or ``import`` starts without it, and
the window's start imports nothing of the commands before its first look is painted.
"""

from __future__ import annotations

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


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, qt=QT_PARTS)
