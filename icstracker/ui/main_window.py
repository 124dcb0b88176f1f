"""The main window: navigator, filters, the log, the selected engagement, undo."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
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
from icstracker.db.models import ENGAGEMENT_KINDS
from icstracker.errors import ConcurrencyError, IcsTrackerError, ValidationError
from icstracker.services.actions import ActionCounts, action_counts
from icstracker.services.area_resolver import AreaResolver
from icstracker.services.areas import AreaChoice, area_choices, list_areas
from icstracker.services.committee_scope import works_in_one_ics
from icstracker.services.committees import CommitteeView, list_committees, update_committee
from icstracker.services.engagement_filter import EngagementFilter, excluded_by
from icstracker.services.engagement_queries import AreaCount, area_counts, last_change, roll_up
from icstracker.services.engagement_types import EngagementInput, EngagementView
from icstracker.services.engagements import find_duplicates, get_engagement
from icstracker.services.footprints_age import footprints_age
from icstracker.services.history import engagement_history
from icstracker.services.periods import label_with_months, parse_period, same_kind_containing
from icstracker.services.stakeholders import register_names, topic_names
from icstracker.ui.actions_panel import ActionsPanel
from icstracker.ui.charts_panel import ChartsPanel
from icstracker.ui.coverage_panel import CoveragePanel
from icstracker.ui.detail_view import DetailPane, engagement_html
from icstracker.ui.empty_state import EmptyState
from icstracker.ui.engagement_dialog import EngagementDialog
from icstracker.ui.engagement_table import EngagementTableModel
from icstracker.ui.error_dialogs import show_error
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
from icstracker.ui.map_tab import MapTab
from icstracker.ui.navigator import ALL_CODE, CODE_ROLE, ID_ROLE, FootprintTreeModel
from icstracker.ui.period_selector import PeriodSelector
from icstracker.ui.settings import WindowSettings
from icstracker.ui.stakeholders_panel import StakeholdersPanel
from icstracker.ui.undo_commands import (
    AddEngagementCommand,
    DeleteEngagementCommand,
    EditEngagementCommand,
)
from icstracker.ui.window_geometry import keep_on_screen, place_new_window

if TYPE_CHECKING:
    # Imported when first used, not at start-up: the export pulls in openpyxl and the
    # report writers, the import wizard the spreadsheet readers and fuzzy matching.
    from icstracker.services.capture.apply import CaptureResult
    from icstracker.services.imports.apply import ImportResult
    from icstracker.ui.capture_dialog import CaptureDialog
    from icstracker.ui.export_dialog import QuarterlyReportExport
    from icstracker.ui.import_wizard import ImportWizard

SEARCH_DELAY_MS = 250
LEVEL_BUTTONS = (
    ("All", ""),
    ("System", "system"),
    ("Place", "place"),
    ("Neighbourhood", "neighbourhood"),
)


@dataclasses.dataclass(frozen=True)
class FilterState:
    """Every filter as the user set it, to put back exactly after a jump widened some."""

    period: str
    level: str
    area_code: str
    search: str
    kind: str
    topic: str


class MainWindow(QMainWindow):
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
        self.setWindowTitle(f"ICS Tracker — {committee.name}")
        place_new_window(self)  # most of the screen it opens on; _restore may replace it
        with database.session() as session:
            self._areas = list_areas(session)
            self._topics = topic_names(session)
            self.footprints_age = footprints_age(session)  # two small reads
        # The engagement form's ~1,800 searchable areas, read when the form first opens:
        # building them took a fifth of the window's start-up.
        self._choices: list[AreaChoice] | None = None
        self._resolver: AreaResolver
        self._area_id: int | None = None
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
        self._build_menus()
        self.setAcceptDrops(True)  # calendar and email files, for capture
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.apply_filters(data_changed=False))
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self._restore()
        self.apply_filters()
        # Counted in the background, not while the window is built: the whole log's
        # overdue follow-ups, for the reminder line.
        self._count_follow_ups()

    # --- building ---------------------------------------------------------------

    def _build_filters(self) -> None:
        bar = QWidget()
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(6, 6, 6, 0)
        self.period = PeriodSelector()
        layout.addWidget(self.period)
        self.levels = QButtonGroup(self)
        for number, (label, key) in enumerate(LEVEL_BUTTONS):
            button = QPushButton(label)
            button.setCheckable(True)
            button.setProperty("level", key)
            button.setToolTip(f"Show {label.lower()} engagements" if key else "Show every level")
            button.setChecked(number == 0)
            self.levels.addButton(button, number)
            layout.addWidget(button)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search titles, notes, organisations, people, topics…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        layout.addWidget(self.search, 1)
        self.kind = QComboBox()
        self.kind.addItem("Any kind", "")
        for kind in ENGAGEMENT_KINDS:
            self.kind.addItem(kind.replace("_", " ").capitalize(), kind)
        self.kind.setAccessibleName("Kind filter")
        layout.addWidget(self.kind)
        self.topic = QComboBox()
        self.topic.addItem("Any topic", "")
        for name in self._topics:
            self.topic.addItem(name, name)
        self.topic.setAccessibleName("Topic filter")
        layout.addWidget(self.topic)
        self.clear = QPushButton("Clear filters")
        self.clear.setToolTip("Show every engagement of the period")
        layout.addWidget(self.clear)
        self._filter_bar = bar
        self.period.changed.connect(lambda _: self.apply_filters(data_changed=False))
        self.levels.idClicked.connect(lambda _: self.apply_filters(data_changed=False))
        self.kind.currentIndexChanged.connect(lambda _: self.apply_filters(data_changed=False))
        self.topic.currentIndexChanged.connect(lambda _: self.apply_filters(data_changed=False))
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
        layout.addWidget(self._filter_bar)
        self.reminder = QLabel()
        self.reminder.setAccessibleName("Reminder")
        self.reminder.setContentsMargins(8, 2, 8, 2)
        self.reminder.linkActivated.connect(lambda _link: self.show_overdue())
        self.reminder.hide()
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

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_action = QAction("&New engagement…", self, shortcut=QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_engagement)
        file_menu.addAction(self.new_action)
        committee_action = QAction("&Committee and areas…", self)
        committee_action.triggered.connect(self.edit_committee)
        file_menu.addAction(committee_action)
        self.export_action = QAction(
            "E&xport quarterly report…", self, shortcut=QKeySequence("Ctrl+E")
        )
        self.export_action.setToolTip("Save the period and filters shown as an Excel report")
        self.export_action.triggered.connect(self.export_report)
        file_menu.addAction(self.export_action)
        import_action = QAction("&Import spreadsheet…", self, shortcut=QKeySequence("Ctrl+I"))
        import_action.setToolTip("Bring in engagements from an existing .xlsx or .csv log")
        import_action.triggered.connect(self.import_spreadsheet)
        file_menu.addAction(import_action)
        capture_action = QAction("&Capture from calendar or email…", self)
        capture_action.setToolTip(
            "Log meetings from a calendar export (.ics) or emails (.eml, .msg); you can also "
            "drop the files on the window"
        )
        capture_action.triggered.connect(self.choose_capture_files)
        file_menu.addAction(capture_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.edit_action = QAction("&Edit engagement…", self, shortcut=QKeySequence("Return"))
        self.edit_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.edit_action)
        self.edit_action.triggered.connect(self.edit_selected)
        edit_menu.addAction(self.edit_action)
        self.delete_action = QAction(
            "&Delete engagement", self, shortcut=QKeySequence.StandardKey.Delete
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.delete_action)
        self.delete_action.triggered.connect(self.delete_selected)
        edit_menu.addAction(self.delete_action)
        edit_menu.addSeparator()
        self.author_action = QAction("Your &name in the history…", self)
        self.author_action.triggered.connect(self.ask_author_name)
        edit_menu.addAction(self.author_action)
        find = QAction("&Find", self, shortcut=QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: self.search.setFocus())
        self.addAction(find)

        view_menu = self.menuBar().addMenu("&View")
        view_menu.addMenu(self.log_columns.menu)
        self._build_help_menu()
        self._build_empty_states()

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.new_action)
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        toolbar.addAction(self.export_action)

    # --- filters ----------------------------------------------------------------

    def current_filter(self) -> EngagementFilter:
        period = self.period.period
        button = self.levels.checkedButton()
        level = button.property("level") if button else ""
        topic = self.topic.currentData()
        return EngagementFilter(
            level=level or None,
            area_id=self._area_id,
            committee_id=self.committee.id,
            date_from=period.start if period else None,
            date_to=period.end if period else None,
            kinds=(self.kind.currentData(),) if self.kind.currentData() else (),
            topics=(topic,) if topic else (),
            text=self.search.text(),
        )

    def apply_filters(
        self, *, data_changed: bool = True, then: Callable[[], None] | None = None
    ) -> None:
        """Shows the log as filtered now; ``then`` runs once its rows are in and counted.

        The rows, their count and the footprint tree's counts are read in the background
        (at once without a runner), each newer change cancelling the reads of the one
        before. The tree counts the same filter but the footprint chosen (a count per
        footprint, level included, so the chosen one's is the log's). It keeps the counts
        per area and level of one grouped query, so a click in the tree or on a level
        (``data_changed=False``: nothing was written) re-sums them rather than recounting a
        national log (~100 ms at 1,000,000)."""
        criteria = self.current_filter()
        tree_filter = dataclasses.replace(criteria, area_id=None, level=None)
        self.table_model.set_filter(criteria)
        try:
            with self.database.session() as session:
                # Someone else (another user, a partner committee, the command line) may
                # have written since: the newest change says so in two index lookups.
                counted = (tree_filter, last_change(session))
        except IcsTrackerError as error:
            show_error(self, error)
            return
        if data_changed or counted not in (self._counted, self._counting):
            self._count_tree(counted)
        elif self._counting is None:
            self._roll_up_tree()
        self.tree_model.set_title(self._described_parts())
        self.coverage_panel.set_view(self.period.period, criteria)
        self.charts_panel.set_view(self.period.period, criteria)
        self.map_tab.set_view(self.period.period, criteria)
        self.stakeholders_panel.set_view(self.period.period, criteria)
        self.actions_panel.set_view(self.period.period, criteria)
        if self._jump is not None and criteria != self._jump[1]:
            self._jump = None  # the user chose other filters since: nothing to go back to
        self._update_status()
        self.detail.clear()
        if then is not None:
            self.table_model.when_ready(then)

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
        button = self.levels.checkedButton()
        level = (button.property("level") if button else "") or None
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

        self._follow_up_counts.start(
            count, lambda _: None, counted, lambda error, details: show_error(self, error, details)
        )

    def described(self) -> str:
        """What the log's numbers are of, in words: the period with its months, the level,
        and whether kind, topic or search narrow it. Each pane's count says it."""
        return ", ".join(self._described_parts())

    def _described_parts(self) -> list[str]:
        period = self.period.period
        parts = [label_with_months(period) if period else "all dates"]
        button = self.levels.checkedButton()
        level = button.property("level") if button else ""
        parts.append(f"{level} level" if level else "all levels")
        narrowed = [
            name
            for name, chosen in (
                ("kind", self.kind.currentData()),
                ("topic", self.topic.currentData()),
                ("search", self.search.text().strip()),
            )
            if chosen
        ]
        if narrowed:
            parts.append("filtered by " + ", ".join(narrowed))
        return parts

    def clear_filters(self) -> None:
        for widget in (self.kind, self.topic, self.search, self.period):
            widget.blockSignals(True)
        self.kind.setCurrentIndex(0)
        self.topic.setCurrentIndex(0)
        self.search.clear()
        self.levels.button(0).setChecked(True)
        self._area_id, self._area_code = None, ALL_CODE
        self.tree.setCurrentIndex(self.tree_model.index(0, 0))
        for widget in (self.kind, self.topic, self.search, self.period):
            widget.blockSignals(False)
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
        button = self.levels.checkedButton()
        if button is not None and button.property("level"):
            parts.append(f"{button.text()} level")
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

    def _changed(self, engagement_id: int | None, then: Callable[[], None] | None = None) -> None:
        """After a write: the log read again, then ``engagement_id`` selected (or ``then``)."""
        if engagement_id is not None:
            then = functools.partial(self.select_engagement, engagement_id)
        self.apply_filters(then=then)
        if self.actions_panel.isVisible():
            self.actions_panel.refresh()  # apply_filters has told the Stakeholders tab
        else:
            self._count_follow_ups()

    def _remind(self) -> None:
        """On start and after each change: say so when follow-ups are overdue."""
        overdue = self.actions_panel.counts.overdue
        self.reminder.setVisible(overdue > 0)
        if overdue:
            self.reminder.setText(
                f"{overdue:,} follow-up{'s are' if overdue != 1 else ' is'} overdue "
                "(all dates, every footprint: not only the filtered log) — "
                "<a href='#overdue'>show them</a>"
            )

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
        button = self.levels.checkedButton()
        return FilterState(
            period=self.period.key(),
            level=button.property("level") if button else "",
            area_code=self._area_code,
            search=self.search.text(),
            kind=self.kind.currentData() or "",
            topic=self.topic.currentData() or "",
        )

    def _set_filter_state(self, state: FilterState) -> None:
        """Sets every filter widget without a signal; the caller applies the filters once."""
        blocked = (self.period, self.search, self.kind, self.topic, self.tree.selectionModel())
        for widget in blocked:
            widget.blockSignals(True)
        self.period.set_key(state.period)
        self.search.setText(state.search)
        self.kind.setCurrentIndex(max(0, self.kind.findData(state.kind)))
        self.topic.setCurrentIndex(max(0, self.topic.findData(state.topic)))
        for number, (_, key) in enumerate(LEVEL_BUTTONS):
            if key == state.level:
                self.levels.button(number).setChecked(True)
        item = self.tree_model.item_for(state.area_code)
        if item is None:  # an area no longer in the tree: everywhere
            item = self.tree_model.item_for(ALL_CODE)
        self._area_code, self._area_id = ALL_CODE, None
        if item is not None:
            parent = item.parent()
            while parent is not None:
                self.tree.expand(parent.index())
                parent = parent.parent()
            self.tree.setCurrentIndex(item.index())
            self._area_code = item.data(CODE_ROLE) or ALL_CODE
            self._area_id = int(item.data(ID_ROLE)) if self._area_code else None
        for widget in blocked:
            widget.blockSignals(False)

    def select_engagement(self, engagement_id: int) -> None:
        row = self.table_model.row_of(engagement_id)
        if row is not None:
            self.table.selectionModel().setCurrentIndex(
                self.table_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _failed(self, error: BaseException) -> None:
        show_error(self, error)
        QTimer.singleShot(0, self.undo_stack.clear)
        self.apply_filters()

    def _dialog(self, existing: EngagementView | None = None) -> EngagementDialog:
        with self.database.session() as session:
            if self._choices is None:
                self._choices = area_choices(session)
                # The committee's own names (aliases its imports remembered) too, so the
                # form reads "Healthier Lancs" as the importer and ``log add`` do.
                self._resolver = AreaResolver(session, committee_id=self.committee.id)
            committees = list_committees(session)  # a few rows; another may have been added
            names = register_names(session)  # and a person or organisation since
        resolver = self._resolver
        return EngagementDialog(
            self._choices,
            names,
            self.committee.id,
            self,
            existing,
            committees,
            resolve_area=lambda text, on: resolver.match(text, on, fuzzy=False),
        )

    def _confirm_not_duplicate(self, values: EngagementInput, ignore: int | None = None) -> bool:
        with self.database.session() as session:
            found = [
                i
                for i in find_duplicates(
                    session, values.area_id, values.occurred_on, values.title, values.committee_id
                )
                if i != ignore
            ]
        if not found:
            return True
        answer = QMessageBox.question(
            self,
            "Possible duplicate",
            "An engagement with the same area, date and title is already in the log. "
            "Save this one as well?",
        )
        return answer == QMessageBox.StandardButton.Yes

    def new_engagement(self, area_id: int | None = None) -> EngagementDialog:
        dialog = self._dialog()
        if area_id is not None or self._area_id is not None:
            dialog.area.set_area(area_id if area_id is not None else self._area_id)

        def save(values: EngagementInput) -> None:
            if not self._confirm_not_duplicate(values):
                raise ValidationError("title", "Not saved: change the title or date, or cancel.")
            command = AddEngagementCommand(self.database, values, self._changed, self._failed)
            self.undo_stack.push(command)
            self._changed(command.engagement_id)

        dialog.set_saver(self._guarded(save))
        dialog.open()
        return dialog

    def edit_selected(self) -> EngagementDialog | None:
        engagement_id = self.selected_id()
        if engagement_id is None:
            return None
        with self.database.session() as session:
            before = get_engagement(session, engagement_id)
        dialog = self._dialog(before)

        def save(values: EngagementInput) -> None:
            if values == before.as_input():
                return
            if not self._confirm_not_duplicate(values, ignore=before.id):
                raise ValidationError("title", "Not saved: change the title or date, or cancel.")
            try:
                command = EditEngagementCommand(
                    self.database, before, values, self._changed, self._failed
                )
            except ConcurrencyError as error:
                self._offer_reload(error, before.id)
                raise ValidationError("engagement", error.message) from error
            self.undo_stack.push(command)
            self._changed(before.id)

        dialog.set_saver(self._guarded(save))
        dialog.open()
        return dialog

    def _offer_reload(self, error: ConcurrencyError, engagement_id: int) -> None:
        answer = QMessageBox.warning(
            self,
            "Changed elsewhere",
            f"{error.message}\n\nReload it now? Your edits in this form stay open so you can "
            "copy them across.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._changed(engagement_id)

    def delete_selected(self) -> None:
        engagement_id = self.selected_id()
        if engagement_id is None:
            return
        try:
            with self.database.session() as session:
                view = get_engagement(session, engagement_id)
            if self.committee.id in view.partner_committee_ids:
                # Another committee's record: leave it, rather than delete it for them.
                left = view.left_by(self.committee.id)
                command = EditEngagementCommand(
                    self.database, view, left, self._changed, self._failed
                )
                command.setText(f"Leave “{view.title[:40]}”")
                self.statusBar().showMessage(
                    f"Left the joint engagement; {view.committee}, who logged it, keeps it.", 8000
                )
            else:
                command = DeleteEngagementCommand(self.database, view, self._changed, self._failed)
        except IcsTrackerError as error:
            show_error(self, error)
            self.apply_filters()
            return
        self.undo_stack.push(command)
        self._changed(None)

    def _guarded(self, save: Any) -> Any:
        """Known errors other than validation go to a dialog; validation stays in the form."""

        def run(values: EngagementInput) -> None:
            try:
                save(values)
            except ValidationError:
                raise
            except IcsTrackerError as error:
                show_error(self, error)
                raise ValidationError("engagement", error.message) from error

        return run

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
        self._changed(None)
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
        """The wizard may have remembered or removed a committee's names for areas: the
        form's next opening reads them afresh."""
        self._choices = None

    def show_imported(self, result: ImportResult) -> str | None:
        """After an import, the log shows what arrived: the period holding the rows written
        (an old log's rows are years before this quarter, and looked as if nothing had been
        imported), every other filter cleared, and "Back to your filters" to return."""
        from icstracker.ui.import_wizard import imported_period

        period = imported_period(result)
        if period is None:
            self._changed(None)
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
        self._changed(None, then=functools.partial(self._select_first_of, set(result.added_ids)))
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

    def _build_empty_states(self) -> None:
        """What an empty log says, naming the New engagement action's own shortcut."""
        keys = self.new_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.empty_log = EmptyState(
            self.table,
            f"No engagements in this period — press {keys} to log one, or widen the filters.",
        )

    def _build_help_menu(self) -> None:
        help_menu = self.menuBar().addMenu("&Help")
        reference = QAction("&Footprints and planning levels…", self, shortcut=QKeySequence("F1"))
        reference.triggered.connect(self.show_reference)
        self.shortcuts_action = QAction("&Keyboard shortcuts…", self)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.data_help_action = QAction("&Where your data is kept…", self)
        self.data_help_action.triggered.connect(self.show_data_locations)
        self.about_action = QAction("&About ICS Tracker…", self)
        self.about_action.triggered.connect(self.show_about)
        for action in (reference, self.shortcuts_action, self.data_help_action):
            help_menu.addAction(action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def show_shortcuts(self) -> HelpDialog:
        actions = [a for a in self.findChildren(QAction) if a.shortcuts()]
        html = shortcuts_html(actions, self.findChildren(QShortcut))
        return show_help(self, "Keyboard shortcuts", html)

    def show_data_locations(self) -> HelpDialog:
        html = data_locations_html(self.database, self.settings)
        return show_help(self, "Where your data is kept", html)

    def show_about(self) -> HelpDialog:
        return show_help(self, "About ICS Tracker", about_html())

    # --- remembering -----------------------------------------------------------------

    def _restore(self) -> None:
        s = self.settings
        if s.geometry is not None:
            self.restoreGeometry(s.geometry)
            keep_on_screen(self)  # saved on a larger monitor than this one, perhaps
        if s.window_state is not None:
            self.restoreState(s.window_state)
        if s.splitter is not None:
            self.splitter.restoreState(s.splitter)
        if s.table_header is not None:
            self.table.horizontalHeader().restoreState(s.table_header)
        for widget in (self.period, self.search, self.kind, self.topic):
            widget.blockSignals(True)
        if s.period:
            self.period.set_key(s.period)
        self.search.setText(s.search)
        self.kind.setCurrentIndex(max(0, self.kind.findData(s.kind)))
        self.topic.setCurrentIndex(max(0, self.topic.findData(s.topic)))
        for number, (_, key) in enumerate(LEVEL_BUTTONS):
            if key == s.level:
                self.levels.button(number).setChecked(True)
        item = self.tree_model.item_for(s.area_code) if s.area_code else None
        if item is not None:
            self.tree.setCurrentIndex(item.index())
            self._area_code = s.area_code
            self._area_id = int(item.data(ID_ROLE))
        for widget in (self.period, self.search, self.kind, self.topic):
            widget.blockSignals(False)

    def save_settings(self) -> None:
        s = self.settings
        s.geometry = self.saveGeometry()
        s.window_state = self.saveState()
        s.splitter = self.splitter.saveState()
        s.table_header = self.table.horizontalHeader().saveState()
        s.period = self.period.key()
        s.search = self.search.text()
        s.kind = self.kind.currentData() or ""
        s.topic = self.topic.currentData() or ""
        button = self.levels.checkedButton()
        s.level = button.property("level") if button else ""
        s.area_code = self._area_code
        s.coverage_thresholds = self.coverage_panel.thresholds
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_settings()
        super().closeEvent(event)
