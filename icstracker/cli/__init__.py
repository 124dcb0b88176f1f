"""The ``icstracker`` command line: the same services as the window, for scripts.

Its behaviour is a contract (ARCHITECTURE.md): exit 0 on success; otherwise one clear
line on standard error and a non-zero status. A mistake a user can fix is never shown
as a traceback; a bug is written in full to the log file, and the line says where.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from icstracker import __version__, user_folders
from icstracker.db.secrets import redact, redact_logging
from icstracker.errors import IcsTrackerError
from icstracker.file_safety import open_private, private_folder, without_values

EXIT_USAGE = 2
EXIT_BUG = 70
EXIT_INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line, not argparse's usage block: the contract is one clear sentence."""
        sys.stderr.write(f"{self.prog}: {message} (see {self.prog} --help)\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    # The command modules import what their commands need (openpyxl for reports, the
    # spreadsheet readers for import), so they are loaded only when a command may run.
    from icstracker.cli import (
        alias_commands,
        area_commands,
        capture_commands,
        database_commands,
        full_export_commands,
        import_commands,
        log_commands,
        person_commands,
        reference_commands,
        report_commands,
        server_commands,
    )

    parser = _Parser(
        prog="icstracker",
        description="Log and report your LPC's engagement with the NHS. "
        "With no command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"icstracker {__version__}")
    parser.add_argument(
        "--database",
        metavar="URL_OR_PATH",
        help="SQLite file or SQLAlchemy URL (default: $ICSTRACKER_DATABASE, else a file in "
        "your user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    database_commands.register(commands)
    area_commands.register(commands)
    log_commands.register(commands)
    report_commands.register(commands)
    import_commands.register(commands)
    capture_commands.register(commands)
    alias_commands.register(commands)
    full_export_commands.register(commands)
    person_commands.register(commands)
    reference_commands.register(commands)
    server_commands.register(commands)
    return parser


def log_file() -> Path:
    return user_folders.log_file()


def _report_bug(error: BaseException) -> int:
    path = log_file()
    try:
        private_folder(path.parent)
        with open_private(path, "a", encoding="utf-8") as handle:
            handle.write(without_values("".join(traceback.format_exception(error))))
        where = f"details are in {path}"
    except OSError:
        where = "details: " + without_values(
            "".join(traceback.format_exception_only(error)).strip()
        )
    sys.stderr.write(
        f"icstracker: unexpected error ({type(error).__name__}); this is a bug; {where}\n"
    )
    return EXIT_BUG


def _safe_output_streams() -> None:
    """Output never crashes on a character the console cannot show.

    On Windows, output piped to a file or another program defaults to cp1252, which has
    no "·" or "—" and not every name; ``log add`` would commit the row and then die
    printing it, and a retry would log it twice. Pipes and files get UTF-8; a console
    keeps its encoding and shows "?" for what it cannot draw.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if stream.isatty():
                reconfigure(errors="replace")
            else:
                reconfigure(encoding="utf-8", errors="replace")
        except (OSError, ValueError):
            continue  # a closed or exotic stream: leave it as it is


def _window_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """The parsed arguments when they can only mean "open the window", else None.

    Building the full parser imports every command module, and with them openpyxl and the
    spreadsheet readers: about half a second of every start of the window. The plain
    forms (nothing, or just ``--database PATH``) are read here; anything else, including
    abbreviations and mistakes, goes to the real parser and gets its usual answer.
    """
    if not argv:
        database = None
    elif len(argv) == 2 and argv[0] == "--database" and not argv[1].startswith("-"):
        database = argv[1]
    elif len(argv) == 1 and argv[0].startswith("--database="):
        database = argv[0].split("=", 1)[1]
    else:
        return None
    return argparse.Namespace(database=database, command=None)


def main(argv: Sequence[str] | None = None) -> int:
    _safe_output_streams()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    redact_logging()
    args = _window_only(sys.argv[1:] if argv is None else argv)
    if args is None:
        args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if not getattr(args, "handles_missing_database", False):
            from icstracker.db.setup import refuse_new_database

            refuse_new_database(args.database)  # a mistyped --database makes no new log
        if handler is None:
            from icstracker.cli import database_commands

            return database_commands.open_app(args)
        return int(handler(args) or 0)
    except IcsTrackerError as error:
        # Our sentences never hold a password, but some quote a driver's words.
        sys.stderr.write(f"icstracker: {redact(error.message)}\n")
        return error.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("icstracker: interrupted; nothing was half-written.\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0  # e.g. "icstracker list | head": the reader has what it wanted
    except Exception as error:  # noqa: BLE001 - the last line of defence
        known = _known_condition(error)
        if known is None:
            return _report_bug(error)
        sys.stderr.write(f"icstracker: {redact(known.message)}\n")
        return known.exit_code


def _known_condition(error: BaseException) -> IcsTrackerError | None:
    """A full, read-only or damaged disk or database that escaped the usual translation
    (a backup, a connect hook, a schema check): one sentence and its exit code, not "this
    is a bug". Classified by error code only (see ``db.errors``)."""
    from icstracker.db.errors import as_user_error

    return as_user_error(error)
