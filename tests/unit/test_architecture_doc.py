"""docs/ARCHITECTURE.md names only modules that exist, so it cannot quietly go stale.

Every file path in backquotes (``icstracker/services/areas.py``, ``services/areas.py``,
``tests/unit/test_layers.py``) and every dotted ``icstracker.…`` module must be found; a bare
``name.py`` must exist somewhere in the package.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "ARCHITECTURE.md"
PACKAGE = ROOT / "icstracker"
TOP = ("icstracker/", "tests/", "scripts/", "bench/", "migrations/", "resources/", "docs/")
LAYERS = ("db/", "services/", "reports/", "ui/", "cli/")


def _quoted(text: str) -> list[str]:
    return re.findall(r"`([^`\s]+)`", text)


def _file_exists(name: str) -> bool:
    name = name.split("::")[0].rstrip(",.;:")
    if name.startswith(TOP):
        return (ROOT / name).exists()
    if name.startswith(LAYERS):
        return (PACKAGE / name).exists()
    if "/" not in name:
        return any(PACKAGE.rglob(name)) or (ROOT / name).exists()
    return (PACKAGE / name).exists() or (ROOT / name).exists()


def _module_exists(dotted: str) -> bool:
    """``icstracker.a.b`` or ``icstracker.a.b.attribute``: the module part must exist."""
    parts = dotted.split(".")
    for end in range(len(parts), 1, -1):
        path = ROOT.joinpath(*parts[:end])
        if path.with_suffix(".py").exists() or (path / "__init__.py").exists():
            return True
    return False


def test_every_module_the_architecture_names_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    names = _quoted(text)
    files = [n for n in names if n.endswith((".py", "/")) and not n.startswith(("../", ".", "/"))]
    dotted = [n for n in names if re.fullmatch(r"icstracker(\.\w+)+", n)]
    assert len(files) > 40
    missing = [n for n in files if not _file_exists(n)]
    missing += [n for n in dotted if not _module_exists(n)]
    assert missing == []


def test_the_architecture_describes_the_parts_a_newcomer_asks_about() -> None:
    text = DOC.read_text(encoding="utf-8")
    for heading in (
        "## Layers",
        "## The database-session rule",
        "## Jobs: long work off the UI thread",
        "## Data path: a filter change",
        "## Data path: an export",
        "## Where each kind of change goes",
    ):
        assert heading in text
    for module in ("ui/", "services/", "reports/", "db/", "cli/"):
        assert f"  {module}" in text  # each layer has its line in the map
