"""The Migrator demo shop: SQLAlchemy models used by the bundled demo alembic project."""
