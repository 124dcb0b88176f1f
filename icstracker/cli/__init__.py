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
from icstracker.cli.qt_parts import QtParts
from icstracker.collector import collector_paused
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


# Each command module and the commands it registers, in the order ``--help`` lists them.
# A command module imports what its commands need (SQLAlchemy, openpyxl for reports, the
# spreadsheet readers for import), so a run loads only the module of the command given:
# ``icstracker --version`` took 0.6 s when every module was loaded for every run.
COMMAND_MODULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("database_commands", ("init", "backup", "restore", "check", "demo", "committee")),
    ("area_commands", ("areas",)),
    ("log_commands", ("log", "list")),
    ("report_commands", ("export",)),
    ("import_commands", ("import",)),
    ("capture_commands", ("capture",)),
    ("alias_commands", ("alias",)),
    ("full_export_commands", ("export-all",)),
    ("person_commands", ("person",)),
    ("reference_commands", ("reference",)),
    ("server_commands", ("server",)),
)
_EVERY_MODULE = None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command-line parser; given the arguments, only as much of it as they need.

    Without ``argv`` (or when its command cannot be told without argparse: ``--help``, a
    mistake, an abbreviated option) every command module is loaded. When the command is
    plain, its module registers it in full and every other command is a bare name, so
    the parser reads those arguments exactly as the full one does (the names keep
    argparse's "invalid choice" list the same).
    """
    from importlib import import_module

    wanted = _EVERY_MODULE if argv is None else _command_in(argv)
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
    for module, names in COMMAND_MODULES:
        if wanted is _EVERY_MODULE or wanted in names:
            import_module(f"icstracker.cli.{module}").register(commands)
        else:
            for name in names:
                commands.add_parser(name)
    return parser


def _command_in(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names, "" for ``--version`` before any command, or None
    (load every module) for anything argparse must judge."""
    tokens = iter(argv)
    for token in tokens:
        if token == "--database":
            next(tokens, None)
        elif token.startswith("--database="):
            continue
        elif token == "--version":
            return ""
        elif token.startswith("-"):
            return None
        else:
            known = {name for _, names in COMMAND_MODULES for name in names}
            return token if token in known else None
    return None


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


def _existing_file(args: argparse.Namespace) -> bool:
    """The window's start on an existing, non-empty SQLite file, which
    ``refuse_new_database`` would let through: checked without importing SQLAlchemy, so
    the window can paint its first look before it loads (``ui/first_look.py``)."""
    if getattr(args, "handler", None) is not None:
        return False
    from icstracker.db.first_page import plain_sqlite_file

    return plain_sqlite_file(args.database) is not None


def main(argv: Sequence[str] | None = None, qt: QtParts | None = None) -> int:
    """Runs one command, or with none opens the window; ``qt`` gives the window's Qt parts
    (``front_door``, the installed command, passes them; the command line alone has none)."""
    _safe_output_streams()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    redact_logging()
    args = _window_only(sys.argv[1:] if argv is None else argv)
    if args is None:
        given = sys.argv[1:] if argv is None else argv
        args = _parse(given)
    handler = getattr(args, "handler", None)
    args.qt = qt
    try:
        if not getattr(args, "handles_missing_database", False) and not _existing_file(args):
            from icstracker.db.setup import refuse_new_database

            refuse_new_database(args.database)  # a mistyped --database makes no new log
        if handler is None:
            return needs_qt(args).open_window(args.database)
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


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    """The arguments, read by a parser whose command module (SQLAlchemy and the services,
    for most) is loaded with the collector paused (``collector``); it is back on before
    the command runs."""
    with collector_paused():
        return build_parser(argv).parse_args(argv)


def needs_qt(args: argparse.Namespace) -> QtParts:
    """The window's Qt parts, or a sentence when the command line runs without them."""
    if getattr(args, "qt", None) is None:
        raise IcsTrackerError(
            "The window and PDF summaries need the installed icstracker command "
            "(or python -m icstracker); this command line was started without them."
        )
    parts: QtParts = args.qt
    return parts


def _known_condition(error: BaseException) -> IcsTrackerError | None:
    """A full, read-only or damaged disk or database that escaped the usual translation
    (a backup, a connect hook, a schema check): one sentence and its exit code, not "this
    is a bug". Classified by error code only (see ``db.errors``)."""
    from icstracker.db.errors import as_user_error

    return as_user_error(error)
