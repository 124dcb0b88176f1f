"""Reading an .xlsx or .csv file into rows of cells, refusing files that are not safe to read.

A spreadsheet arrives from anywhere: an email attachment, a shared drive, a colleague's
laptop. Before any parser sees it, the file is checked by its first bytes (a PNG renamed
``.xlsx`` is refused, not "parsed"), an encrypted workbook is named as such, a zip whose
contents would expand to gigabytes is refused from its directory alone, and a sheet longer
than the row limit is refused before its rows are read. Formulas are never evaluated:
calamine returns the value Excel cached when the file was saved.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from icstracker.errors import ImportFileError

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None

MAX_ROWS = 100_000
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_COLUMNS = 200

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"')
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


@dataclass(frozen=True)
class RawTable:
    """The cells of one sheet; ``rows[i]`` is the row the user sees as number ``i + 1``."""

    name: str
    rows: list[list[Cell]]


def read_table(path: Path, *, max_rows: int = MAX_ROWS, sheet: str | None = None) -> RawTable:
    """One sheet of an .xlsx file (the first unless ``sheet`` names another), or a .csv file."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise ImportFileError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not a spreadsheet.") from None
    except OSError as error:
        raise ImportFileError(f"{name} cannot be read: {error.strerror or error}.") from None
    if size == 0:
        raise ImportFileError(f"{name} is empty (0 bytes); there is nothing to import.")
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"{name} is {size / 1024 / 1024:.0f} MB; files over "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB are not imported. Split it into smaller files."
        )
    table = _read_by_kind(path, head, max_rows, sheet)
    if not any(cell not in (None, "") for row in table.rows for cell in row):
        which = f"its sheet '{table.name}'" if sheet else "its first sheet"
        raise ImportFileError(f"{name} is empty: {which} has no cells with anything in.")
    return table


def list_sheets(path: Path) -> list[str]:
    """The sheet names of a workbook, checked as safe first; a CSV file has none."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise ImportFileError(f"{path.name} cannot be read: {error.strerror or error}.") from None
    if not head.startswith(_ZIP_MAGIC):
        return []
    from python_calamine import CalamineError, CalamineWorkbook

    _check_zip(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        try:
            return list(workbook.sheet_names)
        finally:
            workbook.close()
    except (CalamineError, ValueError) as error:
        raise ImportFileError(
            f"{path.name} cannot be read as a workbook ({type(error).__name__})."
        ) from None


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


def _declared_rows(path: Path, member: str) -> int | None:
    """The row count the sheet declares in its ``<dimension>``, read from its first bytes."""
    if not member:
        return None
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        found = _DIMENSION.search(stream.read(4096))
    if found is None or found[1] is None:
        return None
    return int(found[1])


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

    member = _check_zip(path)
    # The declared size is read from the first worksheet's XML; another sheet is bounded
    # by the zip's checked uncompressed size and its own height below.
    declared = _declared_rows(path, member) if sheet_name is None else None
    if declared is not None and declared > max_rows:
        raise _too_many(path.name, max_rows)
    check_sheet_extent(path, sheet_name, max_rows)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        try:
            if sheet_name is not None and sheet_name not in workbook.sheet_names:
                raise ImportFileError(
                    f"{path.name} has no sheet called '{sheet_name}'; its sheets are "
                    + ", ".join(f"'{n}'" for n in workbook.sheet_names)
                    + "."
                )
            sheet = (
                workbook.get_sheet_by_name(sheet_name)
                if sheet_name is not None
                else workbook.get_sheet_by_index(0)
            )
            if sheet.total_height > max_rows:
                raise _too_many(path.name, max_rows)
            # calamine hands back new lists of cell values: used as they are, not copied.
            rows = cast("list[list[Cell]]", sheet.to_python(skip_empty_area=False))
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
    return RawTable(sheet.name, [r if len(r) <= MAX_COLUMNS else r[:MAX_COLUMNS] for r in rows])


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
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
    except csv.Error:
        return csv.excel


def _read_csv(path: Path, max_rows: int) -> RawTable:
    text = decode_text(path.read_bytes(), path.name)
    if not text.strip():
        raise ImportFileError(f"{path.name} has no rows; there is nothing to import.")
    dialect = _dialect(text[:16384])
    rows: list[list[Cell]] = []
    reader: Iterator[list[str]] = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for record in reader:
            if len(rows) >= max_rows:
                raise _too_many(path.name, max_rows)
            rows.append(list(record[:MAX_COLUMNS]))
    except csv.Error as error:
        raise ImportFileError(
            f"{path.name} is not a well-formed CSV file (record {len(rows) + 1}: {error})."
        ) from None
    return RawTable(path.stem, rows)
