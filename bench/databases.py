"""Demo databases for the benchmarks, built once and cached between runs.

Building 1,000,000 engagements takes minutes, so each size is kept under the cache folder
and reused. The file name carries a key made from the demo generator's source, the
migrations and the fixed seed and date, so a change to any of them builds afresh instead
of timing stale data. A database is written under a temporary name and renamed when
complete: an interrupted build never leaves a half-filled file that looks cached.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import time
from pathlib import Path

import icstracker

SEED = 2026
# A fixed "today" so every machine benchmarks the same three years of history.
TODAY = dt.date(2026, 11, 15)
FORMAT_VERSION = "1"


def default_cache_dir() -> Path:
    """~/.cache/icstracker-bench (or $XDG_CACHE_HOME), outside the repository."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "icstracker-bench"


def data_key() -> str:
    """Short hash of what decides the data: the generator, the migrations, seed and date.

    The migrations rather than ``models.py`` stand for the schema, so an edit that does
    not change the tables does not cost a 1,000,000-engagement rebuild.
    """
    package = Path(icstracker.__file__).parent
    digest = hashlib.sha256(f"{FORMAT_VERSION}/{SEED}/{TODAY}".encode())
    sources = [package / "services" / "demo.py"]
    migrations = package.parent / "migrations" / "versions"
    if migrations.is_dir():
        sources += sorted(migrations.glob("*.py"))
    for source in sources:
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


def database_path(cache_dir: Path, engagements: int) -> Path:
    return cache_dir / f"demo-{engagements}-{data_key()}.sqlite3"


def build_database(path: Path, engagements: int) -> float:
    """Creates a database at ``path`` with ``engagements`` demo rows; returns seconds taken."""
    from icstracker.db.engine import sqlite_url
    from icstracker.db.setup import open_database
    from icstracker.services.demo import generate_demo

    started = time.perf_counter()
    database = open_database(sqlite_url(path)).database
    try:
        with database.write() as session:
            generate_demo(session, engagements, seed=SEED, today=TODAY)
    finally:
        database.dispose()
    return time.perf_counter() - started


def _fold_wal(path: Path) -> None:
    """Checkpoints the WAL into the file so the single file can be renamed safely."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def cached_database(cache_dir: Path, engagements: int, log: bool = True) -> Path:
    """The cached database of that size, building it first if it is missing."""
    path = database_path(cache_dir, engagements)
    if path.exists():
        return path
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.stem}.{os.getpid()}.part.sqlite3")
    if log:
        print(f"building {engagements:,}-engagement database in {path} …", flush=True)
    seconds = build_database(partial, engagements)
    _fold_wal(partial)
    os.replace(partial, path)
    if log:
        print(f"  built in {seconds:.1f} s", flush=True)
    return path
