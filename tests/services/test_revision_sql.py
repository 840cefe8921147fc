"""RevisionSqlJob: the upgrade and downgrade SQL of ONE revision, rendered offline by the real
child runner with real alembic, for SQLite, PostgreSQL and MariaDB URLs.

Offline means the database is never opened: the fixtures' databases stay empty (a SQLite file
is not even created).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from migrator_gui.core.demo import DEMO_SOURCE
from migrator_gui.core.errors import RunnerError
from migrator_gui.core.project import Project, open_project
from migrator_gui.services.jobs import JobCancelled
from migrator_gui.services.migrate import MigrationService
from migrator_gui.services.revision_sql import RevisionSqlJob, RevisionSqlResult
from tests.db_fixtures import copy_fixture, has_table

TIMEOUT = 60_000

# default_template: author (base) <- book <- isbn (batch add_column / drop_column)
AUTHOR = "d5b59b14bf1a"
BOOK = "57dfd2b6a3a0"
ISBN = "d19fb7a35f68"

# the demo: customer (base) <- product <- orders (branch point) <- address <- phone <- shipping,
# orders <- sales_report (reporting) <- report_recipient (depends on address) <- index;
# merge(shipping, index) <- discount_code <- description
DEMO_CUSTOMER = "0fe23f047a37"
DEMO_ADDRESS = "ae2823e11481"
DEMO_PHONE = "bb2d28aa9aa2"
DEMO_SHIPPING = "b7d0d7ffbdac"
DEMO_SALES_REPORT = "0a8520ff0dfd"
DEMO_RECIPIENT = "2ae172e7a3b8"
DEMO_INDEX = "ac63663f3669"
DEMO_MERGE = "be789e7b80a9"


@pytest.fixture
def owner(qtbot: QtBot) -> QObject:
    return QObject()


@pytest.fixture
def books(tmp_path: Path) -> Project:
    return open_project(copy_fixture("default_template", tmp_path))


@pytest.fixture
def demo(tmp_path: Path) -> Project:
    target = tmp_path / "demo"
    shutil.copytree(DEMO_SOURCE, target, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    return open_project(target)


def _render(qtbot: QtBot, owner: QObject, project: Project, url: str, revision: str) -> object:
    job = RevisionSqlJob(project, url, revision, parent=owner)
    outcome: list[object] = []
    job.result.connect(outcome.append)
    job.error.connect(outcome.append)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        job.start()
    assert len(outcome) == 1
    return outcome[0]


def _sql(qtbot: QtBot, owner: QObject, project: Project, url: str, revision: str):  # type: ignore[no-untyped-def]
    result = _render(qtbot, owner, project, url, revision)
    assert isinstance(result, RevisionSqlResult), result
    return result


def _squash(sql: str) -> str:
    return " ".join(sql.split())


def _version_update(new: str, old: str) -> str:
    return (
        f"UPDATE alembic_version SET version_num='{new}' "
        f"WHERE alembic_version.version_num = '{old}'"
    )


def test_sql_of_a_revision_on_every_dialect(
    qtbot: QtBot, owner: QObject, books: Project, db_url: str
) -> None:
    result = _sql(qtbot, owner, books, db_url, BOOK)
    dialect = result.dialect
    assert dialect in ("sqlite", "postgresql", "mysql")
    assert not result.upgrade_error and not result.downgrade_error
    assert result.upgrade_from == (AUTHOR,) and result.downgrade_to == (AUTHOR,)
    up = _squash(result.upgrade_sql)
    down = _squash(result.downgrade_sql)
    assert "CREATE TABLE book" in up
    assert "FOREIGN KEY(author_id) REFERENCES author (id)" in up
    assert _version_update(BOOK, AUTHOR) in up
    assert "CREATE TABLE alembic_version" not in up  # not a base revision
    assert "CREATE TABLE author" not in up  # only this revision
    assert "DROP TABLE book" in down
    assert _version_update(AUTHOR, BOOK) in down
    assert "CREATE TABLE" not in down
    if dialect == "mysql":
        assert "AUTO_INCREMENT" in up  # the MySQL/MariaDB dialect rendered it
    if dialect == "postgresql":
        assert "SERIAL" in up  # PostgreSQL's own rendering of the integer primary key
    if dialect == "sqlite":
        assert not os.path.exists(db_url.removeprefix("sqlite:///")), "offline never connects"
    else:
        assert not has_table(db_url, "alembic_version"), "offline never writes"


@pytest.mark.parametrize(
    "url_fixture",
    [
        "sqlite_url",
        pytest.param("postgres_url", marks=pytest.mark.server),
        pytest.param("mariadb_url", marks=pytest.mark.server),
    ],
)
def test_alter_of_a_batch_revision(
    qtbot: QtBot, owner: QObject, books: Project, request: pytest.FixtureRequest, url_fixture: str
) -> None:
    url = request.getfixturevalue(url_fixture)
    result = _sql(qtbot, owner, books, url, ISBN)
    up = _squash(result.upgrade_sql)
    assert "ALTER TABLE book ADD COLUMN isbn VARCHAR(20)" in up
    assert _version_update(ISBN, BOOK) in up
    if result.dialect == "sqlite":
        # batch drop_column on SQLite needs the live table ("move and copy"): not offline
        assert result.downgrade_error.startswith(
            "alembic cannot render this revision's downgrade offline on SQLite: "
        ), result.downgrade_error
        assert "batch mode" in result.downgrade_error
    else:
        assert not result.downgrade_error
        down = _squash(result.downgrade_sql)
        assert "ALTER TABLE book DROP COLUMN isbn" in down
        assert _version_update(BOOK, ISBN) in down


def test_base_revision_creates_and_empties_the_version_table(
    qtbot: QtBot, owner: QObject, books: Project, sqlite_url: str
) -> None:
    result = _sql(qtbot, owner, books, sqlite_url, AUTHOR)
    assert result.upgrade_from == () and result.downgrade_to == ()
    up = _squash(result.upgrade_sql)
    assert up.index("CREATE TABLE alembic_version") < up.index("CREATE TABLE author")
    assert f"INSERT INTO alembic_version (version_num) VALUES ('{AUTHOR}')" in up
    down = _squash(result.downgrade_sql)
    assert "DROP TABLE author" in down
    assert f"DELETE FROM alembic_version WHERE alembic_version.version_num = '{AUTHOR}'" in down


@pytest.mark.parametrize(
    "url_fixture", ["sqlite_url", pytest.param("postgres_url", marks=pytest.mark.server)]
)
def test_merge_revision_goes_from_both_parents_and_back(
    qtbot: QtBot, owner: QObject, demo: Project, request: pytest.FixtureRequest, url_fixture: str
) -> None:
    url = request.getfixturevalue(url_fixture)
    result = _sql(qtbot, owner, demo, url, DEMO_MERGE)
    assert not result.upgrade_error and not result.downgrade_error
    assert result.upgrade_from == (DEMO_SHIPPING, DEMO_INDEX)
    up = _squash(result.upgrade_sql)
    # two version rows become one, and nothing else runs (the merge has no operations)
    assert f"Running upgrade {DEMO_SHIPPING}, {DEMO_INDEX} -> {DEMO_MERGE}" in up
    # which parent row is deleted and which updated depends on alembic's set order
    deleted, updated = (
        (DEMO_SHIPPING, DEMO_INDEX)
        if f"version_num = '{DEMO_SHIPPING}'; UPDATE" in up
        else (DEMO_INDEX, DEMO_SHIPPING)
    )
    assert f"DELETE FROM alembic_version WHERE alembic_version.version_num = '{deleted}'" in up
    assert _version_update(DEMO_MERGE, updated) in up
    assert "CREATE" not in up and "ALTER" not in up
    down = _squash(result.downgrade_sql)
    assert f"Running downgrade {DEMO_MERGE} -> {DEMO_SHIPPING}, {DEMO_INDEX}" in down
    inserted, updated = (
        (DEMO_INDEX, DEMO_SHIPPING)
        if f"VALUES ('{DEMO_INDEX}')" in down
        else (DEMO_SHIPPING, DEMO_INDEX)
    )
    assert f"INSERT INTO alembic_version (version_num) VALUES ('{inserted}')" in down
    assert _version_update(updated, DEMO_MERGE) in down
    assert "DROP" not in down


def test_dependency_is_a_starting_row_not_a_step(
    qtbot: QtBot, owner: QObject, demo: Project, sqlite_url: str
) -> None:
    """report_recipient depends on address (another branch): only its own table is created."""
    result = _sql(qtbot, owner, demo, sqlite_url, DEMO_RECIPIENT)
    assert result.upgrade_from == (DEMO_SALES_REPORT, DEMO_ADDRESS)
    up = _squash(result.upgrade_sql)
    assert "CREATE TABLE report_recipient" in up
    assert "CREATE TABLE address" not in up
    assert f"SET version_num='{DEMO_RECIPIENT}'" in up  # both starting rows become one
    down = _squash(result.downgrade_sql)
    assert "DROP TABLE report_recipient" in down
    assert "DROP TABLE address" not in down


def test_branch_point_revision(
    qtbot: QtBot, owner: QObject, demo: Project, sqlite_url: str
) -> None:
    result = _sql(qtbot, owner, demo, sqlite_url, "4394d3943811")  # orders: two children
    assert not result.upgrade_error and not result.downgrade_error
    assert "CREATE TABLE orders" in result.upgrade_sql
    assert "CREATE TABLE order_item" in result.upgrade_sql
    assert "DROP TABLE orders" in result.downgrade_sql


def test_demo_batch_error_on_sqlite_keeps_the_other_direction(
    qtbot: QtBot, owner: QObject, demo: Project, sqlite_url: str
) -> None:
    result = _sql(qtbot, owner, demo, sqlite_url, DEMO_PHONE)
    assert not result.upgrade_error
    assert "ALTER TABLE customer ADD COLUMN phone VARCHAR(30)" in result.upgrade_sql
    assert _version_update(DEMO_PHONE, DEMO_ADDRESS) in _squash(result.upgrade_sql)
    error = result.downgrade_error
    assert error.startswith("alembic cannot render this revision's downgrade offline on SQLite: ")
    assert 'reflect the table "customer"' in error
    assert "bb2d28aa9aa2_add_phone_to_customer.py:" in error  # where, in the project
    # both directions of the batch create_foreign_key revision fail the same way
    shipping = _sql(qtbot, owner, demo, sqlite_url, DEMO_SHIPPING)
    assert "offline on SQLite" in shipping.upgrade_error
    assert "offline on SQLite" in shipping.downgrade_error


@pytest.mark.server
def test_demo_batch_revision_renders_on_postgresql(
    qtbot: QtBot, owner: QObject, demo: Project, postgres_url: str
) -> None:
    result = _sql(qtbot, owner, demo, postgres_url, DEMO_SHIPPING)
    assert not result.upgrade_error and not result.downgrade_error
    up = _squash(result.upgrade_sql)
    assert "ALTER TABLE orders ADD COLUMN shipping_address_id INTEGER" in up
    assert (
        "ALTER TABLE orders ADD CONSTRAINT fk_orders_shipping_address_id_address "
        "FOREIGN KEY(shipping_address_id) REFERENCES address (id)"
    ) in up
    down = _squash(result.downgrade_sql)
    assert "ALTER TABLE orders DROP CONSTRAINT fk_orders_shipping_address_id_address" in down
    assert "ALTER TABLE orders DROP COLUMN shipping_address_id" in down


def test_unknown_revision_is_a_readable_error(
    qtbot: QtBot, owner: QObject, books: Project, sqlite_url: str
) -> None:
    error = _render(qtbot, owner, books, sqlite_url, "feedfacecafe")
    assert isinstance(error, RunnerError)
    assert "feedfacecafe" in str(error)


def test_is_not_a_migration_and_can_be_cancelled(
    qtbot: QtBot, owner: QObject, books: Project, sqlite_url: str
) -> None:
    service = MigrationService(owner)
    job = RevisionSqlJob(books, sqlite_url, BOOK, parent=owner)
    errors: list[object] = []
    job.error.connect(errors.append)
    job.start()
    assert not service.is_busy()
    assert not service.is_busy(books, sqlite_url)
    job.cancel()
    qtbot.waitUntil(lambda: job.is_done, timeout=TIMEOUT)
    assert len(errors) == 1 and isinstance(errors[0], JobCancelled)
