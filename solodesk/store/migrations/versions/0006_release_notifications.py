"""release notifications (Circular 18) and referrals about a subject

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _contact_fk(column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], ["contact.id"], name=op.f(f"fk_release_notification_{column}_contact"), ondelete="SET NULL"
    )


def upgrade() -> None:
    # One new table: older rows are untouched, and the whole revision runs in the
    # migration's single transaction, so a failure leaves the store at 0005.
    op.create_table(
        "release_notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("circular_18", "referral", name="notificationkind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("from_whom", sa.String(length=200), nullable=False),
        sa.Column("from_contact_id", sa.Integer(), nullable=True),
        sa.Column("release_date", sa.Date(), nullable=True),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("order_or_licence", sa.Text(), nullable=False),
        sa.Column("supervising_officer", sa.String(length=200), nullable=False),
        sa.Column("supervising_officer_id", sa.Integer(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subject.id"], name=op.f("fk_release_notification_subject_id_subject"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conference.id"],
            name=op.f("fk_release_notification_conference_id_conference"),
            ondelete="SET NULL",
        ),
        _contact_fk("from_contact_id"),
        _contact_fk("supervising_officer_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_notification")),
    )
    with op.batch_alter_table("release_notification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_release_notification_subject_id"), ["subject_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_release_notification_release_date"), ["release_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_release_notification_conference_id"), ["conference_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("release_notification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_release_notification_conference_id"))
        batch_op.drop_index(batch_op.f("ix_release_notification_release_date"))
        batch_op.drop_index(batch_op.f("ix_release_notification_subject_id"))
    op.drop_table("release_notification")
