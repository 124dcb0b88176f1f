"""Committee boundaries on a throw-away PostgreSQL server, enforced by the database.

Two committees share one database: Devon (its own engagement, with a rating and a note)
and Cornwall (its own, and one joint with Devon). Each member connects with their own
role and sees exactly what the policies allow, through the app and through raw SQL; a
reader's edit is refused in one sentence; the history names the right author. Roles are
cluster-wide, so every name carries this run's own prefix and is dropped afterwards.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from icstracker.cli import main
from icstracker.db.database import Database
from icstracker.errors import AccessDeniedError
from icstracker.services.areas import resolve_area
from icstracker.services.committees import create_committee
from icstracker.services.engagement_filter import EngagementFilter
from icstracker.services.engagement_queries import list_engagements
from icstracker.services.engagement_types import EngagementInput
from icstracker.services.engagements import get_engagement, log_engagement, update_engagement
from icstracker.services.history import engagement_history
from icstracker.services.privacy import find_person, subject_access
from icstracker.services.server_members import add_member, init_server, remove_member

TODAY = dt.date(2026, 11, 23)


@dataclass
class Shared:
    admin: Database
    url: Any
    prefix: str
    roles: dict[str, str]  # alice, bob, carol -> role name
    ids: dict[str, int]  # devon_own, cornwall_own, joint
    committees: dict[str, int]

    def as_member(self, who: str) -> Database:
        return Database(self.url.set(username=self.roles[who]))

    def raw(self, who: str) -> psycopg.Connection[Any]:
        url = self.url.set(username=self.roles[who])
        return psycopg.connect(
            host=url.host, port=url.port, dbname=url.database, user=url.username, autocommit=True
        )


@pytest.fixture
def shared(postgres_server: Any) -> Iterator[Shared]:
    name = postgres_server.clone()
    url = make_url(postgres_server.url_for(name))
    tag = uuid.uuid4().hex[:8]
    prefix = f"icst_t{tag}"
    roles = {who: f"m{tag}_{who}" for who in ("alice", "bob", "carol")}
    admin = Database(url)
    with admin.write() as session:
        devon = create_committee(session, "Community Pharmacy Devon").id
        cornwall = create_committee(session, "Community Pharmacy Cornwall").id
        area = resolve_area(session, "QJK").id
        ids = {}
        for key, committee, partners, note in (
            ("devon_own", devon, (), "Devon's secret"),
            ("cornwall_own", cornwall, (), "Cornwall's own secret"),
            ("joint", cornwall, (devon,), "Cornwall's joint secret"),
        ):
            ids[key] = log_engagement(
                session,
                EngagementInput(
                    committee, area, dt.date(2026, 11, 2), "meeting", f"Meeting {key}",
                    rating="red", internal_note=note, partner_committee_ids=partners,
                    people=("Alice Person",) if key == "devon_own" else (),
                ),
                today=TODAY,
            ).id  # fmt: skip
    with admin.write() as session:
        init_server(session, prefix)
        add_member(session, roles["alice"], "Community Pharmacy Devon", "editor",
                   person_name="Alice Person")  # fmt: skip
        add_member(session, roles["bob"], "Community Pharmacy Cornwall", "editor")
        add_member(session, roles["carol"], "Community Pharmacy Devon", "reader")
    yield Shared(admin, url, prefix, roles, ids, {"devon": devon, "cornwall": cornwall})
    admin.dispose()
    postgres_server.drop(name)
    engine = create_engine(postgres_server.url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        left = connection.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname LIKE :a OR rolname LIKE :b"),
            {"a": f"{prefix}%", "b": f"m{tag}%"},
        ).scalars()
        for role in list(left):
            connection.execute(text(f'DROP ROLE "{role}"'))
    engine.dispose()


def test_each_member_sees_what_the_policy_allows_through_the_app(shared: Shared) -> None:
    ids = shared.ids
    for who, committee, own, joint_private in (
        ("alice", "devon", ids["devon_own"], False),
        ("bob", "cornwall", ids["cornwall_own"], True),
    ):
        database = shared.as_member(who)
        with database.session() as session:
            log = list_engagements(
                session, EngagementFilter(committee_id=shared.committees[committee])
            )
            assert sorted(r.id for r in log) == sorted([own, ids["joint"]])
            everything = list_engagements(session, EngagementFilter())
            assert sorted(r.id for r in everything) == sorted([own, ids["joint"]])
            mine = get_engagement(session, own)
            assert mine.rating == "red" and "secret" in mine.internal_note
            joint = get_engagement(session, ids["joint"])
            assert joint.title == "Meeting joint"
            if joint_private:
                assert (joint.rating, joint.internal_note) == ("red", "Cornwall's joint secret")
            else:  # Devon is only a partner: Cornwall's rating and note are not there
                assert (joint.rating, joint.internal_note) == (None, "")
                history = engagement_history(session, ids["joint"])
                assert history and all(
                    c.field not in ("rating", "internal_note") for c in history[0].changes
                )
        database.dispose()


def test_each_member_sees_what_the_policy_allows_through_raw_sql(shared: Shared) -> None:
    ids = shared.ids
    with shared.raw("alice") as sql:
        seen = {r[0] for r in sql.execute("SELECT id FROM engagement")}
        assert seen == {ids["devon_own"], ids["joint"]}
        private = dict(sql.execute("SELECT engagement_id, internal_note FROM engagement_private"))
        assert private == {ids["devon_own"]: "Devon's secret"}
        for column in ("internal_note", "rating"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                sql.execute(f"SELECT {column} FROM engagement WHERE id = %s", (ids["joint"],))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sql.execute("SELECT private_changes FROM engagement_version")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sql.execute("SELECT * FROM engagement")  # * includes the private columns
        versions = {r[0] for r in sql.execute("SELECT engagement_id FROM engagement_version")}
        assert versions == {ids["devon_own"], ids["joint"]}
        hidden = sql.execute("SELECT count(*) FROM engagement_version_private").fetchone()
        assert hidden is not None and hidden[0] == 1  # the version of Devon's own only
        # Not even through a join, a function or the owner's history.
        assert sql.execute(
            "SELECT count(*) FROM engagement_private WHERE engagement_id = %s", (ids["joint"],)
        ).fetchone() == (0,)
        # History is append-only, and only under one's own name.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sql.execute("UPDATE engagement_version SET author = 'x'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sql.execute("DELETE FROM engagement_version")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sql.execute(
                "INSERT INTO engagement_version (engagement_id, version, author, changed_at, "
                "changes, private_changes) VALUES (%s, 9, %s, now(), '{}', '{}')",
                (ids["devon_own"], shared.roles["bob"]),
            )
        # Another committee's row cannot be changed: it is not there to change.
        changed = sql.execute(
            "UPDATE engagement SET title = 'x' WHERE id = %s", (ids["cornwall_own"],)
        )
        assert changed.rowcount == 0
    with shared.raw("bob") as sql:
        seen = {r[0] for r in sql.execute("SELECT id FROM engagement")}
        assert seen == {ids["cornwall_own"], ids["joint"]}
        private = dict(sql.execute("SELECT engagement_id, rating FROM engagement_private"))
        assert private == {ids["cornwall_own"]: "red", ids["joint"]: "red"}
    with shared.raw("carol") as sql:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            sql.execute("UPDATE engagement SET title = 'x' WHERE id = %s", (ids["devon_own"],))


def test_a_readers_edit_is_refused_with_a_clear_message(
    shared: Shared, capsys: pytest.CaptureFixture[str]
) -> None:
    carol = shared.as_member("carol")
    with carol.session() as session:
        view = get_engagement(session, shared.ids["devon_own"])
    with pytest.raises(AccessDeniedError, match="may read the log but not change it"):
        with carol.write() as session:
            update_engagement(
                session, view.id, replace(view.as_input(), title="Mine now"),
                expected_version=view.version, today=TODAY,
            )  # fmt: skip
    carol.dispose()
    url = shared.url.set(username=shared.roles["carol"]).render_as_string(hide_password=False)
    code = main([
        "--database", url, "log", "add", "--committee", "Community Pharmacy Devon",
        "--date", "2026-11-02", "--area", "QJK", "--kind", "call", "--title", "Call",
    ])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 7 and "may read the log but not change it" in err, err
    # A partner may read a joint engagement but not change the owner's record.
    alice = shared.as_member("alice")
    with alice.write() as session:
        joint = get_engagement(session, shared.ids["joint"])
        with pytest.raises(AccessDeniedError, match="Community Pharmacy Cornwall's record"):
            update_engagement(
                session, joint.id, replace(joint.as_input(), title="x"),
                expected_version=joint.version, today=TODAY,
            )  # fmt: skip
    # Subject access must see everything: a member is sent to the administrator.
    with alice.session() as session, pytest.raises(AccessDeniedError, match="administrator"):
        subject_access(session, find_person(session, "Alice Person"))
    alice.dispose()


def test_the_history_names_the_right_author(shared: Shared) -> None:
    for who, key in (("alice", "devon_own"), ("bob", "cornwall_own"), ("bob", "joint")):
        database = shared.as_member(who)
        with database.write() as session:
            view = get_engagement(session, shared.ids[key])
            update_engagement(
                session, view.id, replace(view.as_input(), summary=f"Edited by {who}",
                internal_note=f"{who}'s note"), expected_version=view.version, today=TODAY,
            )  # fmt: skip
        database.dispose()
    alice = shared.as_member("alice")
    with alice.session() as session:
        devon = engagement_history(session, shared.ids["devon_own"])
        joint = engagement_history(session, shared.ids["joint"])
    alice.dispose()
    assert [v.author for v in devon] == ["postgres", shared.roles["alice"]]
    assert devon[1].who == f"Alice Person ({shared.roles['alice']})"
    assert {c.field: c.value for c in devon[1].changes} == {
        "summary": "Edited by alice",
        "internal_note": "alice's note",
    }
    assert [v.author for v in joint] == ["postgres", shared.roles["bob"]]
    # Alice reads Cornwall's joint history, but not its private half.
    assert [c.field for c in joint[1].changes] == ["summary"]


def test_removing_a_member_ends_their_access(shared: Shared) -> None:
    with shared.admin.write() as session:
        held = remove_member(session, shared.roles["carol"])
    assert held == [f"{shared.prefix}_c{shared.committees['devon']}_reader"]
    with pytest.raises(psycopg.OperationalError, match="CONNECT privilege"):
        shared.raw("carol")  # no committee role, so not even a connection
    with shared.admin.write() as session:  # init again: nothing breaks, nothing doubles
        init_server(session)
