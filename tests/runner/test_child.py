"""runner/child.py, run as a real subprocess against real databases.

Database state is always checked with alembic's own API (tests.db_fixtures.current_heads).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from migrator_gui.core import protocol
from tests.db_fixtures import copy_fixture, current_heads, has_table
from tests.runner.conftest import CHILD, make_request, parse, revision_chain, run_child


def _backend(url: str) -> str:
    return sa.make_url(url).get_backend_name()


# --------------------------------------------------------------------------------------------
# upgrade / downgrade / stamp / status on every database


def test_upgrade_status_downgrade_stamp(db_url: str, tmp_path: Path) -> None:
    project = copy_fixture("default_template", tmp_path)
    base, middle, head = revision_chain(project)

    run = run_child(project, "upgrade", db_url, target="heads")
    assert run.returncode == 0, run.text()
    assert isinstance(run.events[0], protocol.Started)
    assert run.events[0].operation == "upgrade"
    assert isinstance(run.events[-1], protocol.Result)
    assert current_heads(db_url) == {head}
    assert run.result.heads == [head]
    assert run.result.steps == 3 and run.result.table_exists and not run.result.offline
    steps = run.of(protocol.Step)
    assert [s.revision for s in steps] == [base, middle, head]
    assert all(s.is_upgrade and not s.is_stamp and s.elapsed >= 0 for s in steps)
    assert steps[0].down_revisions == [] and steps[1].down_revisions == [base]
    assert steps[2].heads_after == [head] and steps[2].description == "add isbn to book"
    assert run.of(protocol.Plan)[0].steps and len(run.of(protocol.Plan)[0].steps) == 3
    logs = [e for e in run.of(protocol.Log) if e.logger == "alembic.runtime.migration"]
    assert any(e.message.startswith("Running upgrade") for e in logs)
    # the template's fileConfig console handler was replaced by Log events
    assert "INFO  [alembic" not in run.stderr
    backends = run.of(protocol.Backend)
    if _backend(db_url) == "sqlite":
        assert backends == []
    else:
        assert len(backends) == 1 and int(backends[0].session_id) > 0
    assert has_table(db_url, "book")

    run = run_child(project, "status", db_url)
    assert run.returncode == 0, run.text()
    assert run.result.heads == [head] and run.result.table_exists
    assert run.result.version_table == "alembic_version" and run.result.steps == 0

    run = run_child(project, "downgrade", db_url, target="-1")
    assert run.returncode == 0, run.text()
    assert current_heads(db_url) == {middle} and run.result.heads == [middle]
    (step,) = run.of(protocol.Step)
    assert step.revision == head and not step.is_upgrade and step.heads_after == [middle]

    run = run_child(project, "stamp", db_url, target=base)
    assert run.returncode == 0, run.text()
    assert current_heads(db_url) == {base} and run.result.heads == [base]
    assert run.of(protocol.Step)[0].is_stamp
    assert has_table(db_url, "book")  # stamp runs no migration

    # purge: empty the table first, then stamp
    with sa.create_engine(db_url, poolclass=NullPool).begin() as conn:
        conn.execute(sa.text("INSERT INTO alembic_version (version_num) VALUES ('0badc0ffee00')"))
    assert current_heads(db_url) == {base, "0badc0ffee00"}
    run = run_child(project, "stamp", db_url, target=head, purge=True)
    assert run.returncode == 0, run.text()
    assert current_heads(db_url) == {head}


def test_status_of_an_empty_database_creates_nothing(db_url: str, tmp_path: Path) -> None:
    project = copy_fixture("default_template", tmp_path)
    run = run_child(project, "status", db_url)
    assert run.returncode == 0, run.text()
    assert run.result.heads == [] and run.result.table_exists is False
    assert run.result.version_table == "alembic_version"
    if _backend(db_url) == "sqlite":
        assert not Path(sa.make_url(db_url).database or "").exists()
    else:
        assert not has_table(db_url, "alembic_version")


def test_unknown_revision_in_the_table(db_url: str, tmp_path: Path) -> None:
    project = copy_fixture("default_template", tmp_path)
    assert run_child(project, "upgrade", db_url).returncode == 0
    with sa.create_engine(db_url, poolclass=NullPool).begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '3fa2bad0c0de'"))

    run = run_child(project, "status", db_url)
    assert run.returncode == 0, run.text()
    assert run.result.heads == ["3fa2bad0c0de"]

    run = run_child(project, "upgrade", db_url)
    assert run.returncode == 1
    assert "The database is at 3fa2bad0c0de, which is not in versions/" in run.error.message
    assert "Doctor" in run.error.message
    assert run.error.traceback
    assert current_heads(db_url) == {"3fa2bad0c0de"}


def test_custom_version_table(db_url: str, tmp_path: Path) -> None:
    project = copy_fixture("custom_version_table", tmp_path)
    head = revision_chain(project)[-1]
    run = run_child(project, "upgrade", db_url)
    assert run.returncode == 0, run.text()
    assert run.result.version_table == "migrator_versions" and run.result.heads == [head]
    assert current_heads(db_url, version_table="migrator_versions") == {head}
    assert not has_table(db_url, "alembic_version")

    run = run_child(project, "status", db_url)
    assert run.result.version_table == "migrator_versions"
    assert run.result.heads == [head] and run.result.table_exists


def test_fastapi_style_hard_coded_url_is_redirected(db_url: str, tmp_path: Path) -> None:
    project = copy_fixture("fastapi_style", tmp_path)
    head = revision_chain(project)[-1]
    run = run_child(project, "upgrade", db_url)
    assert run.returncode == 0, run.text()
    assert current_heads(db_url) == {head}
    assert has_table(db_url, "author") and has_table(db_url, "book")
    assert not (project / "fastapi_app.db").exists()
    warnings = [e.message for e in run.of(protocol.Log) if e.level == "WARNING"]
    assert any(
        "env.py asked for sqlite:///./fastapi_app.db" in w and "the selected database" in w
        for w in warnings
    ), warnings

    run = run_child(project, "downgrade", db_url, target="base")
    assert run.returncode == 0, run.text()
    assert current_heads(db_url) == set()
    assert not (project / "fastapi_app.db").exists()


def test_flask_style(db_url: str, tmp_path: Path) -> None:
    project = copy_fixture("flask_style", tmp_path)
    head = revision_chain(project)[-1]
    run = run_child(project, "upgrade", db_url)
    assert run.returncode == 0, run.text()
    assert current_heads(db_url) == {head}
    assert has_table(db_url, "book")
    assert not list(project.rglob("flask_app.db"))


def test_mariadb_url_with_charset(mariadb_url: str, tmp_path: Path) -> None:
    assert mariadb_url.startswith("mysql+pymysql://root@127.0.0.1:3306/")
    assert mariadb_url.endswith("?charset=utf8")
    project = copy_fixture("fastapi_style", tmp_path)
    run = run_child(project, "upgrade", mariadb_url)
    assert run.returncode == 0, run.text()
    assert current_heads(mariadb_url) == {revision_chain(project)[-1]}


@pytest.mark.parametrize("fixture", ["toml_only", "multi_location"])
def test_other_layouts(sqlite_url: str, tmp_path: Path, fixture: str) -> None:
    project = copy_fixture(fixture, tmp_path)
    run = run_child(project, "upgrade", sqlite_url)
    assert run.returncode == 0, run.text()
    assert current_heads(sqlite_url) == {revision_chain(project)[-1]}


# --------------------------------------------------------------------------------------------
# offline mode


@pytest.mark.parametrize("fixture", ["default_template", "fastapi_style"])
def test_offline_sql(db_url: str, tmp_path: Path, fixture: str) -> None:
    project = copy_fixture(fixture, tmp_path)
    chain = revision_chain(project)
    run = run_child(project, "upgrade", db_url, target="heads", sql=True)
    assert run.returncode == 0, run.text()
    sql = "".join(e.text for e in run.of(protocol.Sql))
    assert "CREATE TABLE author" in sql and "CREATE TABLE alembic_version" in sql
    assert f"'{chain[-1]}'" in sql
    assert run.result.offline and run.result.heads == [chain[-1]] and run.result.steps == 3
    assert run.of(protocol.Backend) == []
    # nothing was run on the database
    if _backend(db_url) == "sqlite":
        assert not Path(sa.make_url(db_url).database or "").exists()
    else:
        assert not has_table(db_url, "alembic_version") and not has_table(db_url, "author")
    if _backend(db_url) == "postgresql":
        assert "SERIAL" in sql  # the selected dialect, not env.py's hard-coded sqlite
    # SQL never leaks into stdout outside events, nor into stderr
    assert "CREATE TABLE" not in run.stderr


def test_offline_downgrade_needs_a_range(sqlite_url: str, tmp_path: Path) -> None:
    project = copy_fixture("default_template", tmp_path)
    base, middle, head = revision_chain(project)
    run = run_child(project, "downgrade", sqlite_url, target="-1", sql=True)
    assert run.returncode == 1
    assert "range 'from:to'" in run.error.message

    run = run_child(project, "downgrade", sqlite_url, target=f"{middle}:{base}", sql=True)
    assert run.returncode == 0, run.text()
    sql = "".join(e.text for e in run.of(protocol.Sql))
    assert "DROP TABLE book" in sql and "DROP TABLE author" not in sql
    assert run.result.heads == [base] and run.result.steps == 1

    # SQLite batch operations cannot be rendered offline (alembic needs to reflect the table)
    run = run_child(project, "downgrade", sqlite_url, target=f"{head}:{middle}", sql=True)
    assert run.returncode == 1
    assert run.error.message.startswith("Step failed while generating SQL")
    assert "nothing was run on the database" in run.error.message
    assert not Path(sa.make_url(sqlite_url).database or "").exists()


# --------------------------------------------------------------------------------------------
# the protocol stream survives what env.py does


def _prepend_to_env_py(project: Path, code: str) -> None:
    env_py = next(project.glob("*/env.py"))
    env_py.write_text(textwrap.dedent(code) + env_py.read_text())


def test_env_py_printing_to_stdout_does_not_break_the_protocol(
    sqlite_url: str, tmp_path: Path
) -> None:
    project = copy_fixture("default_template", tmp_path)
    _prepend_to_env_py(
        project,
        """
        import os, sys
        print("hello from env.py")
        sys.stdout.write("{not json\\n")
        sys.__stdout__.write("via __stdout__\\n"); sys.__stdout__.flush()
        os.write(1, b"straight to fd 1\\n")
        import logging
        logging.getLogger("myapp").warning("a warning from the app")
        """,
    )
    run = run_child(project, "upgrade", sqlite_url)  # parse() fails on any non-event line
    assert run.returncode == 0, run.text()
    for text in ("hello from env.py", "{not json", "via __stdout__", "straight to fd 1"):
        assert text in run.stderr and text not in run.stdout
    assert any(e.logger == "myapp" and e.level == "WARNING" for e in run.of(protocol.Log))
    assert current_heads(sqlite_url) == {revision_chain(project)[-1]}


def test_bad_request_is_a_protocol_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(CHILD)],
        input="{not json",
        capture_output=True,
        text=True,
        cwd=str(tmp_path),
        timeout=60,
    )
    assert proc.returncode == 2
    events, _ = parse(proc.stdout)
    assert isinstance(events[-1], protocol.Error) and events[-1].type == "ProtocolError"

    wrong = json.dumps(
        {
            "operation": "upgrade",
            "url": "sqlite://",
            "project_root": ".",
            "config_file": None,
            "protocol": 999,
        }
    )
    proc = subprocess.run(
        [sys.executable, str(CHILD)],
        input=wrong,
        capture_output=True,
        text=True,
        cwd=str(tmp_path),
        timeout=60,
    )
    assert proc.returncode == 2
    assert "protocol" in parse(proc.stdout)[0][-1].message


# --------------------------------------------------------------------------------------------
# failures


def _add_failing_revision(project: Path, down_revision: str) -> str:
    versions = next(project.glob("*/versions"))
    (versions / "f00dfa11ed00_broken.py").write_text(
        textwrap.dedent(
            f'''\
            """a step that fails

            Revision ID: f00dfa11ed00
            Revises: {down_revision}
            """
            from alembic import op
            import sqlalchemy as sa

            revision = "f00dfa11ed00"
            down_revision = "{down_revision}"
            branch_labels = None
            depends_on = None


            def upgrade():
                op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
                op.execute("SELECT * FROM no_such_table_anywhere")


            def downgrade():
                pass
            '''
        )
    )
    return "f00dfa11ed00"


def test_failing_migration(db_url: str, tmp_path: Path) -> None:
    project = copy_fixture("default_template", tmp_path)
    *_, head = revision_chain(project)
    _add_failing_revision(project, head)
    run = run_child(project, "upgrade", db_url)
    assert run.returncode == 1
    err = run.error
    assert err.message.startswith(f"Step failed: upgrade {head} -> f00dfa11ed00")
    assert "no_such_table_anywhere" in err.message
    assert "Traceback" in err.traceback
    assert err.failed_step == "f00dfa11ed00" and err.steps_done == 3
    assert err.touched == ["table half_done"]
    if _backend(db_url) in ("postgresql", "sqlite"):
        # SQLite runs in real transactions too (isolation_level=None and an explicit BEGIN).
        assert "rolled back: nothing of this run was applied" in err.message
        assert not err.partial
        assert current_heads(db_url) == set()
        assert not has_table(db_url, "author")
        assert not has_table(db_url, "half_done")
    else:
        assert "not transactional" in err.message and "3 step(s) before it" in err.message
        assert "it touched table half_done" in err.message
        assert err.partial
        assert current_heads(db_url) == {head}
        assert has_table(db_url, "half_done")  # MariaDB: the step's first DDL stays


def test_transaction_per_migration_keeps_the_good_steps_on_postgres(
    postgres_url: str, tmp_path: Path
) -> None:
    project = copy_fixture("default_template", tmp_path)
    *_, head = revision_chain(project)
    _add_failing_revision(project, head)
    run = run_child(project, "upgrade", postgres_url, transaction_per_migration=True)
    assert run.returncode == 1
    assert "the 3 step(s) before it stay applied" in run.error.message
    assert current_heads(postgres_url) == {head}


def test_several_heads(sqlite_url: str, tmp_path: Path) -> None:
    project = copy_fixture("default_template", tmp_path)
    base = revision_chain(project)[0]
    versions = next(project.glob("*/versions"))
    (versions / "b4a4c4e4d400_branch.py").write_text(
        f'"""a branch"""\nrevision = "b4a4c4e4d400"\ndown_revision = "{base}"\n'
        "branch_labels = None\ndepends_on = None\n\n"
        "def upgrade():\n    pass\n\ndef downgrade():\n    pass\n"
    )
    run = run_child(project, "upgrade", sqlite_url, target="head")
    assert run.returncode == 1
    assert run.error.message.startswith("Several heads: upgrade to 'heads' or pick one")
    assert run.error.type == "MultipleHeads"
    run = run_child(project, "upgrade", sqlite_url, target="heads")
    assert run.returncode == 0, run.text()
    assert len(current_heads(sqlite_url)) == 2


def test_unknown_target(sqlite_url: str, tmp_path: Path) -> None:
    project = copy_fixture("default_template", tmp_path)
    run = run_child(project, "upgrade", sqlite_url, target="abcdef999999")
    assert run.returncode == 1
    assert "No revision 'abcdef999999' in versions/" in run.error.message


def test_unreachable_database_is_reported(tmp_path: Path) -> None:
    project = copy_fixture("default_template", tmp_path)
    url = "postgresql+psycopg2://postgres:hunter2pw@127.0.0.1:1/nowhere"
    run = run_child(project, "upgrade", url)
    assert run.returncode == 1
    assert run.error.message.startswith("Cannot connect to postgresql+psycopg2://postgres:***@")
    assert "hunter2pw" not in run.stdout


# --------------------------------------------------------------------------------------------
# the database is always the selected one


def test_a_creator_is_ignored(sqlite_url: str, tmp_path: Path) -> None:
    """create_engine(creator=...) connects wherever the creator says: Migrator drops it (with a
    warning) and the run goes to the selected database."""
    project = copy_fixture("default_template", tmp_path)
    other = tmp_path / "other.db"
    env_py = next(project.glob("*/env.py"))
    text = env_py.read_text()
    assert "poolclass=pool.NullPool," in text
    env_py.write_text(
        text.replace(
            "poolclass=pool.NullPool,",
            "poolclass=pool.NullPool, "
            f"creator=lambda: __import__('sqlite3').connect({str(other)!r}),",
        )
    )
    run = run_child(project, "upgrade", sqlite_url)
    assert run.returncode == 0, run.text()
    assert current_heads(sqlite_url) == {revision_chain(project)[-1]}
    warnings = [e.message for e in run.of(protocol.Log) if e.level == "WARNING"]
    assert any("env.py passed creator to create_engine()" in w for w in warnings), warnings
    assert not other.exists()


def test_an_engine_that_escaped_the_redirect_is_stopped_when_it_connects(
    sqlite_url: str, tmp_path: Path
) -> None:
    """An engine made with the unpatched create_engine is stopped the moment its connection
    opens, before env.py runs anything on it (here a CREATE TABLE before configure())."""
    project = copy_fixture("default_template", tmp_path)
    other = tmp_path / "other.db"
    env_py = next(project.glob("*/env.py"))
    text = env_py.read_text()
    start = text.index("    connectable = engine_from_config(")
    end = text.index("    with connectable.connect() as connection:")
    env_py.write_text(
        text[:start]
        + "    from sqlalchemy.engine import create as _create\n"
        + "    unpatched = getattr(_create.create_engine, '__wrapped__', _create.create_engine)\n"
        + f"    connectable = unpatched({('sqlite:///' + str(other))!r})\n"
        + "    with connectable.connect() as early:\n"
        + "        early.exec_driver_sql('CREATE TABLE touched (id INTEGER)')\n"
        + "        early.commit()\n"
        + text[end:]
    )
    run = run_child(project, "upgrade", sqlite_url)
    assert run.returncode == 1
    assert run.error.type == "ForeignDatabaseError"
    assert run.error.message == (
        f"env.py connected to the SQLite file {other} instead of the selected database "
        f"{sqlite_url}; nothing was run."
    )
    assert not run.of(protocol.Step)
    assert sqlite3.connect(other).execute("SELECT name FROM sqlite_master").fetchall() == []


def test_address_connect_args_are_ignored_even_for_the_selected_url(
    postgres_url: str, other_postgres_url: str, tmp_path: Path
) -> None:
    """P0-4: an engine for the selected URL whose connect_args name another database; env.py
    writes before configure(). The other database is never touched."""
    other_name = sa.make_url(other_postgres_url).database
    project = copy_fixture("default_template", tmp_path)
    env_py = next(project.glob("*/env.py"))
    text = env_py.read_text()
    text = text.replace(
        "poolclass=pool.NullPool,",
        f"poolclass=pool.NullPool, connect_args={{'dbname': {other_name!r}}},",
    )
    text = text.replace(
        "    with connectable.connect() as connection:\n",
        "    with connectable.connect() as connection:\n"
        "        connection.exec_driver_sql('CREATE SCHEMA IF NOT EXISTS touched_by_envpy')\n"
        "        connection.commit()\n",
    )
    env_py.write_text(text)
    run = run_child(project, "upgrade", postgres_url)
    assert run.returncode == 0, run.text()
    assert current_heads(postgres_url) == {revision_chain(project)[-1]}
    warnings = [e.message for e in run.of(protocol.Log) if e.level == "WARNING"]
    assert any("connect_args['dbname']" in w for w in warnings), warnings
    assert _schemas(postgres_url) >= {"touched_by_envpy"}
    assert "touched_by_envpy" not in _schemas(other_postgres_url)
    assert not has_table(other_postgres_url, "alembic_version")


def _schemas(url: str) -> set[str]:
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return set(sa.inspect(conn).get_schema_names())
    finally:
        engine.dispose()


@pytest.mark.server
@pytest.mark.parametrize("server", ["postgres_url", "mariadb_url"])
def test_migration_lock_refuses_a_second_run(
    server: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    db_url = str(request.getfixturevalue(server))
    backend = _backend(db_url)
    project = copy_fixture("default_template", tmp_path)
    engine = sa.create_engine(db_url, poolclass=NullPool)
    with engine.connect() as holder:
        if backend == "postgresql":
            holder.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": 0x4D49475241544F52})
        else:
            name = "migrator-gui:" + (sa.make_url(db_url).database or "")
            holder.execute(sa.text("SELECT GET_LOCK(:n, 0)"), {"n": name})
        run = run_child(project, "upgrade", db_url)
    assert run.returncode == 1
    assert run.error.type == "MigrationLockedError"
    assert "Another migration is running on" in run.error.message
    assert current_heads(db_url) == set()
    # released with the holder's session: the next run goes through
    assert run_child(project, "upgrade", db_url).returncode == 0


# --------------------------------------------------------------------------------------------
# the password never leaves the parent except on stdin


def test_password_is_never_on_argv_env_or_events(postgres_url: str, tmp_path: Path) -> None:
    project = copy_fixture("slow", tmp_path)
    url = str(
        sa.make_url(postgres_url).set(password="s3cret").render_as_string(hide_password=False)
    )
    assert ":s3cret@" in url
    request = make_request(project, "upgrade", url)
    proc = subprocess.Popen(
        [sys.executable, str(CHILD)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=str(project),
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.write(request.to_json().encode())
    proc.stdin.close()
    lines = []
    for raw in proc.stdout:  # read until the first step: the slow one sleeps 2 s after it
        lines.append(raw.decode())
        if '"event": "step"' in lines[-1]:
            break
    cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes()
    environ = Path(f"/proc/{proc.pid}/environ").read_bytes()
    assert proc.poll() is None, "the child should still be running the slow step"
    assert b"s3cret" not in cmdline and b"s3cret" not in environ
    lines += [raw.decode() for raw in proc.stdout]
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, stderr
    everything = "".join(lines) + stderr
    assert "s3cret" not in everything
    events, _ = parse("".join(lines))
    assert max(e.elapsed for e in events if isinstance(e, protocol.Step)) >= 1.9  # the slow one
    assert current_heads(postgres_url) == {revision_chain(project)[-1]}


def test_password_is_scrubbed_from_errors(postgres_url: str, tmp_path: Path) -> None:
    project = copy_fixture("default_template", tmp_path)
    _prepend_to_env_py(
        project,
        """
        from alembic import context as _ctx
        raise RuntimeError("leaking " + _ctx.config.get_main_option("sqlalchemy.url"))
        """,
    )
    url = str(
        sa.make_url(postgres_url).set(password="p@ss w%rd!").render_as_string(hide_password=False)
    )
    run = run_child(project, "upgrade", url)
    assert run.returncode == 1
    assert "leaking" in run.error.message
    for form in ("p@ss w%rd!", "p%40ss+w%25rd%21", "p%40ss%20w%25rd%21"):
        assert form not in run.stdout
    assert "***" in run.error.message and "***" in run.error.traceback
