"""Python's cyclic garbage collector paused over work that makes many objects that live on.

Loading SQLAlchemy and the services, or planning a 10,000-row import, makes hundreds of
thousands of objects that all outlive the work; the collector walked them again and again
while they were made (0.3-0.5 s of a 1.5-2 s import, 0.03-0.05 s of each command's start).
Reference counting still frees everything that is not in a cycle meanwhile.

When the collector comes back, what the work left is put straight in the oldest
generation, where objects that outlive two collections end up anyway: otherwise the first
collection after it walks every one of them at once. Cycles among them are still found,
by the next full collection.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()  # every tracked object to the permanent generation…
            gc.unfreeze()  # …and from there to the oldest one
            gc.enable()
