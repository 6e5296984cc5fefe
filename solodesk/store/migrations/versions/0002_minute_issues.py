"""minute issues, distribution and amendments

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 21:38:38.640951
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "amendment_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=True),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("requested", "agreed", "declined", name="amendmentstatus", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("chair_note", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("applied_in_version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conference.id"],
            name=op.f("fk_amendment_request_conference_id_conference"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendment_request")),
    )
    with op.batch_alter_table("amendment_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_amendment_request_conference_id"), ["conference_id"], unique=False)

    op.create_table(
        "minute_issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("amendments_summary", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conference.id"],
            name=op.f("fk_minute_issue_conference_id_conference"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minute_issue")),
        sa.UniqueConstraint("conference_id", "version", name=op.f("uq_minute_issue_conference_id")),
    )
    with op.batch_alter_table("minute_issue", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minute_issue_conference_id"), ["conference_id"], unique=False)

    op.create_table(
        "distribution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("recipient_name", sa.String(length=200), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("file_name", sa.String(length=400), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_distribution_contact_id_contact"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["issue_id"], ["minute_issue.id"], name=op.f("fk_distribution_issue_id_minute_issue"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_distribution")),
    )
    with op.batch_alter_table("distribution", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_distribution_issue_id"), ["issue_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("distribution", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_distribution_issue_id"))

    op.drop_table("distribution")
    with op.batch_alter_table("minute_issue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minute_issue_conference_id"))

    op.drop_table("minute_issue")
    with op.batch_alter_table("amendment_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_amendment_request_conference_id"))

    op.drop_table("amendment_request")
