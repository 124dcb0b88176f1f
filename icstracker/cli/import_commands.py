"""``import``: bring a committee's legacy log (.xlsx or .csv) into the database.

All or nothing by default: any bad row means nothing is written, every bad row is listed
on standard error and the exit status is 2. ``--dry-run`` prints what each row would do;
``--skip-bad-rows`` writes the good rows and puts the bad ones in a CSV report. Every
column not imported is listed, with why (``--keep-unmapped`` keeps its text in the
summary). An area the importer could not place is offered with its closest area:
``--alias "TEXT=CODE"`` and ``--accept-suggestions MIN`` take the person's decision, which
a real import remembers as the committee's alias (``icstracker alias``). A workbook made
by ``export-all`` is recognised by its About sheet and restored whole instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from icstracker.cli.output import FORMATS, write_rows
from icstracker.db.setup import open_database
from icstracker.errors import ImportRejectedError, ValidationError
from icstracker.file_safety import refuse_protected
from icstracker.services.full_export_format import is_full_export
from icstracker.services.imports.apply import (
    backup_before_import,
    run_import,
    write_error_report,
)
from icstracker.services.imports.columns import FIELDS, IGNORE
from icstracker.services.imports.plan import ImportOptions, ImportPlan, preview_import
from icstracker.services.imports.reading import check_import_file

PLAN_HEADERS = ("row", "outcome", "date", "area", "match", "kind", "title", "detail")


def register(commands: Any) -> None:
    parser = commands.add_parser("import", help="import engagements from an .xlsx or .csv file")
    parser.add_argument("file", type=Path, metavar="FILE", help="an .xlsx or .csv file")
    parser.add_argument("--committee", help="committee name (needed if there are several)")
    parser.add_argument(
        "--sheet", help="the workbook's sheet to read (default: the first visible one)"
    )
    parser.add_argument("--dry-run", action="store_true", help="show each row's outcome only")
    parser.add_argument(
        "--skip-bad-rows", action="store_true", help="import the good rows, report the bad ones"
    )
    parser.add_argument("--report", type=Path, help="where --skip-bad-rows lists bad rows (CSV)")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help=f"say what a column holds (header or letter); FIELD is one of {', '.join(FIELDS)}, "
        f"{IGNORE}",
    )
    parser.add_argument(
        "--keep-unmapped",
        action="store_true",
        help="add the text of every column not imported to the summary, as 'Header: value'",
    )
    parser.add_argument(
        "--alias",
        action="append",
        default=[],
        metavar="TEXT=CODE",
        help="read the area text TEXT as the area CODE in every row (each row takes the area "
        "of its own date); remembered for the committee unless --no-remember",
    )
    parser.add_argument(
        "--accept-suggestions",
        type=float,
        metavar="MIN",
        help="accept every suggested area scoring at least MIN (0-100); remembered like --alias",
    )
    parser.add_argument(
        "--no-remember",
        action="store_true",
        help="do not save --alias and accepted suggestions as the committee's aliases",
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="for --dry-run")
    parser.set_defaults(handler=run_import_command)


def _column_map(values: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value in values:
        column, sep, field = value.rpartition("=")
        if not sep or not column.strip() or not field.strip():
            raise ValidationError(
                "map", f"--map '{value}' should be COLUMN=FIELD, e.g. 'Date=date'."
            )
        mapping[column.strip()] = field.strip()
    return mapping


def _aliases(values: list[str]) -> dict[str, str]:
    """``--alias "TEXT=CODE"``: the last ``=`` splits, so the text may hold one."""
    found: dict[str, str] = {}
    for value in values:
        text, sep, code = value.rpartition("=")
        if not sep or not text.strip() or not code.strip():
            raise ValidationError(
                "alias",
                f"--alias '{value}' should be TEXT=CODE, e.g. 'Healthier Lancs and S Cumbria=QE1'.",
            )
        found[" ".join(text.split())] = code.strip()
    return found


def _plan_rows(plan: ImportPlan) -> list[tuple[object, ...]]:
    return [
        (
            r.row,
            r.outcome,
            r.data.occurred_on if r.data else "",
            r.area.area.label if r.area else "",
            r.area.describe() if r.area else "",
            r.data.kind if r.data else "",
            r.data.title if r.data else "",
            r.detail,
        )
        for r in plan.rows
        if r.outcome != "blank"
    ]


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def _source(plan: ImportPlan, path: Path) -> str:
    """``log.xlsx, sheet 'Log'`` or ``log.csv``: which file and sheet the rows came from."""
    return f"{path.name}, {plan.read_from}" if plan.read_from else path.name


def _summary(plan: ImportPlan, path: Path) -> str:
    counts = plan.counts
    return (
        f"{_source(plan, path)}: {_rows(len(plan.rows))} under the header "
        f"(row {plan.mapping.header_row}) for "
        f"{plan.committee}: {counts['add']} to add, {counts['duplicate']} duplicate, "
        f"{counts['error']} with errors, {counts['blank']} blank"
    )


def _default_report(path: Path) -> Path:
    return path.with_name(f"{path.stem} - import errors.csv")


def _restore_full_export(args: argparse.Namespace, path: Path) -> int:
    """An ``export-all`` workbook: restored as a whole (its committees are its own)."""
    # Loaded only for such a workbook: the restorer brings openpyxl and every table.
    from icstracker.services.full_import import import_full_export

    database = open_database(args.database).database
    try:
        if not args.dry_run:
            backup_before_import(database)
        result = import_full_export(database, path, dry_run=args.dry_run)
    finally:
        database.dispose()
    print(("Would restore " if result.dry_run else "Restored ") + _restored(result, path))
    if result.dry_run:
        sys.stderr.write("Dry run, nothing written.\n")
    return 0


def _count(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def _restored(result: Any, path: Path) -> str:
    """``result``: a ``full_import.FullImportResult``."""
    aliases = (
        f" (with {_count(result.aliases_added, 'committee alias', 'committee aliases')})"
        if result.aliases_added
        else ""
    )
    return (
        f"{_count(result.engagements_added, 'engagement', 'engagements')}, "
        f"{_count(result.actions_added, 'action', 'actions')}, "
        f"{_count(result.committees_added, 'committee', 'committees')}, "
        f"{_count(result.people_added, 'person', 'people')}, "
        f"{_count(result.organisations_added, 'organisation', 'organisations')} and "
        f"{_count(result.topics_added, 'topic', 'topics')} from full export {path.name}"
        f"{aliases}; {_count(result.engagements_skipped, 'engagement', 'engagements')} "
        "already there skipped."
    )


def run_import_command(args: argparse.Namespace) -> int:
    check_import_file(args.file)  # a pipe or a device is refused before anything opens it
    if is_full_export(args.file):
        return _restore_full_export(args, args.file)
    options = ImportOptions(
        committee=args.committee,
        column_map=_column_map(args.map),
        sheet=args.sheet,
        keep_unmapped=args.keep_unmapped,
        area_choices=_aliases(args.alias),
        accept_suggestions_from=args.accept_suggestions,
        remember_choices=not args.no_remember,
    )
    path: Path = args.file
    database = open_database(args.database).database
    try:
        if args.dry_run:
            plan = preview_import(database, path, options)
        else:
            if args.skip_bad_rows:  # refused before any row is written, not after
                report_path = args.report or _default_report(path)
                refuse_protected(report_path, "report of rows not imported")
            try:
                result = run_import(
                    database, path, options, skip_bad_rows=args.skip_bad_rows, backup_first=True
                )
            except ImportRejectedError as error:
                for problem in error.problems:
                    sys.stderr.write(f"icstracker: {problem.message}\n")
                raise
    finally:
        database.dispose()
    if args.dry_run:
        write_rows(PLAN_HEADERS, _plan_rows(plan), args.format, max_width=50)
        sys.stdout.flush()
        for problem in plan.problems:
            sys.stderr.write(f"{problem.message}\n")
        sys.stderr.write(f"Dry run, nothing written. {plan.mapping.describe()}\n")
        _write_lines(sys.stderr, plan.mapping.describe_unmapped())
        _write_lines(sys.stderr, _suggestions(plan))
        if plan.decided and options.remember_choices:
            _write_lines(sys.stderr, [f"An import would remember: {_quoted(plan.decided)}."])
        sys.stderr.write(_summary(plan, path) + ".\n")
        return 2 if plan.counts["error"] and not args.skip_bad_rows else 0
    added = len(result.added_ids)
    print(
        f"Imported {added} engagement{'' if added == 1 else 's'} from "
        f"{_source(result.plan, path)} for "
        f"{result.plan.committee}; {_rows(result.duplicates)} skipped as duplicates."
    )
    _write_lines(sys.stdout, result.plan.mapping.describe_unmapped())
    if result.remembered:
        print(
            f"Remembered for {result.plan.committee}: {_quoted(result.remembered)} "
            "(icstracker alias list shows them, alias remove forgets one)."
        )
    if result.rejected:
        report = args.report or _default_report(path)
        write_error_report(result.plan, result.rejected, report)
        print(f"{_rows(len(result.rejected))} not imported; they are listed in {report}.")
    return 0


def _write_lines(stream: TextIO, lines: list[str]) -> None:
    for line in lines:
        stream.write(f"{line}\n")


def _quoted(texts: tuple[str, ...]) -> str:
    return ", ".join(f"'{t}'" for t in texts)


def _suggestions(plan: ImportPlan) -> list[str]:
    """One line per area text with a suggestion, saying how to accept it."""
    lines = []
    for found in plan.suggestions:
        rows = ", ".join(str(r) for r in found.rows[:8]) + ("…" if len(found.rows) > 8 else "")
        lines.append(
            f"Suggestion: '{found.text}' (row{'s' if len(found.rows) > 1 else ''} {rows}) "
            f"may be {found.label}, {found.score:.0f}%; accept it with "
            f'--alias "{found.text}={found.code}" or --accept-suggestions {int(found.score)}.'
        )
    return lines
