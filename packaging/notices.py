"""Writes THIRD-PARTY-NOTICES.txt for the bundle from what is actually installed.

A bundle redistributes every library it holds, so it must carry their licences. Walking
the app's own requirements (with the ``postgres`` extra the bundle includes) through the
installed distributions' metadata lists exactly those, at the versions bundled, with each
one's licence files in full. Run by the PyInstaller spec; runnable alone for a look:
``python packaging/notices.py OUT``.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT_DISTRIBUTION = "icstracker"
ROOT_EXTRAS = frozenset({"postgres"})
LICENCE_FILE_WORDS = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS")


def bundled_distributions() -> list[metadata.Distribution]:
    """The app and everything it needs, each once, in name order."""
    found: dict[str, metadata.Distribution] = {}
    pending: list[tuple[str, frozenset[str]]] = [(ROOT_DISTRIBUTION, ROOT_EXTRAS)]
    while pending:
        name, extras = pending.pop()
        key = canonicalize_name(name)
        if key in found:
            continue
        distribution = metadata.distribution(name)
        found[key] = distribution
        for line in distribution.requires or []:
            requirement = Requirement(line)
            if requirement.marker is not None:
                environments = [{**default_environment(), "extra": e} for e in extras or {""}]
                if not any(requirement.marker.evaluate(env) for env in environments):
                    continue
            pending.append((requirement.name, frozenset(requirement.extras)))
    return [found[key] for key in sorted(found)]


def licence_of(distribution: metadata.Distribution) -> str:
    meta = distribution.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    short = (meta.get("License") or "").strip()
    if short and "\n" not in short and len(short) < 80:
        classifiers.insert(0, short)
    return "; ".join(dict.fromkeys(classifiers)) or "see the licence text below"


def licence_texts(distribution: metadata.Distribution) -> list[tuple[str, str]]:
    texts = []
    for file in distribution.files or []:
        name = file.name.upper()
        if any(word in name for word in LICENCE_FILE_WORDS) and not name.endswith(".PY"):
            path = Path(str(distribution.locate_file(file)))
            if path.is_file():
                texts.append((file.name, path.read_text(encoding="utf-8", errors="replace")))
    return texts


def write_notices(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    parts = [
        "ICS Tracker bundles the following software. Each is distributed under its own",
        "licence, reproduced below. The bundle was built with PyInstaller, whose bootloader",
        "is distributed under the GPL with an exception that allows it in bundles of any",
        "licence. Qt (through PySide6) and recurring-ical-events are LGPL-3.0: they are kept",
        "as separate, replaceable files in the _internal folder (the Qt shared libraries and",
        "recurring_ical_events/*.py), so you may replace them with your own builds.",
        "",
    ]
    distributions = bundled_distributions()
    for distribution in distributions:
        name, version = distribution.metadata["Name"], distribution.version
        parts.append(f"{name} {version}: {licence_of(distribution)}")
    for distribution in distributions:
        name, version = distribution.metadata["Name"], distribution.version
        for file_name, text in licence_texts(distribution):
            parts += ["", "=" * 78, f"{name} {version} — {file_name}", "=" * 78, text.strip()]
    out.write_text("\n".join(parts) + "\n", encoding="utf-8", newline="\n")
    return out


if __name__ == "__main__":
    print(write_notices(Path(sys.argv[1])))
