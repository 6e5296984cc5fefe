"""edit versions: version, changed_by and changed_at on the rows chair mode edits (working together)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# The rows chair mode edits: a second person's save is checked against what the first one saved.
TABLES = (
    "conference",
    "invitation",
    "agenda_note",
    "subject",
    "victim",
    "risk_assessment",
    "action",
    "decision",
    "disclosure_decision",
    "contingency_item",
    "diversity_need",
    "release_notification",
)


def upgrade() -> None:
    # Existing rows start at version 1 with no known saver or time ("changed by someone earlier").
    # SQLite adds a column with a constant default in place, so no table is rebuilt (a batch copy of
    # twelve tables would be slow on a large store); every ALTER runs inside the migration's single
    # transaction, so the revision is all or nothing on SQLite and on PostgreSQL alike.
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")))
        op.add_column(table, sa.Column("changed_by", sa.String(length=100), nullable=False, server_default=""))
        op.add_column(table, sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("changed_at")
            batch_op.drop_column("changed_by")
            batch_op.drop_column("version")
