"""The reference browser: the three planning levels and each ICS's story, in plain words."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from icstracker.db.database import Database
from icstracker.services.areas import list_areas
from icstracker.services.reference import FootprintProfile, footprint_profile, planning_levels

MAX_PCNS_LISTED = 80


def levels_html(database: Database) -> str:
    with database.session() as session:
        levels = planning_levels(session)
    parts = ["<h2>The three planning levels</h2>"]
    for level in levels:
        priorities = "".join(f"<li>{escape(p)}</li>" for p in level.priorities)
        parts.append(
            f"<h3>{escape(level.label)} — {escape(level.population)} people</h3>"
            f"<p><b>Who:</b> {escape(level.main_bodies)}</p>"
            f"<p>{escape(level.purpose)}</p><p><b>Priorities</b></p><ul>{priorities}</ul>"
        )
    return "".join(parts)


def profile_html(profile: FootprintProfile) -> str:
    def row(label: str, value: str | None) -> str:
        return f"<tr><th align='left'>{label}</th><td>{escape(value)}</td></tr>" if value else ""

    dates = (f"{profile.valid_from:%d/%m/%Y}" if profile.valid_from else "before records began") + (
        f" to {profile.valid_to:%d/%m/%Y}" if profile.valid_to else " to date"
    )
    pcns = ", ".join(profile.pcns[:MAX_PCNS_LISTED])
    if profile.pcn_count > MAX_PCNS_LISTED:
        pcns += f" and {profile.pcn_count - MAX_PCNS_LISTED} more"
    return (
        f"<h2>{escape(profile.name)}</h2><table cellspacing='4'>"
        + row("Region", profile.region)
        + row("ODS code", profile.ods_code)
        + row("ONS code", profile.ons_code)
        + row("In existence", dates)
        + row("ICS designation", profile.designation)
        + row("Grew from", "; ".join(profile.grew_from))
        + row("Became", "; ".join(profile.became))
        + "</table>"
        + (f"<p>{escape(profile.notes).replace(chr(10), '<br>')}</p>" if profile.notes else "")
        + f"<h3>Places ({len(profile.places)})</h3><p>{escape(', '.join(profile.places))}</p>"
        + f"<h3>PCNs ({profile.pcn_count})</h3><p>{escape(pcns)}</p>"
    )


class ReferenceDialog(QDialog):
    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Footprints and planning levels")
        self.resize(820, 640)
        self._database = database
        tabs = QTabWidget()
        self.levels = QTextBrowser()
        self.levels.setHtml(levels_html(database))
        self.levels.setAccessibleName("Planning levels")
        tabs.addTab(self.levels, "Planning levels")

        systems = QWidget()
        layout = QVBoxLayout(systems)
        self.choice = QComboBox()
        self.choice.setAccessibleName("Integrated care system")
        with database.session() as session:
            icbs = list_areas(session, kind="icb")
        for area in sorted(icbs, key=lambda a: (a.valid_to is not None, a.short_name)):
            closed = f" (closed {area.valid_to:%m/%Y})" if area.valid_to else ""
            self.choice.addItem(f"{area.short_name}{closed}", area.code)
        self.profile = QTextBrowser()
        self.profile.setAccessibleName("Footprint details")
        layout.addWidget(self.choice)
        layout.addWidget(self.profile, 1)
        tabs.addTab(systems, "Integrated care systems")
        self.choice.currentIndexChanged.connect(self._show)
        self._show()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(tabs, 1)
        outer.addWidget(buttons)
        self.tabs = tabs

    def _show(self) -> None:
        code = self.choice.currentData()
        if code:
            with self._database.session() as session:
                self.profile.setHtml(profile_html(footprint_profile(session, code)))
