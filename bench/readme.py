"""The README's Performance table, made from one run of ``python -m bench``.

The table is never edited by hand: ``python -m bench --readme README.md`` writes it
between the two marker lines after measuring, and ``python -m bench.readme RESULTS.json
README.md`` writes it again from a run's saved results. Every figure stands beside the
floor measured in the same run, since only the ratios carry between machines.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.runner import table

START = "<!-- bench table: written by `python -m bench --readme README.md`; do not edit -->"
END = "<!-- end of bench table -->"


def render(results: dict[str, Any]) -> str:
    rows = table(results)
    when = results.get("when", "")
    lines = [
        START,
        f"Run of {when} on {results.get('machine', 'an unnamed machine')}, Python "
        f"{results.get('python', '?')}{' (quick)' if results.get('quick') else ''}; "
        f"data key `{results.get('data_key', '?')}`.",
        "",
        "| what | figure | same-run floor | target |",
        "|---|---|---|---|",
        *(f"| {' | '.join(cell.replace('|', '/') for cell in row)} |" for row in rows),
        END,
    ]
    return "\n".join(lines)


def update_readme(readme: Path, results: dict[str, Any]) -> None:
    """Replaces the text between the markers (which must both be there) with the table."""
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{readme} has no bench table markers; add the two marker lines first")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    readme.write_text(before + render(results) + after, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.readme", description=__doc__)
    parser.add_argument("results", type=Path, help="a run's results.json")
    parser.add_argument("readme", type=Path, nargs="?", default=Path("README.md"))
    args = parser.parse_args(argv)
    update_readme(args.readme, json.loads(args.results.read_text(encoding="utf-8")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
