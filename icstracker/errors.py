"""Errors a user can act on, each carrying one clear sentence.

Anything raised as an ``IcsTrackerError`` is a *known* condition: the command line prints
its message and exits non-zero, the window shows it in a dialog. Any other exception is
a bug and is reported with its details.
"""

from __future__ import annotations


class IcsTrackerError(Exception):
    """Base of every error whose message is written for the user."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(IcsTrackerError):
    """Input that cannot be saved; ``field`` names what to correct."""

    exit_code = 2

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(IcsTrackerError):
    exit_code = 3


class ConcurrencyError(IcsTrackerError):
    """The record changed since it was read; saving would overwrite someone's work."""

    exit_code = 4


class DatabaseError(IcsTrackerError):
    """The database cannot be used as it is (locked, corrupt, too new, unreachable…)."""

    exit_code = 5


class AccessDeniedError(DatabaseError):
    """A shared server's member asked for something their database role may not do: a
    reader saving, or anyone changing another committee's record. Nothing was changed."""

    exit_code = 7


class DatabaseLockedError(DatabaseError):
    pass


class DatabaseCorruptError(DatabaseError):
    pass


class SchemaTooNewError(DatabaseError):
    pass


class DiskFullError(DatabaseError):
    pass


class FolderNotWritableError(DatabaseError):
    """The database's folder cannot be written (a read-only or disconnected network
    drive, an online-only OneDrive file): found at start, before any work is lost."""


class OutputFileError(IcsTrackerError):
    """A file the user asked for cannot be written: no such folder, no permission, the
    file open in another program, or a full disk. Nothing half-written is left behind."""

    exit_code = 6


class OperationCancelled(IcsTrackerError):
    """The user stopped a long job; whatever it would have written was not kept."""

    exit_code = 130


class ImportFileError(IcsTrackerError):
    """A file offered for import cannot be read as a spreadsheet of engagements: not a
    spreadsheet, encrypted, empty, too big, or built to exhaust memory. Nothing is written."""

    exit_code = 2


class ImportFileNotFoundError(ImportFileError):
    """The file named for import is not there: "not found" (exit 3), like any other."""

    exit_code = NotFoundError.exit_code


class ReferenceFileError(IcsTrackerError):
    """An official NHS England or ONS file offered to ``reference update`` that cannot be
    used: not one of the known layouts, damaged, older than the footprints already loaded, or
    at odds with them. Nothing is written."""

    exit_code = 2


class ImportRowError(ValidationError):
    """One row of an import that cannot be logged, named as the user sees it in the sheet."""

    def __init__(self, row: int, column: str, reason: str) -> None:
        where = f"row {row}, column '{column}'" if column else f"row {row}"
        super().__init__(column or "row", f"{where}: {reason}")
        self.row = row
        self.column = column
        self.reason = reason


class ImportRejectedError(IcsTrackerError):
    """An all-or-nothing import found rows it cannot log, so it wrote nothing.

    ``problems`` lists every bad row, so the person can fix them all in one pass."""

    exit_code = 2

    def __init__(self, message: str, problems: list[ImportRowError]) -> None:
        super().__init__(message)
        self.problems = problems
