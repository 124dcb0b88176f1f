"""Loading a workbook written by ``export-all`` back into a database, all or nothing.

The file is a record of engagements that were valid when they were logged, so this
does not re-run ``log_engagement``'s checks of today's date and of an area being open
on the day: a 2019 engagement against a since-closed STP must come back as it was.
What is still checked is what the schema needs (a known committee name, an area code
that exists, a known kind and rating, a non-empty title) and the file's own format and
version. Everything is written in one ``Database.write()`` transaction, so a bad row
leaves the database untouched. Committees, people, organisations and topics are
matched by name (case-insensitive) and created when missing; an engagement whose
committee, date, area and title are already in the database (deleted or not) is
skipped, so importing the same export twice adds nothing.

The file passes ``reading.read_table``'s checks (magic bytes, size, zip-bomb, encryption,
declared rows) before calamine reads its other sheets; formulas are never evaluated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from icstracker.cells import clean_text
from icstracker.db.database import Database
from icstracker.db.models import (
    RATINGS,
    SCORE_RANGE,
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
    name_key,
)
from icstracker.errors import ImportFileError
from icstracker.services.engagement_checks import MAX_TITLE
from icstracker.services.engagement_private import Private, reads_private_directly
from icstracker.services.full_export import SHEETS
from icstracker.services.full_export_format import FORMAT_NAME, FORMAT_VERSION
from icstracker.services.full_export_format import is_full_export as is_full_export  # its old home
from icstracker.services.history import record_version, snapshot
from icstracker.services.imports.reading import Cell, check_sheet_extent, read_table
from icstracker.services.search_text import refresh_search_text
from icstracker.text import normalise_name
from icstracker.vocabulary import ENGAGEMENT_KINDS

# Excel's own limit; the file-size and zip-ratio checks already bound the memory used.
MAX_SHEET_ROWS = 1_048_576
# Sheets added to format version 1 later: a file written before them still imports.
OPTIONAL_SHEETS = (
    "PersonAssessments",
    "EngagementPartners",
    "CommitteeAliases",
    "EngagementHistory",
)
# Columns added at the end of a sheet later (schema 0005, then 0009's source_id): a file
# without them, or without the later ones only, still imports, as what they meant before
# they existed (no internal note, seen by partners, not captured from a calendar or email).
OPTIONAL_COLUMNS = {"Engagements": ("internal_note", "not_for_partners", "source_id")}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FullImportResult:
    engagements_added: int
    engagements_skipped: int
    actions_added: int
    committees_added: int
    people_added: int
    organisations_added: int
    topics_added: int
    dry_run: bool = False
    aliases_added: int = 0


class _DryRun(Exception):
    """Raised inside the transaction so a dry run rolls everything back."""

    def __init__(self, result: FullImportResult) -> None:
        super().__init__("dry run")
        self.result = result


def import_full_export(
    database: Database,
    path: Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> FullImportResult:
    """Restores ``path`` into ``database``; see the module docstring for the rules."""
    sheets = _read_sheets(path)
    try:
        with database.write() as session:
            result = _Loader(session, sheets, path.name, progress).load(dry_run)
            if dry_run:
                raise _DryRun(result)
    except _DryRun as stop:
        return stop.result
    return result


Table = dict[str, list[list[Cell]]]


def _read_sheets(path: Path) -> Table:
    from python_calamine import CalamineError, CalamineWorkbook

    about = read_table(path, max_rows=1000)  # every hostile-file check, on the first sheet
    _check_about(about.rows, path.name)
    sheets: Table = {}
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        try:
            for name, headers in SHEETS.items():
                if name == "About":
                    continue
                if name not in workbook.sheet_names:
                    if name in OPTIONAL_SHEETS:  # added after format version 1 was first made
                        sheets[name] = []
                        continue
                    raise ImportFileError(f"{path.name} has no sheet '{name}'; it is incomplete.")
                # A full export may be large, but only ever as wide as its own columns.
                check_sheet_extent(
                    path, name, MAX_SHEET_ROWS, max_cells=MAX_SHEET_ROWS * len(headers)
                )
                sheet = workbook.get_sheet_by_name(name)
                if sheet.total_height > MAX_SHEET_ROWS:
                    raise ImportFileError(f"{path.name}: sheet '{name}' has too many rows.")
                rows: list[list[Cell]] = [list(r) for r in sheet.to_python(skip_empty_area=False)]
                header = [str(c) for c in rows[0]] if rows else []
                required = len(headers) - len(OPTIONAL_COLUMNS.get(name, ()))
                present = tuple(header[: len(headers)])
                while present and present[-1] in ("", "None"):
                    present = present[:-1]
                if len(present) < required or present != headers[: len(present)]:
                    raise ImportFileError(
                        f"{path.name}: sheet '{name}' should start with the columns "
                        f"{', '.join(headers)}; it was changed after the export."
                    )
                sheets[name] = [
                    (r + [""] * len(headers))[: len(headers)]
                    for r in rows[1:]
                    if any(c not in (None, "") for c in r)
                ]
        finally:
            workbook.close()
    except (CalamineError, ValueError, IndexError) as error:
        raise ImportFileError(
            f"{path.name} cannot be read as a workbook ({type(error).__name__})."
        ) from None
    return sheets


def _check_about(rows: list[list[Cell]], name: str) -> None:
    facts = {str(r[0]): r[1] for r in rows if len(r) >= 2}
    if facts.get("format") != FORMAT_NAME:
        raise ImportFileError(f"{name} is not an ICS Tracker full export.")
    version = facts.get("format_version")
    if not isinstance(version, (int, float)) or int(version) < 1:
        raise ImportFileError(f"{name} does not say which version of the export format it is.")
    if int(version) > FORMAT_VERSION:
        raise ImportFileError(
            f"{name} is a version {int(version)} full export, made by a newer ICS Tracker; "
            "upgrade ICS Tracker to import it."
        )


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _optional(value: Cell) -> str | None:
    return _text(value) or None


def _limit(column: object) -> int | None:
    """A string column's length, so the model stays the one place limits are set."""
    length = getattr(getattr(column, "type", None), "length", None)
    return length if isinstance(length, int) else None


def _flag(value: Cell) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1")
    return bool(value)


class _Loader:
    """One import: look-up caches by lower-cased name, filled once, and the counts."""

    def __init__(
        self, session: Session, sheets: Table, file_name: str, progress: Progress | None
    ) -> None:
        self.session = session
        self.sheets = sheets
        self.file_name = file_name
        self.progress = progress
        self.added = {"committees": 0, "people": 0, "organisations": 0, "topics": 0}
        self.areas: dict[str, Area | None] = {}
        self.committees = {c.name.lower(): c for c in session.scalars(select(Committee))}
        # By name_key, the unique form a name is stored under (``models.name_key``).
        self.organisations = {o.name_key: o for o in session.scalars(select(Organisation))}
        self.topics = {t.name_key: t for t in session.scalars(select(Topic))}
        self.people: dict[str, Person] = {}
        for person in session.scalars(
            select(Person).order_by(Person.name_key.is_(None), Person.id)
        ):
            self.people.setdefault(name_key(person.name), person)

    def fail(self, sheet: str, row: int, message: str) -> ImportFileError:
        return ImportFileError(
            f"{self.file_name}, sheet '{sheet}' row {row}: {message}; nothing was written."
        )

    def area(self, code: str, sheet: str, row: int) -> Area:
        if code not in self.areas:
            self.areas[code] = self.session.scalars(select(Area).where(Area.code == code)).first()
        area = self.areas[code]
        if area is None:
            raise self.fail(sheet, row, f"there is no area with the code '{code}'")
        return area

    def optional_area(self, code: str, sheet: str, row: int) -> int | None:
        return self.area(code, sheet, row).id if code else None

    def load(self, dry_run: bool) -> FullImportResult:
        for number, (name, codes) in enumerate(self.sheets["Committees"], start=2):
            self.committee(_text(name), _text(codes), number)
        for number, (name, kind, code) in enumerate(self.sheets["Organisations"], start=2):
            organisation = self.organisation(_text(name), "Organisations", number)
            if organisation is not None and organisation.id is None:
                organisation.kind = _optional(kind)
                organisation.area_id = self.optional_area(_text(code), "Organisations", number)
        for number, row in enumerate(self.sheets["People"], start=2):
            self.person_row(row, number)
        for number, row in enumerate(self.sheets["PersonAssessments"], start=2):
            self.assessment(row, number)
        for number, (name, description, builtin) in enumerate(self.sheets["Topics"], start=2):
            topic = self.topic(_text(name), "Topics", number)
            if topic is not None and topic.id is None:
                topic.description = _optional(description)
                topic.builtin = _flag(builtin)
        self.session.flush()
        aliases = self.aliases()
        added, skipped, actions = self.engagements()
        return FullImportResult(
            engagements_added=added,
            engagements_skipped=skipped,
            actions_added=actions,
            committees_added=self.added["committees"],
            people_added=self.added["people"],
            organisations_added=self.added["organisations"],
            topics_added=self.added["topics"],
            dry_run=dry_run,
            aliases_added=aliases,
        )

    def committee(self, name: str, codes: str, row: int) -> Committee:
        name = " ".join(name.split())
        if not name:
            raise self.fail("Committees", row, "a committee has no name")
        committee = self.committees.get(name.lower())
        if committee is None:
            areas = [
                self.area(code.strip(), "Committees", row) for code in codes.split(";") if code
            ]
            committee = Committee(name=name, areas=areas)
            self.session.add(committee)
            self.committees[name.lower()] = committee
            self.added["committees"] += 1
        return committee

    def aliases(self) -> int:
        """A committee's own names for areas; one the database already holds for the same
        text keeps its area (what the database holds wins, as for people)."""
        sheet = "CommitteeAliases"
        held = {
            (committee_id, normalised)
            for committee_id, normalised in self.session.execute(
                select(CommitteeAlias.committee_id, CommitteeAlias.normalised)
            )
        }
        added = 0
        for number, (committee, text, code, created) in enumerate(self.sheets[sheet], start=2):
            owner = self.committees.get(" ".join(_text(committee).split()).lower())
            if owner is None:
                raise self.fail(sheet, number, f"the committee '{_text(committee)}' is not listed")
            shown = " ".join(_text(text).split())
            key = normalise_name(shown)
            if not key:
                raise self.fail(sheet, number, "an alias has no text")
            self.check_length(shown, _limit(CommitteeAlias.text), sheet, number)
            if (owner.id, key) in held:
                continue
            area = self.area(_text(code), sheet, number)
            self.session.add(
                CommitteeAlias(
                    committee_id=owner.id,
                    text=shown,
                    normalised=key,
                    area_id=area.id,
                    created_at=self.moment(_text(created), sheet, number),
                )
            )
            held.add((owner.id, key))
            added += 1
        self.session.flush()
        return added

    def partner(self, name: str, owner_id: int, sheet: str, row: int) -> Committee:
        """Partners must be committees the file lists, and not the engagement's own."""
        committee = self.committees.get(" ".join(name.split()).lower())
        if committee is None:
            raise self.fail(sheet, row, f"the committee '{name}' is not listed")
        if committee.id == owner_id:
            raise self.fail(sheet, row, f"'{name}' logged the engagement, so is not a partner")
        return committee

    def organisation(self, name: str, sheet: str, row: int) -> Organisation | None:
        if not name:
            return None
        found = self.organisations.get(name_key(name))
        if found is None:
            self.check_length(name, _limit(Organisation.name), sheet, row)
            found = Organisation(name=name)
            self.session.add(found)
            self.organisations[name_key(name)] = found
            self.added["organisations"] += 1
        return found

    def person(self, name: str, sheet: str, row: int) -> Person:
        if not name:
            raise self.fail(sheet, row, "a person has no name")
        found = self.people.get(name_key(name))
        if found is None:
            self.check_length(name, _limit(Person.name), sheet, row)
            found = Person(name=name, name_key=name_key(name), contact_permitted=True)
            self.session.add(found)
            self.people[name_key(name)] = found
            self.added["people"] += 1
        return found

    def person_row(self, row: list[Cell], number: int) -> None:
        name, role, organisation, email, _, code = (_text(c) for c in row)
        if name_key(name) in self.people:
            return  # matched by name: what the database already holds wins
        person = self.person(name, "People", number)
        person.role = role or None
        person.organisation = self.organisation(organisation, "People", number)
        person.email = email or None
        person.contact_permitted = _flag(row[4])
        person.area_id = self.optional_area(code, "People", number)

    def topic(self, name: str, sheet: str, row: int) -> Topic | None:
        if not name:
            return None
        found = self.topics.get(name_key(name))
        if found is None:
            self.check_length(name, _limit(Topic.name), sheet, row)
            found = Topic(name=name, builtin=False)
            self.session.add(found)
            self.topics[name_key(name)] = found
            self.added["topics"] += 1
        return found

    def check_length(self, text: str, limit: int | None, sheet: str, row: int) -> None:
        if limit is not None and len(text) > limit:
            raise self.fail(sheet, row, f"'{text[:40]}…' is longer than {limit} characters")

    def existing_keys(self) -> set[tuple[int, dt.date, int, str]]:
        """Lower-cased in Python: SQLite's lower() folds ASCII only, so "É" would not match.

        Each stored title is compared as the export wrote it (``clean_text`` drops the
        control characters XML cannot hold) with its spaces squeezed as the reading below
        squeezes them: a title stored with a BEL in it came back without it and was added
        again on every restore of the database's own export.
        """
        query = select(
            Engagement.committee_id, Engagement.occurred_on, Engagement.area_id, Engagement.title
        )
        return {
            (c, d, a, " ".join(clean_text(t).split()).lower())
            for c, d, a, t in self.session.execute(query)
        }

    def engagements(self) -> tuple[int, int, int]:
        existing = self.existing_keys()
        lists: dict[str, dict[str, list[str]]] = {}
        for sheet in (
            "EngagementPeople",
            "EngagementRepresentatives",
            "EngagementOrganisations",
            "EngagementTopics",
            "EngagementPartners",
        ):
            by_ref = lists.setdefault(sheet, {})
            for ref, name in self.sheets[sheet]:
                by_ref.setdefault(_text(ref), []).append(_text(name))
        actions: dict[str, list[tuple[int, list[Cell]]]] = {}
        for action_number, row in enumerate(self.sheets["Actions"], start=2):
            actions.setdefault(_text(row[0]), []).append((action_number, row))
        rows = self.sheets["Engagements"]
        added = skipped = actions_added = 0
        restored: list[tuple[Engagement, str]] = []
        for number, row in enumerate(rows, start=2):
            engagement = self.engagement(row, number)
            key = (
                engagement.committee_id,
                engagement.occurred_on,
                engagement.area_id,
                engagement.title.lower(),
            )
            if key in existing:
                skipped += 1
                continue
            ref = _text(row[0])
            sheet = "EngagementPeople"
            engagement.people = [self.person(n, sheet, number) for n in lists[sheet].get(ref, [])]
            sheet = "EngagementRepresentatives"
            engagement.representatives = [
                self.person(n, sheet, number) for n in lists[sheet].get(ref, [])
            ]
            sheet = "EngagementOrganisations"
            engagement.organisations = [
                o
                for n in lists[sheet].get(ref, [])
                if (o := self.organisation(n, sheet, number)) is not None
            ]
            sheet = "EngagementTopics"
            engagement.topics = [
                t for n in lists[sheet].get(ref, []) if (t := self.topic(n, sheet, number))
            ]
            sheet = "EngagementPartners"
            partners = (
                self.partner(n, engagement.committee_id, sheet, number)
                for n in lists[sheet].get(ref, [])
            )
            # A row repeated by hand (any case) is the same partner, named once.
            engagement.partners = list({c.id: c for c in partners}.values())
            engagement.actions = [self.action(a, n) for n, a in actions.get(ref, [])]
            actions_added += len(engagement.actions)
            refresh_search_text(engagement)
            self.session.add(engagement)
            restored.append((engagement, ref))
            added += 1
            if added % 500 == 0:
                self.session.flush()
            if self.progress is not None and (number % 500 == 0 or number == len(rows) + 1):
                self.progress(number - 1, len(rows))
        self.session.flush()
        self.history(restored)
        return added, skipped, actions_added

    def history(self, restored: list[tuple[Engagement, str]]) -> None:
        """Each restored engagement's history as the file has it, then a version saying
        who restored it. A shared server's member may add history only as themselves, so
        there only the new version is written (an administrator's import keeps it all)."""
        keep = reads_private_directly(self.session)
        by_ref: dict[str, list[list[Cell]]] = {}
        for row in self.sheets["EngagementHistory"]:
            by_ref.setdefault(_text(row[0]), []).append(row)
        for engagement, ref in restored:
            for number, row in enumerate(by_ref.get(ref, []) if keep else [], start=2):
                _, version, author, changed, changes, hidden = row
                if not isinstance(version, (int, float)) or not _text(author):
                    raise self.fail(
                        "EngagementHistory", number, "a version needs a number and an author"
                    )
                self.session.add(
                    EngagementVersion(
                        engagement_id=engagement.id,
                        version=int(version),
                        author=_text(author)[:200],
                        changed_at=self.moment(_text(changed), "EngagementHistory", number),
                        changes=_text(changes) or "{}",
                        private_changes=_text(hidden) or "{}",
                    )
                )
            self.session.flush()
            private = Private(engagement.rating, engagement.internal_note)
            record_version(self.session, engagement, None, snapshot(engagement, private))

    def engagement(self, row: list[Cell], number: int) -> Engagement:
        sheet = "Engagements"
        (_, committee, occurred, code, _, _, kind, title, summary, outcome, rating) = row[:11]
        created, updated, deleted = (_text(c) for c in row[11:14])
        internal_note, not_for_partners, source = row[14:17]
        committee_row = self.committees.get(" ".join(_text(committee).split()).lower())
        if committee_row is None:
            raise self.fail(sheet, number, f"the committee '{_text(committee)}' is not listed")
        if isinstance(occurred, dt.datetime):
            occurred = occurred.date()
        if not isinstance(occurred, dt.date):
            raise self.fail(sheet, number, "the date is not a date")
        title_text = " ".join(_text(title).split())
        if not title_text or len(title_text) > MAX_TITLE:
            raise self.fail(sheet, number, f"a title needs 1 to {MAX_TITLE} characters")
        if _text(kind) not in ENGAGEMENT_KINDS:
            raise self.fail(sheet, number, f"'{_text(kind)}' is not a kind of engagement")
        rating_text = _optional(rating)
        if rating_text is not None and rating_text not in RATINGS:
            raise self.fail(sheet, number, f"'{rating_text}' is not a rating")
        source_id = _optional(source)
        if source_id is not None and len(source_id) > (_limit(Engagement.source_id) or 0):
            raise self.fail(sheet, number, "the source_id is longer than a captured one can be")
        area = self.area(_text(code), sheet, number)
        return Engagement(
            committee_id=committee_row.id,
            committee=committee_row,
            area_id=area.id,
            area=area,
            occurred_on=occurred,
            kind=_text(kind),
            title=title_text,
            summary=_text(summary),
            outcome=_text(outcome),
            rating=rating_text,
            internal_note=_text(internal_note).strip(),
            not_for_partners=_flag(not_for_partners),
            source_id=source_id,
            created_at=self.moment(created, sheet, number),
            updated_at=self.moment(updated, sheet, number),
            deleted_at=self.moment(deleted, sheet, number) if deleted else None,
        )

    def moment(self, text: str, sheet: str, row: int) -> dt.datetime:
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            raise self.fail(sheet, row, f"'{text}' is not an ISO 8601 timestamp") from None
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)

    def assessment(self, row: list[Cell], number: int) -> None:
        """A judgement of interest and influence; one already held is not added twice."""
        sheet = "PersonAssessments"
        name, day, interest, influence, note = row
        person = self.person(_text(name), sheet, number)
        if isinstance(day, dt.datetime):
            day = day.date()
        if not isinstance(day, dt.date):
            raise self.fail(sheet, number, f"'{_text(day)}' is not a date")
        scores = []
        for value in (interest, influence):
            if not isinstance(value, (int, float)) or int(value) not in SCORE_RANGE:
                raise self.fail(sheet, number, f"'{_text(value)}' is not a score from 1 to 5")
            scores.append(int(value))
        held = {(a.assessed_on, a.interest, a.influence) for a in person.assessments}
        if (day, scores[0], scores[1]) not in held:
            person.assessments.append(
                PersonAssessment(
                    assessed_on=day,
                    interest=scores[0],
                    influence=scores[1],
                    note=_optional(note),
                )
            )

    def action(self, row: list[Cell], number: int) -> Action:
        _, description, owner, due, done = row
        if not _text(description).strip():
            raise self.fail("Actions", number, "a follow-up action has no description")
        return Action(
            description=_text(description),
            owner=_optional(owner),
            due_on=self.day(due, number),
            done_on=self.day(done, number),
        )

    def day(self, value: Cell, number: int) -> dt.date | None:
        if value in (None, ""):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        raise self.fail("Actions", number, f"'{_text(value)}' is not a date")
