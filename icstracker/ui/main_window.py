"""The main window: the footprint tree, the log, the tabs beside it and the selected engagement.

It puts the parts together and keeps the log and the tree in step with the filters; the
parts live in their own modules: the filter bar (``filter_bar``), writing engagements with
undo (``engagement_editing``), the menus (``window_menus``), what is remembered between
sessions (``window_restore``). A write or a new choice of filters is announced on
``LogEvents`` (``log_events``), and each tab subscribes to it.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QShortcut,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from icstracker.db.database import Database
from icstracker.db.interrupt import interruptible
from icstracker.errors import IcsTrackerError
from icstracker.services.actions import ActionCounts, action_counts
from icstracker.services.areas import list_areas
from icstracker.services.committee_scope import joins_others, works_in_one_ics
from icstracker.services.committees import CommitteeView, update_committee
from icstracker.services.engagement_filter import EngagementFilter, excluded_by
from icstracker.services.engagement_queries import AreaCount, area_counts, last_change, roll_up
from icstracker.services.engagements import get_engagement
from icstracker.services.footprints_age import footprints_age
from icstracker.services.history import engagement_history
from icstracker.services.periods import label_with_months, parse_period, same_kind_containing
from icstracker.services.stakeholders import topic_names
from icstracker.ui.actions_panel import ActionsPanel
from icstracker.ui.charts_panel import ChartsPanel
from icstracker.ui.coverage_panel import CoveragePanel
from icstracker.ui.detail_view import DetailPane, engagement_html
from icstracker.ui.empty_state import EmptyState
from icstracker.ui.engagement_dialog import EngagementDialog
from icstracker.ui.engagement_editing import EngagementEditing
from icstracker.ui.engagement_table import EngagementTableModel
from icstracker.ui.error_dialogs import show_error
from icstracker.ui.filter_bar import FilterBar, FilterState
from icstracker.ui.first_run_dialog import FirstRunDialog
from icstracker.ui.help_dialog import (
    HelpDialog,
    about_html,
    data_locations_html,
    shortcuts_html,
    show_help,
)
from icstracker.ui.jobs import JobRunner, LatestJob
from icstracker.ui.log_columns import LogColumns
from icstracker.ui.log_events import LogChange, LogEvents, ViewChange
from icstracker.ui.map_tab import MapTab
from icstracker.ui.navigator import ALL_CODE, CODE_ROLE, ID_ROLE, FootprintTreeModel
from icstracker.ui.reminder_line import ReminderLine
from icstracker.ui.settings import WindowSettings
from icstracker.ui.stakeholders_panel import StakeholdersPanel
from icstracker.ui.window_geometry import place_new_window
from icstracker.ui.window_menus import build_menus
from icstracker.ui.window_restore import restore_window, save_window

if TYPE_CHECKING:
    # Imported when first used, not at start-up: the export pulls in openpyxl and the
    # report writers, the import wizard the spreadsheet readers and fuzzy matching.
    from icstracker.services.capture.apply import CaptureResult
    from icstracker.services.imports.apply import ImportResult
    from icstracker.ui.capture_dialog import CaptureDialog
    from icstracker.ui.export_dialog import QuarterlyReportExport
    from icstracker.ui.import_wizard import ImportWizard


class MainWindow(QMainWindow):
    # Made by ``window_menus.build_menus``: the actions others press by name.
    new_action: QAction
    export_action: QAction
    undo_action: QAction
    redo_action: QAction
    edit_action: QAction
    delete_action: QAction
    author_action: QAction
    shortcuts_action: QAction
    data_help_action: QAction
    about_action: QAction
    empty_log: EmptyState

    def __init__(
        self,
        database: Database,
        committee: CommitteeView,
        settings: WindowSettings,
        runner: JobRunner | None = None,
    ) -> None:
        """``runner`` runs the log's reads (rows, counts) in the background; without one
        (tests, scripts) they run at once, so each change is shown when it returns."""
        super().__init__()
        self.database = database
        self.runner = runner or JobRunner(run_now=True)
        self.committee = committee
        self.settings = settings
        if settings.author_name:  # who changes are recorded under on SQLite (History)
            database.author = settings.author_name
        self.undo_stack = QUndoStack(self)
        # Writes and new filters are announced here; the panes subscribe (log_events.py).
        self.events = LogEvents(self)
        self.editing = EngagementEditing(
            self,
            database,
            lambda: self.committee,
            self.undo_stack,
            self.events,
            lambda text, ms: self.statusBar().showMessage(text, ms),
        )
        self.setWindowTitle(f"ICS Tracker — {committee.name}")
        place_new_window(self)  # most of the screen it opens on; restoring may replace it
        with database.session() as session:
            self._areas = list_areas(session)
            self._topics = topic_names(session)
            self.footprints_age = footprints_age(session)  # two small reads
        self._area_id: int | None = None
        # Whether the committee has joined other committees' engagements: asked once per
        # change of filters and carried in the filter (``committee_scope``).
        self._joins_others: bool | None = None
        # What the tree's counts are of: the filter, and the log as of its newest change;
        # the counts per area, and the level they were last rolled up for.
        self._counted: tuple[EngagementFilter, tuple[int | None, Any]] | None = None
        self._area_counts: list[AreaCount] = []
        self._counting: tuple[EngagementFilter, tuple[int | None, Any]] | None = None
        self._tree_counts = LatestJob(self.runner, self)
        self._follow_up_counts = LatestJob(self.runner, self)
        self._tree_level: tuple[str | None] | None = None
        self._area_code = ALL_CODE
        self._report_export: QuarterlyReportExport | None = None
        # After a jump to an engagement the filters left out: the user's own filters, and
        # the widened filter the jump showed (any other change forgets the way back).
        # The third part says in the status line why the filters changed.
        self._jump: tuple[FilterState, EngagementFilter, str] | None = None
        self._back: QPushButton | None = None
        self._build_filters()
        self._build_centre()
        build_menus(self)
        self.setAcceptDrops(True)  # calendar and email files, for capture
        self.events.log_changed.connect(self._log_changed)
        restore_window(self)
        self.apply_filters()
        # Counted in the background, not while the window is built: the whole log's
        # overdue follow-ups, for the reminder line.
        self._count_follow_ups()

    # --- building ---------------------------------------------------------------

    def _build_filters(self) -> None:
        self.filter_bar = FilterBar(self._topics)
        # The bar's widgets by their old names: scripts and tests drive them as a user does.
        bar = self.filter_bar
        self.period, self.levels, self.search = bar.period, bar.levels, bar.search
        self.kind, self.topic, self.clear = bar.kind, bar.topic, bar.clear
        bar.changed.connect(lambda: self.apply_filters(data_changed=False))
        self.clear.clicked.connect(self.clear_filters)

    def _build_centre(self) -> None:
        self.tree_model = FootprintTreeModel(self._areas)
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setAccessibleName("Footprints")
        self.tree.setUniformRowHeights(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.expand(self.tree_model.index(0, 0))
        for code in self.committee.area_codes:  # open the tree where the committee works
            found = self.tree_model.item_for(code)
            item = found.parent() if found is not None else None
            while item is not None:
                self.tree.expand(item.index())
                item = item.parent()
        self.tree.selectionModel().currentChanged.connect(self._footprint_chosen)

        self.table_model = EngagementTableModel(self.database, runner=self.runner)
        self.table_model.counted.connect(self._update_status)
        self.table_model.failed.connect(lambda error: show_error(self, error))
        self.table = QTableView()
        self.table.setModel(self.table_model)
        self.table.setAccessibleName("Engagement log")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        with self.database.session() as session:
            one_ics = works_in_one_ics(session, self.committee.area_codes)
        self.log_columns = LogColumns(self.table, hide_footprint=one_ics)
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)

        self.detail = DetailPane("Choose an engagement in the log to see it in full here.")
        self.detail.setAccessibleName("Selected engagement")
        self.detail.setMinimumWidth(self.fontMetrics().averageCharWidth() * 24)

        self.actions_panel = ActionsPanel(self.database, self.committee.id, self.undo_stack)
        self.actions_panel.engagement_chosen.connect(self.show_engagement)
        self.actions_panel.refreshed.connect(self._remind)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Views")
        self.tabs.addTab(self.table, "&Log")
        self.tabs.addTab(self.actions_panel, "&Follow-ups")
        self.coverage_panel = CoveragePanel(
            self.database, self.committee.id, self.settings.coverage_thresholds
        )
        self.coverage_panel.area_chosen.connect(self.show_area)
        self.coverage_panel.log_for_area.connect(
            lambda code: self.new_engagement(self._area_id_of(code))
        )
        self.tabs.addTab(self.coverage_panel, "C&overage")
        self.charts_panel = ChartsPanel(self.database, self.committee.id)
        self.tabs.addTab(self.charts_panel, "C&harts")
        self.map_tab = MapTab(
            self.database,
            self.committee.id,
            lambda: self.coverage_panel.thresholds,
            self.settings,
        )
        self.map_tab.area_chosen.connect(self.choose_area)
        self.map_tab.log_for_area.connect(lambda code: self.new_engagement(self._area_id_of(code)))
        self.tabs.addTab(self.map_tab, "&Map")
        self.stakeholders_panel = StakeholdersPanel(self.database)
        self.stakeholders_panel.engagement_chosen.connect(self.show_engagement)
        self.tabs.addTab(self.stakeholders_panel, "&Stakeholders")
        for pane in (
            self.actions_panel,
            self.coverage_panel,
            self.charts_panel,
            self.map_tab,
            self.stakeholders_panel,
        ):
            pane.follow(self.events)  # new filters and writes reach each tab from here

        self.splitter = QSplitter()
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.detail)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes(self._splitter_sizes())
        self.splitter.setStretchFactor(1, 1)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_bar)
        self.reminder = ReminderLine(self.settings.reminder_shown)
        self.reminder.linkActivated.connect(lambda _link: self.show_overdue())
        layout.addWidget(self.reminder)
        # Footprints over a year old: the next NHS reorganisation may be missing, and the
        # user can load it from the official file (``reference update``) without a release.
        self.footprints_notice = QLabel(self.footprints_age.message)
        self.footprints_notice.setAccessibleName("Footprints notice")
        self.footprints_notice.setWordWrap(True)
        self.footprints_notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.footprints_notice.setContentsMargins(8, 2, 8, 2)
        self.footprints_notice.setVisible(self.footprints_age.is_old)
        layout.addWidget(self.footprints_notice)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.status = QLabel()
        self.statusBar().addWidget(self.status, 1)
        QWidget.setTabOrder(self.period, self.search)
        QWidget.setTabOrder(self.search, self.tree)
        QWidget.setTabOrder(self.tree, self.table)

    # --- filters ----------------------------------------------------------------

    def current_filter(self) -> EngagementFilter:
        period = self.period.period
        return EngagementFilter(
            level=self.filter_bar.level() or None,
            area_id=self._area_id,
            committee_id=self.committee.id,
            date_from=period.start if period else None,
            date_to=period.end if period else None,
            kinds=self.filter_bar.kinds(),
            topics=self.filter_bar.topics(),
            text=self.search.text(),
            joins_others=self._joins_others,
        )

    def apply_filters(
        self, *, data_changed: bool = True, then: Callable[[], None] | None = None
    ) -> None:
        """Shows the log as filtered now and tells every pane (``LogEvents.view_changed``);
        ``then`` runs once the log's rows are in and counted.

        The rows, their count and the footprint tree's counts are read in the background
        (at once without a runner), each newer change cancelling the reads of the one
        before. The tree counts the same filter but the footprint chosen (a count per
        footprint, level included, so the chosen one's is the log's). It keeps the counts
        per area and level of one grouped query, so a click in the tree or on a level
        (``data_changed=False``: nothing was written) re-sums them rather than recounting a
        national log (~100 ms at 1,000,000). Whether the committee has joined others'
        engagements is asked once here, with the newest change, and travels in the filter,
        so no pane asks again."""
        if not self._show_log(data_changed=data_changed, then=then):
            return
        self.events.announce_view(
            ViewChange(self.period.period, self.current_filter(), data_changed)
        )

    def _show_log(self, *, data_changed: bool, then: Callable[[], None] | None) -> bool:
        """The log and the footprint tree for the filters as set; False if the database
        could not be read (said in a dialog)."""
        try:
            with self.database.session() as session:
                # Someone else (another user, a partner committee, the command line) may
                # have written since: the newest change says so in two index lookups.
                newest = last_change(session)
                self._joins_others = joins_others(session, self.committee.id)
        except IcsTrackerError as error:
            show_error(self, error)
            return False
        criteria = self.current_filter()
        tree_filter = dataclasses.replace(criteria, area_id=None, level=None)
        counted = (tree_filter, newest)
        self.table_model.set_filter(criteria)
        if data_changed or counted not in (self._counted, self._counting):
            self._count_tree(counted)
        elif self._counting is None:
            self._roll_up_tree()
        self.tree_model.set_title(self.filter_bar.described_parts())
        if self._jump is not None and criteria != self._jump[1]:
            self._jump = None  # the user chose other filters since: nothing to go back to
        self._update_status()
        self.detail.clear()
        if then is not None:
            self.table_model.when_ready(then)
        return True

    def _log_changed(self, change: LogChange) -> None:
        """After a write (the form, undo or redo, an import, a capture): the log and the
        tree read again, then what was written selected. The panes read again on the same
        signal themselves; the reminder's count is read here while Follow-ups is hidden."""
        then: Callable[[], None] | None = None
        if len(change.select) == 1:
            then = functools.partial(self.select_engagement, change.select[0])
        elif change.select:
            then = functools.partial(self._select_first_of, set(change.select))
        if self._show_log(data_changed=True, then=then):
            view = ViewChange(self.period.period, self.current_filter(), data_changed=False)
            self.events.announce_view(view)  # a pane reads again only if its view moved
        if not self.actions_panel.isVisible():
            self._count_follow_ups()

    def _count_tree(self, counted: tuple[EngagementFilter, tuple[int | None, Any]]) -> None:
        database, tree_filter = self.database, counted[0]

        def count(_report: Any, cancelled: Callable[[], bool]) -> list[AreaCount]:
            with database.session() as session, interruptible(session, cancelled):
                return area_counts(session, tree_filter)

        def counted_now(found: list[AreaCount]) -> None:
            self._area_counts, self._counted = found, counted
            self._counting, self._tree_level = None, None
            self._roll_up_tree()

        def failed(error: BaseException, details: str) -> None:
            self._counting = None
            show_error(self, error, details)

        self._counting = counted
        self.table_model.after_first_page(
            lambda: self._tree_counts.start(count, lambda _: None, counted_now, failed)
        )

    def _roll_up_tree(self) -> None:
        """The tree's counts for the level chosen now, re-summed from the kept counts."""
        level = self.filter_bar.level() or None
        if self._tree_level != (level,):
            self.tree_model.set_counts(roll_up(self._area_counts, level))
            self._tree_level = (level,)

    def _count_follow_ups(self) -> None:
        """The reminder's count of every overdue follow-up, read in the background."""
        database, committee_id, today = self.database, self.committee.id, self.actions_panel.today

        def count(_report: Any, cancelled: Callable[[], bool]) -> ActionCounts:
            with database.session() as session, interruptible(session, cancelled):
                return action_counts(session, committee_id, today=today())

        def counted(counts: ActionCounts) -> None:
            self.actions_panel.counts = counts
            self._remind()

        def failed(error: BaseException, details: str) -> None:
            self.reminder.show_overdue(0)  # not "counting" for ever: the dialog says why
            show_error(self, error, details)

        self._follow_up_counts.start(count, lambda _: None, counted, failed)

    def described(self) -> str:
        """What the log's numbers are of, in words: the period with its months, the level,
        and whether kind, topic or search narrow it. Each pane's count says it."""
        return ", ".join(self.filter_bar.described_parts())

    def clear_filters(self) -> None:
        self.filter_bar.reset()
        with self.filter_bar.quiet():
            self._area_id, self._area_code = None, ALL_CODE
            self.tree.setCurrentIndex(self.tree_model.index(0, 0))
        self.apply_filters()

    def _footprint_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        index = current.siblingAtColumn(0)
        code = index.data(CODE_ROLE) or ALL_CODE
        self._area_code = code
        self._area_id = int(index.data(ID_ROLE)) if code else None
        self.apply_filters(data_changed=False)

    def _update_status(self) -> None:
        shown = self.table_model.rowCount()
        period = label_with_months(self.period.period) if self.period.period else "All dates"
        where = self.tree.currentIndex().siblingAtColumn(0).data() if self._area_id else ""
        counted = f"{shown:,} engagement{'s' if shown != 1 else ''} shown"
        if self.table_model.is_loading:
            counted = "Counting engagements…"
        parts = [counted, period]
        if self.filter_bar.level_button_text():
            parts.append(f"{self.filter_bar.level_button_text()} level")
        if where:
            parts.append(str(where))
        parts.append(self.committee.name)
        if self._jump is not None:  # said early: a long status line is cut at the end
            parts.insert(1, self._jump[2])
        self.status.setText(" · ".join(parts))
        if self._jump is not None or self._back is not None:
            self._back_button().setVisible(self._jump is not None)

    # --- engagements --------------------------------------------------------------

    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.table_model.engagement_id(index.row()) if index.isValid() else None

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        engagement_id = self.table_model.engagement_id(current.row())
        if engagement_id is None:
            self.detail.clear()
            return
        try:
            with self.database.session() as session:
                view = get_engagement(session, engagement_id)
                history = engagement_history(session, engagement_id)
        except IcsTrackerError as error:
            self.detail.setPlainText(error.message)
            return
        self.detail.setHtml(engagement_html(view, history))

    def ask_author_name(self) -> None:
        """The name this computer's changes are recorded under (a shared server records
        the database role instead)."""
        name, ok = QInputDialog.getText(
            self,
            "Your name in the history",
            "Changes you save are recorded under this name:",
            text=self.database.author,
        )
        if ok and " ".join(name.split()):
            self.settings.author_name = " ".join(name.split())
            self.database.author = self.settings.author_name

    def _remind(self) -> None:
        """On start and after each change: say so when follow-ups are overdue."""
        self.reminder.show_overdue(self.actions_panel.counts.overdue)

    def show_overdue(self) -> None:
        self.actions_panel.only_filtered.setChecked(False)  # the reminder counts them all
        self.actions_panel.view.setCurrentIndex(1)  # "Overdue"
        self.tabs.setCurrentWidget(self.actions_panel)

    def _area_id_of(self, code: str) -> int | None:
        item = self.tree_model.item_for(code)
        return int(item.data(ID_ROLE)) if item is not None else None

    def show_area(self, code: str) -> None:
        """From a row of the Coverage tab to that area's engagements in the log."""
        if self.tree_model.item_for(code) is not None:
            self.tabs.setCurrentWidget(self.table)
            self.choose_area(code)

    def choose_area(self, code: str) -> None:
        """Filters the log to an area exactly as choosing it in the footprint tree does
        (a hex clicked on the Map tab), leaving the current tab showing."""
        item = self.tree_model.item_for(code)
        if item is None:
            return
        parent = item.parent()
        while parent is not None:
            self.tree.expand(parent.index())
            parent = parent.parent()
        self.tree.setCurrentIndex(item.index())

    def show_engagement(self, engagement_id: int) -> None:
        """From a follow-up or a stakeholder to the engagement, in the log and detail pane.

        Clearing every filter to show one engagement threw away what the user had chosen.
        Only the parts that leave it out are widened (``excluded_by``), and "Back to your
        filters" in the status bar puts back exactly what was there before."""
        self.tabs.setCurrentWidget(self.table)
        if self.table_model.row_of(engagement_id) is not None:
            self.select_engagement(engagement_id)
            return
        if not self._widen_for(engagement_id, then=lambda: self._shown(engagement_id)):
            self._shown(engagement_id)

    def _shown(self, engagement_id: int) -> None:
        """Selects the engagement if the log shows it; else shows it in the detail pane
        alone (not in this committee's log at all: a partner left it)."""
        if self.table_model.row_of(engagement_id) is not None:
            self.select_engagement(engagement_id)
            return
        try:
            with self.database.session() as session:
                view = get_engagement(session, engagement_id)
                history = engagement_history(session, engagement_id)
            self.detail.setHtml(engagement_html(view, history))
        except IcsTrackerError as error:
            self.detail.setPlainText(error.message)

    def _widen_for(self, engagement_id: int, then: Callable[[], None]) -> bool:
        """Widens the filters that leave the engagement out, then ``then``; False when
        none do (or it cannot be read)."""
        try:
            with self.database.session() as session:
                parts = excluded_by(session, self.current_filter(), engagement_id)
                day = get_engagement(session, engagement_id).occurred_on
        except IcsTrackerError as error:
            show_error(self, error)
            return False
        if not parts:
            return False
        mine = self._filter_state()
        period = self.period.period
        moved = same_kind_containing(period, day) if period and "period" in parts else period
        self._set_filter_state(
            FilterState(
                period=moved.key if moved else "all",
                level="" if "level" in parts else mine.level,
                area_code=ALL_CODE if "area" in parts else mine.area_code,
                search="" if "text" in parts else mine.search,
                kind="" if "kinds" in parts else mine.kind,
                topic="" if "topics" in parts else mine.topic,
            )
        )
        before = self._jump[0] if self._jump else mine  # two jumps: back to the user's own
        why = f"filters widened to show it: {', '.join(sorted(parts))}"
        self._jump = (before, self.current_filter(), why)
        self.apply_filters(data_changed=False, then=then)
        return True

    def back_to_filters(self) -> None:
        """Puts back the filters the user had before a jump widened them."""
        if self._jump is None:
            return
        state = self._jump[0]
        self._jump = None
        self._set_filter_state(state)
        # Not left where the widened log's row was.
        self.apply_filters(data_changed=False, then=self.table.scrollToTop)

    def _back_button(self) -> QPushButton:
        if self._back is None:
            self._back = QPushButton("Back to your filters")
            self._back.setToolTip("Put back the period and filters you had chosen")
            self._back.setAccessibleName("Back to your filters")
            self._back.clicked.connect(self.back_to_filters)
            self.statusBar().addPermanentWidget(self._back)
        return self._back

    def _filter_state(self) -> FilterState:
        return self.filter_bar.state(self._area_code)

    def _set_filter_state(self, state: FilterState) -> None:
        """Sets every filter widget without a signal; the caller applies the filters once."""
        self.filter_bar.set_state(state)
        item = self.tree_model.item_for(state.area_code)
        if item is None:  # an area no longer in the tree: everywhere
            item = self.tree_model.item_for(ALL_CODE)
        self._area_code, self._area_id = ALL_CODE, None
        if item is not None:
            parent = item.parent()
            while parent is not None:
                self.tree.expand(parent.index())
                parent = parent.parent()
            with self.filter_bar.quiet(self.tree.selectionModel()):
                self.tree.setCurrentIndex(item.index())
            self._area_code = item.data(CODE_ROLE) or ALL_CODE
            self._area_id = int(item.data(ID_ROLE)) if self._area_code else None

    def select_engagement(self, engagement_id: int) -> None:
        row = self.table_model.row_of(engagement_id)
        if row is not None:
            self.table.selectionModel().setCurrentIndex(
                self.table_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def new_engagement(self, area_id: int | None = None) -> EngagementDialog:
        """The form for a new engagement, in the area given or the footprint chosen."""
        return self.editing.new(area_id if area_id is not None else self._area_id)

    def edit_selected(self) -> EngagementDialog | None:
        engagement_id = self.selected_id()
        return self.editing.edit(engagement_id) if engagement_id is not None else None

    def delete_selected(self) -> None:
        engagement_id = self.selected_id()
        if engagement_id is not None:
            self.editing.delete(engagement_id)

    def edit_committee(self) -> FirstRunDialog:
        dialog = FirstRunDialog(
            self._areas, self, name=self.committee.name, chosen=self.committee.area_codes
        )

        def accepted() -> None:
            try:
                with self.database.write() as session:
                    self.committee = update_committee(
                        session, self.committee.id, dialog.name.text(), dialog.chosen_area_ids()
                    )
            except IcsTrackerError as error:
                show_error(self, error)
                return
            self.setWindowTitle(f"ICS Tracker — {self.committee.name}")
            self._update_status()

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def export_report(self) -> QuarterlyReportExport:
        """File > Export quarterly report…: exactly the period, filters and committee shown."""
        from icstracker.ui.export_dialog import export_quarterly_report

        self._report_export = export_quarterly_report(
            self,
            self.database,
            self.committee,
            self.period.period,
            self.current_filter(),
            settings=self.settings,
        )
        return self._report_export

    def import_spreadsheet(self) -> ImportWizard:
        """File > Import spreadsheet…: the wizard, then the log shows what arrived."""
        from icstracker.ui.import_wizard import ImportWizard

        wizard = ImportWizard(self, self.database, self.committee, on_imported=self.show_imported)
        wizard.finished.connect(self._forget_area_names)
        wizard.open()
        return wizard

    # --- capture from calendar and email (issue 19) -------------------------------------

    def choose_capture_files(self) -> QFileDialog:
        """File > Capture…: the files to read, then the review."""
        from icstracker.ui.capture_drop import FILE_FILTER
        from icstracker.ui.file_dialogs import documents_folder

        dialog = QFileDialog(self, "Capture from calendar or email")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters(FILE_FILTER.split(";;"))
        dialog.setDirectory(str(documents_folder()))
        dialog.filesSelected.connect(lambda files: self.capture([Path(f) for f in files]))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def capture(self, paths: list[Path]) -> CaptureDialog:
        """The review of what the files propose; the log then shows what was logged."""
        from icstracker.ui.capture_dialog import CaptureDialog

        dialog = CaptureDialog(
            self, self.database, self.committee, paths, on_captured=self._captured
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.read()
        return dialog

    def _captured(self, result: CaptureResult) -> None:
        added = len(result.added_ids)
        self.events.announce_write()
        if result.added_ids:
            self.show_engagement(result.added_ids[0])
        self.statusBar().showMessage(
            f"Logged {added} engagement{'s' if added != 1 else ''} from "
            f"{', '.join(result.plan.read.files)}.",
            15_000,
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        from icstracker.ui.capture_drop import capture_paths

        if capture_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        from icstracker.ui.capture_drop import capture_paths

        paths = capture_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.capture(paths)

    def _forget_area_names(self) -> None:
        self.editing.forget_area_names()

    def show_imported(self, result: ImportResult) -> str | None:
        """After an import, the log shows what arrived: the period holding the rows written
        (an old log's rows are years before this quarter, and looked as if nothing had been
        imported), every other filter cleared, and "Back to your filters" to return."""
        from icstracker.ui.import_wizard import imported_period

        period = imported_period(result)
        if period is None:
            self.events.announce_write()
            return None
        mine = self._filter_state()
        self._set_filter_state(
            FilterState(
                period=period.key, level="", area_code=ALL_CODE, search="", kind="", topic=""
            )
        )
        self.tabs.setCurrentWidget(self.table)
        added = len(result.added_ids)
        what = f"{added:,} engagement{'s' if added != 1 else ''} just imported"
        before = self._jump[0] if self._jump else mine
        self._jump = (before, self.current_filter(), f"the dates of the {what}")
        self.events.announce_write(LogChange(tuple(result.added_ids)))
        back = (
            label_with_months(parse_period(before.period))
            if before.period != "all"
            else "all dates"
        )
        return (
            f"The log now shows {label_with_months(period)}, the dates of the {what}, with "
            f"no other filter, and the first of them is selected. “Back to your filters” at "
            f"the foot of the window returns to {back}."
        )

    def _select_first_of(self, engagement_ids: set[int]) -> None:
        """Selects the highest of these in the log as sorted (the detail pane shows it)."""
        row = self.table_model.first_row_of(engagement_ids)
        engagement_id = self.table_model.engagement_id(row) if row is not None else None
        if engagement_id is not None:
            self.select_engagement(engagement_id)

    def show_reference(self) -> None:
        from icstracker.ui.reference_dialog import ReferenceDialog

        ReferenceDialog(self.database, self).open()

    # --- layout and help ---------------------------------------------------------------

    def _splitter_sizes(self) -> list[int]:
        """Footprints, the tabs and the selected engagement: the log gets most of the width."""
        width = self.width()
        tree, detail = int(width * 0.24), int(width * 0.2)
        return [tree, width - tree - detail, detail]

    def show_shortcuts(self) -> HelpDialog:
        actions = [a for a in self.findChildren(QAction) if a.shortcuts()]
        html = shortcuts_html(actions, self.findChildren(QShortcut))
        return show_help(self, "Keyboard shortcuts", html)

    def show_data_locations(self) -> HelpDialog:
        html = data_locations_html(self.database, self.settings)
        return show_help(self, "Where your data is kept", html)

    def show_about(self) -> HelpDialog:
        return show_help(self, "About ICS Tracker", about_html())

    def save_settings(self) -> None:
        save_window(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        save_window(self)
        super().closeEvent(event)
