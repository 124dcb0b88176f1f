"""The README's command-line examples run, in order, on a new database, as written.

They are the first thing a newcomer types; two of them once failed when run in order (a
``--joint-with`` committee never added, a ``log add`` without ``--committee`` after a
second committee). The block after the ``readme-examples`` marker is read here, its
continued lines joined and its comments dropped, and each command is run through the
command line's own ``main`` on a database that does not exist yet.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from icstracker.cli import main

README = Path(__file__).resolve().parents[3] / "README.md"
MARKER = "<!-- readme-examples:"


def readme_examples(text: str) -> list[list[str]]:
    """The commands of the first ``sh`` block after the marker, as argument lists."""
    after = text[text.index(MARKER) :]
    start = after.index("```sh\n") + len("```sh\n")
    block = after[start : after.index("```", start)]
    commands = []
    for line in block.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        if words:
            commands.append(words)
    return commands


def test_the_examples_are_found() -> None:
    commands = readme_examples(README.read_text(encoding="utf-8"))
    assert commands[0] == ["icstracker", "init"]
    assert all(words[0] == "icstracker" for words in commands)
    assert len(commands) >= 10
    joint = next(c for c in commands if "--joint-with" in c)
    added = [c[c.index("add") + 1] for c in commands if c[1:3] == ["committee", "add"]]
    assert joint[joint.index("--joint-with") + 1] in added


def test_the_readme_examples_run_in_order_on_a_new_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "readme.sqlite3"
    monkeypatch.setenv("ICSTRACKER_DATABASE", str(database))
    monkeypatch.chdir(tmp_path)
    for words in readme_examples(README.read_text(encoding="utf-8")):
        code = main(words[1:])
        out, err = capsys.readouterr()
        assert code == 0, f"{shlex.join(words)} -> exit {code}: {err.strip()}"
    assert database.exists()
    assert main(["list", "--committee", "Community Pharmacy Lancashire", "--format", "csv"]) == 0
    out, _ = capsys.readouterr()
    assert "PCN clinical director meeting" in out and "ICB pharmacy board" in out
