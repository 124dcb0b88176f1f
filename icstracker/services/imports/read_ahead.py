"""Reading the file to import on a thread of its own while the rest of the command loads.

``icstracker import`` spends its first 0.3 s importing SQLAlchemy, the models and the
import services, all Python and one core's work; reading a 10,000-row workbook is 0.1 s,
most of it calamine's parsing and the zip's inflating, which let go of the interpreter
lock. Started before the imports, the read is done, or nearly, when the import needs it.
It is the same ``read_table`` with the same limits: only when it runs changes.
"""

from __future__ import annotations

import threading
from pathlib import Path

from icstracker.services.imports.reading import MAX_ROWS, RawTable, read_table


class ReadAhead:
    """``read_table(path, max_rows=…, sheet=…)``, begun now; ``table()`` waits for it."""

    def __init__(self, path: Path, *, max_rows: int = MAX_ROWS, sheet: str | None = None) -> None:
        self.path, self.max_rows, self.sheet = path, max_rows, sheet
        self._table: RawTable | None = None
        self._error: BaseException | None = None
        # A daemon: a command that fails before it needs the file does not wait for it.
        self._thread = threading.Thread(target=self._read, name="icstracker-read", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            self._table = read_table(self.path, max_rows=self.max_rows, sheet=self.sheet)
        except BaseException as error:  # noqa: BLE001 - raised again by table(), where asked
            self._error = error

    def table(self) -> RawTable:
        """The table read, or the error reading it raised (a bad file's own sentence)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._table is not None
        return self._table
