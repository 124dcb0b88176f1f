"""UK time for display: GMT in winter, BST (UTC+1) in summer."""

from __future__ import annotations

import datetime as dt

from icstracker.services.local_time import format_uk, uk_time


def test_a_summer_utc_time_is_shown_an_hour_later() -> None:
    assert format_uk(dt.datetime(2026, 7, 1, 13, 30, tzinfo=dt.UTC)) == "01/07/2026 14:30"


def test_a_winter_utc_time_is_shown_unchanged() -> None:
    assert format_uk(dt.datetime(2026, 12, 1, 13, 30, tzinfo=dt.UTC)) == "01/12/2026 13:30"


def test_the_night_the_clocks_go_forward() -> None:
    # 29 March 2026: 01:00 UTC is when BST starts, so a minute before and at it differ by two hours.
    assert format_uk(dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.UTC)) == "29/03/2026 00:59"
    assert format_uk(dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC)) == "29/03/2026 02:00"


def test_a_naive_value_is_read_as_utc() -> None:
    assert uk_time(dt.datetime(2026, 7, 1, 23, 30)).date() == dt.date(2026, 7, 2)
