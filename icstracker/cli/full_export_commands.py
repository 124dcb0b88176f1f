"""``export-all``: every committee, engagement, follow-up, person and topic in one workbook.

The file is the documented full-export layout (README, "Full export") that
``icstracker import FILE`` recognises and restores, so it doubles as a portable backup
that any spreadsheet program can open.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from icstracker.db.setup import open_database
from icstracker.services.full_export import export_everything


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "export-all", help="write everything to one .xlsx that import reads back"
    )
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    parser.set_defaults(handler=run_export_all)


def _count(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def run_export_all(args: argparse.Namespace) -> int:
    path: Path = args.out.expanduser()
    database = open_database(args.database).database
    try:
        counts = export_everything(database, path)
    finally:
        database.dispose()
    parts = [
        _count(counts["engagements"], "engagement", "engagements"),
        _count(counts["actions"], "action", "actions"),
        _count(counts["people"], "person", "people"),
        _count(counts["organisations"], "organisation", "organisations"),
        _count(counts["topics"], "topic", "topics"),
    ]
    committees = _count(counts["committees"], "committee", "committees")
    print(f"Wrote {', '.join(parts)} and {committees} to {path.resolve()}")
    return 0
