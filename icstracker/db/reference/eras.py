"""The days the footprints changed, and which 2016 STP each 2022 ICB grew from.

One module so the councils, the PCNs and the ICBs agree on when one era ends and the
next begins: a membership ending on 31 March 2026 and another starting on 1 April 2026
must leave no day uncovered and no day counted twice.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icstracker.db.reference.records import read_csv

# planning_levels.md: "Jan 2016 (announced; March 2016 agreed): 44 STP footprints".
STP_AGREED = dt.date(2016, 3, 1)
# stp_2016.csv / SOURCES M: the three north-east STPs merged "in August 2018"; the day
# is not given, so the footprint is closed at the end of that month.
NORTH_EAST_STPS_MERGED = dt.date(2018, 8, 31)
ICB_ESTABLISHED = dt.date(2022, 7, 1)
STP_CLOSED = ICB_ESTABLISHED - dt.timedelta(days=1)
# The 2023 councils (Cumberland, Westmorland and Furness, North Yorkshire, Somerset) are
# in the April 2023 lookup but not the July 2022 one; they began on 1 April 2023.
COUNCILS_REORGANISED = dt.date(2023, 4, 1)
ICBS_MERGED = dt.date(2026, 4, 1)  # icb_succession_2026.csv
LAST_DAY_OF_42_ICBS = ICBS_MERGED - dt.timedelta(days=1)

# How new the shipped files are: SOURCES.md, "the newest stored source is dated 1 August
# 2026" (I, NHS England's GP practice mapping, extract date 01Aug2026). An official file
# older than this is refused by ``reference update``; a release with newer files moves it.
SHIPPED_AS_OF = dt.date(2026, 8, 1)

Span = tuple[dt.date | None, dt.date | None]


def stp_spans(folder: Path) -> dict[str, list[tuple[str, dt.date, dt.date]]]:
    """For each 2022 ICB, the STP (code, first day, last day) that covered its area before.

    An ICB that was one 2016 STP has that STP from March 2016; North East and North
    Cumbria has the merged STP only from September 2018, because the sources do not say
    which of the three earlier STPs each of its councils and PCNs was in.
    """
    spans: dict[str, list[tuple[str, dt.date, dt.date]]] = {}
    for row in read_csv(folder / "stp_2016.csv"):
        icb = row["icb_ods_code"]
        if row["relationship_2017_to_2021"] == "merged":
            merged = (row["stp_code_2021"], NORTH_EAST_STPS_MERGED + dt.timedelta(1), STP_CLOSED)
            spans[icb] = [merged]
        else:
            spans.setdefault(icb, []).append((row["stp_code_2017"], STP_AGREED, STP_CLOSED))
    return {icb: found for icb, found in spans.items() if len(found) == 1}
