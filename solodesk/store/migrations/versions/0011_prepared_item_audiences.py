"""proposed actions and attached files can be restricted, each with its own audience

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

Until this revision a proposed action could not be restricted, and an attached file went
wherever its report went. Both now carry ``restricted`` and an ``audience`` like every other
restricted item. Existing rows become open (not restricted) with the empty audience: an
attachment of a restricted report still reaches only the report's audience, because a file
is shown only to people who may see both its report and the file itself; so no copy or pack
changes what it shows.

Both columns are added inside the migration's single transaction: a failure leaves the store
at 0010 with its data.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TABLES = ("proposed_action", "attachment")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("restricted", sa.Boolean(), nullable=False, server_default=sa.false()))
        op.add_column(table, sa.Column("audience", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("audience")
            batch_op.drop_column("restricted")
