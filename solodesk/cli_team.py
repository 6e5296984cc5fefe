"""The ``solodesk team`` commands: a council's IT sets up a team store on PostgreSQL and its people.

The URL names the server's administrator login (its password from ``SOLODESK_PASSWORD``
or a prompt when the server asks); a new person's password comes from
``SOLODESK_NEW_PASSWORD`` or a prompt, typed twice.
"""

import argparse
import sys
from collections.abc import Callable
from typing import TypeVar

from solodesk.cli_common import (
    EXIT_OK,
    UsageError,
    add_store_option,
    command,
    read_secret,
    store_folder,
    unlock,
    with_password,
)
from solodesk.store.team_url import is_team_url

NEW_PASSWORD_ENV = "SOLODESK_NEW_PASSWORD"
# team_roles.ROLES, written out so building the parser loads no database driver (a test checks they agree).
ROLE_CHOICES = ("chair", "assistant", "worker", "manager")
T = TypeVar("T")


def add_team_parser(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``team`` and its actions to the command line."""
    team = sub.add_parser(
        "team", help="Set up a team store on PostgreSQL and its people.", description="Team store set-up (IT)."
    )
    actions = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        cmd = actions.add_parser(name, help=help_text, description=help_text)
        cmd.add_argument("--url", required=True, help="postgresql://ADMIN@HOST/DATABASE (the server's administrator)")
        return cmd

    add("init", "Create the schema and the group roles (chair, assistant, worker, manager); again to upgrade.")
    user = add("add-user", "Create a person's login in a group (password from SOLODESK_NEW_PASSWORD or a prompt).")
    user.add_argument("login", help="the new database login")
    user.add_argument("--name", required=True, help="the person's name, as SOLO Desk shows it")
    user.add_argument("--role", required=True, choices=ROLE_CHOICES, help="what they do in the team")
    user.add_argument("--contact", type=int, default=None, help="their directory contact id")
    add("users", "List every person's login, role, name and contact.")
    bring = actions.add_parser(
        "import",
        help="Copy a laptop store's cases into the team store, in one transaction (refused if any is there).",
        description="Copy every case of a laptop store into the team store (passphrase from SOLODESK_PASSPHRASE).",
    )
    add_store_option(bring)
    bring.add_argument("--url", required=True, help="postgresql://LOGIN@HOST/DATABASE (the team login importing)")
    bring.add_argument("--as-login", default=None, help="the login the laptop's audit events are signed by")


@command("team")
def _cmd_team(args: argparse.Namespace) -> int:
    from solodesk.store import team_roles  # psycopg and SQLAlchemy load only for these commands

    if not is_team_url(args.url):
        raise UsageError("--url must be a postgresql:// address.")
    if args.team_command == "import":
        return _import(args)
    if args.team_command == "init":
        revision = _as_admin(lambda password: team_roles.init_team(args.url, password))
        print(f"Team store ready: schema {revision}; group roles {', '.join(team_roles.ROLES)}.")
    elif args.team_command == "add-user":
        new_password = read_secret(NEW_PASSWORD_ENV, f"Password for {args.login}: ", confirm=True)
        added = _as_admin(
            lambda password: team_roles.add_user(
                args.url, args.login, args.name, args.role, new_password, args.contact, password
            ),
        )
        print(f"Added {added.login} ({added.role}).")
    else:
        users = _as_admin(lambda password: team_roles.list_users(args.url, password))
        for user in users:
            contact = f"contact {user.contact_id}" if user.contact_id is not None else "no contact"
            print(f"{user.login}\t{user.role}\t{user.name}\t{contact}")
        if not users:
            print("No one has a login yet: add people with `solodesk team add-user`.", file=sys.stderr)
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from solodesk.services.team_import import DuplicateCasesError, import_store
    from solodesk.store.team_store import TeamStore, parse_url

    login = args.as_login or parse_url(args.url).username or ""
    with unlock(store_folder(args)) as laptop:
        team = with_password(lambda password: TeamStore.open(args.url, password), "Password: ")
        with team:
            try:
                summary = import_store(laptop, team, login)
            except DuplicateCasesError as exc:
                for duplicate in exc.duplicates:
                    print(duplicate.describe(), file=sys.stderr)
                raise
    print(
        f"Imported {summary.cases} {'case' if summary.cases == 1 else 'cases'} "
        f"({sum(summary.copied.values())} records; {summary.reused_contacts} directory entries already there)."
    )
    return EXIT_OK


def _as_admin(work: Callable[[str | None], T]) -> T:
    return with_password(work, "Administrator's password: ")
