"""``init``, ``backup``, ``restore``, ``check``, ``demo`` and ``committee``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from icstracker.db.backup import backup_sqlite, default_backup_path
from icstracker.db.database import Database
from icstracker.db.engine import resolve_database_url, sqlite_path
from icstracker.db.errors import translated_database_errors
from icstracker.db.migrate import known_revisions
from icstracker.db.restore import restore_sqlite
from icstracker.db.setup import open_database
from icstracker.errors import DatabaseError, ValidationError
from icstracker.file_safety import refuse_protected
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee, list_committees
from icstracker.services.demo import generate_demo, refuse_real_log
from icstracker.services.health import check_database


def register(commands: Any) -> None:
    init = commands.add_parser("init", help="create or upgrade the database, load reference data")
    init.set_defaults(handler=run_init, handles_missing_database=True)

    backup = commands.add_parser("backup", help="copy the SQLite database safely")
    backup.add_argument("--out", type=Path, help="backup file (default: beside the database)")
    backup.set_defaults(handler=run_backup)

    restore = commands.add_parser(
        "restore", help="replace the database with a backup (the current one is kept)"
    )
    restore.add_argument("file", type=Path, help="the backup to put back")
    restore.set_defaults(handler=run_restore, handles_missing_database=True)

    check = commands.add_parser("check", help="integrity check, schema version and counts")
    check.set_defaults(handler=run_check, handles_missing_database=True)

    demo = commands.add_parser("demo", help="fill the database with realistic sample engagements")
    demo.add_argument("--engagements", type=int, default=2000, metavar="N")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument(
        "--force", action="store_true", help="add demo data even to a database with a real log"
    )
    demo.set_defaults(handler=run_demo)

    committee = commands.add_parser("committee", help="list or add committees (LPCs)")
    actions = committee.add_subparsers(dest="committee_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a committee")
    add.add_argument("name")
    add.add_argument(
        "--area", action="append", default=[], metavar="CODE", help="an area it covers (repeat)"
    )
    add.set_defaults(handler=run_committee_add)
    listing = actions.add_parser("list", help="list committees")
    listing.set_defaults(handler=run_committee_list)


def opened(args: argparse.Namespace) -> Database:
    return open_database(args.database).database


def run_init(args: argparse.Namespace) -> int:
    result = open_database(args.database)
    database, upgrade, reference = result.database, result.upgrade, result.reference
    if upgrade.from_revision is None:
        state = f"created with schema {upgrade.to_revision}"
    elif upgrade.changed:
        state = f"upgraded from schema {upgrade.from_revision} to {upgrade.to_revision}"
    else:
        state = f"schema {upgrade.to_revision}, up to date"
    print(f"Database {database.describe()}: {state}.")
    if upgrade.backup:
        print(f"Backup taken before the upgrade: {upgrade.backup}")
    if reference.changed:
        print(
            f"Reference data loaded: {reference.areas_added} areas added, "
            f"{reference.areas_updated} updated, {reference.areas_closed} closed."
        )
    else:
        print("Reference data already current.")
    database.dispose()
    return 0


def run_backup(args: argparse.Namespace) -> int:
    database = opened(args)
    try:
        if database.path is None:
            raise DatabaseError(
                "backup copies a SQLite file; back up a PostgreSQL database with the "
                "server's own tools (pg_dump)."
            )
        target = args.out.expanduser() if args.out else None
        if target is not None:
            refuse_protected(target, "backup", databases=(database.path,), any_database=False)
        target = target or default_backup_path(database.path, "manual")
        if target.exists():
            raise ValidationError("out", f"{target} already exists; choose another file name.")
        written = backup_sqlite(database.path, target, numbered=args.out is None)
    finally:
        database.dispose()
    print(f"Backed up {database.path} to {written}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    url = resolve_database_url(args.database)
    path = sqlite_path(url)
    if path is None:
        raise DatabaseError(
            "restore puts back a SQLite file; restore a PostgreSQL database with the "
            "server's own tools (pg_restore)."
        )
    _refuse_full_export(args.file)
    result = restore_sqlite(args.file, path, known_revisions())
    if result.previous_copy is not None:
        print(f"The database as it was is saved at {result.previous_copy}")
    open_database(url).database.dispose()  # tried out already: this one only confirms it
    upgraded = f", upgraded to schema {result.upgraded_to}" if result.upgraded_to else ""
    print(
        f"Restored {path} from {result.restored_from} "
        f"({result.engagements:,} engagements, schema {result.revision}{upgraded})."
    )
    return 0


def _refuse_full_export(file: Path) -> None:
    """A workbook from ``export-all`` is not a backup: it is brought back by ``import``.

    People reach for ``restore`` when they want their data back, and the full export is
    what they kept; telling them only "not a database file" left them stuck.
    """
    from icstracker.services.full_import import is_full_export

    if file.is_file() and is_full_export(file):
        raise DatabaseError(
            f"{file} is a full export made by export-all, not a backup, so restore cannot "
            f'put it back; nothing was restored. Bring it in with: icstracker import "{file}" '
            "(it adds what the database does not already hold)."
        )


def run_check(args: argparse.Namespace) -> int:
    url = resolve_database_url(args.database)
    path = sqlite_path(url)
    if path is not None and path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file.")
    if path is not None and not path.is_file():
        # Checking must never create the file it was asked about.
        raise DatabaseError(f"There is no database at {path}.")
    database = Database(url)
    try:
        with translated_database_errors(database.describe()):
            report = check_database(database)
    finally:
        database.dispose()
    print(f"Database: {report.database}")
    print(
        f"Schema: {report.schema_revision or 'none'} (this version expects {report.head_revision})"
    )
    print(f"Integrity: {report.integrity}")
    print(f"Foreign key problems: {report.foreign_key_problems}")
    for name, count in report.counts.items():
        print(f"{name.capitalize()}: {count:,}")
    if not report.ok:
        sys.stderr.write("icstracker: the database has problems; see above.\n")
        return 1
    return 0


def run_demo(args: argparse.Namespace) -> int:
    database = opened(args)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if total >= 20_000 and sys.stderr.isatty():
            sys.stderr.write(f"\r{done:,} of {total:,} engagements…")

    try:
        with database.write() as session:
            if not args.force:
                refuse_real_log(session, database.describe())
            result = generate_demo(session, args.engagements, seed=args.seed, progress=progress)
    finally:
        database.dispose()
    if sys.stderr.isatty() and args.engagements >= 20_000:
        sys.stderr.write("\n")
    elapsed = time.perf_counter() - started
    print(
        f"Added {result.engagements:,} demo engagements for "
        f"{', '.join(result.committees)} in {elapsed:.1f} s."
    )
    return 0


def run_committee_add(args: argparse.Namespace) -> int:
    database = opened(args)
    try:
        with database.write() as session:
            area_ids = tuple(resolve_area(session, code).id for code in args.area)
            committee = create_committee(session, args.name, area_ids)
    finally:
        database.dispose()
    covered = ", ".join(committee.area_codes) or "no areas yet"
    print(f"Added committee '{committee.name}' (covers {covered}).")
    return 0


def run_committee_list(args: argparse.Namespace) -> int:
    database = opened(args)
    try:
        with database.session() as session:
            committees = list_committees(session)
    finally:
        database.dispose()
    for committee in committees:
        print(f"{committee.name}\t{', '.join(committee.area_codes)}")
    return 0
