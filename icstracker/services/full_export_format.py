"""What marks a workbook as an ``export-all`` file, without loading the exporter.

``icstracker import`` asks this of every file it is given; the exporter and the restorer
load openpyxl and every table, which a legacy log's import does not need.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from icstracker.errors import ImportFileError
from icstracker.services.imports.reading import read_table

FORMAT_NAME = "ICS Tracker full export"
FORMAT_VERSION = 1


def is_full_export(path: Path) -> bool:
    """Does ``path`` look like an ``export-all`` workbook (first sheet "About", format marker)?

    Cheap on purpose (the zip directory and workbook.xml only), so a legacy log is not read
    twice; ``import_full_export`` then applies every hostile-file check before trusting it.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.getinfo("xl/workbook.xml").file_size > 1024 * 1024:
                return False
            workbook = archive.read("xl/workbook.xml")
    except (OSError, KeyError, zipfile.BadZipFile, EOFError, ValueError):
        return False
    start = workbook.find(b"<sheet ")
    if start < 0 or b'name="About"' not in workbook[start : workbook.find(b">", start)]:
        return False
    try:
        about = read_table(path, max_rows=1000)
    except ImportFileError:
        return False
    return any(len(r) >= 2 and r[0] == "format" and r[1] == FORMAT_NAME for r in about.rows[:5])
