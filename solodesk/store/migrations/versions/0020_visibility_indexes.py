"""indexes on who a case is allocated to and who minutes a meeting (a team store's row policies)

A worker's and an assistant's row policies (``solodesk_my_subjects``, ``solodesk_my_conferences``)
look up the cases allocated to the person and the meetings they take the minute of, once per
statement: with these indexes that is a few index entries instead of a scan of every case.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03
"""

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_subject_case_worker_id"), "subject", ["case_worker_id"], unique=False)
    op.create_index(op.f("ix_conference_minute_taker_id"), "conference", ["minute_taker_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_conference_minute_taker_id"), table_name="conference")
    op.drop_index(op.f("ix_subject_case_worker_id"), table_name="subject")
