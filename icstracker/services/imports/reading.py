"""Reading an .xlsx or .csv file into rows of cells, refusing files that are not safe to read.

A spreadsheet arrives from anywhere: an email attachment, a shared drive, a colleague's
laptop. Before any parser sees it, the file is checked by its first bytes (a PNG renamed
``.xlsx`` is refused, not "parsed"), an encrypted workbook is named as such, a zip whose
contents would expand to gigabytes is refused from its directory alone, and a sheet longer
than the row limit is refused before its rows are read. Formulas are never evaluated:
calamine returns the value Excel cached when the file was saved.

The file is looked at with ``stat`` before it is opened: a named pipe would block the
reader forever and a device such as /dev/zero would never end, so anything that is not a
regular file is refused unopened, and it is then opened without blocking and checked
again. A CSV file is read the way Excel writes one (double quotes only) and the result
is verified, not trusted: a file that ends inside a quote, a row wider than the others,
or a cell that swallowed the start of the next row is refused with the row named.
A workbook's hidden sheets (templates, look-up lists) are skipped unless named.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import stat
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

from icstracker.errors import ImportFileError, ImportFileNotFoundError

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None

MAX_ROWS = 100_000
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Wider than any real log: a CSV is refused beyond it, never cut (cutting a 206-column
# file at 200 once dropped its Notes column without a word).
MAX_COLUMNS = 1024

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Cells as every spreadsheet program writes them: the position first, then plain
# double-quoted attributes; filled, <c r="XFD50000" t="s">…</c>, or empty, <c r="B2"/>.
# Any other <c> matches too, with no groups, and sends the sheet to the careful reading.
_PLAIN_CELL = (
    rb'c(?:\s+r="([A-Z]{1,3})([0-9]{1,7})"'
    rb'(?:\s+(?!r\s*=)[^\s<>/="\']+="[^"<>]*")*\s*(/?)>'
    rb"|[\s/>])"
)
_CELL = re.compile(rb"<" + _PLAIN_CELL)
# A cell with a namespace prefix, <x:c …>, as calamine reads it too (by its local name);
# rare, so looked for first and only then read with the slower pattern.
_PREFIX = rb"(?:[^\s<>/]*:)?"
_PREFIXED = re.compile(rb":c[\s/>]")
_CELL_WITH_PREFIX = re.compile(rb"<" + _PREFIX + _PLAIN_CELL)
# The start of a <c> or <row> tag, opening or closing, and the rest of it up to its ">"
# (a quoted value may hold a ">"; possessive, so a tag that never closes fails at once).
_TAG_START = re.compile(rb"<(/?)" + _PREFIX + rb"(c|row)(?=[\s/>])")
_TAG_REST = re.compile(rb"""(?:[^>"']|"[^"]*+"|'[^']*+')*+>""")
_ATTRIBUTE = re.compile(rb"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_POSITION = re.compile(rb"([A-Za-z]*)([0-9]+)")
_CHUNK = 1 << 20
_BEYOND = 1 << 40  # where a position calamine cannot read is taken to be
# calamine reads a sheet into one dense block from its first to its last filled cell; a
# tiny file with one value in A1 and one in XFD50000 would ask for gigabytes and abort the
# whole process, which Python cannot catch. Extents are checked from the XML first.
MAX_CELLS = 5_000_000
_DELIMITERS = ",;\t"
# A cell that is just a date, as a row of a log has one (see ``_swallowed_row``).
_DATE_CELL = re.compile(r"\s*(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})\s*")
_NON_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


@dataclass(frozen=True)
class RawTable:
    """The cells of one sheet; ``rows[i]`` is the row the user sees as number ``i + 1``.

    ``sheet`` is the workbook sheet the rows came from (``None`` for a CSV file), so every
    summary can say which sheet it read."""

    name: str
    rows: list[list[Cell]]
    sheet: str | None = None


def check_import_file(path: Path) -> int:
    """The size of ``path`` once ``stat`` shows it is a regular file of a size worth reading.

    Done before the file is opened, by everything that reads an import (even the check for
    an ``export-all`` workbook): opening a named pipe for reading waits for a writer that
    may never come, and a device never runs out of bytes.
    """
    name = path.name
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise ImportFileNotFoundError(f"There is no file {path}.") from None
    except OSError as error:
        raise ImportFileError(f"{name} cannot be read: {error.strerror or error}.") from None
    return _check_kind_and_size(path, info)


def _check_kind_and_size(path: Path, info: os.stat_result) -> int:
    name = path.name
    if stat.S_ISDIR(info.st_mode):
        raise ImportFileError(f"{path} is a folder, not a spreadsheet.")
    if not stat.S_ISREG(info.st_mode):
        kind = next((k for test, k in _NON_FILE_KINDS if test(info.st_mode)), "a special file")
        raise ImportFileError(
            f"{path} is {kind}, not a saved file, so it was not opened; save the spreadsheet "
            "as a file and import that."
        )
    size = info.st_size
    if size == 0:
        raise ImportFileError(f"{name} is empty (0 bytes); there is nothing to import.")
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"{name} is {size / 1024 / 1024:.0f} MB; files over "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB are not imported. Split it into smaller files."
        )
    return size


def _read_start(path: Path, limit: int) -> bytes:
    """Up to ``limit`` bytes of a file already ``stat``-checked, opened so that it cannot block.

    ``O_NONBLOCK`` makes opening a named pipe return at once (should the file have been
    swapped for one since the check), and the open file is checked again before a byte
    of it is read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise ImportFileNotFoundError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not a spreadsheet.") from None
    except OSError as error:
        raise ImportFileError(f"{path.name} cannot be read: {error.strerror or error}.") from None
    with os.fdopen(descriptor, "rb") as handle:
        try:
            _check_kind_and_size(path, os.fstat(handle.fileno()))
            return handle.read(limit)
        except OSError as error:
            raise ImportFileError(
                f"{path.name} cannot be read: {error.strerror or error}."
            ) from None


def read_table(path: Path, *, max_rows: int = MAX_ROWS, sheet: str | None = None) -> RawTable:
    """One sheet of an .xlsx file (the first visible one unless ``sheet`` names another), or
    a .csv file."""
    name = path.name
    check_import_file(path)
    head = _read_start(path, 8)
    table = _read_by_kind(path, head, max_rows, sheet)
    if not any(cell not in (None, "") for row in table.rows for cell in row):
        which = f"its sheet '{table.sheet}'" if table.sheet is not None else "it"
        raise ImportFileError(f"{name} is empty: {which} has no cells with anything in.")
    return table


def list_sheets(path: Path) -> list[str]:
    """The sheet names of a workbook, checked as safe first; a CSV file has none.

    The visible sheets come first, in the workbook's order, and then the hidden ones: the
    first name is the sheet an import reads when none is named, so a picker that shows
    this list starts on the sheet the person sees in Excel.
    """
    check_import_file(path)
    if not _read_start(path, 8).startswith(_ZIP_MAGIC):
        return []
    from python_calamine import CalamineError, CalamineWorkbook

    _check_zip(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        try:
            visible, hidden = _sheets_by_visibility(workbook)
            return visible + hidden
        finally:
            workbook.close()
    except (CalamineError, ValueError) as error:
        raise ImportFileError(
            f"{path.name} cannot be read as a workbook ({type(error).__name__})."
        ) from None


def _sheets_by_visibility(workbook: CalamineWorkbook) -> tuple[list[str], list[str]]:
    """The worksheet names a person can see in Excel, and the hidden (or very hidden) ones."""
    from python_calamine import SheetVisibleEnum

    visible: list[str] = []
    hidden: list[str] = []
    for sheet in workbook.sheets_metadata:
        (visible if sheet.visible == SheetVisibleEnum.Visible else hidden).append(sheet.name)
    return visible, hidden


def _read_by_kind(path: Path, head: bytes, max_rows: int, sheet: str | None) -> RawTable:
    name = path.name
    suffix = path.suffix.lower()
    if head.startswith(_OLE_MAGIC):
        raise ImportFileError(
            f"{name} is a password-protected workbook or an old .xls file; open it in Excel, "
            "remove the password and save it as .xlsx (or CSV UTF-8) first."
        )
    if suffix == ".xlsx" or head.startswith(_ZIP_MAGIC):
        if not head.startswith(_ZIP_MAGIC):
            raise ImportFileError(
                f"{name} is not an Excel workbook (its contents are not .xlsx, whatever its "
                "name says); save it from Excel as .xlsx or CSV UTF-8."
            )
        return _read_xlsx(path, max_rows, sheet)
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path, max_rows)
    raise ImportFileError(f"{name} is not a .xlsx or .csv file; save it as one of those first.")


def _check_zip(path: Path) -> str:
    """The path inside the zip of the first worksheet, once the zip is known to be safe."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            compressed = sum(m.compress_size for m in members)
            total = sum(m.file_size for m in members)
            names = {m.filename for m in members}
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise ImportFileError(
            f"{name} is damaged or incomplete (not a readable .xlsx); save it again from Excel."
        ) from None
    if total > MAX_UNCOMPRESSED_BYTES or total > max(compressed, 1) * MAX_COMPRESSION_RATIO:
        raise ImportFileError(
            f"{name} would expand to {total / 1024 / 1024:,.0f} MB from "
            f"{max(compressed, 1) / 1024:,.0f} KB; that is not a normal workbook, so it was "
            "not opened."
        )
    if "xl/workbook.xml" not in names:
        raise ImportFileError(
            f"{name} is a zip file but not an Excel workbook; save it from Excel as .xlsx."
        )
    sheets = sorted(n for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
    return sheets[0] if sheets else ""


def _too_many(name: str, max_rows: int) -> ImportFileError:
    return ImportFileError(
        f"{name} has more than {max_rows:,} rows; split it into smaller files to import it."
    )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + (letter - 64)
    return number


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, list[str]]:
    """Sheet name → every worksheet XML inside the zip that calamine might read for it.

    Found the way calamine finds it (the target as written, ``/xl/`` or ``xl/`` kept, any
    other path put under ``xl/``, matched without regard to case); each ``…:id`` of the
    sheet counts, as calamine takes ``r:id`` by its spelling, not its namespace.
    """
    from defusedxml import ElementTree  # type: ignore[import-untyped]

    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets: dict[str | None, list[str]] = {}
    for relation in rels:
        targets.setdefault(relation.get("Id"), []).append(relation.get("Target", ""))
    names: dict[str, list[str]] = {}
    for member in archive.namelist():
        names.setdefault(member.lower(), []).append(member)
    members: dict[str, list[str]] = {}
    for sheet in workbook.iter():
        if not isinstance(sheet.tag, str) or sheet.tag.rpartition("}")[2] != "sheet":
            continue  # calamine knows a sheet by its local name, whatever its namespace
        found = members.setdefault(sheet.get("name", ""), [])
        for key, value in sheet.attrib.items():
            if key.endswith(("}id", ":id")) or key == "id":
                for target in targets.get(value, []):
                    found.extend(names.get(_calamine_path(target).lower(), []))
    return members


def _calamine_path(target: str) -> str:
    if target.startswith("/xl/"):
        return target[1:]
    return target if target.startswith("xl/") else f"xl/{target}"


def _plain_extent(stream: IO[bytes], max_rows: int) -> tuple[int, int] | None:
    """The last row and column of the filled cells, or ``None`` if a cell is not plain.

    Nearly every sheet is written the plain way (see ``_PLAIN_CELL``), which a regular
    expression reads exactly and fast. The XML is cut just after a ``>``: no plain tag
    holds one inside, so none is ever split between two pieces. Stops early once there
    are more rows than allowed.
    """
    rows = columns = 0
    pending: list[bytes] = []
    while chunk := stream.read(_CHUNK):
        cut = chunk.rfind(b">") + 1
        if not cut:
            pending.append(chunk)
            continue
        piece = b"".join([*pending, chunk[:cut]]) if pending else chunk[:cut]
        pending = [chunk[cut:]]
        found = (_CELL_WITH_PREFIX if _PREFIXED.search(piece) else _CELL).findall(piece)
        if not found:
            continue
        letters, numbers, empty = zip(*found, strict=True)
        if b"" in letters:
            return None  # a cell not written the plain way
        if b"/" in empty:
            filled = [(column, row) for column, row, slash in found if not slash]
            if not filled:
                continue
            letters, numbers = zip(*filled, strict=True)
        rows = max(rows, *map(int, set(numbers)))
        columns = max(columns, *map(_column_number, set(letters)))
        if rows > max_rows:
            return rows, columns  # refused whatever the rest holds
    if any(_CELL_WITH_PREFIX.search(rest) for rest in pending):
        return None  # a cell cut off at the end of the file: let the careful reading judge it
    return rows, columns


def _careful_extent(data: bytes) -> tuple[int, int]:
    """The last row and column of the filled cells, placed as calamine places them.

    For sheets written some other way: attributes in any order or quoting, cells without
    a position (calamine puts them after the previous cell of the row, in the row the
    ``<row r>`` names or the one after the previous row). Every cell that is not
    self-closing counts as filled, and a position calamine cannot read counts as the
    largest, so this can only refuse more than calamine would read, never less. The whole
    sheet is in memory (the zip checks bound it) and read once, each tag from its end.
    """
    rows = columns = 0
    row_index = column_index = 0
    position_of_tag = 0
    while found := _TAG_START.search(data, position_of_tag):
        rest = _TAG_REST.match(data, found.end())
        if rest is None:
            raise ValueError("a tag that never ends")  # calamine could not read it either
        position_of_tag = rest.end()
        closing, tag = found[1], found[2]
        attributes = rest[0][:-1]
        empty = attributes.rstrip().endswith(b"/")
        if closing:
            if tag == b"row":
                row_index, column_index = row_index + 1, 0
            continue
        position = None
        for key, double, single in _ATTRIBUTE.findall(attributes):
            if key == b"r":
                position = double if double or not single else single
        cell = _POSITION.fullmatch(position) if position is not None else None
        if tag == b"row":
            if position is not None:
                row_index = int(cell[2]) - 1 if cell else _BEYOND
            if empty:
                row_index, column_index = row_index + 1, 0
            continue
        row = row_index
        if position is not None:
            if cell and cell[1]:
                row, column_index = int(cell[2]) - 1, _column_number(cell[1]) - 1
            else:
                row = column_index = _BEYOND
        if not empty:
            rows, columns = max(rows, row + 1), max(columns, column_index + 1)
        column_index += 1
    return rows, columns


def check_sheet_extent(
    path: Path, sheet_name: str | None, max_rows: int, *, max_cells: int = MAX_CELLS
) -> None:
    """Refuses a sheet whose filled cells span too many rows, columns or cells.

    Read by streaming the sheet's XML (already bounded by the zip checks), never trusting
    its ``<dimension>``: calamine sizes its block by the cells it finds, not by what the
    dimension claims, so a sheet saying A1:C3 may still hold XFD50000. A sheet whose cells
    are not all written the plain way is read again, whole, the careful way.
    """
    name = path.name
    rows = columns = 0
    try:
        with zipfile.ZipFile(path) as archive:
            members = _sheet_members(archive)
            if not members:
                return
            found = members.get(sheet_name) if sheet_name else next(iter(members.values()))
            for member in found or ():  # none: calamine reports a missing sheet itself
                with archive.open(member) as stream:
                    extent = _plain_extent(stream, max_rows)
                if extent is None:
                    extent = _careful_extent(archive.read(member))
                rows, columns = max(rows, extent[0]), max(columns, extent[1])
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(
            f"{name} cannot be read as a workbook ({type(error).__name__}); save it again "
            "from Excel as .xlsx."
        ) from None
    except Exception as error:  # defusedxml refuses entity tricks with its own errors
        raise ImportFileError(
            f"{name} is not a well-formed workbook ({type(error).__name__}); it was not opened."
        ) from None
    if rows > max_rows:
        raise _too_many(name, max_rows)
    if columns > MAX_COLUMNS or rows * columns > max_cells:
        raise ImportFileError(
            f"{name} has cells spread over {rows:,} rows and {columns:,} columns; that is not "
            "an engagement log, so it was not opened. Copy the log to a new sheet and try again."
        )


def _read_xlsx(path: Path, max_rows: int, sheet_name: str | None = None) -> RawTable:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    _check_zip(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        try:
            chosen = _choose_sheet(path.name, workbook, sheet_name)
            # Every sheet's extent is checked from its XML before calamine reads it.
            check_sheet_extent(path, chosen, max_rows)
            sheet = workbook.get_sheet_by_name(chosen)
            if sheet.total_height > max_rows:
                raise _too_many(path.name, max_rows)
            # calamine hands back new lists of cell values: used as they are, not copied.
            rows = cast("list[list[Cell]]", sheet.to_python(skip_empty_area=False))
            fill_merged_down(rows, sheet.merged_cell_ranges or ())
        finally:
            workbook.close()
    except PasswordError:
        raise ImportFileError(
            f"{path.name} is password-protected; remove the password in Excel first."
        ) from None
    except (CalamineError, ValueError, IndexError) as error:
        raise ImportFileError(
            f"{path.name} cannot be read as a workbook ({type(error).__name__}); save it "
            "again from Excel as .xlsx."
        ) from None
    if len(rows) > max_rows:
        raise _too_many(path.name, max_rows)
    if any(len(r) > MAX_COLUMNS for r in rows):  # check_sheet_extent refuses these first
        raise ImportFileError(f"{path.name} has more than {MAX_COLUMNS:,} columns.")
    return RawTable(sheet.name, rows, sheet.name)


def fill_merged_down(
    rows: list[list[Cell]], merged: Sequence[tuple[tuple[int, int], tuple[int, int]]]
) -> None:
    """Gives each row of a merged block the value a person sees in it.

    A log often merges one date or one ICS down the rows of a meeting's items; Excel shows
    the value beside each row, but the file holds it only in the block's first cell, so
    the rows under it were read with no date or area. The block's first column is filled
    down (a block merged across columns is one wide cell, not several values). Ranges are
    ``((first row, first column), (last row, last column))``, counted from 0.
    """
    for (top, left), (bottom, _right) in merged:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for row in rows[top + 1 : bottom + 1]:
            if left < len(row) and row[left] in (None, ""):
                row[left] = value


def _choose_sheet(name: str, workbook: CalamineWorkbook, wanted: str | None) -> str:
    """The sheet named, or else the first one a person sees in Excel.

    A hidden first sheet is typically a template or a look-up list; reading it instead of
    the visible log imported the wrong rows without a word.
    """
    visible, hidden = _sheets_by_visibility(workbook)
    if wanted is not None:
        if wanted not in visible and wanted not in hidden:
            raise ImportFileError(
                f"{name} has no sheet called '{wanted}'; its sheets are "
                + ", ".join(f"'{n}'" for n in visible + hidden)
                + "."
            )
        return wanted
    if not visible:
        raise ImportFileError(
            f"{name} has no visible sheet; name the sheet to read (--sheet), or unhide it in Excel."
        )
    return visible[0]


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without a BOM), else Windows-1252: what Excel's two CSV options write."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise ImportFileError(
            f"{name} is not a UTF-8 or Windows text file (it looks like UTF-16 or binary "
            "data); save it from Excel as 'CSV UTF-8' or as .xlsx."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFileError(
                f"{name} is not text in UTF-8 or Windows-1252; it does not look like a CSV file."
            ) from None
    sample = text[:4096]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\r\n")
    if controls > len(sample) // 100:
        raise ImportFileError(f"{name} contains binary data; it does not look like a CSV file.")
    return text


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    """Excel's CSV with the separator the file uses (comma, semicolon or tab).

    Only the separator is taken from ``csv.Sniffer``; the quote is always the double
    quote, the only one Excel writes. The sniffer would take apostrophes used as quotes in
    the text ('Pharmacy First') for the quote character, and then one apostrophe in
    "LPC's" swallows every row up to the next apostrophe into a single cell.
    """
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        delimiter = ","

    class Sniffed(csv.excel):
        pass

    Sniffed.delimiter = delimiter
    Sniffed.strict = True  # a quote in the middle of a cell, or one never closed, is an error
    return Sniffed


def _record_error(name: str, row: int, error: csv.Error) -> ImportFileError:
    """The sentence for the CSV record (row) the reader could not make sense of."""
    if "unexpected end of data" in str(error) or "EOF" in str(error):
        return ImportFileError(
            f"{name} ends inside a quoted cell that starts on row {row}: the file is "
            "incomplete (still being written, or cut short); save or download it again."
        )
    return ImportFileError(
        f"{name} is not a well-formed CSV file: row {row} has a double quote in the middle "
        "of a cell (or a quote that never closes); correct it in the file, or save it from "
        "Excel as 'CSV UTF-8'."
    )


def _swallowed_row(value: str, delimiter: str, width: int) -> bool:
    """Does a cell hold, after a line break, a line that looks like another row of the log?

    Such a line splits at the separator into at least half a row's cells (and at least
    three), one of which is a date and nothing else: the sign of a quote that opened and
    closed a row too late. A note's own lines ("12/03/2026, follow-up call", "Jo, Sam, Ali")
    do not look like that, so notes written over several lines still import.
    """
    if "\n" not in value and "\r" not in value:
        return False
    enough = max(3, width // 2 + 1)
    for line in value.splitlines()[1:]:
        cells = line.split(delimiter)
        if len(cells) >= enough and any(_DATE_CELL.fullmatch(cell) for cell in cells):
            return True
    return False


def _verify_records(name: str, records: list[list[str]], delimiter: str) -> None:
    """Every row as wide as the header, and no cell that swallowed the rows after it.

    The width is the most common count of fields; a row with text beyond it means a
    separator or quote went wrong on that row, so the file is refused naming it rather
    than read with its cells shifted. Shorter rows are fine: many programs leave trailing
    blank cells out.
    """
    counts: dict[int, int] = {}
    for record in records:
        if any(record):
            counts[len(record)] = counts.get(len(record), 0) + 1
    if not counts:
        return
    width = max(counts, key=lambda count: (counts[count], -count))
    for number, record in enumerate(records, start=1):
        if len(record) > width and any(cell.strip() for cell in record[width:]):
            raise ImportFileError(
                f"{name} is not a consistent CSV file: row {number} has {len(record)} cells "
                f"where the other rows have {width}; check that row's quotes and separators."
            )
        for cell in record:
            if _swallowed_row(cell, delimiter, width):
                raise ImportFileError(
                    f"{name} is not a consistent CSV file: a cell of row {number} runs over a "
                    "line break into what looks like the next row, so a quote is probably "
                    "missing; check that row's quotes."
                )


def _read_csv(path: Path, max_rows: int) -> RawTable:
    data = _read_start(path, MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # it grew after it was checked: still being written
        raise ImportFileError(
            f"{path.name} grew past {MAX_FILE_BYTES // 1024 // 1024} MB while it was read; "
            "wait until it is saved, or split it into smaller files."
        )
    text = decode_text(data, path.name)
    if not text.strip():
        raise ImportFileError(f"{path.name} has no rows; there is nothing to import.")
    dialect = _dialect(text[:16384])
    rows: list[list[str]] = []
    cells = 0
    lines = io.StringIO(text, newline="")
    reader: Iterator[list[str]] = csv.reader(lines, dialect)
    try:
        for record in reader:
            if len(rows) >= max_rows:
                raise _too_many(path.name, max_rows)
            if len(record) > MAX_COLUMNS:
                raise ImportFileError(
                    f"{path.name} has {len(record):,} columns in row {len(rows) + 1}; files "
                    f"over {MAX_COLUMNS:,} columns are not imported. Remove the unused columns."
                )
            cells += len(record)
            if cells > MAX_CELLS:
                raise ImportFileError(
                    f"{path.name} has more than {MAX_CELLS:,} cells; split it into smaller files."
                )
            rows.append(record)
    except csv.Error as error:
        raise _record_error(path.name, len(rows) + 1, error) from None
    _verify_records(path.name, rows, dialect.delimiter)
    return RawTable(path.stem, cast("list[list[Cell]]", rows))
