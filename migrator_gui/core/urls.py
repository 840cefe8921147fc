"""Database URLs as Migrator shows them: never with a password."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from migrator_gui.core.text import QT_TRANSLATE_NOOP


def _hide_userinfo_password(url: str) -> str:
    """Mask everything between the user's ":" and the LAST "@" before the query, so a password
    with unencoded "@", ":" or "/" in it (p@ss:w/rd) is hidden whole, never in pieces."""
    text = url.strip()
    sep = text.find("://")
    if sep < 0:
        return text
    start = sep + 3
    query = text.find("?", start)
    end = len(text) if query < 0 else query
    at = text.rfind("@", start, end)
    if at < 0:
        return text
    colon = text.find(":", start, at)
    if colon < 0:
        return text
    return f"{text[:colon]}:***{text[at:]}"


def redact_url(url: str) -> str:
    """``url`` with its password replaced by ``***``, also when SQLAlchemy cannot parse it."""
    masked = _hide_userinfo_password(url)
    try:
        return make_url(masked).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return masked


def check_url(url: str) -> str | None:
    """A message saying what is wrong with ``url``, or None when SQLAlchemy can parse it.

    The parser's own message is not repeated: it may quote part of the password.
    """
    text = url.strip()
    if not text:
        return QT_TRANSLATE_NOOP(
            "Urls", "Enter a database URL, e.g. sqlite:///app.db or postgresql://user@host/db."
        )
    try:
        parsed = make_url(text)
        parsed.port  # noqa: B018 - a bad port only fails when read
    except (ArgumentError, ValueError):
        return QT_TRANSLATE_NOOP(
            "Urls",
            "'{url}' is not a database URL. The form is "
            "dialect+driver://user:password@host:port/database; special characters in the "
            "password (@ : / %) must be percent-encoded (@ is %40).",
        ).format(url=redact_url(text))
    if "@" in (parsed.host or "") or "@" in (parsed.database or ""):
        return QT_TRANSLATE_NOOP(
            "Urls",
            "'{url}' has an '@' that is not percent-encoded: write @ in a password "
            "as %40 (and : as %3A, / as %2F).",
        ).format(url=redact_url(text))
    if parsed.drivername in ("driver", "dialect+driver"):
        return QT_TRANSLATE_NOOP(
            "Urls",
            "'{url}' is alembic.ini's placeholder, not a database: enter the URL "
            "of the database to migrate.",
        ).format(url=redact_url(text))
    return None


def describe_database(url: str) -> str:
    """A short name for the database in messages: ``demo.db``, ``shop on 127.0.0.1:5432``."""
    try:
        parsed = make_url(_hide_userinfo_password(url))
        port = f":{parsed.port}" if parsed.port else ""
    except (ArgumentError, ValueError):
        return redact_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    host = parsed.host or "localhost"
    database = parsed.database or QT_TRANSLATE_NOOP("Urls", "(default)")
    return QT_TRANSLATE_NOOP("Urls", "{database} on {host}{port}").format(
        database=database, host=host, port=port
    )
