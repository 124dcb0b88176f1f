"""Smoke-tests a built bundle the way a user's machine meets it: no Python project around it.

    python3 packaging/smoke.py dist/icstracker [--max-mb 200]

The bundle is copied to a fresh temporary folder and run from an empty working folder
with a scrubbed environment (no virtual environment, no PYTHONPATH, a PATH of system
folders only, a new ICSTRACKER_HOME), so nothing from the checkout or the build can stand
in for a file the bundle forgot. Then, as a new user would: ``--version``, ``init``,
``demo --engagements 1000``, ``export`` of the year as a workbook and as the PDF summary
(each read back: a real workbook, a complete PDF), and the window opened offscreen until
it paints the log's first page (``ICSTRACKER_EXIT_AFTER_FIRST_PAINT``), then closed. The
bundle's size is reported and must stay under ``--max-mb``.

Uses the standard library only, so any Python 3.9+ runs it (CI's system python, or a
Windows or macOS runner's), and never imports the app.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

STEP_TIMEOUT_S = 300
FIRST_PAINT_MARK = "icstracker: window painted with "


def folder_size_mb(folder: Path) -> float:
    total = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())
    return total / 1_000_000


def clean_environment(home: Path) -> dict[str, str]:
    """What a user's session has: system folders on PATH, the app's own home, no Python."""
    if os.name == "nt":
        root = os.environ.get("SystemRoot", r"C:\Windows")
        system_path = [rf"{root}\System32", root]
    else:
        system_path = ["/usr/bin", "/bin"]
    keep = ("SystemRoot", "SYSTEMROOT", "TEMP", "TMP", "LANG", "USERPROFILE", "APPDATA")
    environment = {name: os.environ[name] for name in keep if name in os.environ}
    environment.update(
        PATH=os.pathsep.join(system_path),
        HOME=str(home),
        ICSTRACKER_HOME=str(home / "ICS Tracker"),
        QT_QPA_PLATFORM="offscreen",
    )
    if os.name != "nt":
        environment["LANG"] = "C.UTF-8"
    return environment


class Smoke:
    def __init__(self, program: Path, workdir: Path, environment: dict[str, str]) -> None:
        self.program = program
        self.workdir = workdir
        self.environment = environment
        self.passed: list[str] = []
        self.failed: list[str] = []

    def run(self, *args: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.program), *args],
            cwd=self.workdir,
            env={**self.environment, **(extra or {})},
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT_S,
            check=False,
        )

    def step(self, name: str, check: Callable[[], str]) -> None:
        started = time.monotonic()
        try:
            detail = check()
        except Exception as error:  # noqa: BLE001 - every failure is reported, then counted
            self.failed.append(name)
            print(f"smoke: FAIL {name}: {error}", flush=True)
            return
        self.passed.append(name)
        print(f"smoke: ok   {name} ({time.monotonic() - started:.1f} s) {detail}", flush=True)


def expect_success(result: subprocess.CompletedProcess, what: str) -> str:
    if result.returncode != 0:
        raise AssertionError(
            f"{what} exited {result.returncode}: {(result.stderr or result.stdout).strip()[-800:]}"
        )
    lines = (result.stdout or result.stderr).strip().splitlines()
    return lines[-1] if lines else ""


def check_workbook(path: Path) -> str:
    with zipfile.ZipFile(path) as workbook:
        names = workbook.namelist()
        sheets = [n for n in names if n.startswith("xl/worksheets/sheet")]
        if "xl/workbook.xml" not in names or not sheets:
            raise AssertionError(f"{path.name} is not a workbook with sheets")
        biggest = max(workbook.getinfo(n).file_size for n in sheets)
    return f"{path.name}: {len(sheets)} sheets, largest {biggest:,} bytes of cells"


def check_pdf(path: Path) -> str:
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise AssertionError(f"{path.name} is not a complete PDF")
    return f"{path.name}: {len(data):,} bytes"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path, help="the built folder, e.g. dist/icstracker")
    parser.add_argument("--max-mb", type=float, default=200.0)
    args = parser.parse_args(argv)
    built = args.bundle.resolve()
    executable = "icstracker.exe" if os.name == "nt" else "icstracker"
    if not (built / executable).is_file():
        print(f"smoke: no {executable} in {built}; run `make dist` first", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="icstracker-smoke-") as scratch:
        root = Path(scratch)
        bundle = root / "ICS Tracker"
        shutil.copytree(built, bundle, symlinks=True)
        workdir = root / "work"
        workdir.mkdir()
        smoke = Smoke(bundle / executable, workdir, clean_environment(root / "user"))
        data = root / "user" / "ICS Tracker" / "data"

        size = folder_size_mb(bundle)

        def size_check() -> str:
            if size > args.max_mb:
                raise AssertionError(f"{size:.0f} MB unpacked, over the {args.max_mb:.0f} MB limit")
            return f"{size:.0f} MB unpacked (limit {args.max_mb:.0f} MB)"

        def version() -> str:
            line = expect_success(smoke.run("--version"), "--version")
            if "icstracker" not in line.lower():
                raise AssertionError(f"unexpected --version output: {line!r}")
            return line

        def init() -> str:
            expect_success(smoke.run("init"), "init")
            database = data / "icstracker.sqlite3"
            if not database.is_file():
                raise AssertionError(f"init made no database at {database}")
            return f"database in {database.relative_to(root)}"

        def demo() -> str:
            return expect_success(smoke.run("demo", "--engagements", "1000"), "demo")

        def export() -> str:
            out = workdir / "report.xlsx"
            expect_success(smoke.run("export", "--period", "2026/27", "--out", str(out)), "export")
            return check_workbook(out)

        def export_pdf() -> str:
            out = workdir / "summary.pdf"
            expect_success(
                smoke.run("export", "--period", "2026/27", "--pdf", "--out", str(out)), "export"
            )
            return check_pdf(out)

        def window() -> str:
            result = smoke.run(extra={"ICSTRACKER_EXIT_AFTER_FIRST_PAINT": "1"})
            expect_success(result, "the window")
            painted = [line for line in result.stderr.splitlines() if FIRST_PAINT_MARK in line]
            if not painted:
                raise AssertionError(f"the window never painted its log: {result.stderr[-800:]}")
            rows = int(painted[0].split(FIRST_PAINT_MARK)[1].split()[0])
            if rows == 0:
                raise AssertionError("the window painted an empty log after the demo")
            return painted[0]

        for name, check in (
            ("size", size_check),
            ("--version", version),
            ("init", init),
            ("demo --engagements 1000", demo),
            ("export (workbook)", export),
            ("export --pdf (summary drawn by Qt)", export_pdf),
            ("window to first paint", window),
        ):
            smoke.step(name, check)

    print(f"smoke: {len(smoke.passed)} passed, {len(smoke.failed)} failed", flush=True)
    return 1 if smoke.failed else 0


if __name__ == "__main__":
    sys.exit(main())
