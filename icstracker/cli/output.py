"""Writing rows as an aligned table, CSV or JSON, the three forms every listing offers."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from icstracker.text import CONTROL_CHARACTERS, csv_safe, printable

FORMATS = ("table", "csv", "json")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return ";".join(_text(v) for v in value)
    return str(value)


def write_rows(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    fmt: str,
    out: TextIO | None = None,
    *,
    max_width: int = 60,
) -> None:
    out = out or sys.stdout
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows([csv_safe(_text(v)) for v in row] for row in rows)
    elif fmt == "json":
        records = [
            {h: (list(v) if isinstance(v, tuple) else v) for h, v in zip(headers, row, strict=True)}
            for row in rows
        ]
        text = json.dumps(records, indent=2, default=_text, ensure_ascii=False)
        # JSON escapes C0 controls itself but not DEL or C1 (0x9b is a terminal's CSI).
        out.write(CONTROL_CHARACTERS.sub(lambda m: f"\\u{ord(m[0]):04x}", text))
        out.write("\n")
    else:
        cells = [[_clip(_text(v), max_width) for v in row] for row in rows]
        widths = [len(h) for h in headers]
        for row in cells:
            widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
        out.write("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
        out.write("\n")
        out.write("  ".join("-" * w for w in widths) + "\n")
        for row in cells:
            out.write("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
            out.write("\n")


def _clip(text: str, width: int) -> str:
    """One line of at most ``width`` characters, with no control character left raw."""
    text = " ".join(printable(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"
