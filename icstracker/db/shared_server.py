"""Committee boundaries on a shared PostgreSQL server, kept by the database itself.

Several LPCs may share one database (joint engagements need it). ``secure_server`` (run by
``icstracker server init``, as the role that owns the tables) makes the database enforce
who reads and writes what, for the app and for psql alike:

* **Roles.** ``<prefix>_member`` may connect and read the shared registers (footprints,
  committees, people, organisations, topics, judgements). Each committee has
  ``<prefix>_c<id>_reader`` and ``<prefix>_c<id>_editor`` (an editor is also a reader and a
  ``<prefix>_writer``, which holds the write privileges). A member's login role is granted
  one of them (``add_member``). Role names carry a prefix per database because roles are
  shared by every database of a server.
* **Rows.** Row-level security on ``engagement`` lets a role read the engagements of its
  committees and those they joined, and insert or update only its own committees'
  (never delete: deleting is a flag). An engagement's people, organisations, topics,
  follow-ups, partners and history follow their engagement; a committee's remembered
  area names are its own. Which committees a role has is read from its role memberships
  (``icstracker_my_committees``), once per statement.
* **Columns.** RLS is per row, and a partner must see a joint engagement but never its
  owner's rating or internal note. So no member may read those two columns at all (column
  privileges: SELECT is granted on every other column), nor the history's
  ``private_changes``; the security-barrier views ``engagement_private`` and
  ``engagement_version_private`` hand them back for the role's own committees only. A
  column privilege holds for any client; a view that filters is the only way back in.
* **History** is append-only for members: INSERT only, and only under their own role
  name (``author = current_user``).

Everything is idempotent (``CREATE OR REPLACE``, policies dropped and made again, grants
repeated), so ``server init`` is run again after every upgrade of the app to cover any
column a new version added. The migrations never touch any of it: a SQLite log, or a
server used by one committee as its owner, is unaffected.
"""

from __future__ import annotations

import re

from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, Text, text

from icstracker.errors import ValidationError

# Views made by ``server init`` on PostgreSQL only; never by the migrations or create_all.
_VIEWS = MetaData()
PRIVATE_VIEW = Table(
    "engagement_private",
    _VIEWS,
    Column("engagement_id", Integer, primary_key=True),
    Column("rating", String(10)),
    Column("internal_note", Text),
)
PRIVATE_VERSION_VIEW = Table(
    "engagement_version_private",
    _VIEWS,
    Column("version_id", Integer, primary_key=True),
    Column("private_changes", Text),
)

PREFIX_SETTING = "server.role_prefix"
PRIVATE_COLUMNS = {
    "engagement": ("rating", "internal_note"),
    "engagement_version": ("private_changes",),
}
# Tables whose rows belong to an engagement (policies follow the engagement).
ENGAGEMENT_CHILDREN = (
    "engagement_person",
    "engagement_representative",
    "engagement_organisation",
    "engagement_topic",
    "action",
)
# Read by every member; written only by the administrator (reference data, committees).
SHARED_READ = (
    "alembic_version",
    "setting",
    "planning_level",
    "area",
    "area_alias",
    "area_succession",
    "area_membership",
    "reference_update",
    "gp_practice",
    "committee",
    "committee_area",
    "committee_member",
)
# The registers every committee of the server shares, which editors add to.
SHARED_REGISTERS = ("organisation", "person", "topic")
_ROLE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def check_role_name(name: str) -> str:
    """A role name safe to write into SQL: lower-case letters, digits and _, ≤ 63."""
    if not _ROLE.match(name):
        raise ValidationError(
            "role",
            f"'{name}' cannot be a role name here; use lower-case letters, digits and _ "
            "(at most 63, not starting with a digit).",
        )
    return name


def default_prefix(database: str) -> str:
    cleaned = re.sub(r"[^a-z0-9_]+", "_", database.lower()).strip("_") or "db"
    return f"icst_{cleaned}"[:40].rstrip("_")


def committee_role(prefix: str, committee_id: int, access: str) -> str:
    return f"{prefix}_c{committee_id}_{access}"


def role_prefix(connection: Connection) -> str | None:
    """The prefix ``server init`` chose for this database, or None if it was never run."""
    found = connection.execute(
        text("SELECT value FROM setting WHERE key = :key"), {"key": PREFIX_SETTING}
    ).scalar()
    return str(found) if found else None


def _role_exists(connection: Connection, name: str) -> bool:
    return bool(
        connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
    )


def ensure_role(connection: Connection, name: str, *, login: bool = False) -> bool:
    """Creates the role if missing; True if it was created."""
    check_role_name(name)
    if _role_exists(connection, name):
        return False
    connection.exec_driver_sql(f'CREATE ROLE "{name}" {"LOGIN" if login else "NOLOGIN"}')
    return True


def _columns(connection: Connection, table: str) -> list[str]:
    return list(
        connection.execute(
            text(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                "current_schema() AND table_name = :t ORDER BY ordinal_position"
            ),
            {"t": table},
        ).scalars()
    )


def _functions_sql(prefix: str) -> list[str]:
    return [
        # The committees the current role reads (or edits), from its role memberships.
        f"""
        CREATE OR REPLACE FUNCTION icstracker_my_committees(editing boolean)
        RETURNS integer[] LANGUAGE sql STABLE SET search_path = public, pg_catalog AS $$
            SELECT coalesce(array_agg(c.id), '{{}}')
            FROM committee c
            JOIN pg_roles r ON r.rolname = concat(
                '{prefix}_c', c.id, CASE WHEN editing THEN '_editor' ELSE '_reader' END)
            WHERE pg_has_role(current_user, r.oid, 'MEMBER')
        $$""",
        # An engagement's committee, read past row security: the policies of its linked
        # rows ask it without reaching back into engagement's own policy (no recursion).
        """
        CREATE OR REPLACE FUNCTION icstracker_engagement_committee(integer)
        RETURNS integer LANGUAGE sql STABLE SECURITY DEFINER
        SET search_path = public, pg_catalog AS $$
            SELECT committee_id FROM engagement WHERE id = $1
        $$""",
    ]


_READ = (
    "((SELECT icstracker_my_committees(false))::integer[])"  # an array, computed once a statement
)
_EDIT = "((SELECT icstracker_my_committees(true))::integer[])"
_VISIBLE = "engagement_id IN (SELECT id FROM engagement)"
_EDITABLE = f"icstracker_engagement_committee(engagement_id) = ANY {_EDIT}"


def _policies() -> dict[str, list[tuple[str, str]]]:
    """Table -> (policy name, the rest of its CREATE POLICY statement)."""
    own_or_joined = (
        f"committee_id = ANY {_READ} OR id IN (SELECT engagement_id FROM engagement_partner "
        f"WHERE committee_id = ANY {_READ})"
    )
    policies = {
        "engagement": [
            ("icst_read", f"FOR SELECT USING ({own_or_joined})"),
            ("icst_add", f"FOR INSERT WITH CHECK (committee_id = ANY {_EDIT})"),
            (
                "icst_change",
                f"FOR UPDATE USING (committee_id = ANY {_EDIT}) "
                f"WITH CHECK (committee_id = ANY {_EDIT})",
            ),
        ],
        "engagement_partner": [
            (
                "icst_read",
                f"FOR SELECT USING (committee_id = ANY {_READ} OR "
                f"icstracker_engagement_committee(engagement_id) = ANY {_READ})",
            ),
            ("icst_write", f"FOR ALL USING ({_EDITABLE}) WITH CHECK ({_EDITABLE})"),
        ],
        "engagement_version": [
            ("icst_read", f"FOR SELECT USING ({_VISIBLE})"),
            ("icst_add", f"FOR INSERT WITH CHECK (author = current_user AND {_EDITABLE})"),
        ],
        "committee_alias": [
            ("icst_read", f"FOR SELECT USING (committee_id = ANY {_READ})"),
            (
                "icst_write",
                f"FOR ALL USING (committee_id = ANY {_EDIT}) "
                f"WITH CHECK (committee_id = ANY {_EDIT})",
            ),
        ],
    }
    for child in ENGAGEMENT_CHILDREN:
        policies[child] = [
            ("icst_read", f"FOR SELECT USING ({_VISIBLE})"),
            ("icst_write", f"FOR ALL USING ({_EDITABLE}) WITH CHECK ({_EDITABLE})"),
        ]
    return policies


def secure_server(connection: Connection, prefix: str | None = None) -> str:
    """Makes (or makes again) the roles, privileges, policies and views; returns the
    prefix. Run as the owner of the tables, with the right to create roles."""
    if connection.dialect.name != "postgresql":
        raise ValidationError(
            "database",
            "Committee boundaries need a shared PostgreSQL server; a SQLite file "
            "is one committee's own.",
        )
    database = str(connection.execute(text("SELECT current_database()")).scalar())
    prefix = check_role_name(prefix or role_prefix(connection) or default_prefix(database))
    if len(prefix) > 40:
        raise ValidationError("role_prefix", "A role prefix can be at most 40 characters.")
    member, writer = f"{prefix}_member", f"{prefix}_writer"
    for role in (member, writer):
        ensure_role(connection, role)
    sql = connection.exec_driver_sql
    sql(f'GRANT "{member}" TO "{writer}"')
    sql(f'REVOKE CONNECT, TEMPORARY ON DATABASE "{database}" FROM PUBLIC')
    sql(f'GRANT CONNECT ON DATABASE "{database}" TO "{member}"')
    sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    sql(f'GRANT USAGE ON SCHEMA public TO "{member}"')
    for statement in _functions_sql(prefix):
        sql(statement)
    for function in (
        "icstracker_my_committees(boolean)",
        "icstracker_engagement_committee(integer)",
    ):
        sql(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        sql(f'GRANT EXECUTE ON FUNCTION {function} TO "{member}"')
    for table in SHARED_READ + SHARED_REGISTERS + ("person_assessment",):
        sql(f'GRANT SELECT ON "{table}" TO "{member}"')
    for table in SHARED_REGISTERS:
        sql(f'GRANT INSERT, UPDATE ON "{table}" TO "{writer}"')
    sql(f'GRANT INSERT ON person_assessment TO "{writer}"')
    # Private columns: no member reads them; every other column is granted one by one.
    for table, hidden in PRIVATE_COLUMNS.items():
        sql(f'REVOKE SELECT ON "{table}" FROM "{member}"')
        shown = ", ".join(f'"{c}"' for c in _columns(connection, table) if c not in hidden)
        sql(f'GRANT SELECT ({shown}) ON "{table}" TO "{member}"')
    sql(f'GRANT INSERT, UPDATE ON engagement TO "{writer}"')
    sql(f'GRANT INSERT ON engagement_version TO "{writer}"')
    for table in (*ENGAGEMENT_CHILDREN, "engagement_partner", "committee_alias"):
        sql(f'GRANT SELECT ON "{table}" TO "{member}"')
        sql(f'GRANT INSERT, UPDATE, DELETE ON "{table}" TO "{writer}"')
    sql(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{writer}"')
    for table, policies in _policies().items():
        sql(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        existing = connection.execute(
            text(
                "SELECT policyname FROM pg_policies "
                "WHERE tablename = :t AND policyname LIKE 'icst!_%' ESCAPE '!'"
            ),
            {"t": table},
        ).scalars()
        for name in list(existing):
            sql(f'DROP POLICY "{name}" ON "{table}"')
        for name, rest in policies:
            sql(f'CREATE POLICY "{name}" ON "{table}" {rest}')
    sql(
        "CREATE OR REPLACE VIEW engagement_private WITH (security_barrier = true) AS "
        "SELECT id AS engagement_id, rating, internal_note FROM engagement "
        "WHERE committee_id = ANY (icstracker_my_committees(false))"
    )
    sql(
        "CREATE OR REPLACE VIEW engagement_version_private WITH (security_barrier = true) AS "
        "SELECT v.id AS version_id, v.private_changes FROM engagement_version v "
        "JOIN engagement e ON e.id = v.engagement_id "
        "WHERE e.committee_id = ANY (icstracker_my_committees(false))"
    )
    for view in ("engagement_private", "engagement_version_private"):
        sql(f'REVOKE ALL ON "{view}" FROM PUBLIC')
        sql(f'GRANT SELECT ON "{view}" TO "{member}"')
    for committee_id in connection.execute(text("SELECT id FROM committee")).scalars():
        ensure_committee_roles(connection, prefix, int(committee_id))
    connection.execute(
        text(
            "INSERT INTO setting (key, value) VALUES (:k, :v) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        {"k": PREFIX_SETTING, "v": prefix},
    )
    return prefix


def ensure_committee_roles(connection: Connection, prefix: str, committee_id: int) -> None:
    reader = committee_role(prefix, committee_id, "reader")
    editor = committee_role(prefix, committee_id, "editor")
    for role in (reader, editor):
        ensure_role(connection, role)
    sql = connection.exec_driver_sql
    sql(f'GRANT "{prefix}_member" TO "{reader}"')
    sql(f'GRANT "{reader}" TO "{editor}"')
    sql(f'GRANT "{prefix}_writer" TO "{editor}"')
    name = connection.execute(
        text("SELECT name FROM committee WHERE id = :i"), {"i": committee_id}
    ).scalar()
    for role, access in ((reader, "reads"), (editor, "edits")):
        # Quotes doubled for SQL, % for the driver's own placeholders.
        comment = f"ICS Tracker: {access} the log of {name}".replace("'", "''").replace("%", "%%")
        sql(f"COMMENT ON ROLE \"{role}\" IS '{comment}'")


def grant_member(
    connection: Connection, prefix: str, role: str, committee_id: int, access: str
) -> None:
    """Gives ``role`` one committee's editor or reader role, and no other committee's."""
    check_role_name(role)
    ensure_committee_roles(connection, prefix, committee_id)
    revoke_member(connection, prefix, role)
    connection.exec_driver_sql(
        f'GRANT "{committee_role(prefix, committee_id, access)}" TO "{role}"'
    )


def revoke_member(connection: Connection, prefix: str, role: str) -> list[str]:
    """Takes every committee role of this database away from ``role``; returns them."""
    check_role_name(role)
    held = list(
        connection.execute(
            text(
                "SELECT g.rolname FROM pg_auth_members m "
                "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
                "WHERE u.rolname = :r AND g.rolname ~ :pattern"
            ),
            {"r": role, "pattern": f"^{re.escape(prefix)}_c[0-9]+_(reader|editor)$"},
        ).scalars()
    )
    for group in held:
        connection.exec_driver_sql(f'REVOKE "{group}" FROM "{role}"')
    return held


def set_password(connection: Connection, role: str, password: str) -> None:
    """Sets ``role``'s password as a SCRAM verifier worked out here, as psql's
    ``\\password`` does: the password itself never reaches the server's statement log."""
    check_role_name(role)
    raw = connection.connection.driver_connection
    pgconn = getattr(raw, "pgconn", None)
    if pgconn is None:  # pragma: no cover - psycopg is the only PostgreSQL driver we ship
        raise ValidationError("password", "Setting a password needs the psycopg driver.")
    verifier = pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    literal = verifier.decode().replace("'", "''")
    connection.exec_driver_sql(f"ALTER ROLE \"{role}\" PASSWORD '{literal}'")
