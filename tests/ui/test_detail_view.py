"""The selected engagement's pane: times in UK time, not the UTC the database keeps."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select

from icstracker.db.database import Database
from icstracker.db.models import Engagement
from icstracker.services.committees import CommitteeView
from icstracker.services.engagements import get_engagement
from icstracker.services.history import FieldChange, VersionView
from icstracker.ui.detail_view import engagement_html, history_html
from icstracker.ui.main_window import MainWindow


def test_last_changed_is_shown_in_uk_summer_time(
    sqlite_db: Database, committee: CommitteeView
) -> None:
    with sqlite_db.session() as session:
        view = get_engagement(session, session.scalars(select(Engagement.id)).first() or 0)
    summer = dataclasses.replace(view, updated_at=dt.datetime(2026, 7, 1, 13, 30, tzinfo=dt.UTC))
    html = engagement_html(summer)
    assert "Last changed 01/07/2026 14:30 (UK time)" in html
    assert "UTC" not in html


def test_with_nothing_chosen_the_hint_wraps_inside_a_narrow_pane(window: MainWindow, qtbot) -> None:
    window.show()
    window.splitter.setSizes([300, 900, 10])  # as narrow as the pane will go
    qtbot.waitExposed(window)
    detail = window.detail
    assert detail.document().isEmpty()
    one_line = detail.fontMetrics().horizontalAdvance(detail.hint)
    assert detail.viewport().width() < one_line  # would be cut off on one line
    assert detail.viewport().rect().contains(detail.hint_rect())
    assert detail.hint_rect().height() > detail.fontMetrics().height()  # wrapped instead


def test_the_history_says_who_changed_what() -> None:
    moment = dt.datetime(2026, 7, 1, 13, 30, tzinfo=dt.UTC)
    html = history_html(
        [
            VersionView(1, "jsmith", "Jane Smith", moment, True, ()),
            VersionView(
                2, "bob", None, moment, False, (FieldChange("summary", "Summary", "<b>x</b>"),)
            ),
        ]
    )
    assert html.index("bob: Summary → &lt;b&gt;x&lt;/b&gt;") < html.index("Jane Smith (jsmith)")
    assert "14:30" in html  # UK summer time
