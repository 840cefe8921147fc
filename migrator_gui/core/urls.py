"""Database URLs as Migrator shows them: never with a password."""

from __future__ import annotations

import re

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

_PASSWORD_IN_URL = re.compile(r"(://[^:/@\s]+:)([^@\s]+)(@)")


def redact_url(url: str) -> str:
    """``url`` with its password replaced by ``***``, also when SQLAlchemy cannot parse it."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _PASSWORD_IN_URL.sub(r"\1***\3", url)


def check_url(url: str) -> str | None:
    """A message saying what is wrong with ``url``, or None when SQLAlchemy can parse it."""
    text = url.strip()
    if not text:
        return "Enter a database URL, e.g. sqlite:///app.db or postgresql://user@host/db."
    try:
        parsed = make_url(text)
    except (ArgumentError, ValueError) as exc:
        return f"Not a database URL: {exc}"
    if parsed.drivername in ("driver", "dialect+driver"):
        return (
            f"'{redact_url(text)}' is alembic.ini's placeholder, not a database: enter the URL "
            "of the database to migrate."
        )
    return None


def describe_database(url: str) -> str:
    """A short name for the database in messages: ``demo.db``, ``shop on 127.0.0.1:5432``."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return redact_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.database or '(default)'} on {host}{port}"
