"""The database tables, as SQLAlchemy 2 typed declarative classes.

The footprint tree is the heart of the schema. ``Area.parent`` is the *roll-up* parent:
the area an engagement logged here should count under today. For most areas that is the
obvious container (a PCN's sub-ICB location, a place's ICB, an ICB's region). For a
footprint that no longer exists it is where its records now belong: a 2016 STP rolls up
to the ICB it became, an ICB merged in April 2026 rolls up to its successor, while an ICB
that was split three ways stays under its region, shown as closed. ``Area.path`` spells
that chain out as codes (``/Y61/S1Y5D/QHG/``) so "everything inside a footprint" is a
prefix match, one indexed query on any database.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from icstracker.db.types import UTCDateTime, utc_now
from icstracker.vocabulary import AREA_KINDS, ENGAGEMENT_KINDS, LEVEL_KEYS

# Stable constraint names let Alembic's batch mode (SQLite) find and alter them later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

RATINGS = ("red", "amber", "green")
SUCCESSION_KINDS = ("merger", "split", "acquisition", "became")


@functools.lru_cache(maxsize=8192)  # an import asks it of every name on every row
def name_key(name: str) -> str:
    """The form under which two spellings of a register name are one entry.

    Spaces squeezed and case folded by ``str.lower``, the same fold SQL ``lower()`` gives
    on both backends (``db.engine`` installs Python's on SQLite), which is how names were
    matched before the key existed. The app writes it; a unique index on it is what makes
    "find or add" safe when two users add the same new name at once.
    """
    return " ".join(name.split()).lower()


def _name_key_default(context: Any) -> str:
    """A new row's key from its own name, so no insert can forget it."""
    return name_key(context.get_current_parameters()["name"])


def in_use_on(valid_from: dt.date | None, valid_to: dt.date | None, on: dt.date) -> bool:
    """Whether a footprint with these dates was in use on ``on`` (both ends inclusive, an
    open end unbounded): the one rule the tree, the pickers and the import matcher share."""
    return (valid_from is None or valid_from <= on) and (valid_to is None or valid_to >= on)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Setting(Base):
    """Small key/value facts about this database (e.g. which reference data it holds)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class PlanningLevel(Base):
    __tablename__ = "planning_level"

    key: Mapped[str] = mapped_column(String(20), primary_key=True)
    label: Mapped[str] = mapped_column(String(40))
    rank: Mapped[int] = mapped_column(Integer, unique=True)
    population_min: Mapped[int] = mapped_column(Integer)
    population_max: Mapped[int] = mapped_column(Integer)
    population_label: Mapped[str] = mapped_column(String(40))
    main_bodies: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text)
    priorities: Mapped[str] = mapped_column(Text)  # one priority per line

    __table_args__ = (CheckConstraint(_in("key", LEVEL_KEYS), name="known_key"),)


class Area(Base):
    __tablename__ = "area"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    level_key: Mapped[str | None] = mapped_column(ForeignKey("planning_level.key"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    # The current system-level area (ICB) this area counts under; None for regions.
    system_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    path: Mapped[str] = mapped_column(String(200), index=True)
    ons_code: Mapped[str | None] = mapped_column(String(20), index=True)
    ods_code: Mapped[str | None] = mapped_column(String(20), index=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    designation_wave: Mapped[int | None] = mapped_column(Integer)
    designation_announced: Mapped[str | None] = mapped_column(String(10))  # may be "2018"
    designation_effective: Mapped[str | None] = mapped_column(String(10))
    designation_name: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)

    parent: Mapped[Area | None] = relationship(
        remote_side="Area.id", foreign_keys=[parent_id], back_populates="children"
    )
    children: Mapped[list[Area]] = relationship(foreign_keys=[parent_id], back_populates="parent")
    level: Mapped[PlanningLevel | None] = relationship()
    aliases: Mapped[list[AreaAlias]] = relationship(
        back_populates="area", cascade="all, delete-orphan"
    )

    __table_args__ = (CheckConstraint(_in("kind", AREA_KINDS), name="known_kind"),)

    def is_current(self, on: dt.date) -> bool:
        return in_use_on(self.valid_from, self.valid_to, on)


class AreaAlias(Base):
    """Another name or code an area is known by, so old records and imports still match."""

    __tablename__ = "area_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(200))
    # Lower-cased, "&" spelled "and", punctuation squeezed: what lookups compare.
    normalised: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(30))

    area: Mapped[Area] = relationship(back_populates="aliases")

    __table_args__ = (UniqueConstraint("area_id", "normalised"),)


class CommitteeAlias(Base):
    """A committee's own name for an area, remembered from a decision it took on import.

    An LPC's old log spells its footprints its own way ("Healthier Lancs and S Cumbria");
    once someone has said which area that text means, the next import (and ``log add``)
    of that committee reads it the same way without asking. Kept per committee, unlike
    ``AreaAlias`` (reference data everyone shares): one committee's shorthand must not
    change what another committee's text means. ``normalised`` is ``normalise_name`` of
    the text, what the resolver compares; ``text`` is how it was first written, to show.
    """

    __tablename__ = "committee_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committee.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(200))
    normalised: Mapped[str] = mapped_column(String(200))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    area: Mapped[Area] = relationship()

    __table_args__ = (UniqueConstraint("committee_id", "normalised"),)


class AreaSuccession(Base):
    __tablename__ = "area_succession"

    id: Mapped[int] = mapped_column(primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    successor_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    effective: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str | None] = mapped_column(Text)

    predecessor: Mapped[Area] = relationship(foreign_keys=[predecessor_id])
    successor: Mapped[Area] = relationship(foreign_keys=[successor_id])

    __table_args__ = (
        UniqueConstraint("predecessor_id", "successor_id"),
        CheckConstraint(_in("kind", SUCCESSION_KINDS), name="known_kind"),
    )


class AreaMembership(Base):
    """An area lay (partly) inside another for a while: the footprint history.

    ``Area.parent`` says where an area counts *today*; these rows say where it was *then*.
    Harlow was in Hertfordshire and West Essex ICB from July 2022 to March 2026 and has
    been in Essex ICB since; a PCN lies in its councils by share of its patients; Allerdale
    was a district of Cumbria until April 2023. A report "as then" groups by the row valid
    on each engagement's date, and a filter on a closed ICB finds what was inside it.

    ``is_main`` marks, among one area's rows of one date and one level of parent (system,
    place), the one it is filed under; the others keep the shares of councils and PCNs
    that straddle a boundary. Rows come from the shipped files and from ``reference
    update``; both are rebuilt together, so they are never edited by hand.
    """

    __tablename__ = "area_membership"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    share: Mapped[float] = mapped_column(Float, default=1.0)
    is_main: Mapped[bool] = mapped_column(Boolean, default=True)
    basis: Mapped[str] = mapped_column(String(200), default="")

    area: Mapped[Area] = relationship(foreign_keys=[area_id])
    parent: Mapped[Area] = relationship(foreign_keys=[parent_id])

    __table_args__ = (CheckConstraint("share > 0 AND share <= 1", name="share_range"),)

    def is_current(self, on: dt.date) -> bool:
        return in_use_on(self.valid_from, self.valid_to, on)


class ReferenceUpdate(Base):
    """An official NHS England or ONS file a user applied with ``reference update``.

    Kept whole (as the normalised rows read from it) rather than only as its effects, so
    that when a new release reloads the shipped files the updates are applied again on
    top, in order, and a committee never loses a reorganisation it loaded itself.
    """

    __tablename__ = "reference_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    effective: Mapped[dt.date | None] = mapped_column(Date)
    payload: Mapped[str] = mapped_column(Text)
    applied_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class GpPractice(Base):
    """A GP practice and the PCN it belongs to, so each PCN traces back to its members."""

    __tablename__ = "gp_practice"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(10))
    # None for the practices NHS England lists in no PCN (pseudo-code "U").
    pcn_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    sub_icb_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))


committee_area = Table(
    "committee_area",
    Base.metadata,
    Column("committee_id", ForeignKey("committee.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("area.id"), primary_key=True),
)
# The other committees an engagement was joint with (several LPCs at one ICS meeting).
# The engagement stays one row, owned by the committee that logged it: each partner sees
# it in its own log and counts, and a total across committees still counts it once.
engagement_partner = Table(
    "engagement_partner",
    Base.metadata,
    Column("engagement_id", ForeignKey("engagement.id", ondelete="CASCADE"), primary_key=True),
    Column("committee_id", ForeignKey("committee.id"), primary_key=True, index=True),
)
engagement_organisation = Table(
    "engagement_organisation",
    Base.metadata,
    Column("engagement_id", ForeignKey("engagement.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id"), primary_key=True, index=True),
)
engagement_person = Table(
    "engagement_person",
    Base.metadata,
    Column("engagement_id", ForeignKey("engagement.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("person.id"), primary_key=True, index=True),
)
engagement_representative = Table(
    "engagement_representative",
    Base.metadata,
    Column("engagement_id", ForeignKey("engagement.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("person.id"), primary_key=True, index=True),
)
engagement_topic = Table(
    "engagement_topic",
    Base.metadata,
    Column("engagement_id", ForeignKey("engagement.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topic.id"), primary_key=True, index=True),
)


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # Twice the name's length: lower() can lengthen a few letters ("İ" becomes two).
    name_key: Mapped[str] = mapped_column(String(400), unique=True, default=_name_key_default)
    kind: Mapped[str | None] = mapped_column(String(40))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)


class Person(Base):
    """A contact. Two people may share a name (two "Dr A Patel" with different roles, or
    duplicates the stakeholder register lets a user merge), so ``name`` is not unique.

    What is unique is ``name_key``: set on the one person a typed or imported name means
    (the engagement form, ``log add --people`` and the importer map a name to one person,
    the oldest of that name) and NULL on everyone else of that name. That is exactly
    where the app assumes one person per name, so two users typing the same new name at
    once get one person, while the register can still hold namesakes. Erasing or merging
    away the holder hands the key to the next oldest person of the name
    (``engagements.hand_over_name``), so a typed name still finds who it found before.
    """

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    # No default, unlike the other names: a person gets the key only where it is given.
    name_key: Mapped[str | None] = mapped_column(String(400), unique=True)
    role: Mapped[str | None] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    email: Mapped[str | None] = mapped_column(String(200))
    contact_permitted: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    organisation: Mapped[Organisation | None] = relationship()
    assessments: Mapped[list[PersonAssessment]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        order_by="PersonAssessment.assessed_on",
    )


SCORE_RANGE = range(1, 6)  # 1 = low, 5 = high, as on the usual stakeholder grid


class PersonAssessment(Base):
    """How interested in community pharmacy, and how influential, a contact is: as judged
    on a date. Kept as a history, because "the new clinical director is warming to us" is
    the point of the register."""

    __tablename__ = "person_assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    interest: Mapped[int] = mapped_column(SmallInteger)
    influence: Mapped[int] = mapped_column(SmallInteger)
    note: Mapped[str | None] = mapped_column(Text)
    # Who made the judgement (``services.authors``; revision 0010). None before then.
    recorded_by: Mapped[str | None] = mapped_column(String(200))

    person: Mapped[Person] = relationship(back_populates="assessments")

    __table_args__ = (
        CheckConstraint("interest BETWEEN 1 AND 5", name="interest_score"),
        CheckConstraint("influence BETWEEN 1 AND 5", name="influence_score"),
    )


class Committee(Base):
    __tablename__ = "committee"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    areas: Mapped[list[Area]] = relationship(secondary=committee_area)


class Topic(Base):
    __tablename__ = "topic"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    name_key: Mapped[str] = mapped_column(String(200), unique=True, default=_name_key_default)
    description: Mapped[str | None] = mapped_column(Text)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)


class Engagement(Base):
    __tablename__ = "engagement"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committee.id"))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    # The rating and the committee's own notes on an engagement are its private fields:
    # the report "for partners" leaves them out (revision 0005), and on a shared server
    # no other committee may read them at all, not even its partners in a joint one
    # (db/shared_server.py). They are never loaded with the row: read them with
    # ``services.engagement_private`` (which reads them the way this role may), and an
    # attribute read on a loaded engagement raises rather than reaching past that.
    rating: Mapped[str | None] = mapped_column(String(10), deferred=True, deferred_raiseload=True)
    internal_note: Mapped[str] = mapped_column(
        Text, default="", server_default="", deferred=True, deferred_raiseload=True
    )
    # Whether the engagement is for the committee's eyes only.
    not_for_partners: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Lower-cased title, summary, outcome, organisations and people: one column for
    # free-text search, kept up to date by the engagement service.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # Where a captured engagement came from (revision 0009): "ics:<UID>:<date>" for a
    # calendar occurrence, "mid:<Message-ID>" for an email; NULL when typed or imported.
    source_id: Mapped[str | None] = mapped_column(String(500), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer)

    committee: Mapped[Committee] = relationship()
    partners: Mapped[list[Committee]] = relationship(
        secondary=engagement_partner, order_by="Committee.name"
    )
    area: Mapped[Area] = relationship()
    organisations: Mapped[list[Organisation]] = relationship(secondary=engagement_organisation)
    people: Mapped[list[Person]] = relationship(secondary=engagement_person)
    representatives: Mapped[list[Person]] = relationship(secondary=engagement_representative)
    topics: Mapped[list[Topic]] = relationship(secondary=engagement_topic)
    actions: Mapped[list[Action]] = relationship(
        back_populates="engagement", cascade="all, delete-orphan", order_by="Action.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint(_in("kind", ENGAGEMENT_KINDS), name="known_kind"),
        CheckConstraint(f"rating IS NULL OR {_in('rating', RATINGS)}", name="known_rating"),
        Index("ix_engagement_occurred_on", "occurred_on"),
        Index("ix_engagement_area_occurred_on", "area_id", "occurred_on"),
        # The window's own queries: one committee's live engagements, newest first, with
        # their areas, answered from the index alone (bench: 250 ms → 40 ms at 1,000,000).
        Index(
            "ix_engagement_committee_live",
            "committee_id",
            "deleted_at",
            "occurred_on",
            "area_id",
        ),
        Index("ix_engagement_kind_occurred_on", "kind", "occurred_on"),
        # A committee's log sorted by kind, a page at a time (revision 0011); the title
        # sort's index is on an expression and made by the migration alone.
        Index("ix_engagement_committee_kind", "committee_id", "deleted_at", "kind"),
        # "Has anything changed since I counted?" in one probe (newest change), so the
        # window need not recount the footprint tree on every click to stay true.
        Index("ix_engagement_updated_at", "updated_at"),
    )


class Action(Base):
    __tablename__ = "action"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    done_on: Mapped[dt.date | None] = mapped_column(Date)

    engagement: Mapped[Engagement] = relationship(back_populates="actions")


class EngagementVersion(Base):
    """One saved state of an engagement: who saved it, when, and what changed.

    Written by the engagement service in the same transaction as the change (not by a
    database trigger, so SQLite and PostgreSQL keep the same history), and never updated
    or deleted by the app: only erasure rewrites it, replacing an erased person's name. On
    a shared server members may only add rows, and only as themselves.
    ``changes`` is a JSON object of the fields this version changed, with their new
    values (the first version recorded holds them all); ``private_changes`` holds the
    rating and internal note the same way, apart, because no other committee may read
    them (``db/shared_server.py``).
    """

    __tablename__ = "engagement_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    engagement_id: Mapped[int] = mapped_column(
        ForeignKey("engagement.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    # On a shared server the database role that made the change; on SQLite the name set
    # in the app's settings (or the computer account).
    author: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    changes: Mapped[str] = mapped_column(Text)
    private_changes: Mapped[str] = mapped_column(
        Text, default="{}", deferred=True, deferred_raiseload=True
    )

    __table_args__ = (UniqueConstraint("engagement_id", "version"),)


ACCESS_LEVELS = ("editor", "reader")


class CommitteeMember(Base):
    """A database role of a shared server, and the committee and person it stands for.

    ``icstracker server add-member`` writes it while granting the role its committee's
    editor or reader role; what a role may do is decided by those role memberships (the
    database's own security), and this row only says who the role is, so the history can
    name a person rather than a login.
    """

    __tablename__ = "committee_member"

    role_name: Mapped[str] = mapped_column(String(63), primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committee.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    access: Mapped[str] = mapped_column(String(10))
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)

    __table_args__ = (CheckConstraint(_in("access", ACCESS_LEVELS), name="known_access"),)
