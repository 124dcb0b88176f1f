"""``person export`` and ``person erase``: a contact's data rights, from a script."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from icstracker.cli.database_commands import opened
from icstracker.db.backup import backup_dir_for
from icstracker.db.database import Database
from icstracker.errors import ValidationError
from icstracker.output_files import reserve_beside, saved
from icstracker.services.privacy import erase_person, find_person, subject_access


def register(commands: Any) -> None:
    person = commands.add_parser("person", help="a contact's data: export it or erase it")
    actions = person.add_subparsers(dest="person_command", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="everything held about a person, as JSON")
    export.add_argument("name")
    export.add_argument("--id", type=int, help="the person's id, if several share the name")
    export.add_argument("--out", type=Path, help="JSON file (default: standard output)")
    export.set_defaults(handler=run_person_export)
    erase = actions.add_parser(
        "erase", help="remove who a person was, keeping the engagements and counts"
    )
    erase.add_argument("name")
    erase.add_argument("--id", type=int, help="the person's id, if several share the name")
    erase.add_argument("--yes", action="store_true", help="confirm: erasure cannot be undone")
    erase.set_defaults(handler=run_person_erase)


def run_person_export(args: argparse.Namespace) -> int:
    database = opened(args)
    try:
        with database.session() as session:
            record = subject_access(session, find_person(session, args.name, args.id))
    finally:
        database.dispose()
    text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
    if args.out is None:
        sys.stdout.write(text)
        return 0
    out: Path = args.out.expanduser()
    # Written beside its name and renamed, like every output: never over the database.
    partial = reserve_beside(out, "subject access file", ending=".json")
    try:
        saved(lambda: partial.write_text(text, encoding="utf-8"), out, "subject access file")
        saved(lambda: os.replace(partial, out), out, "subject access file")
    finally:
        partial.unlink(missing_ok=True)
    print(f"Wrote what the log holds about {args.name} to {args.out}")
    return 0


def run_person_erase(args: argparse.Namespace) -> int:
    if not args.yes:
        raise ValidationError(
            "yes", "Erasing a person cannot be undone; add --yes to confirm (export first?)."
        )
    database = opened(args)
    try:
        with database.write() as session:
            result = erase_person(session, find_person(session, args.name, args.id))
    finally:
        database.dispose()
    backups = _backups_note(database)
    print(
        f"Erased {args.name}: now 'Erased person {result.person_id}' in "
        f"{result.engagements_kept} engagement(s); {result.actions_reassigned} follow-up(s) "
        f"no longer name them; {result.judgements_removed} judgement(s) about them deleted; "
        f"their name replaced in {result.texts_rewritten} text(s) and "
        f"{result.versions_rewritten} part(s) of the history."
    )
    if result.still_named_in:
        ids = ", ".join(str(i) for i in result.still_named_in)
        print(
            f"The text of engagement(s) {ids} may still name them (part of the name, or "
            "someone else of the same name); read them and edit what is theirs."
        )
    print(backups)
    return 0


def _backups_note(database: Database) -> str:
    """Where the name still is: erasure changes the log, never the copies already taken.

    Backups cannot be edited without breaking them, and restoring one would bring the
    name back, so the person doing the erasure is told where they are and what to do.
    """
    if database.path is None:
        return (
            "Backups of the database server taken before today still hold the old name; "
            "whoever runs the server must delete or expire them."
        )
    folder = backup_dir_for(database.path)
    count = len(list(folder.glob("*.sqlite3"))) if folder.is_dir() else 0
    return (
        f"Backups taken before today still hold the old name ({count} in {folder}): daily ones "
        "are deleted within about five weeks, the others stay until you delete them, and "
        "restoring any of them brings the name back."
    )
