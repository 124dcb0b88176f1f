"""The selected engagement in full, as simple HTML (every user value escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QTextBrowser

from icstracker.services.capture.items import describe_source
from icstracker.services.engagement_types import EngagementView
from icstracker.services.history import VersionView
from icstracker.services.local_time import format_uk
from icstracker.vocabulary import EngagementKind, PlanningLevel


def history_html(history: Sequence[VersionView]) -> str:
    """Each version, newest first: when (UK time), who, and what it changed."""
    if not history:
        return ""
    items = "".join(
        "<li><b>{when}</b> {who}: {what}</li>".format(
            when=escape(format_uk(v.changed_at)),
            who=escape(v.who),
            what=(
                "recorded as it then stood"
                if v.first
                else escape("; ".join(f"{c.label} → {_short(c.value)}" for c in v.changes))
                or "no field changed"
            ),
        )
        for v in reversed(history)
    )
    return f"<h4>History</h4><ul>{items}</ul>"


def _short(value: str, limit: int = 80) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def engagement_html(view: EngagementView, history: Sequence[VersionView] = ()) -> str:
    def row(label: str, value: str) -> str:
        return (
            f"<tr><th align='left' valign='top'>{label}</th><td>{value}</td></tr>" if value else ""
        )

    def text(value: str) -> str:
        return escape(value).replace("\n", "<br>")

    actions = "".join(
        "<li>{done}{desc}{owner}{due}</li>".format(
            done="✔ " if a.done_on else "",
            desc=text(a.description),
            owner=f" — {text(a.owner)}" if a.owner else "",
            due=f" (due {a.due_on:%d/%m/%Y})" if a.due_on else "",
        )
        for a in view.actions
    )
    rating = view.rating.capitalize() if view.rating else ""
    return (
        f"<h3>{text(view.title)}</h3>"
        "<table cellspacing='4'>"
        + row("Date", f"{view.occurred_on:%d/%m/%Y}")
        + row("Area", f"{text(view.area_name)} ({text(view.area_code)})")
        + row("Level", PlanningLevel.label_of(view.level, otherwise=""))
        + row("Kind", EngagementKind.label_of(view.kind))
        + row("Committee", text(view.committee))
        + row("Joint with", text("; ".join(view.partners)))
        + row("Organisations", text("; ".join(view.organisations)))
        + row("People", text("; ".join(view.people)))
        + row("Representatives", text("; ".join(view.representatives)))
        + row("Topics", text("; ".join(view.topics)))
        + row("Rating", rating)
        + row("Partners", "Not in reports for partners" if view.not_for_partners else "")
        + row("Captured from", text(describe_source(view.source_id)))
        + "</table>"
        + (f"<h4>Summary</h4><p>{text(view.summary)}</p>" if view.summary else "")
        + (f"<h4>Outcome</h4><p>{text(view.outcome)}</p>" if view.outcome else "")
        + (
            f"<h4>Internal note (committee only)</h4><p>{text(view.internal_note)}</p>"
            if view.internal_note
            else ""
        )
        + (f"<h4>Follow-up actions</h4><ul>{actions}</ul>" if actions else "")
        # UK time: stored in UTC, but a change made at 14:30 in July must read 14:30.
        + f"<p style='color:gray'>Last changed {format_uk(view.updated_at)} (UK time)</p>"
        + history_html(history)
    )


class DetailPane(QTextBrowser):
    """The selected engagement, or, with none, a hint that wraps to the pane's width.

    Qt draws a text browser's placeholder on one line, cut off in a narrow pane; this one
    is drawn word-wrapped instead.
    """

    def __init__(self, hint: str) -> None:
        super().__init__()
        self.hint = hint
        self.setAccessibleDescription(hint)

    def hint_rect(self) -> QRect:
        """Where the hint is drawn, and the rectangle its wrapped lines need there."""
        margin = int(self.document().documentMargin())
        room = self.viewport().rect().adjusted(margin, margin, -margin, -margin)
        flags = Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        return self.fontMetrics().boundingRect(room, int(flags), self.hint)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if self.document().isEmpty():
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            flags = Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
            painter.drawText(self.hint_rect(), int(flags), self.hint)
            painter.end()
