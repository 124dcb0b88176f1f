"""Placeholder: the shared server's roles and policies (filled in by the next change)."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

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
