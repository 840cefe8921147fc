"""The child's ``autogenerate`` compare on real databases: what it finds, that it writes nothing,
fresh imports, and its preconditions (target_metadata, up to date, env.py failing)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.pool import NullPool

from migrator_gui.core import protocol
from tests.db_fixtures import current_heads
from tests.runner.conftest import run_child

OLD_MODELS = '''
import sqlalchemy as sa

metadata = sa.MetaData()

author = sa.Table(
    "author", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("nickname", sa.String(50)),
    sa.Column("bio", sa.String(200)),
    sa.Column("email", sa.String(120)),
)
'''

NEW_MODELS = '''
import sqlalchemy as sa

metadata = sa.MetaData()

author = sa.Table(
    "author", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("pen_name", sa.String(50)),             # nickname renamed (same type)
    sa.Column("bio", sa.String(80)),                  # shorter: may truncate
    sa.Column("email", sa.String(120), index=True),   # index added
    sa.Column("age", sa.Integer),                     # nullable column added
    sa.Column("rank", sa.Integer, nullable=False),    # NOT NULL without default
    sa.Column("mentor_id", sa.Integer, sa.ForeignKey("author.id", name="fk_author_mentor")),
)

book = sa.Table(                                      # table added, with a foreign key
    "book", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("author_id", sa.Integer, sa.ForeignKey("author.id"), nullable=False),
)
'''


def _project(tmp_path: Path, url: str, models: str = OLD_MODELS) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    config = Config(str(root / "alembic.ini"))
    command.init(config, str(root / "migrations"))
    ini = root / "alembic.ini"
    ini.write_text(ini.read_text().replace(
        "sqlalchemy.url = driver://user:pass@localhost/dbname", f"sqlalchemy.url = {url}"))
    env = root / "migrations" / "env.py"
    env.write_text(env.read_text().replace(
        "target_metadata = None",
        "import models\ntarget_metadata = models.metadata",
    ).replace("context.configure(\n            connection=connection,",
              "context.configure(\n            connection=connection, compare_type=True,"))
    (root / "models.py").write_text(models)
    return root


def _create_old_schema(url: str) -> None:
    namespace: dict[str, object] = {}
    exec(OLD_MODELS, namespace)
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        namespace["metadata"].create_all(engine)  # type: ignore[attr-defined]
        with engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO author (id, name) VALUES (1, 'Ann')"))
    finally:
        engine.dispose()


def _ops(run) -> list[protocol.DiffOp]:  # type: ignore[no-untyped-def]
    (found,) = run.of(protocol.Autogenerate)
    return found.ops


def test_compare_lists_the_changes_and_writes_nothing(db_url: str, tmp_path: Path) -> None:
    root = _project(tmp_path, db_url)
    _create_old_schema(db_url)
    (root / "models.py").write_text(NEW_MODELS)
    run = run_child(root, "autogenerate", db_url)
    assert run.returncode == 0, run.text()
    ops = _ops(run)
    keys = {op.key for op in ops}
    index = next(op.key for op in ops if op.kind == "add_index")
    assert keys == {
        "add_table:book",
        "add_column:author.pen_name",
        "add_column:author.age",
        "add_column:author.rank",
        "add_column:author.mentor_id",
        "alter_column:author.bio",
        index,
        "add_fk:author.fk_author_mentor",
        "drop_column:author.nickname",
    }
    fk = next(op for op in ops if op.kind == "add_fk")
    assert fk.details["referred_table"] == "author" and fk.details["columns"] == ["mentor_id"]
    assert "add_table:book" in keys
    assert "add_column:author.age" in keys and "add_column:author.rank" in keys
    assert "add_column:author.pen_name" in keys and "drop_column:author.nickname" in keys
    assert "alter_column:author.bio" in keys
    assert any(op.kind == "add_index" and op.details["columns"] == ["email"] for op in ops)
    rank = next(op for op in ops if op.key == "add_column:author.rank")
    assert rank.details["nullable"] is False and rank.details["server_default"] is None
    bio = next(op for op in ops if op.key == "alter_column:author.bio")
    assert (bio.details["type_length_old"], bio.details["type_length_new"]) == (200, 80)
    dropped = next(op for op in ops if op.key == "drop_column:author.nickname")
    assert "50" in (dropped.details.get("type") or "")
    assert "op.add_column('author'" in rank.python
    (event,) = run.of(protocol.Autogenerate)
    assert "op.create_table('book'" in event.upgrade_python
    assert "op.drop_table('book')" in event.downgrade_python
    assert "CREATE TABLE book" in event.upgrade_sql
    # the size of the changed table (for the NOT NULL and index warnings)
    if db_url.startswith(("sqlite", "postgresql")):
        assert event.table_rows == {"author": 1}
    else:
        # MariaDB: InnoDB's estimate, checked against a look when it says 0
        assert event.table_rows["author"] >= 1
    assert event.dialect == sa.make_url(db_url).get_backend_name().replace("mariadb", "mysql")
    # nothing written: no revision file, no version table, the schema as it was
    assert not list((root / "migrations" / "versions").glob("*.py"))
    assert current_heads(db_url) == set()
    inspector_engine = sa.create_engine(db_url, poolclass=NullPool)
    try:
        names = sa.inspect(inspector_engine).get_table_names()
    finally:
        inspector_engine.dispose()
    assert "book" not in names and "alembic_version" not in names


def test_models_are_imported_fresh_and_no_change_is_an_empty_diff(
    sqlite_url: str, tmp_path: Path
) -> None:
    root = _project(tmp_path, sqlite_url)
    _create_old_schema(sqlite_url)
    run = run_child(root, "autogenerate", sqlite_url)
    assert run.returncode == 0, run.text()
    assert _ops(run) == []
    (root / "models.py").write_text(OLD_MODELS.replace(
        'sa.Column("email", sa.String(120)),',
        'sa.Column("email", sa.String(120)),\n    sa.Column("twitter", sa.String(40)),'))
    run = run_child(root, "autogenerate", sqlite_url)
    assert [op.key for op in _ops(run)] == ["add_column:author.twitter"]


def test_no_target_metadata_says_what_to_set(sqlite_url: str, tmp_path: Path) -> None:
    root = _project(tmp_path, sqlite_url)
    env = root / "migrations" / "env.py"
    env.write_text(env.read_text().replace(
        "import models\ntarget_metadata = models.metadata", "target_metadata = None"))
    run = run_child(root, "autogenerate", sqlite_url)
    assert run.returncode == 1
    assert run.error.type == "NoTargetMetadataError"
    assert "target_metadata = Base.metadata" in run.error.message


def test_a_database_behind_the_heads_is_not_compared(sqlite_url: str, tmp_path: Path) -> None:
    root = _project(tmp_path, sqlite_url)
    versions = root / "migrations" / "versions"
    (versions / "aaaa00000001_first.py").write_text(textwrap.dedent('''\
        """first

        Revision ID: aaaa00000001
        Revises:
        """
        revision = "aaaa00000001"
        down_revision = None
        branch_labels = None
        depends_on = None


        def upgrade():
            pass


        def downgrade():
            pass
        '''))
    run = run_child(root, "autogenerate", sqlite_url)
    assert run.returncode == 1
    assert "Target database is not up to date" in run.error.message


def test_env_py_that_raises_on_import_names_the_file_and_line(
    sqlite_url: str, tmp_path: Path
) -> None:
    root = _project(tmp_path, sqlite_url)
    (root / "models.py").write_text("import sqlalchemy as sa\n\nraise RuntimeError('boom')\n")
    run = run_child(root, "autogenerate", sqlite_url)
    assert run.returncode == 1
    assert "boom" in run.error.message
    assert "models.py" in run.error.message or "models.py" in run.error.traceback


# --------------------------------------------------------------------------------------------
# writing the revision


def _alembic(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args], cwd=root, capture_output=True, text=True,
        timeout=120,
    )


def test_the_written_revision_applies_and_leaves_alembic_check_clean(
    db_url: str, tmp_path: Path
) -> None:
    root = _project(tmp_path, db_url)
    env = root / "migrations" / "env.py"
    env.write_text(env.read_text().replace("compare_type=True,", "compare_type=True, "
                                           "render_as_batch=True,"))
    _create_old_schema(db_url)
    engine = sa.create_engine(db_url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE author SET nickname = 'Annie'"))
    (root / "models.py").write_text(NEW_MODELS.replace(
        '    sa.Column("rank", sa.Integer, nullable=False),    # NOT NULL without default\n', ""))
    compare = run_child(root, "autogenerate", db_url)
    keys = [op.key for op in _ops(compare)]
    run = run_child(root, "revision", db_url, message="author changes", selected=keys,
                    renames=[["author", "nickname", "pen_name"]])
    assert run.returncode == 0, run.text()
    (written,) = run.of(protocol.RevisionWritten)
    text = Path(written.path).read_text()
    assert '"""author changes' in text
    assert "new_column_name='pen_name'" in text
    assert "drop_column('nickname')" not in text and "add_column(sa.Column('pen_name'" not in text
    assert written.operations == len(keys) - 1  # the drop + add pair is one rename

    upgraded = _alembic(root, "upgrade", "head")
    assert upgraded.returncode == 0, upgraded.stderr
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT pen_name FROM author")).scalar() == "Annie"
    engine.dispose()
    checked = _alembic(root, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No new upgrade operations detected" in checked.stdout + checked.stderr


def test_an_unchecked_operation_is_left_out_of_the_file(sqlite_url: str, tmp_path: Path) -> None:
    root = _project(tmp_path, sqlite_url)
    _create_old_schema(sqlite_url)
    (root / "models.py").write_text(NEW_MODELS)
    keys = [op.key for op in _ops(run_child(root, "autogenerate", sqlite_url))]
    chosen = [k for k in keys if k != "add_column:author.age"]
    run = run_child(root, "revision", sqlite_url, message="without age", selected=chosen,
                    branch_label="authors")
    assert run.returncode == 0, run.text()
    (written,) = run.of(protocol.RevisionWritten)
    text = Path(written.path).read_text()
    assert "'age'" not in text
    assert "'rank'" in text and "create_table('book'" in text
    assert "drop_column('author', 'rank')" in text  # the downgrade follows what is kept
    assert "branch_labels" in text and "'authors'" in text
    assert current_heads(sqlite_url) == set()  # writing a file changed nothing in the database
