"""Opening an official file safely: its bytes, out of a .zip if it came in one, as rows.

NHS England publishes the GP practice mapping as ``gp-reg-pat-prac-map.zip`` and ODS the
PCN workbook as ``epcn.zip``; a user may pass the .zip or what was in it. Only a regular
file of sensible size is read, a zip is checked from its directory before anything is
expanded, and the checksum is of the bytes the user named, so the same download is
recognised however many times it is offered.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from icstracker.errors import NotFoundError, ReferenceFileError

# The largest official file is the ONS LSOA lookup: about 35,000 rows, 4 MB.
MAX_FILE_BYTES = 128 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ROWS = 250_000
_ZIP_MAGIC = b"PK\x03\x04"
_READABLE = (".csv", ".xlsx")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class OfficialFile:
    """What the user named (``name``, ``sha256``) and what is to be read (``inner``)."""

    path: Path
    name: str
    sha256: str
    inner: str  # the file read: the name itself, or the member of a .zip
    data: bytes

    @property
    def is_workbook(self) -> bool:
        return self.data.startswith(_ZIP_MAGIC)

    def where(self) -> str:
        return self.name if self.inner == self.name else f"{self.name} ({self.inner})"


def open_official_file(path: Path) -> OfficialFile:
    """The file's bytes, refusing what is missing, not a file, too big or a zip bomb."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise NotFoundError(f"There is no file {path}.") from None
    except OSError as error:
        raise ReferenceFileError(f"{path} cannot be read: {error.strerror}.") from None
    if not stat.S_ISREG(info.st_mode):
        raise ReferenceFileError(f"{path} is not a file.")
    if info.st_size > MAX_FILE_BYTES:
        raise ReferenceFileError(f"{path.name} is larger than any official reference file.")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReferenceFileError(f"{path} cannot be read: {error.strerror}.") from None
    if not data.strip():
        raise ReferenceFileError(f"{path.name} is empty.")
    sha256 = hashlib.sha256(data).hexdigest()
    inner, content = path.name, data
    if data.startswith(_ZIP_MAGIC):
        archive = _zip(path.name, data)
        if "[Content_Types].xml" not in archive.namelist():  # a plain .zip, not a workbook
            inner, content = _only_member(path.name, archive)
    return OfficialFile(path, path.name, sha256, inner, content)


def _zip(name: str, data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReferenceFileError(f"{name} is a damaged .zip or workbook.") from None
    total = sum(member.file_size for member in archive.infolist())
    if total > MAX_UNCOMPRESSED_BYTES or total > max(len(data), 1) * MAX_COMPRESSION_RATIO:
        raise ReferenceFileError(f"{name} would expand far beyond any official file.")
    return archive


def _only_member(name: str, archive: zipfile.ZipFile) -> tuple[str, bytes]:
    members = [
        m for m in archive.infolist() if not m.is_dir() and m.filename.lower().endswith(_READABLE)
    ]
    if len(members) != 1:
        found = ", ".join(m.filename for m in members) or "none"
        raise ReferenceFileError(
            f"{name} should hold one .csv or .xlsx file (found: {found}); unzip it and "
            "name the file to use."
        )
    member = members[0]
    try:
        content = archive.read(member)
    except (zipfile.BadZipFile, OSError, RuntimeError):
        raise ReferenceFileError(f"{name} is a damaged .zip.") from None
    if content.startswith(_ZIP_MAGIC):
        _zip(member.filename, content)  # a workbook inside: checked the same way
    return Path(member.filename).name, content


def csv_rows(file: OfficialFile, *, header_only: bool = False) -> list[list[str]]:
    """The rows of a CSV file as NHS England and ONS write them (UTF-8, perhaps with a BOM;
    an older Excel save may be Windows-1252); with ``header_only``, just the first."""
    data = file.data[: file.data.find(b"\n") + 1 or None] if header_only else file.data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ReferenceFileError(f"{file.where()} is not a text (CSV) file.")
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline="")) if any(row)]
    except csv.Error as error:
        raise ReferenceFileError(f"{file.where()} is not a readable CSV file ({error}).") from None
    if len(rows) > MAX_ROWS:
        raise ReferenceFileError(f"{file.where()} has more rows than any official file.")
    if not rows:
        raise ReferenceFileError(f"{file.where()} is empty.")
    return [[cell.strip() for cell in row] for row in rows]


def header_key(text: object) -> str:
    """A header as compared: "Practice\\r\\nParent\\r\\nSub ICB Loc Code" and "practice parent
    sub icb loc code" are one (the ePCN workbook breaks its headers over lines)."""
    return _SPACES.sub(" ", str(text or "")).strip().lstrip("\ufeff").casefold()


def missing(required: tuple[str, ...], have: set[str]) -> list[str]:
    return [name for name in required if header_key(name) not in have]
