"""``export-all``: every record a committee has typed, in a workbook ``import`` reads back.

The quarterly report is for reading; this file is for keeping. It holds every committee,
engagement (soft-deleted ones too, flagged), follow-up, person, organisation and topic in
plain sheets with one fact per cell, so a database can be moved between machines or
backends, or rebuilt after a disaster, with a tool anyone can open. Each committee's own
names for areas (``committee_aliases``, remembered from its import decisions) travel too. Lists (an
engagement's people, organisations, representatives, topics) are one row per item on
their own sheets rather than ``;``-joined text, so no name needs escaping. Timestamps are
ISO 8601 text (Excel's date serials would lose the microseconds and the time zone);
engagement, due and done dates are real Excel dates. The layout is ``FORMAT_VERSION`` 1;
``full_import`` refuses a newer one rather than guess.

Every string goes through the report's safe-cell helper, so a title like ``=1+1`` is text
in Excel, and the workbook appears only once complete (temporary file, then ``os.replace``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from icstracker.cells import CellValue, is_risky, put
from icstracker.db.database import Database
from icstracker.db.migrate import current_revision
from icstracker.db.models import (
    Action,
    Area,
    Committee,
    CommitteeAlias,
    Engagement,
    EngagementVersion,
    Organisation,
    Person,
    PersonAssessment,
    Topic,
    committee_area,
    engagement_organisation,
    engagement_partner,
    engagement_person,
    engagement_representative,
    engagement_topic,
)
from icstracker.output_files import reserve_beside, saved
from icstracker.services.engagement_private import private_changes, private_source
from icstracker.services.full_export_format import FORMAT_NAME, FORMAT_VERSION

Progress = Callable[[int, int], None]

# Sheet name -> header row. The order is the order of the sheets in the file.
SHEETS: dict[str, tuple[str, ...]] = {
    "About": ("key", "value"),
    "Committees": ("name", "area_codes"),
    "Engagements": (
        "ref",
        "committee",
        "date",
        "area_code",
        "area_name",
        "level",
        "kind",
        "title",
        "summary",
        "outcome",
        "rating",
        "created_at",
        "updated_at",
        "deleted_at",
        "internal_note",
        "not_for_partners",
        "source_id",
    ),
    "EngagementPeople": ("engagement_ref", "name"),
    "EngagementRepresentatives": ("engagement_ref", "name"),
    "EngagementOrganisations": ("engagement_ref", "name"),
    "EngagementTopics": ("engagement_ref", "name"),
    "EngagementPartners": ("engagement_ref", "committee"),
    "Actions": ("engagement_ref", "description", "owner", "due", "done"),
    "People": ("name", "role", "organisation", "email", "contact_permitted", "area_code"),
    "PersonAssessments": ("person", "assessed_on", "interest", "influence", "note"),
    "Organisations": ("name", "kind", "area_code"),
    "Topics": ("name", "description", "builtin"),
    "CommitteeAliases": ("committee", "text", "area_code", "created_at"),
    # Who changed what: each version's fields as JSON ("private_changes": the rating and
    # internal note, blank where this role may not read them).
    "EngagementHistory": (
        "engagement_ref",
        "version",
        "author",
        "changed_at",
        "changes",
        "private_changes",
    ),
}

Row = Sequence[CellValue | bool]


def timestamp(value: dt.datetime | None) -> str:
    """ISO 8601 in UTC with microseconds: exact, sortable, and unambiguous when read back."""
    if value is None:
        return ""
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def export_everything(
    database: Database, path: Path, *, progress: Progress | None = None
) -> dict[str, int]:
    """Writes the whole database to ``path``; returns the row count of each data sheet."""
    temporary = reserve_beside(path, "export")
    workbook = Workbook(write_only=True)
    try:
        with database.session() as session:
            counts = _counts(session)
            revision = current_revision(session.connection()) or ""
            total = sum(counts.values())
            done = 0

            def step(rows: int = 1) -> None:
                nonlocal done
                done += rows
                if progress is not None and (done % 500 == 0 or done == total):
                    progress(done, total)

            about = _sheet(workbook, "About")
            about_rows: list[Row] = [
                ("format", FORMAT_NAME),
                ("format_version", FORMAT_VERSION),
                ("produced", timestamp(dt.datetime.now(dt.UTC))),
                ("schema_revision", revision),
                *((f"count_{name}", count) for name, count in counts.items()),
            ]
            _append_all(about, about_rows)
            for name, rows in _data_sheets(session):
                sheet = _sheet(workbook, name)
                for row in rows:
                    sheet.append(_cells(sheet, row))
                    step()
        saved(lambda: workbook.save(temporary), path, "export")
        saved(lambda: os.replace(temporary, path), path, "export")
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise
    if progress is not None:
        progress(total, total)
    return counts


def _counts(session: Session) -> dict[str, int]:
    def count(table: object) -> int:
        return session.scalar(select(func.count()).select_from(table)) or 0  # type: ignore[arg-type]

    return {
        "committees": count(Committee),
        "engagements": count(Engagement),
        "engagement_people": count(engagement_person),
        "engagement_representatives": count(engagement_representative),
        "engagement_organisations": count(engagement_organisation),
        "engagement_topics": count(engagement_topic),
        "engagement_partners": count(engagement_partner),
        "actions": count(Action),
        "people": count(Person),
        "person_assessments": count(PersonAssessment),
        "organisations": count(Organisation),
        "topics": count(Topic),
        "committee_aliases": count(CommitteeAlias),
        "engagement_versions": count(EngagementVersion),
    }


def _data_sheets(session: Session) -> Iterable[tuple[str, Iterable[Row]]]:
    """Each data sheet's name and rows, streamed from SQL in a stable order.

    Engagements are numbered in id order; an import creates them in that order, so
    exporting the restored database numbers them the same way.
    """
    refs = {
        engagement_id: ref
        for ref, engagement_id in enumerate(
            session.scalars(select(Engagement.id).order_by(Engagement.id)), start=1
        )
    }
    yield "Committees", _committees(session)
    yield "Engagements", _engagements(session, refs)
    yield "EngagementPeople", _names(session, refs, engagement_person, "person_id", Person)
    yield (
        "EngagementRepresentatives",
        _names(session, refs, engagement_representative, "person_id", Person),
    )
    yield (
        "EngagementOrganisations",
        _names(session, refs, engagement_organisation, "organisation_id", Organisation),
    )
    yield "EngagementTopics", _names(session, refs, engagement_topic, "topic_id", Topic)
    yield (
        "EngagementPartners",
        _names(session, refs, engagement_partner, "committee_id", Committee),
    )
    yield "Actions", _actions(session, refs)
    yield "People", _people(session)
    yield "PersonAssessments", _assessments(session)
    yield "Organisations", _organisations(session)
    yield "Topics", _topics(session)
    yield "CommitteeAliases", _aliases(session)
    yield "EngagementHistory", _history(session, refs)


def _committees(session: Session) -> Iterable[Row]:
    codes: dict[int, list[str]] = {}
    query = select(committee_area.c.committee_id, Area.code).join(
        Area, Area.id == committee_area.c.area_id
    )
    for committee_id, code in session.execute(query.order_by(Area.code)):
        codes.setdefault(committee_id, []).append(code)
    for committee in session.scalars(select(Committee).order_by(Committee.name)):
        yield committee.name, ";".join(codes.get(committee.id, []))


def _engagements(session: Session, refs: dict[int, int]) -> Iterable[Row]:
    private = private_source(session)
    query = (
        select(
            Engagement,
            Committee.name,
            Area.code,
            Area.short_name,
            Area.level_key,
            private.c.rating,
            private.c.internal_note,
        )
        .join(Committee, Committee.id == Engagement.committee_id)
        .join(Area, Area.id == Engagement.area_id)
        .outerjoin(private, private.c.engagement_id == Engagement.id)
        .order_by(Engagement.id)
        .execution_options(yield_per=1000)
    )
    for engagement, committee, code, area_name, level, rating, note in session.execute(query):
        yield (
            refs[engagement.id],
            committee,
            engagement.occurred_on,
            code,
            area_name,
            level or "",
            engagement.kind,
            engagement.title,
            engagement.summary,
            engagement.outcome,
            rating or "",
            timestamp(engagement.created_at),
            timestamp(engagement.updated_at),
            timestamp(engagement.deleted_at),
            note or "",
            bool(engagement.not_for_partners),
            engagement.source_id or "",
        )


def _names(
    session: Session,
    refs: dict[int, int],
    table: Table,
    column: str,
    entity: type[Person] | type[Organisation] | type[Topic] | type[Committee],
) -> Iterable[Row]:
    """One row per item of an engagement's list, sorted by name so two exports agree."""
    query = (
        select(table.c.engagement_id, entity.name)
        .join(entity, entity.id == table.c[column])
        .order_by(table.c.engagement_id, func.lower(entity.name), entity.name)
    )
    for engagement_id, item in session.execute(query):
        yield refs[engagement_id], item


def _actions(session: Session, refs: dict[int, int]) -> Iterable[Row]:
    query = select(Action).order_by(Action.engagement_id, Action.id)
    for action in session.scalars(query):
        yield (
            refs[action.engagement_id],
            action.description,
            action.owner or "",
            action.due_on,
            action.done_on,
        )


def _people(session: Session) -> Iterable[Row]:
    query = (
        select(Person, Organisation.name, Area.code)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .outerjoin(Area, Area.id == Person.area_id)
        .order_by(func.lower(Person.name), Person.id)
    )
    for person, organisation, code in session.execute(query):
        yield (
            person.name,
            person.role or "",
            organisation or "",
            person.email or "",
            bool(person.contact_permitted),
            code or "",
        )


def _assessments(session: Session) -> Iterable[Row]:
    query = (
        select(PersonAssessment, Person.name)
        .join(Person, Person.id == PersonAssessment.person_id)
        .order_by(func.lower(Person.name), PersonAssessment.assessed_on, PersonAssessment.id)
    )
    for judged, name in session.execute(query):
        yield name, judged.assessed_on, judged.interest, judged.influence, judged.note or ""


def _organisations(session: Session) -> Iterable[Row]:
    query = (
        select(Organisation, Area.code)
        .outerjoin(Area, Area.id == Organisation.area_id)
        .order_by(func.lower(Organisation.name), Organisation.id)
    )
    for organisation, code in session.execute(query):
        yield organisation.name, organisation.kind or "", code or ""


def _topics(session: Session) -> Iterable[Row]:
    for topic in session.scalars(select(Topic).order_by(func.lower(Topic.name), Topic.id)):
        yield topic.name, topic.description or "", bool(topic.builtin)


def _aliases(session: Session) -> Iterable[Row]:
    """Each committee's own names for areas (its import decisions): its data like its log."""
    query = (
        select(Committee.name, CommitteeAlias.text, Area.code, CommitteeAlias.created_at)
        .join(Committee, Committee.id == CommitteeAlias.committee_id)
        .join(Area, Area.id == CommitteeAlias.area_id)
        .order_by(Committee.name, CommitteeAlias.normalised)
    )
    for committee, text, code, created in session.execute(query):
        yield committee, text, code, timestamp(created)


def _history(session: Session, refs: dict[int, int]) -> Iterable[Row]:
    query = (
        select(EngagementVersion)
        .order_by(EngagementVersion.engagement_id, EngagementVersion.version)
        .execution_options(yield_per=1000)
    )
    batch: list[EngagementVersion] = []

    def rows() -> Iterable[Row]:
        hidden = private_changes(session, [v.id for v in batch])
        for v in batch:
            yield (
                refs[v.engagement_id],
                v.version,
                v.author,
                timestamp(v.changed_at),
                v.changes,
                hidden.get(v.id, ""),
            )

    for version in session.scalars(query):
        batch.append(version)
        if len(batch) == 1000:
            yield from rows()
            batch = []
    yield from rows()


def _sheet(workbook: Workbook, name: str) -> WriteOnlyWorksheet:
    sheet: WriteOnlyWorksheet = workbook.create_sheet(name)
    sheet.append(list(SHEETS[name]))
    return sheet


def _append_all(sheet: WriteOnlyWorksheet, rows: Iterable[Row]) -> None:
    for row in rows:
        sheet.append(_cells(sheet, row))


def _cells(sheet: WriteOnlyWorksheet, row: Row) -> list[object]:
    """Text through the safe-cell helper (with Excel's quote prefix when risky)."""
    cells: list[object] = []
    for value in row:
        if isinstance(value, str):
            if not value:
                cells.append(None)
                continue
            cell = WriteOnlyCell(sheet)
            put(cell, value)
            if is_risky(str(cell.value)):
                cell.quotePrefix = True
            cells.append(cell)
        else:
            cells.append(value)
    return cells
