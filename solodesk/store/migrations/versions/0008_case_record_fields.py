"""case record fields for the minute: ethnicity, sentence dates, diversity needs, contingency, level decision

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _text(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def upgrade() -> None:
    # Every new column has a default that reads as "not recorded", so older rows need no
    # back-filling; the whole revision runs in the migration's single transaction, so a
    # failure leaves the store at 0007 with its data.
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ethnicity", sa.String(length=120), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("address_area", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(_text("sentence"))
        batch_op.add_column(sa.Column("sentenced_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("order_ends_on", sa.Date(), nullable=True))
    with op.batch_alter_table("conference", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actual_start", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("actual_end", sa.Time(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "level_decision",
                sa.Enum("set", "kept", "raised", "lowered", name="leveldecision", native_enum=False, length=40),
                nullable=True,
            )
        )
        batch_op.add_column(_text("level_reason"))
        batch_op.add_column(_text("exit_criteria"))
        batch_op.add_column(
            sa.Column(
                "address_on_minute",
                sa.Enum("area", "full", "none", name="addressonminute", native_enum=False, length=40),
                nullable=False,
                server_default="area",
            )
        )
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.add_column(_text("agency_update"))
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.add_column(_text("reason"))
    with op.batch_alter_table("disclosure_decision", schema=None) as batch_op:
        batch_op.add_column(_text("legal_route"))
    op.create_table(
        "contingency_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("warning_sign", sa.Text(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conference.id"],
            name=op.f("fk_contingency_item_conference_id_conference"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contingency_item")),
    )
    op.create_table(
        "diversity_need",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("need", sa.Text(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subject.id"], name=op.f("fk_diversity_need_subject_id_subject"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diversity_need")),
    )
    with op.batch_alter_table("contingency_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contingency_item_conference_id"), ["conference_id"], unique=False)
    with op.batch_alter_table("diversity_need", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_diversity_need_subject_id"), ["subject_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("diversity_need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_diversity_need_subject_id"))
    with op.batch_alter_table("contingency_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contingency_item_conference_id"))
    op.drop_table("diversity_need")
    op.drop_table("contingency_item")
    for table, columns in (
        ("disclosure_decision", ("legal_route",)),
        ("action", ("reason",)),
        ("invitation", ("agency_update",)),
        (
            "conference",
            ("address_on_minute", "exit_criteria", "level_reason", "level_decision", "actual_end", "actual_start"),
        ),
        ("subject", ("order_ends_on", "sentenced_on", "sentence", "address_area", "ethnicity")),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_column(column)
