"""The core stays free of Qt, so it can be tested, scripted and reused without a screen."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "icstracker"
QT_FREE = ("db", "services", "reports")


def _modules(folder: str) -> list[str]:
    return sorted(
        "icstracker."
        + ".".join(p.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
        for p in (PACKAGE / folder).rglob("*.py")
    )


def test_no_source_file_in_the_core_imports_qt() -> None:
    offenders = []
    for folder in QT_FREE:
        for path in (PACKAGE / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                if any(
                    n.split(".")[0] in ("PySide6", "shiboken6", "icstracker.ui")
                    or n.startswith("icstracker.ui")
                    for n in names
                ):
                    offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_importing_the_core_reports_and_cli_loads_no_qt() -> None:
    modules = [name for folder in QT_FREE for name in _modules(folder)]
    modules += ["icstracker.cli", "icstracker.front_door"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
