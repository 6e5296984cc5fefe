"""subject case status (in custody / active / closed) for the register's filter

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "case_status",
                sa.Enum("in_custody", "active", "closed", name="casestatus", native_enum=False, length=40),
                nullable=False,
                server_default="active",
            )
        )
        batch_op.create_index(batch_op.f("ix_subject_case_status"), ["case_status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subject_case_status"))
        batch_op.drop_column("case_status")
