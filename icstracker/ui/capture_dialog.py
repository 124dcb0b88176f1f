"""File > Capture from calendar or email… (and files dropped on the window): the review.

A thin window over ``services.capture``: reading the files and proposing engagements is
``preview_capture``, each choice (a tick, another area) is ``replan_capture`` with the
choice added to the options, and Log is ``run_capture`` with the same options, each as a
background job. Nothing is written until Log; then every ticked item is logged in one
transaction, or none. The window is then asked to show what arrived (``on_captured``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from icstracker.db.database import Database
from icstracker.errors import IcsTrackerError, OperationCancelled
from icstracker.services.area_resolver import AreaMatch, AreaResolver
from icstracker.services.areas import AreaChoice, area_choices, area_resolver
from icstracker.services.capture.apply import CaptureResult, backup_before_capture, run_capture
from icstracker.services.capture.files import CALENDAR_SUFFIXES
from icstracker.services.capture.plan import (
    CaptureOptions,
    CapturePlan,
    Proposal,
    plan_capture,
    replan_capture,
)
from icstracker.services.capture.reading import read_files
from icstracker.services.committees import CommitteeView
from icstracker.services.dates import uk_today
from icstracker.ui.area_picker import AreaPicker
from icstracker.ui.capture_table import CaptureTable, status_text
from icstracker.ui.date_field import DateField
from icstracker.ui.error_dialogs import show_error
from icstracker.ui.jobs import JobRunner, run_with_progress
from icstracker.ui.window_geometry import available_geometry
from icstracker.vocabulary import EngagementKind

DEFAULT_SIZE = QSize(1240, 680)
FRAME_ALLOWANCE = QSize(16, 40)
OnCaptured = Callable[[CaptureResult], "str | None"]
# What reading the files gives the review: the plan, the areas to choose from, and the
# resolver (no session kept) that reads a typed area as the form does.
Found = tuple[CapturePlan, list[AreaChoice], AreaResolver]


def proposal_html(proposal: Proposal) -> str:
    """Everything that will be stored for the item, and where each part came from."""
    item = proposal.item

    def row(label: str, value: str) -> str:
        return f"<tr><th align='left' valign='top'>{label}</th><td>{value}</td></tr>"

    people = "<br>".join(
        escape(f"{p.name} — {p.email}" if p.email else p.name)
        + f" <i>({'new' if p.how == 'new' else 'in the register'})</i>"
        for p in proposal.people
    )
    when = f"{item.day:%d/%m/%Y}" + (
        f" {item.start:%H:%M} (UK time)" if item.start else ", all day"
    )
    area = ""
    if proposal.area is not None:
        area = escape(proposal.area.area.label) + f" <i>({escape(proposal.area_note)})</i>"
    parts = [
        f"<h3>{escape(item.title)}</h3><table cellspacing='3'>",
        row("When", when),
        row("Kind", EngagementKind.label_of(proposal.kind)),
        row("Area", area or "<i>none found</i>"),
        row("Where", escape(item.location)) if item.location else "",
        row("People", people) if people else "",
        row("Organisations", escape("; ".join(proposal.organisations)))
        if proposal.organisations
        else "",
        row("Status", escape(status_text(proposal))),
        row("From", escape(item.file)),
        "</table>",
    ]
    if item.summary:
        summary = escape(item.summary).replace("\n", "<br>")
        parts.append(f"<h4>Summary</h4><p>{summary}</p>")
    parts.append(
        "<p style='color:gray'>Only what is shown here is stored: people by name, not by "
        "address.</p>"
    )
    return "".join(parts)


class CaptureDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        database: Database,
        committee: CommitteeView,
        paths: Sequence[Path],
        runner: JobRunner | None = None,
        on_captured: OnCaptured | None = None,
        today: dt.date | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Capture from calendar or email")
        self.database = database
        self.committee = committee
        self.paths = list(paths)
        self.runner = runner or JobRunner()
        self.on_captured = on_captured
        self.today = today or uk_today()
        self.options = CaptureOptions(committee=committee.name, today=today, now=now)
        self.plan: CapturePlan | None = None
        self.captured: CaptureResult | None = None
        self.resolver: AreaResolver | None = None
        self._choices: dict[int, AreaChoice] = {}
        self._stop = threading.Event()
        names = ", ".join(p.name for p in self.paths)
        intro = QLabel(
            f"Engagements proposed for <b>{escape(committee.name)}</b> from {escape(names)}. "
            "Tick the ones to log, choose an area where none was found; nothing is written "
            "until you press Log."
        )
        intro.setWordWrap(True)
        self.start_field = DateField()
        self.end_field = DateField()
        start, end = self.options.period()
        self.start_field.set_date(start)
        self.end_field.set_date(end)
        self.read_again = QPushButton("&Read the calendar again")
        self.read_again.clicked.connect(self.read)
        period = QHBoxLayout()
        has_calendar = any(p.suffix.lower() in CALENDAR_SUFFIXES for p in self.paths)
        for label, field in (("Calendar &from", self.start_field), ("&to", self.end_field)):
            caption = QLabel(label)
            caption.setBuddy(field)
            period.addWidget(caption)
            period.addWidget(field)
            field.setEnabled(has_calendar)
        self.read_again.setEnabled(has_calendar)
        period.addWidget(self.read_again)
        period.addStretch(1)
        self.table = CaptureTable()
        self.table.tick_changed.connect(self.tick)
        self.table.itemSelectionChanged.connect(self._selected)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("The selected item, as it will be logged")
        self.area_picker: AreaPicker | None = None
        self.area_row = QHBoxLayout()
        self.area_label = QLabel("&Area for this item:")
        self.area_row.addWidget(self.area_label)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addLayout(self.area_row)
        side_layout.addWidget(self.detail, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 330])
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.log_button = self.buttons.addButton("&Log", QDialogButtonBox.ButtonRole.AcceptRole)
        self.log_button.setEnabled(False)
        self.buttons.accepted.connect(self.log)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(period)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.setMinimumSize(QSize(760, 480))
        self.resize(DEFAULT_SIZE.boundedTo(available_geometry(self).size() - FRAME_ALLOWANCE))

    # --- reading and planning --------------------------------------------------------

    def read(self) -> None:
        """Reads the files (a calendar over the period shown) and proposes their items."""
        start, end = self.start_field.commit(), self.end_field.commit()
        if start is None or end is None:
            return
        self.options = CaptureOptions(
            committee=self.committee.name,
            start=start,
            end=end,
            today=self.options.today,
            now=self.options.now,
            me=self.options.me,
        )
        self._stop = stop = threading.Event()
        database, paths, options = self.database, self.paths, self.options

        def work(report: Callable[[int, int], None]) -> Found:
            read = read_files(paths, options, progress=report, cancelled=stop.is_set)
            with database.session() as session:
                plan = plan_capture(session, read, options, cancelled=stop.is_set)
                return plan, area_choices(session), area_resolver(session, plan.committee_id)

        run_with_progress(
            self.runner,
            self,
            f"Reading {len(paths)} file{'s' if len(paths) != 1 else ''}…",
            work,
            self._read,
            self._failed,
            on_cancel=stop.set,
        )

    def _read(self, found: Found) -> None:
        plan, choices, self.resolver = found
        self._choices = {c.id: c for c in choices}
        if self.area_picker is None:
            self.area_picker = AreaPicker(choices, self._resolve)
            self.area_picker.setAccessibleName("Area for the selected item")
            self.area_picker.area_chosen.connect(self._area_chosen)
            self.area_label.setBuddy(self.area_picker)
            self.area_row.addWidget(self.area_picker, 1)
            self.area_picker.show()  # added to a shown dialog: Qt would show it only later
        self._show(plan)

    def _resolve(self, text: str) -> AreaMatch:
        assert self.resolver is not None
        current = self.table.current()
        on = current.item.day if current else self.today
        return self.resolver.match(text, on, fuzzy=False)

    def _replan(self, options: CaptureOptions) -> None:
        if self.plan is None:
            return
        plan, database = self.plan, self.database
        run_with_progress(
            self.runner,
            self,
            "Checking…",
            lambda _report: replan_capture(database, plan, options),
            self._show,
            self._failed,
        )
        self.options = options

    def tick(self, source_id: str, ticked: bool) -> None:
        self._replan(self.options.choose(source_id, log=ticked))

    def _area_chosen(self, area_id: int, _level: str) -> None:
        current = self.table.current()
        choice = self._choices.get(area_id)
        if current is None or choice is None:
            return
        if current.area is not None and current.area.area.id == area_id:
            return
        self._replan(self.options.choose(current.source_id, area=choice.code))

    def _show(self, plan: CapturePlan) -> None:
        self.plan = plan
        self.table.show_plan(plan)
        to_log = len(plan.to_log)
        counts = plan.counts
        words = [f"{len(plan.proposals):,} proposed", f"{to_log:,} ticked to log"]
        names = {  # (one, several)
            "duplicate": ("already logged", "already logged"),
            "personal": ("looks personal", "look personal"),
            "no area": ("needs an area", "need an area"),
            "error": ("cannot be logged", "cannot be logged"),
        }
        words += [f"{counts[s]:,} {names[s][counts[s] != 1]}" for s in names if counts[s]]
        left_out = plan.left_out_sentence()
        self.summary.setText("; ".join(words) + "." + (f" {left_out}" if left_out else ""))
        self.summary.setStyleSheet("")
        self.log_button.setText(f"&Log {to_log} engagement{'s' if to_log != 1 else ''}")
        self.log_button.setEnabled(to_log > 0)
        self._selected()

    def _selected(self) -> None:
        current = self.table.current()
        if current is None:
            self.detail.clear()
            return
        self.detail.setHtml(proposal_html(current))
        if self.area_picker is not None:
            self.area_picker.blockSignals(True)
            self.area_picker.set_area(current.area.area.id if current.area else None)
            self.area_picker.setCursorPosition(0)  # the area's name, not the end of its label
            self.area_picker.blockSignals(False)
            self.area_picker.setEnabled(current.status != "duplicate")

    def _failed(self, error: BaseException, details: str) -> None:
        if isinstance(error, OperationCancelled):
            message = "Cancelled: nothing was written."
        elif isinstance(error, IcsTrackerError):
            message = f"Nothing was written. {error.message}"
        else:
            message = "Nothing was written: unexpected error."
            show_error(self, error, details)
        self.summary.setText(message)
        self.summary.setStyleSheet("color: #b00020;")
        if self.plan is None:
            self.log_button.setEnabled(False)

    # --- writing -----------------------------------------------------------------------

    def log(self) -> None:
        if self.plan is None or not self.plan.to_log:
            return
        self._stop = stop = threading.Event()
        read, options, database = self.plan.read, self.options, self.database

        def work(_report: Callable[[int, int], None]) -> CaptureResult:
            backup_before_capture(database)
            return run_capture(database, read, options, cancelled=stop.is_set)

        self.log_button.setEnabled(False)
        run_with_progress(
            self.runner, self, "Logging…", work, self._logged, self._failed, on_cancel=stop.set
        )

    def _logged(self, result: CaptureResult) -> None:
        self.captured = result
        if self.on_captured is not None:
            self.on_captured(result)
        self.accept()

    def reject(self) -> None:
        self._stop.set()
        super().reject()
