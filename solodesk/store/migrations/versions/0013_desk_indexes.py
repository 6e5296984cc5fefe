"""desk: each owner's open actions indexed by due date (issue 13)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# As in solodesk.models.plan (OPEN_ACTION_CONDITION), written out: a revision keeps the
# schema of its day even if the models change later.
_OPEN = "status NOT IN ('completed', 'not_done', 'withdrawn')"


def upgrade() -> None:
    # A partial index (open actions only): the desk counts and lists each owner's open actions
    # from it in due-date then id order, where it sorted every open action on each refresh. It
    # runs inside the migration's single transaction (all or nothing).
    op.create_index(
        "ix_action_open_by_owner",
        "action",
        ["owner_id", "owner_agency_id", "due_date", "id", "subject_id"],
        sqlite_where=sa.text(_OPEN),
        postgresql_where=sa.text(_OPEN),
    )


def downgrade() -> None:
    op.drop_index("ix_action_open_by_owner", table_name="action")
