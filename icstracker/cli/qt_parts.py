"""What a command asks of the window's Qt parts, handed to the command line from above.

``cli/`` and ``ui/`` are siblings that never import each other (``[tool.importlinter]``). Two
things the ``icstracker`` command does need Qt: the window itself, when no command is given,
and a report drawn as a PDF (``export --pdf``). The installed command (``front_door.py``),
above both, passes them in as plain functions that import Qt only when called, so every
other command starts without it. Run without them (``cli.main`` alone), those two say so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from icstracker.services.report_data import ReportScope, Summary


class PdfWritten(Protocol):
    """What the command line reports of a PDF summary it had drawn."""

    @property
    def path(self) -> Path: ...
    @property
    def pages(self) -> int: ...
    @property
    def engagements(self) -> int: ...


@dataclass(frozen=True)
class QtParts:
    # The window on this database (None: the default one); its exit status.
    open_window: Callable[[str | None], int]
    # The PDF summary of ``scope`` at ``path`` (``.pdf`` added when it has another suffix).
    write_pdf: Callable[[ReportScope, Summary, Path], PdfWritten]
