"""The one column free-text search reads (``Engagement.search_text``), kept by whoever
writes an engagement or renames what it links to."""

from __future__ import annotations

from collections.abc import Sequence

from icstracker.db.models import Engagement
from icstracker.text import search_fold


def refresh_search_text(engagement: Engagement) -> None:
    """Rebuilds the one column free-text search reads, after anything in it changed.

    Kept denormalised so a text filter over 100,000 engagements is one LIKE on one
    table; anything that renames a person, organisation or topic must call this.
    """
    engagement.search_text = search_text_of(
        engagement.title,
        engagement.summary,
        engagement.outcome,
        [o.name for o in engagement.organisations],
        [p.name for p in engagement.people + engagement.representatives],
        [t.name for t in engagement.topics],
    )


def search_text_of(
    title: str,
    summary: str,
    outcome: str,
    organisations: Sequence[str],
    people: Sequence[str],
    topics: Sequence[str] = (),
) -> str:
    """The search column from plain values: the saved title, summary and outcome, and the
    names as linked (people, then representatives, then topics), so a bulk write needs no
    ORM objects. Revision 0012 added the topics to rows saved before it."""
    return search_fold("\n".join([title, summary, outcome, *organisations, *people, *topics]))
