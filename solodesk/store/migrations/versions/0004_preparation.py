"""conference preparation: agency reports, attachments, case notes, proposed actions, item identities

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_PLAN_AREAS = ("supervision", "monitoring_control", "interventions", "victim_safety", "contingency")


def _uuid_column() -> sa.Column[str]:
    return sa.Column("uuid", sa.String(length=36), nullable=False)


def _timestamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _subject_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["subject_id"], ["subject.id"], name=op.f(f"fk_{table}_subject_id_subject"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "item_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        _uuid_column(),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_identity")),
        sa.UniqueConstraint("entity", "entity_id", name=op.f("uq_item_identity_entity")),
        sa.UniqueConstraint("uuid", name=op.f("uq_item_identity_uuid")),
    )
    op.create_table(
        "case_note",
        sa.Column("id", sa.Integer(), nullable=False),
        _uuid_column(),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("background", "chronology", "victim", name="notekind", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("happened_on", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        *_timestamps(),
        _subject_fk("case_note"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_note")),
        sa.UniqueConstraint("uuid", name=op.f("uq_case_note_uuid")),
    )
    op.create_index(op.f("ix_case_note_subject_id"), "case_note", ["subject_id"], unique=False)
    op.create_table(
        "proposed_action",
        sa.Column("id", sa.Integer(), nullable=False),
        _uuid_column(),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_name", sa.String(length=200), nullable=False),
        sa.Column("owner_agency", sa.String(length=200), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("plan_area", sa.Enum(*_PLAN_AREAS, name="planarea", native_enum=False, length=40), nullable=False),
        sa.Column("proposed_by", sa.String(length=200), nullable=False),
        *_timestamps(),
        _subject_fk("proposed_action"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposed_action")),
        sa.UniqueConstraint("uuid", name=op.f("uq_proposed_action_uuid")),
    )
    op.create_index(op.f("ix_proposed_action_subject_id"), "proposed_action", ["subject_id"], unique=False)
    op.create_table(
        "agency_report",
        sa.Column("id", sa.Integer(), nullable=False),
        _uuid_column(),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conference.id"],
            name=op.f("fk_agency_report_conference_id_conference"),
            ondelete="SET NULL",
        ),
        _subject_fk("agency_report"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_report")),
        sa.UniqueConstraint("uuid", name=op.f("uq_agency_report_uuid")),
    )
    op.create_index(op.f("ix_agency_report_subject_id"), "agency_report", ["subject_id"], unique=False)
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        _uuid_column(),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=260), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["agency_report.id"],
            name=op.f("fk_attachment_report_id_agency_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
        sa.UniqueConstraint("uuid", name=op.f("uq_attachment_uuid")),
    )
    op.create_index(op.f("ix_attachment_report_id"), "attachment", ["report_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_attachment_report_id"), table_name="attachment")
    op.drop_table("attachment")
    op.drop_index(op.f("ix_agency_report_subject_id"), table_name="agency_report")
    op.drop_table("agency_report")
    op.drop_index(op.f("ix_proposed_action_subject_id"), table_name="proposed_action")
    op.drop_table("proposed_action")
    op.drop_index(op.f("ix_case_note_subject_id"), table_name="case_note")
    op.drop_table("case_note")
    op.drop_table("item_identity")
