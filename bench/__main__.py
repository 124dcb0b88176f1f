"""``python -m bench``: start-up, filtering, sorting, export, memory, against baselines."""

from __future__ import annotations

from bench.runner import main

if __name__ == "__main__":
    raise SystemExit(main())
