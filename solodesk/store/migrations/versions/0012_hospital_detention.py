"""hospital detention of restricted patients on the subject (MAPPA minute 2.2 row 8)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Defaults read as "not a restricted patient, nothing recorded", so older subjects need no
    # back-filling; the revision runs inside the migration's single transaction (all or nothing).
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.add_column(sa.Column("restricted_patient", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("hospital_detention", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("hospital_detention_by", sa.String(length=200), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.drop_column("hospital_detention_by")
        batch_op.drop_column("hospital_detention")
        batch_op.drop_column("restricted_patient")
