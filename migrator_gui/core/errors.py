"""One error hierarchy for everything Migrator reports to a user.

Every message is written for the person at the keyboard: what went wrong, where, and what to do.
"""

from __future__ import annotations


class MigratorError(Exception):
    """Base of all errors Migrator raises on purpose; ``str(err)`` is shown to the user as is."""


class ProjectError(MigratorError):
    """The alembic project cannot be opened (missing/broken alembic.ini, no script_location)."""


class RevisionLoadError(MigratorError):
    """The versions directory cannot be read as a revision graph (e.g. duplicate revision ids)."""


class RunnerError(MigratorError):
    """An alembic operation in the child process failed.

    ``error_type`` is the exception class name raised in the child, ``details`` its traceback
    (passwords already hidden), shown behind a "Details" button.
    """

    def __init__(self, message: str, error_type: str = "", details: str = "") -> None:
        super().__init__(message)
        self.error_type = error_type
        self.details = details


class DatabaseError(MigratorError):
    """The selected database cannot be reached or read."""
