"""The collector is off over the work and back as it was, with the work's objects put away."""

from __future__ import annotations

import gc

from icstracker.collector import collector_paused


def test_the_objects_made_meanwhile_wait_for_no_young_collection() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        kept = [[n] for n in range(50_000)]  # tracked containers that live on
    assert gc.isenabled()
    # In the oldest generation at once, not left to be walked by the young collections.
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert all(id(item) in oldest for item in kept)


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
