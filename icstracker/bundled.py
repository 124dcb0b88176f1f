"""Locates the files that ship with the application (migrations, reference data).

In a checkout they sit at the repository's top level; in an installed wheel they are
copied into the package as ``_migrations`` and ``_resources``. Looking in the package
first means an installed copy never reads a stray checkout in the working directory.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _find(installed_name: str, checkout_name: str) -> Path:
    for candidate in (_PACKAGE_DIR / installed_name, _PACKAGE_DIR.parent / checkout_name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"ICS Tracker is incomplete: its {checkout_name} folder is missing. Reinstall the app."
    )


def migrations_dir() -> Path:
    return _find("_migrations", "migrations")


def resources_dir() -> Path:
    return _find("_resources", "resources")


def reference_dir() -> Path:
    return resources_dir() / "reference"
