"""RevisionDetailsView: the Details tab, and the Upgrade/Downgrade SQL tabs generated lazily by
the real child runner (offline alembic) for the selected database's dialect."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTabWidget, QTextBrowser
from pytestqt.qtbot import QtBot

from migrator_gui.core.demo import DEMO_SOURCE
from migrator_gui.core.project import Project, open_project
from migrator_gui.core.revisions import RevisionGraph, load_graph
from migrator_gui.ui.revision_details_view import RevisionDetailsView

TIMEOUT = 60_000
MERGE = "be789e7b80a9"
PHONE = "bb2d28aa9aa2"
DISCOUNT = "b5b126bc3bf9"


@pytest.fixture
def demo(tmp_path: Path) -> Project:
    target = tmp_path / "demo"
    shutil.copytree(DEMO_SOURCE, target, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    return open_project(target)


@pytest.fixture
def graph(demo: Project) -> RevisionGraph:
    return load_graph(demo)


@pytest.fixture
def view(qtbot: QtBot) -> RevisionDetailsView:
    widget = RevisionDetailsView()
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    yield widget
    assert widget.shutdown(10_000)


def _browser(view: RevisionDetailsView, name: str) -> QTextBrowser:
    found = view.findChild(QTextBrowser, name)
    assert found is not None, name
    return found


def _wait_sql(qtbot: QtBot, view: RevisionDetailsView, text: str) -> None:
    upgrade = _browser(view, "upgradeSqlView")
    qtbot.waitUntil(lambda: text in upgrade.toPlainText(), timeout=TIMEOUT)


def test_details_tab_keeps_fields_and_links(
    qtbot: QtBot, view: RevisionDetailsView, graph: RevisionGraph
) -> None:
    tabs = view.findChild(QTabWidget, "revisionDetailsTabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Details",
        "Upgrade SQL",
        "Downgrade SQL",
    ]
    view.show_revision(graph, MERGE, "pending")
    details = _browser(view, "revisionDetails")
    text = details.toPlainText()
    assert "merge reporting into main" in text and "ac63663f3669" in text
    assert "def upgrade()" in text  # the source
    with qtbot.waitSignal(view.revision_link_clicked) as clicked:
        details.revision_link_clicked.emit("ac63663f3669")
    assert clicked.args == ["ac63663f3669"]
    # SQL is not generated while the Details tab is shown
    assert view.sql_job is None


def test_no_database_says_the_sql_depends_on_it(
    view: RevisionDetailsView, demo: Project, graph: RevisionGraph
) -> None:
    view.set_context(demo, "")
    view.show_revision(graph, DISCOUNT, None)
    view.show_sql()
    assert view.findChild(QTabWidget, "revisionDetailsTabs").currentIndex() == 1
    assert "Select a database: the SQL depends on its dialect" in (
        _browser(view, "upgradeSqlView").toPlainText()
    )
    assert view.sql_job is None
    view.set_context(demo, "postgresql://app:pw@db:notaport/shop")
    text = _browser(view, "upgradeSqlView").toPlainText()
    assert "is not a database URL" in text and ":pw@" not in text
    assert view.sql_job is None


def test_sql_tab_shows_highlighted_upgrade_and_downgrade(
    qtbot: QtBot, view: RevisionDetailsView, demo: Project, graph: RevisionGraph, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    view.set_context(demo, url)
    view.show_revision(graph, DISCOUNT, None)
    assert view.sql_job is None  # lazy: the Details tab is shown
    tabs = view.findChild(QTabWidget, "revisionDetailsTabs")
    tabs.setCurrentIndex(1)  # the user picks "Upgrade SQL"
    assert view.sql_job is not None
    assert "Generating SQL for SQLite…" in _browser(view, "upgradeSqlView").toPlainText()
    _wait_sql(qtbot, view, "CREATE TABLE discount_code")
    upgrade = _browser(view, "upgradeSqlView")
    text = upgrade.toPlainText()
    assert f"Upgrade {MERGE} → {DISCOUNT} on SQLite" in text
    assert f"UPDATE alembic_version SET version_num='{DISCOUNT}'" in text
    assert "color:#008000" in upgrade.toHtml()  # Pygments' keyword colour: highlighted
    downgrade = _browser(view, "downgradeSqlView").toPlainText()
    assert "DROP TABLE discount_code" in downgrade
    assert not (tmp_path / "app.db").exists()  # offline: the database was not opened

    # cached: selecting another revision and back does not run the child again
    view.show_revision(graph, MERGE, None)
    job = view.sql_job
    assert job is not None
    _wait_sql(qtbot, view, "Upgrade ")
    qtbot.waitUntil(lambda: view.sql_job is None, timeout=TIMEOUT)
    view.show_revision(graph, DISCOUNT, None)
    assert view.sql_job is None
    assert "CREATE TABLE discount_code" in upgrade.toPlainText()


def test_sqlite_batch_error_is_shown_per_direction(
    qtbot: QtBot, view: RevisionDetailsView, demo: Project, graph: RevisionGraph, tmp_path: Path
) -> None:
    view.set_context(demo, f"sqlite:///{tmp_path / 'app.db'}")
    view.show_revision(graph, PHONE, None)
    view.show_sql("downgrade")
    _wait_sql(qtbot, view, "ALTER TABLE customer ADD COLUMN phone")
    downgrade = _browser(view, "downgradeSqlView").toPlainText()
    assert "alembic cannot render this revision's downgrade offline on SQLite" in downgrade
    assert "ALTER TABLE customer ADD COLUMN phone" not in downgrade


def test_stale_job_is_cancelled_and_ignored(
    qtbot: QtBot, view: RevisionDetailsView, demo: Project, graph: RevisionGraph, tmp_path: Path
) -> None:
    view.set_context(demo, f"sqlite:///{tmp_path / 'app.db'}")
    view.show_revision(graph, DISCOUNT, None)
    view.show_sql()
    first = view.sql_job
    assert first is not None
    view.show_revision(graph, PHONE, None)  # a new selection before the first finished
    assert first.is_cancelled
    _wait_sql(qtbot, view, "ALTER TABLE customer ADD COLUMN phone")
    qtbot.waitUntil(lambda: first.is_done if _alive(first) else True, timeout=TIMEOUT)
    qtbot.wait(100)
    assert "discount_code" not in _browser(view, "upgradeSqlView").toPlainText()


@pytest.mark.server
def test_postgresql_url_is_never_shown(
    qtbot: QtBot, view: RevisionDetailsView, demo: Project, graph: RevisionGraph, postgres_url: str
) -> None:
    import sqlalchemy as sa

    url = str(sa.make_url(postgres_url).set(password="s3cr3t-pw").render_as_string(False))
    view.set_context(demo, url)
    view.show_revision(graph, "b7d0d7ffbdac", None)
    view.show_sql()
    _wait_sql(qtbot, view, "ADD CONSTRAINT fk_orders_shipping_address_id_address")
    for name in ("upgradeSqlView", "downgradeSqlView", "revisionDetails"):
        assert "s3cr3t-pw" not in _browser(view, name).toPlainText()
    assert "on PostgreSQL" in _browser(view, "upgradeSqlView").toPlainText()
    assert "DROP CONSTRAINT" in _browser(view, "downgradeSqlView").toPlainText()


def _alive(job: object) -> bool:
    try:
        return bool(job.is_done is not None)  # type: ignore[attr-defined]
    except RuntimeError:  # deleted after it finished
        return False
