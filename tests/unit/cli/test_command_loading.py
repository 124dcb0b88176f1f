"""A command loads only its own command module, and reads its arguments as before.

``build_parser(argv)`` registers the named command's module in full and every other
command as a bare name; the full parser (no ``argv``) is what ``--help`` and mistakes get.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import textwrap

import pytest

from icstracker import cli


def _choices(parser: argparse.ArgumentParser) -> list[str]:
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(commands.choices)


def test_the_table_names_every_command_each_module_registers() -> None:
    full = _choices(cli.build_parser())
    assert full == [name for _, names in cli.COMMAND_MODULES for name in names]
    for module, names in cli.COMMAND_MODULES:
        # With one of its commands given, the module's own register() adds exactly these.
        parser = cli.build_parser([names[0]])
        assert _choices(parser) == full, module


ARGUMENTS = [
    ["init"],
    ["--database", "x.sqlite3", "backup", "--out", "b.sqlite3"],
    ["restore", "b.sqlite3"],
    ["check"],
    ["demo", "--engagements", "10"],
    ["committee", "add", "Devon LPC", "--area", "QJK"],
    ["areas", "--level", "place", "--format", "json"],
    ["log", "add", "--date", "2026-10-01", "--area", "QE1", "--kind", "meeting", "--title", "t"],
    ["--database=x.sqlite3", "list", "--level", "system", "--text", "pharmacy"],
    ["export", "--quarter", "2026/27-Q3", "--out", "r.xlsx"],
    ["import", "log.xlsx", "--dry-run"],
    ["alias", "list"],
    ["export-all", "--out", "all.xlsx"],
    ["person", "export", "Jo Smith"],
    ["reference", "status"],
]


@pytest.mark.parametrize("argv", ARGUMENTS, ids=lambda argv: argv[-1])
def test_a_command_reads_its_arguments_as_the_full_parser_does(argv: list[str]) -> None:
    assert cli._command_in(argv) in {name for _, names in cli.COMMAND_MODULES for name in names}
    assert vars(cli.build_parser(argv).parse_args(argv)) == vars(
        cli.build_parser().parse_args(argv)
    )


@pytest.mark.parametrize(
    "argv", [["--help"], ["--data", "x", "list"], ["nosuch"], ["--database"], []]
)
def test_anything_unclear_gets_the_full_parser(argv: list[str]) -> None:
    assert cli._command_in(argv) is None


def _loaded(call: str) -> set[str]:
    code = textwrap.dedent(
        f"""
        import sys
        from icstracker import cli
        try:
            {call}
        except SystemExit:
            pass
        heavy = ("sqlalchemy", "openpyxl", "python_calamine", "rapidfuzz", "PySide6",
                 "icstracker.reports.workbook", "icstracker.services.imports.plan")
        print("loaded:" + ",".join(m for m in heavy if m in sys.modules))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    last = done.stdout.rsplit("loaded:", 1)[1].strip()  # after anything the call printed
    return set(filter(None, last.split(",")))


def test_version_loads_no_command() -> None:
    assert _loaded("cli.main(['--version'])") == set()


def test_a_command_loads_only_what_it_needs() -> None:
    listing = _loaded("cli.build_parser(['list']).parse_args(['list'])")
    assert "openpyxl" not in listing and "icstracker.services.imports.plan" not in listing
    # A legacy log's import reads with calamine; openpyxl is the restorer's (export-all).
    imported = _loaded("cli.build_parser(['import']).parse_args(['import', 'log.xlsx'])")
    assert "openpyxl" not in imported and "icstracker.services.imports.plan" in imported
    export = _loaded("cli.build_parser(['export']).parse_args(['export', '--help'])")
    assert "icstracker.reports.workbook" in export
    assert "icstracker.services.imports.plan" not in export


def test_modules_load_with_the_collector_paused_and_it_is_on_for_the_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    states: list[tuple[str, bool]] = []
    build = cli.build_parser

    def watched(argv: list[str] | None = None) -> argparse.ArgumentParser:
        states.append(("loading", gc.isenabled()))
        parser = build(argv)
        parse = parser.parse_args

        def parse_args(given: list[str]) -> argparse.Namespace:
            args = parse(given)
            args.handler = lambda _args: states.append(("command", gc.isenabled()))
            args.handles_missing_database = True
            return args

        parser.parse_args = parse_args  # type: ignore[method-assign, assignment]
        return parser

    monkeypatch.setattr(cli, "build_parser", watched)
    assert cli.main(["reference", "status"]) == 0
    assert states == [("loading", False), ("command", True)]
    with pytest.raises(SystemExit):
        cli.main(["list", "--no-such-option"])
    assert gc.isenabled()  # also after argparse refused the arguments


def test_the_process_skips_the_collection_over_everything_at_exit() -> None:
    """Exit hooks run last-registered first: this one, registered before the front door's,
    sees what the process leaves for the final collection."""
    code = textwrap.dedent(
        """
        import atexit, gc
        atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0))
        from icstracker.front_door import main
        main(["--version"])
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "frozen at exit: True"
