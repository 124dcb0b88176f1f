"""Logging an engagement joint with another committee from the form."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt
from sqlalchemy import select

from icstracker.db.database import Database
from icstracker.db.models import Engagement
from icstracker.services.areas import resolve_area
from icstracker.services.committees import CommitteeView, create_committee, list_committees
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_queries import count_engagements
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.engagements import get_engagement, log_engagement
from icstracker.services.stakeholders import RegisterNames
from icstracker.ui.engagement_dialog import EngagementDialog
from icstracker.ui.main_window import MainWindow

CUMBRIA = "Community Pharmacy Cumbria"


def test_one_committee_has_no_one_to_be_joint_with(window: MainWindow) -> None:
    dialog = window.new_engagement()
    assert dialog.partners.count() == 0 and dialog.partners.isHidden()
    dialog.reject()


def test_tick_a_partner_and_both_committees_count_it(
    window: MainWindow, sqlite_db: Database, committee: CommitteeView
) -> None:
    with sqlite_db.write() as session:
        cumbria = create_committee(session, CUMBRIA).id  # added after the window opened
    dialog = window.new_engagement()
    assert [dialog.partners.item(r).text() for r in range(dialog.partners.count())] == [CUMBRIA]
    with sqlite_db.session() as session:
        dialog.area.set_area(resolve_area(session, "QE1").id)
    dialog.title.setText("ICB board with both LPCs")
    dialog.partners.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.try_save()
    assert not dialog.isVisible()

    rows = [window.table_model.row_data(r) for r in range(window.table_model.rowCount())]
    shown = {r.title: r.committee for r in rows if r is not None}
    assert shown["ICB board with both LPCs"] == f"{committee.name} (joint with {CUMBRIA})"
    with sqlite_db.session() as session:
        assert count_engagements(session, EngagementFilter(committee_id=cumbria)) == 1
        saved_id = session.scalars(
            select(Engagement.id).where(Engagement.title == "ICB board with both LPCs")
        ).one()
        view = get_engagement(session, saved_id)
        committees = list_committees(session)
    assert view.partners == (CUMBRIA,)

    # The partner opens it from its own window: it stays the logging committee's record.
    as_partner = EngagementDialog([], RegisterNames((), (), ()), cumbria, None, view, committees)
    names = [as_partner.partners.item(r).text() for r in range(as_partner.partners.count())]
    assert names == [CUMBRIA]  # the owner is not offered as its own partner
    assert as_partner.partners.item(0).checkState() == Qt.CheckState.Checked
    values = as_partner.values()
    assert (values.committee_id, values.partner_committee_ids) == (committee.id, (cumbria,))
    as_partner.deleteLater()


def test_a_partner_deleting_leaves_the_engagement_for_its_owner(
    window: MainWindow, sqlite_db: Database, committee: CommitteeView
) -> None:
    with sqlite_db.write() as session:
        cumbria = create_committee(session, CUMBRIA).id
        icb = resolve_area(session, "QE1").id
        data = EngagementInput(cumbria, icb, dt.date.today(), "meeting", "Cumbria's ICB board")
        joint = log_engagement(session, replace(data, partner_committee_ids=(committee.id,)))
    window.apply_filters()
    titles = [window.table_model.row_data(r).title for r in range(window.table_model.rowCount())]  # type: ignore[union-attr]
    window.table.selectRow(titles.index("Cumbria's ICB board"))
    window.delete_selected()
    with sqlite_db.session() as session:
        view = get_engagement(session, joint.id)
        ours = count_engagements(session, EngagementFilter(committee_id=committee.id))
    assert (view.deleted_at, view.partners, view.committee) == (None, (), CUMBRIA)
    assert ours == len(titles) - 1  # gone from our log, still in Cumbria's
    assert window.undo_action.text() == "&Undo Leave “Cumbria's ICB board”"
    window.undo_action.trigger()
    with sqlite_db.session() as session:
        assert get_engagement(session, joint.id).partner_committee_ids == (committee.id,)
