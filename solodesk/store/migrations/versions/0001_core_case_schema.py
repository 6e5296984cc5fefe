"""core case schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 21:38:37.950831
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "police",
                "criminal_justice_sw",
                "children_and_families",
                "housing",
                "prison",
                "health",
                "voluntary",
                "accommodation",
                "employment",
                "other",
                name="agencykind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("phone", sa.String(length=60), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency")),
        sa.UniqueConstraint("name", name=op.f("uq_agency_name")),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("entity", sa.String(length=80), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_at"), ["at"], unique=False)

    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=60), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("is_solo", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_contact_agency_id_agency"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_name"), ["name"], unique=False)

    op.create_table(
        "subject",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forenames", sa.String(length=200), nullable=False),
        sa.Column("surname", sa.String(length=200), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("gender", sa.String(length=60), nullable=False),
        sa.Column("current_address", sa.Text(), nullable=False),
        sa.Column("proposed_address", sa.Text(), nullable=False),
        sa.Column(
            "legal_status",
            sa.Enum("convicted", "alleged", "concern_only", name="legalstatus", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("offence_summary", sa.Text(), nullable=False),
        sa.Column("registered", sa.Boolean(), nullable=False),
        sa.Column("notification_requirements", sa.Text(), nullable=False),
        sa.Column(
            "mappa_category",
            sa.Enum(
                "category_1",
                "category_2",
                "category_3",
                "not_mappa",
                name="mappacategory",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "management_level",
            sa.Enum("level_1", "level_2", "level_3", name="managementlevel", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("order_conditions", sa.Text(), nullable=False),
        sa.Column("warning_flags", sa.JSON(), nullable=False),
        sa.Column("visor_ref", sa.String(length=60), nullable=False),
        sa.Column("police_ref", sa.String(length=60), nullable=False),
        sa.Column("other_refs", sa.String(length=200), nullable=False),
        sa.Column("case_worker_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_worker_id"], ["contact.id"], name=op.f("fk_subject_case_worker_id_contact"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject")),
    )
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subject_surname"), ["surname"], unique=False)
        batch_op.create_index(batch_op.f("ix_subject_visor_ref"), ["visor_ref"], unique=False)

    op.create_table(
        "conference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("initial", "review", "emergency", name="conferencetype", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "invited",
                "held",
                "minute_drafted",
                "issued",
                "amended",
                name="conferencestatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("previous_conference_id", sa.Integer(), nullable=True),
        sa.Column("meeting_date", sa.Date(), nullable=True),
        sa.Column("meeting_time", sa.Time(), nullable=True),
        sa.Column("venue", sa.String(length=300), nullable=False),
        sa.Column("chair_id", sa.Integer(), nullable=True),
        sa.Column("minute_taker_id", sa.Integer(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("reasons_other", sa.Text(), nullable=False),
        sa.Column("confidentiality_agreed", sa.Boolean(), nullable=False),
        sa.Column("previous_minute_accurate", sa.Boolean(), nullable=True),
        sa.Column("previous_minute_amendments", sa.Text(), nullable=False),
        sa.Column("dynamic_factors", sa.Text(), nullable=False),
        sa.Column("who_is_at_risk", sa.Text(), nullable=False),
        sa.Column(
            "risk_level",
            sa.Enum("low", "medium", "high", "very_high", name="risklevel", native_enum=False, length=40),
            nullable=True,
        ),
        sa.Column("risk_rationale", sa.Text(), nullable=False),
        sa.Column("next_date", sa.Date(), nullable=True),
        sa.Column("next_time", sa.Time(), nullable=True),
        sa.Column("next_venue", sa.String(length=300), nullable=False),
        sa.Column("not_reconvening_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chair_id"], ["contact.id"], name=op.f("fk_conference_chair_id_contact"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["minute_taker_id"], ["contact.id"], name=op.f("fk_conference_minute_taker_id_contact"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["previous_conference_id"],
            ["conference.id"],
            name=op.f("fk_conference_previous_conference_id_conference"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subject.id"], name=op.f("fk_conference_subject_id_subject"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conference")),
    )
    with op.batch_alter_table("conference", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conference_meeting_date"), ["meeting_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_conference_subject_id"), ["subject_id"], unique=False)

    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("raised_at_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("owner_agency_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "plan_area",
            sa.Enum(
                "supervision",
                "monitoring_control",
                "interventions",
                "victim_safety",
                "contingency",
                name="planarea",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "ongoing",
                "completed",
                "not_done",
                "withdrawn",
                name="actionstatus",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("reviewed_at_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_agency_id"], ["agency.id"], name=op.f("fk_action_owner_agency_id_agency"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["contact.id"], name=op.f("fk_action_owner_id_contact"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["raised_at_id"], ["conference.id"], name=op.f("fk_action_raised_at_id_conference"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_at_id"], ["conference.id"], name=op.f("fk_action_reviewed_at_id_conference"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subject.id"], name=op.f("fk_action_subject_id_subject"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_raised_at_id"), ["raised_at_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_subject_id"), ["subject_id"], unique=False)

    op.create_table(
        "agenda_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column(
            "item",
            sa.Enum(
                "introductions",
                "apologies",
                "previous_minute",
                "purpose",
                "victim_issues",
                "risk_assessment",
                "action_plan",
                "next_meeting",
                name="agendaitem",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("restricted_notes", sa.Text(), nullable=False),
        sa.Column("completed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conference.id"],
            name=op.f("fk_agenda_note_conference_id_conference"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_note")),
        sa.UniqueConstraint("conference_id", "item", name=op.f("uq_agenda_note_conference_id")),
    )
    with op.batch_alter_table("agenda_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_note_conference_id"), ["conference_id"], unique=False)

    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column(
            "item",
            sa.Enum(
                "introductions",
                "apologies",
                "previous_minute",
                "purpose",
                "victim_issues",
                "risk_assessment",
                "action_plan",
                "next_meeting",
                name="agendaitem",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("dissent", sa.Text(), nullable=False),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conference_id"], ["conference.id"], name=op.f("fk_decision_conference_id_conference"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_conference_id"), ["conference_id"], unique=False)

    op.create_table(
        "disclosure_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("to_whom", sa.Text(), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("authority", sa.Text(), nullable=False),
        sa.Column("disclose", sa.Boolean(), nullable=False),
        sa.Column("discloses_registration", sa.Boolean(), nullable=False),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conference.id"],
            name=op.f("fk_disclosure_decision_conference_id_conference"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_decision")),
    )
    with op.batch_alter_table("disclosure_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disclosure_decision_conference_id"), ["conference_id"], unique=False)

    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("invited_on", sa.Date(), nullable=True),
        sa.Column(
            "method",
            sa.Enum(
                "secure_email",
                "email",
                "post",
                "phone",
                "in_person",
                name="invitationmethod",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "response",
            sa.Enum("awaiting", "accepted", "apologies", name="invitationresponse", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column(
            "attendance",
            sa.Enum("unknown", "present", "apologies", "absent", name="attendance", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("arrived_late", sa.Boolean(), nullable=False),
        sa.Column("left_early", sa.Boolean(), nullable=False),
        sa.Column("report_submitted", sa.Boolean(), nullable=False),
        sa.Column("restricted_clearance", sa.Boolean(), nullable=False),
        sa.Column("receives_minute", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conference.id"],
            name=op.f("fk_invitation_conference_id_conference"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_invitation_contact_id_contact"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("conference_id", "contact_id", name=op.f("uq_invitation_conference_id")),
    )
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invitation_conference_id"), ["conference_id"], unique=False)

    op.create_table(
        "risk_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=True),
        sa.Column("tool", sa.String(length=120), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("assessor", sa.String(length=200), nullable=False),
        sa.Column("reconviction_band", sa.String(length=60), nullable=False),
        sa.Column("harm_band", sa.String(length=60), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conference.id"],
            name=op.f("fk_risk_assessment_conference_id_conference"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subject.id"], name=op.f("fk_risk_assessment_subject_id_subject"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_assessment")),
    )
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_assessment_subject_id"), ["subject_id"], unique=False)

    op.create_table(
        "victim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind", sa.Enum("known", "potential", name="victimkind", native_enum=False, length=40), nullable=False
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("relationship_to_subject", sa.String(length=200), nullable=False),
        sa.Column("where_they_live", sa.Text(), nullable=False),
        sa.Column("child_protection", sa.Boolean(), nullable=False),
        sa.Column("contact_restrictions", sa.Text(), nullable=False),
        sa.Column("exclusion_area", sa.Text(), nullable=False),
        sa.Column("safety_measures", sa.Text(), nullable=False),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conference_id"], ["conference.id"], name=op.f("fk_victim_conference_id_conference"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_victim")),
    )
    with op.batch_alter_table("victim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_victim_conference_id"), ["conference_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("victim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_victim_conference_id"))

    op.drop_table("victim")
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_assessment_subject_id"))

    op.drop_table("risk_assessment")
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitation_conference_id"))

    op.drop_table("invitation")
    with op.batch_alter_table("disclosure_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosure_decision_conference_id"))

    op.drop_table("disclosure_decision")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_conference_id"))

    op.drop_table("decision")
    with op.batch_alter_table("agenda_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_note_conference_id"))

    op.drop_table("agenda_note")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_subject_id"))
        batch_op.drop_index(batch_op.f("ix_action_status"))
        batch_op.drop_index(batch_op.f("ix_action_raised_at_id"))

    op.drop_table("action")
    with op.batch_alter_table("conference", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conference_subject_id"))
        batch_op.drop_index(batch_op.f("ix_conference_meeting_date"))

    op.drop_table("conference")
    with op.batch_alter_table("subject", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subject_visor_ref"))
        batch_op.drop_index(batch_op.f("ix_subject_surname"))

    op.drop_table("subject")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_name"))

    op.drop_table("contact")
    op.drop_table("setting")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_at"))

    op.drop_table("audit_event")
    op.drop_table("agency")
