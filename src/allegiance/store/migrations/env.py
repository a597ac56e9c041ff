"""Alembic environment: migrations run on the connection `store.migrate` hands over, inside its
transaction; nothing here reads an ini file or a URL."""

from alembic import context

from allegiance.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
