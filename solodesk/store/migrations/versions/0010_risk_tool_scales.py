"""risk assessments keep each tool's own scales (results by scale key) instead of two fixed bands

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-02
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None

# The two fixed bands become scale keys; risk_tools prints them by name
# ("Sexual reconviction (RM2000/S)" for Risk Matrix 2000, "Risk of harm" otherwise).
_BANDS = (("reconviction_band", "reconviction"), ("harm_band", "harm"))


def upgrade() -> None:
    # Add, copy, drop: all in the migration's one transaction, so a failure leaves the store at 0008.
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("results", sa.JSON(), nullable=False, server_default="{}"))
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, reconviction_band, harm_band FROM risk_assessment")).all()
    for row in rows:
        results = {key: value for (_column, key), value in zip(_BANDS, row[1:], strict=True) if value and value.strip()}
        if results:
            connection.execute(
                sa.text("UPDATE risk_assessment SET results = :results WHERE id = :id"),
                {"results": json.dumps(results, ensure_ascii=False), "id": row[0]},
            )
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.drop_column("reconviction_band")
        batch_op.drop_column("harm_band")


def downgrade() -> None:
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reconviction_band", sa.String(length=60), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("harm_band", sa.String(length=60), nullable=False, server_default=""))
    connection = op.get_bind()
    for row in connection.execute(sa.text("SELECT id, results FROM risk_assessment")).all():
        # SQLite hands JSON back as text; PostgreSQL (psycopg) as the decoded value.
        results = json.loads(row[1] or "{}") if row[1] is None or isinstance(row[1], str) else row[1]
        connection.execute(
            sa.text("UPDATE risk_assessment SET reconviction_band = :r, harm_band = :h WHERE id = :id"),
            {"r": str(results.get("reconviction", ""))[:60], "h": str(results.get("harm", ""))[:60], "id": row[0]},
        )
    with op.batch_alter_table("risk_assessment", schema=None) as batch_op:
        batch_op.drop_column("results")
