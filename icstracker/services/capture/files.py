"""Reading a file offered for capture: a regular file, not empty, at most 20 MB.

The checks are those of the spreadsheet import (``imports.reading``): ``stat`` before
opening, so a named pipe or a device never makes capture wait, and the open file checked
again before a byte is read. The whole file is then read at once (20 MB at most), so a
reader never goes back to a file that may have changed meanwhile.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from icstracker.errors import ImportFileError, ImportFileNotFoundError

MAX_CAPTURE_BYTES = 20 * 1024 * 1024
CALENDAR_SUFFIXES = (".ics", ".ical", ".ifb", ".icalendar")
MAIL_SUFFIXES = (".eml", ".msg")


def kind_of(path: Path) -> str:
    """``calendar`` or ``mail`` by the file's name; anything else is refused, naming what is
    taken (the contents are checked too, by the reader the name chose)."""
    suffix = path.suffix.lower()
    if suffix in CALENDAR_SUFFIXES:
        return "calendar"
    if suffix in MAIL_SUFFIXES:
        return "mail"
    raise ImportFileError(
        f"{path.name} is not a calendar (.ics) or email (.eml, .msg) file; save the calendar "
        "or the message as one of those and capture that."
    )


def _check(path: Path, info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise ImportFileError(f"{path} is a folder, not a calendar or email file.")
    if not stat.S_ISREG(info.st_mode):
        raise ImportFileError(
            f"{path} is not a saved file (a pipe or a device), so it was not opened; save "
            "it as a file and capture that."
        )
    if info.st_size == 0:
        raise ImportFileError(f"{path.name} is empty (0 bytes); there is nothing to capture.")
    if info.st_size > MAX_CAPTURE_BYTES:
        raise ImportFileError(
            f"{path.name} is {info.st_size / 1024 / 1024:.0f} MB; files over "
            f"{MAX_CAPTURE_BYTES // 1024 // 1024} MB are not captured. Export a shorter period "
            "of the calendar, or save the message without its attachments."
        )


def read_capture_file(path: Path) -> bytes:
    """The bytes of ``path``, once it is known to be a regular file of a size worth reading."""
    try:
        _check(path, path.stat())
    except (FileNotFoundError, NotADirectoryError):
        raise ImportFileNotFoundError(f"There is no file {path}.") from None
    except OSError as error:
        raise ImportFileError(f"{path.name} cannot be read: {error.strerror or error}.") from None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise ImportFileNotFoundError(f"There is no file {path}.") from None
    except OSError as error:
        raise ImportFileError(f"{path.name} cannot be read: {error.strerror or error}.") from None
    with os.fdopen(descriptor, "rb") as handle:
        try:
            _check(path, os.fstat(handle.fileno()))
            data = handle.read(MAX_CAPTURE_BYTES + 1)
        except OSError as error:
            raise ImportFileError(
                f"{path.name} cannot be read: {error.strerror or error}."
            ) from None
    if len(data) > MAX_CAPTURE_BYTES:  # it grew since the check
        raise ImportFileError(f"{path.name} is over 20 MB; it is not captured.")
    return data
