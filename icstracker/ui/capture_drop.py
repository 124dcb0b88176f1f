"""Which dropped or chosen files capture takes: calendar exports and saved emails.

Kept apart from the capture dialog so the window can answer a drag over it without
loading the calendar and email readers.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData

CAPTURE_SUFFIXES = (".ics", ".ical", ".icalendar", ".eml", ".msg")
FILE_FILTER = "Calendar or email (*.ics *.eml *.msg);;Calendar (*.ics);;Email (*.eml *.msg)"


def capture_paths(mime: QMimeData) -> list[Path]:
    """The local files in a drag that capture reads (by name; their contents are checked
    when read); an empty list when it holds none, so the drop is not offered."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in CAPTURE_SUFFIXES]
