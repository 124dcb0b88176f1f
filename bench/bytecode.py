"""Timing the app as it is installed: from compiled bytecode, like the bare baselines.

``pip install`` compiles a package's modules, and PySide6 and openpyxl in the
environment are compiled, so a benchmark that lets the app's own modules be compiled
from source on every start (``PYTHONDONTWRITEBYTECODE`` set, as it is on some CI and
agent machines, in a checkout that has no ``__pycache__``) charges the app alone for
it: a third of a second per process on the 2-core machine. ``as_installed`` compiles
the package and its migrations once and lets the processes the benchmarks start read
(and write) the cache.
"""

from __future__ import annotations

import compileall
import os
import sys
from pathlib import Path

import icstracker


def as_installed() -> None:
    """Compiles ``icstracker`` and ``migrations`` and unsets ``PYTHONDONTWRITEBYTECODE``
    for this process and every one it starts."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    package = Path(icstracker.__file__).parent
    for folder in (package, package.parent / "migrations", Path(__file__).parent):
        if folder.is_dir():
            compileall.compile_dir(folder, quiet=1)
