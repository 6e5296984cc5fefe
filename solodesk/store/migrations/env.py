"""Alembic environment: always run programmatically on an open connection.

The caller (:func:`solodesk.store.migrate.upgrade`) has already begun the one
SQLite transaction the whole upgrade runs in; Alembic sees it as an external
transaction and neither commits nor begins one per revision.
``transactional_ddl`` tells Alembic that SQLite's DDL is transactional (it is,
once the driver stops auto-committing it).
"""

from alembic import context

from solodesk.models import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=config.attributes.get("target_metadata", Base.metadata),
    render_as_batch=True,
    compare_type=True,
    transactional_ddl=True,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
