"""``icstracker server``: a shared PostgreSQL server's committee roles, members and passwords.

``init``, ``add-member``, ``remove-member`` and ``members`` are for the administrator (the
role that owns the tables and may create roles); ``save-password`` and
``forget-password`` are for each member, on their own computer.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from icstracker.cli.database_commands import opened
from icstracker.db.credentials import forget_password, save_password
from icstracker.db.engine import resolve_database_url
from icstracker.errors import ValidationError
from icstracker.services.server_members import (
    add_member,
    init_server,
    list_members,
    remove_member,
)


def register(commands: Any) -> None:
    server = commands.add_parser("server", help="a shared PostgreSQL server's roles and members")
    actions = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="create the schema, committee roles and policies")
    init.add_argument("--role-prefix", help="start of every role name (default: from the database)")
    init.set_defaults(handler=run_init, handles_missing_database=True)
    add = actions.add_parser("add-member", help="let a database role edit or read a committee")
    add.add_argument("role")
    add.add_argument("--committee", required=True)
    access = add.add_mutually_exclusive_group(required=True)
    access.add_argument("--editor", dest="access", action="store_const", const="editor")
    access.add_argument("--reader", dest="access", action="store_const", const="reader")
    add.add_argument("--person", help="the person of the register this role is")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the role's new password from stdin"
    )
    add.set_defaults(handler=run_add_member)
    remove = actions.add_parser("remove-member", help="take a role's committee access away")
    remove.add_argument("role")
    remove.add_argument("--drop-role", action="store_true", help="remove the login role too")
    remove.set_defaults(handler=run_remove_member)
    members = actions.add_parser("members", help="list the roles of each committee")
    members.set_defaults(handler=run_members)
    save = actions.add_parser("save-password", help="keep your role's password in the keyring")
    save.add_argument("--password-stdin", action="store_true")
    save.set_defaults(handler=run_save_password, handles_missing_database=True)
    forget = actions.add_parser("forget-password", help="remove it from the keyring")
    forget.set_defaults(handler=run_forget_password, handles_missing_database=True)


def _password(from_stdin: bool, prompt: str) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(prompt)
    if not password:
        raise ValidationError("password", "No password was given.")
    return password


def run_init(args: argparse.Namespace) -> int:
    database = opened(args)
    try:
        with database.write() as session:
            prefix = init_server(session, args.role_prefix)
    finally:
        database.dispose()
    print(
        f"{database.describe()}: committee roles and row security in place (roles "
        f"{prefix}_member, {prefix}_c<committee id>_editor / _reader). Run this again after "
        "each upgrade of ICS Tracker."
    )
    return 0


def run_add_member(args: argparse.Namespace) -> int:
    password = _password(True, "") if args.password_stdin else None
    database = opened(args)
    try:
        with database.write() as session:
            created = add_member(
                session,
                args.role,
                args.committee,
                args.access,
                person_name=args.person,
                password=password,
            )
    finally:
        database.dispose()
    made = "Created the login role" if created else "The role"
    print(f"{made} {args.role}: {args.access} of {args.committee}.")
    return 0


def run_remove_member(args: argparse.Namespace) -> int:
    database = opened(args)
    try:
        with database.write() as session:
            held = remove_member(session, args.role, drop_role=args.drop_role)
    finally:
        database.dispose()
    print(f"{args.role} no longer has {', '.join(held) or 'any committee role'}.")
    return 0


def run_members(args: argparse.Namespace) -> int:
    database = opened(args)
    try:
        with database.session() as session:
            for member in list_members(session):
                who = f" ({member.person})" if member.person else ""
                print(f"{member.committee}\t{member.access}\t{member.role}{who}")
    finally:
        database.dispose()
    return 0


def run_save_password(args: argparse.Namespace) -> int:
    url = resolve_database_url(args.database)
    password = _password(args.password_stdin, f"Password for {url.username}: ")
    entry = save_password(url, password)
    print(f"Saved the password for {entry} in this computer's keyring.")
    return 0


def run_forget_password(args: argparse.Namespace) -> int:
    url = resolve_database_url(args.database)
    removed = forget_password(url)
    print("Removed it from the keyring." if removed else "No password was kept for it.")
    return 0
