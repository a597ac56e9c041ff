"""Alembic migrations of the store schema (run by `store.migrate.upgrade` when a store opens)."""
