"""Migrator: Alembic migrations, visible and safe."""

__version__ = "0.1.0"
