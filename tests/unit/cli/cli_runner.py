"""The command line run in-process against one database, as the CLI tests drive it.

One copy for every CLI test module (their fixtures differ in what the database holds, not in
how a command is run and read back).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from icstracker.front_door import main  # the installed command, its Qt parts included

COMMITTEE = "Community Pharmacy Lancashire and South Cumbria"


class Run:
    def __init__(self, database: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.database = database
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = main(["--database", str(self.database), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def count(self) -> int:
        code, _, err = self("list", "--limit", "0")
        assert code == 0
        return int(err.split(" of ")[1].split()[0].replace(",", ""))

    def listed(self) -> list[dict[str, str]]:
        code, out, err = self("list", "--format", "csv", "--ascending")
        assert code == 0, err
        return list(csv.DictReader(out.splitlines()))
