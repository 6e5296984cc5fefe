"""a stable identity (uuid) on every record kind, and the last exchanged form of each record

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03

Handover packs and check-in find "the same record" on another computer by its uuid.
Reports, notes, files and proposed actions have had one since 0004; this gives one to
every other kind. A risk assessment keeps the id packs already knew it by: the one in
``item_identity`` when it arrived in a pack, else the one derived from this store's id
(what :func:`solodesk.services.packs.kinds.item_uuid` gave it), so a preparation pack
written before the upgrade still finds it.
"""

import uuid as uuid_module

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

TABLES = (
    "agency",
    "contact",
    "subject",
    "conference",
    "invitation",
    "agenda_note",
    "victim",
    "risk_assessment",
    "action",
    "decision",
    "disclosure_decision",
    "contingency_item",
    "diversity_need",
    "release_notification",
    "minute_issue",
    "distribution",
    "amendment_request",
)
# The namespace packs derived risk assessments' ids in (solodesk.services.packs.kinds, before 0018).
_PACK_NAMESPACE = uuid_module.UUID("6f1c0d2e-3b7a-5c41-9e58-2d0f4a6b8c10")
STORE_ID_KEY = "store_id"


def upgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        if bind.dialect.name == "postgresql":
            # A volatile default fills every row with its own value as the column is added, without
            # an UPDATE (which a team store's audit trigger would log once per row); it stays, so a row
            # written by another tool (plain SQL, a report writer's import) gets an id too.
            op.add_column(
                table,
                sa.Column("uuid", sa.String(36), nullable=False, server_default=sa.text("gen_random_uuid()::text")),
            )
        else:
            # SQLite adds a NOT NULL column only with a default; every row is then given its own id.
            op.add_column(table, sa.Column("uuid", sa.String(36), nullable=False, server_default=""))
            _fill(bind, table)
        if table == "risk_assessment":
            _keep_pack_ids(bind)
        op.create_index(op.f(f"ix_{table}_uuid"), table, ["uuid"], unique=True)
    op.create_table(
        "exchange_base",
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("uuid", name=op.f("pk_exchange_base")),
    )


def _fill(bind: sa.Connection, table: str) -> None:
    ids = bind.execute(sa.text(f"SELECT id FROM {table}")).scalars().all()  # noqa: S608 - a fixed table name
    if ids:
        bind.execute(
            sa.text(f"UPDATE {table} SET uuid = :uuid WHERE id = :id"),  # noqa: S608
            [{"id": i, "uuid": str(uuid_module.uuid4())} for i in ids],
        )


def _keep_pack_ids(bind: sa.Connection) -> None:
    store_id = bind.info.get(STORE_ID_KEY)
    known: dict[int, str] = dict(
        bind.execute(sa.text("SELECT entity_id, uuid FROM item_identity WHERE entity = 'risk_assessment'")).all()
    )
    ids = bind.execute(sa.text("SELECT id FROM risk_assessment")).scalars().all()
    updates = []
    for record_id in ids:
        if record_id in known:
            updates.append({"id": record_id, "uuid": known[record_id]})
        elif store_id:
            derived = uuid_module.uuid5(_PACK_NAMESPACE, f"{store_id}:risk_assessment:{record_id}")
            updates.append({"id": record_id, "uuid": str(derived)})
    if updates:
        bind.execute(sa.text("UPDATE risk_assessment SET uuid = :uuid WHERE id = :id"), updates)


def downgrade() -> None:
    op.drop_table("exchange_base")
    for table in reversed(TABLES):
        op.drop_index(op.f(f"ix_{table}_uuid"), table_name=table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("uuid")
