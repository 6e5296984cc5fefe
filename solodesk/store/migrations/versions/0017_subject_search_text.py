"""the subject's folded search text and sort name, so a team store searches its register on the server

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

import logging

import sqlalchemy as sa
from alembic import op

from solodesk.text_search import subject_search_keys

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)

_SUBJECT = sa.table(
    "subject",
    sa.column("id", sa.Integer),
    sa.column("forenames", sa.String),
    sa.column("surname", sa.String),
    sa.column("aliases", sa.JSON),
    sa.column("visor_ref", sa.String),
    sa.column("police_ref", sa.String),
    sa.column("other_refs", sa.String),
    sa.column("search_text", sa.Text),
    sa.column("sort_name", sa.Text),
)


def upgrade() -> None:
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("sort_name", sa.Text(), nullable=False, server_default=""))
    bind = op.get_bind()
    # Folded in Python, exactly as the app folds what people type (SQL has no equal of fold()); inside the
    # migration's one transaction, so the columns arrive filled or not at all.
    rows = bind.execute(
        sa.select(
            _SUBJECT.c.id,
            _SUBJECT.c.forenames,
            _SUBJECT.c.surname,
            _SUBJECT.c.aliases,
            _SUBJECT.c.visor_ref,
            _SUBJECT.c.police_ref,
            _SUBJECT.c.other_refs,
        )
    ).all()
    keys = []
    for sid, forenames, surname, aliases, visor, police, other in rows:
        text, sort_name = subject_search_keys(forenames, surname, aliases or [], visor, police, other)
        keys.append({"sid": sid, "text": text, "sort_name": sort_name})
    if keys:
        bind.execute(
            _SUBJECT.update()
            .where(_SUBJECT.c.id == sa.bindparam("sid"))
            .values(search_text=sa.bindparam("text"), sort_name=sa.bindparam("sort_name")),
            keys,
        )
    if bind.dialect.name == "postgresql":
        _server_indexes(bind)


def _server_indexes(bind: sa.Connection) -> None:
    """Index the name order (code point order, as Python sorts) and, where pg_trgm can be had, the search text."""
    bind.exec_driver_sql('CREATE INDEX ix_subject_sort_name ON subject ((sort_name COLLATE "C"), id)')
    try:
        # pg_trgm is a trusted extension: the database's owner may create it. A server without it
        # still searches correctly (a scan), so its absence never stops the upgrade.
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            bind.exec_driver_sql("CREATE INDEX ix_subject_search_text ON subject USING gin (search_text gin_trgm_ops)")
    except sa.exc.DBAPIError as exc:
        log.warning("no trigram index on the register's search text (%s); searches scan instead", exc.orig)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql("DROP INDEX IF EXISTS ix_subject_search_text")
        bind.exec_driver_sql("DROP INDEX IF EXISTS ix_subject_sort_name")
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.drop_column("sort_name")
        batch_op.drop_column("search_text")
