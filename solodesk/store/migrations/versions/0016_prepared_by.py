"""who prepared each report, note and proposed action (a team store's login)

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None

_TABLES = ("agency_report", "case_note", "proposed_action")


def upgrade() -> None:
    # Empty for everything written before: in a laptop store nobody else reads it, and on a
    # team store the row policies then fall back on the item's audience alone.
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("created_by", sa.String(length=200), nullable=False, server_default=""))


def downgrade() -> None:
    for table in reversed(_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("created_by")
