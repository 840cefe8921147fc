"""The runner's messages travel as English plus translatable data (``Error.text``, ``Log.text``):
the child has no translator, the parent renders them with ``core.text.from_data``."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from migrator_gui.core import protocol
from migrator_gui.core.text import QT_TRANSLATE_NOOP, Text, from_data, to_data
from tests.db_fixtures import copy_fixture
from tests.runner.conftest import revision_chain, run_child


def _rebuilt(data: object) -> Text:
    text = from_data(data)
    assert isinstance(text, Text), data
    return text


def _texts(text: Text) -> list[Text]:
    """``text`` and every Text nested in its arguments."""
    found = [text]
    for value in text.args.values():
        if isinstance(value, Text):
            found += _texts(value)
    return found


def _strings(data: object) -> list[str]:
    """Every string argument in ``to_data``'s dict, nested ones included."""
    assert isinstance(data, dict)
    found: list[str] = []
    for value in data["args"].values():
        if isinstance(value, dict):
            found += _strings(value)
        elif isinstance(value, str):
            found.append(value)
    return found


@pytest.mark.server
@pytest.mark.parametrize("server", ["postgres_url", "mariadb_url"])
def test_a_held_lock_sends_its_message_as_text(
    server: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    db_url = str(request.getfixturevalue(server))
    project = copy_fixture("default_template", tmp_path)
    engine = sa.create_engine(db_url, poolclass=NullPool)
    try:
        with engine.connect() as holder:
            if engine.dialect.name == "postgresql":
                holder.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": 0x4D49475241544F52})
            else:
                name = "migrator-gui:" + (sa.make_url(db_url).database or "")
                holder.execute(sa.text("SELECT GET_LOCK(:n, 0)"), {"n": name})
            run = run_child(project, "upgrade", db_url)
    finally:
        engine.dispose()
    assert run.returncode == 1
    error = run.error
    assert error.type == "MigrationLockedError"
    text = _rebuilt(error.text)
    assert text == error.message
    assert text.context == "Runner"
    assert text.source == (
        "Another migration is running on {database}{holder}. Nothing was run; wait for it to "
        "finish, or cancel it."
    )
    holder_text = text.args["holder"]
    assert isinstance(holder_text, Text) and holder_text.context == "Runner"
    assert "{session}" in holder_text.source
    # the URL is shown without its password
    password = sa.make_url(db_url).password
    if password:
        assert str(password) not in json.dumps(error.text)


def test_an_env_py_error_sends_its_message_as_text_without_the_password(
    postgres_url: str, tmp_path: Path
) -> None:
    project = copy_fixture("default_template", tmp_path)
    env_py = next(project.glob("*/env.py"))
    env_py.write_text(
        textwrap.dedent(
            """
            from alembic import context as _ctx
            raise RuntimeError("leaking " + _ctx.config.get_main_option("sqlalchemy.url"))
            """
        )
        + env_py.read_text()
    )
    url = str(
        sa.make_url(postgres_url).set(password="p@ss w%rd!").render_as_string(hide_password=False)
    )
    run = run_child(project, "upgrade", url)
    assert run.returncode == 1
    error = run.error
    text = _rebuilt(error.text)
    assert text == error.message
    assert text.context == "Runner" and text.source == "{type}: {message}{where}"
    assert text.args["type"] == "RuntimeError"
    where = text.args["where"]
    assert isinstance(where, Text) and where.source == " (at {location})"
    assert where.args["location"].startswith("migrations/env.py:")
    assert all(t.context == "Runner" for t in _texts(text))
    # the password is hidden in the arguments too (every spelling of it)
    assert "***" in text.args["message"]
    everything = json.dumps(error.text, ensure_ascii=False)
    for form in ("p@ss w%rd!", "p%40ss+w%25rd%21", "p%40ss%20w%25rd%21"):
        assert form not in everything
        assert all(form not in s for s in _strings(error.text))


def test_an_unknown_target_sends_its_message_as_text(sqlite_url: str, tmp_path: Path) -> None:
    project = copy_fixture("default_template", tmp_path)
    run = run_child(project, "upgrade", sqlite_url, target="abcdef999999")
    assert run.returncode == 1
    text = _rebuilt(run.error.text)
    assert text == run.error.message
    assert text.context == "Runner"
    assert text.source.startswith("No revision '{revision}' in versions/.")
    assert text.args == {"revision": "abcdef999999"}


def test_the_runners_own_warnings_are_texts_and_alembics_lines_are_not(
    sqlite_url: str, tmp_path: Path
) -> None:
    project = copy_fixture("fastapi_style", tmp_path)
    run = run_child(project, "upgrade", sqlite_url)
    assert run.returncode == 0, run.text()
    (warning,) = [e for e in run.of(protocol.Log) if "env.py asked for" in e.message]
    text = _rebuilt(warning.text)
    assert text == warning.message and text.context == "Runner"
    assert text.args["asked"] == "sqlite:///./fastapi_app.db"
    alembic_lines = [e for e in run.of(protocol.Log) if e.logger.startswith("alembic")]
    assert alembic_lines and all(e.text is None for e in alembic_lines)


def test_a_direction_revision_sql_cannot_render_sends_its_error_as_text(
    sqlite_url: str, tmp_path: Path
) -> None:
    project = copy_fixture("default_template", tmp_path)
    middle = revision_chain(project)[1]
    env_py = project / "migrations" / "env.py"
    env_py.write_text(
        env_py.read_text().replace(
            "if context.is_offline_mode():\n    run_migrations_offline()",
            "if context.is_offline_mode():\n    pass",
        )
    )
    run = run_child(project, "revision_sql", sqlite_url, target=middle)
    assert run.returncode == 0, run.text()
    parts = run.of(protocol.RevisionSql)
    assert len(parts) == 2
    for part in parts:
        text = _rebuilt(part.error_text)
        assert text == part.error and text.context == "Runner"
        assert text.source.startswith("env.py never ran the migrations in offline mode")


# --------------------------------------------------------------------------------------------
# the protocol side


def test_scrub_event_hides_the_password_in_nested_text_arguments() -> None:
    scrubber = protocol.Scrubber(["hunter2-secret"])
    inner = QT_TRANSLATE_NOOP("Runner", "the server {address}").format(
        address="db.example:5432 hunter2-secret"
    )
    message = QT_TRANSLATE_NOOP("Runner", "env.py connected to {elsewhere}; {url}").format(
        elsewhere=inner, url="postgresql://me:hunter2-secret@db/app", count=3
    )
    event = protocol.Error(type="X", message=str(message), text=to_data(message))
    scrubbed = protocol.scrub_event(event, scrubber)
    assert isinstance(scrubbed, protocol.Error) and scrubbed.text is not None
    assert "hunter2" not in json.dumps(scrubbed.text) and "hunter2" not in scrubbed.message
    rebuilt = _rebuilt(scrubbed.text)
    assert rebuilt.source == message.source and rebuilt.args["count"] == 3
    assert rebuilt == scrubbed.message
    assert event.text == to_data(message)  # the original event is untouched (a new one)

    log = protocol.Log(level="WARNING", logger="migrator", message="x", text=to_data(inner))
    assert "hunter2" not in json.dumps(protocol.scrub_event(log, scrubber).text)
    plain = protocol.Log(level="INFO", logger="alembic", message="hunter2-secret")
    assert protocol.scrub_event(plain, scrubber).text is None


def test_text_fields_travel_and_decoding_stays_tolerant() -> None:
    message = QT_TRANSLATE_NOOP("Runner", "Cancelled by the user after {count} step(s).").format(
        count=2
    )
    event = protocol.Error(type="RunCancelled", message=str(message), text=to_data(message))
    decoded = protocol.decode_event(protocol.encode_event(event))
    assert decoded == event and _rebuilt(decoded.text) == message  # type: ignore[union-attr]
    # an older child (no text) and an unreadable text both decode, without text
    old = json.dumps({"event": "error", "type": "X", "message": "m"})
    assert protocol.decode_event(old).text is None  # type: ignore[union-attr]
    odd = json.dumps({"event": "log", "level": "INFO", "logger": "l", "message": "m", "text": 3})
    assert protocol.decode_event(odd).text is None  # type: ignore[union-attr]
    assert protocol.PROTOCOL_VERSION == 5
