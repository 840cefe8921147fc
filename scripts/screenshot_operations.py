"""Render three screenshots of Migrator's operations (offscreen, 1280x900) into OUTDIR.

    python scripts/screenshot_operations.py [--only SCENE ...] [--lang zh_CN] OUTDIR

(scenes: plan, lock, partial, diff, doctor-unknown, doctor-heads)

* ``plan_panel.png``: the demo (reset), upgraded to heads, with the plan of ``downgrade base`` in
  the Plan tab and a destructive step selected.
* ``lock_wait.png``: PostgreSQL (a throw-away database): ``upgrade heads`` waits for the lock a
  ``psql`` session holds on ``book``; the lock-wait banner names it. The run is then cancelled.
* ``partial_failure_mariadb.png``: MariaDB (a throw-away database): a planned ``upgrade heads``
  whose last step creates a table and then fails (MariaDB DDL is not transactional).

The servers are the tests' (``MIGRATOR_TEST_POSTGRES``, ``MIGRATOR_TEST_MARIADB``; by default
PostgreSQL at 127.0.0.1:5432 as postgres and MariaDB at 127.0.0.1:3306 as root). Window settings,
profiles, the audit log and the demo copy live in temporary folders, not the user's.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import textwrap
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

_TMP = Path(tempfile.mkdtemp(prefix="migrator-shots-"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = str(_TMP / "xdg-config")
os.environ["MIGRATOR_GUI_DATA_DIR"] = str(_TMP / "data")
os.environ["MIGRATOR_GUI_CONFIG_DIR"] = str(_TMP / "config")
ROOT = Path(__file__).resolve().parents[1]
# Render this checkout, not whichever Migrator happens to be installed.
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from PySide6.QtCore import QCoreApplication, QTimer  # noqa: E402
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPushButton, QSplitter  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from migrator_gui.app import create_main_window, ensure_application  # noqa: E402
from migrator_gui.core.demo import prepare_demo  # noqa: E402

POSTGRES_SERVER = os.environ.get(
    "MIGRATOR_TEST_POSTGRES", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)
MARIADB_SERVER = os.environ.get("MIGRATOR_TEST_MARIADB", "mysql+pymysql://root@127.0.0.1:3306/")
TEMPLATE = ROOT / "tests" / "fixtures" / "projects" / "default_template"
BOOK_REVISION = "57dfd2b6a3a0"  # create book table (the one before "add isbn to book")
HEAD_REVISION = "d19fb7a35f68"  # add isbn to book
WIDTH, HEIGHT = 1280, 900

HALF_DONE = '''\
"""create half_done, then fail

Revision ID: f00dfa11ed00
Revises: {down}
Create Date: 2026-03-09 09:12:44.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = "f00dfa11ed00"
down_revision: Union[str, Sequence[str], None] = "{down}"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "half_done",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=50), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("SELECT * FROM no_such_table_anywhere")


def downgrade() -> None:
    op.drop_table("half_done")
'''


def _pump(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def _wait_idle(window: object, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    QCoreApplication.processEvents()
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if not window.busy:  # type: ignore[attr-defined]
            _pump(0.2)
            if not window.busy:  # type: ignore[attr-defined]
                return
        time.sleep(0.02)
    raise TimeoutError("the window did not become idle")


def _wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def _refuse_dialogs() -> QTimer:
    """A modal dialog would block the offscreen run forever: report and reject it."""

    def check() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            text = getattr(modal, "text", lambda: "")()
            print(f"warning: unexpected dialog {modal.objectName() or type(modal).__name__}: "
                  f"{text}", file=sys.stderr)
            modal.reject() if hasattr(modal, "reject") else modal.close()

    timer = QTimer()
    timer.setInterval(200)
    timer.timeout.connect(check)
    timer.start()
    return timer


def _window(project: str | Path | None, url: str | None):
    window = create_main_window(project, url)
    window.resize(WIDTH, HEIGHT)
    window.show()
    _wait_idle(window)
    return window


SUFFIX = ""
"""Added to every file name (``_zh_CN`` with ``--lang zh_CN``)."""


def _save(window: object, path: Path) -> None:
    _pump(0.1)
    path = path.with_name(f"{path.stem}{SUFFIX}{path.suffix}")
    if not window.grab().save(str(path)):  # type: ignore[attr-defined]
        raise OSError(f"could not write {path}")
    print(path)


def _show_plan(window: object) -> None:
    window.bottom_tabs.setCurrentWidget(window.plan_panel)  # type: ignore[attr-defined]
    window.main_splitter.setSizes([420, 440])  # type: ignore[attr-defined]
    # Room for the steps above their SQL (by default the table shows about two rows).
    inner = window.plan_panel.findChild(QSplitter, "planSplitter")  # type: ignore[attr-defined]
    if inner is not None:
        inner.setSizes([185, 130])


def _server(url: str) -> sa.Engine:
    return sa.create_engine(
        url, poolclass=NullPool, isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 3},
    )


@contextlib.contextmanager
def _postgres_database() -> Iterator[str]:
    engine = _server(POSTGRES_SERVER)
    name = f"migrator_shot_{uuid.uuid4().hex[:8]}"
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(POSTGRES_SERVER).set(database=name).render_as_string(
            hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        engine.dispose()


@contextlib.contextmanager
def _mariadb_database() -> Iterator[str]:
    engine = _server(MARIADB_SERVER)
    name = f"migrator_shot_{uuid.uuid4().hex[:8]}"
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE `{name}`")
    try:
        url = sa.make_url(MARIADB_SERVER).set(database=name, query={"charset": "utf8"})
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT id FROM information_schema.processlist "
                "WHERE db = :name AND id <> CONNECTION_ID()"), {"name": name}).fetchall()
            for (session,) in rows:
                with contextlib.suppress(Exception):
                    conn.exec_driver_sql(f"KILL {int(session)}")
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}`")
        engine.dispose()


def _copy_template(name: str) -> Path:
    target = _TMP / name
    shutil.copytree(TEMPLATE, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def shoot_plan(outdir: Path) -> None:
    prepare_demo(reset=True)
    window = _window(None, None)
    window.upgrade("heads")
    _wait_idle(window)
    window.plan_operation("downgrade", "base")
    _wait_idle(window)
    _show_plan(window)
    _pump(0.1)
    # Select the first step of a run of destructive steps, so that the ones below it show their
    # drops in red (the selected row is drawn in the highlight colours); else step 1.
    steps = window.plan_panel.model.steps
    destructive = [s.index for s in steps if s.destructive]
    runs = [i for i in destructive if i + 1 in destructive]
    chosen = runs[0] if runs else (destructive[0] if destructive else min(1, len(steps) - 1))
    window.plan_panel.select_step(chosen)
    table = window.plan_panel.findChild(QAbstractItemView, "planSteps")
    if table is not None:
        _pump(0.05)
        table.scrollTo(table.model().index(max(chosen - 1, 0), 0),
                       QAbstractItemView.ScrollHint.PositionAtTop)
    print(f"plan: {len(steps)} steps, destructive {destructive}, selected {chosen}",
          file=sys.stderr)
    _save(window, outdir / "plan_panel.png")
    window.close()


def shoot_lock_wait(outdir: Path) -> None:
    project = _copy_template("lock-wait-project")
    with _postgres_database() as url:
        window = _window(project, url)
        window.upgrade(BOOK_REVISION)
        _wait_idle(window)
        blocker_engine = sa.create_engine(
            url, poolclass=NullPool, connect_args={"application_name": "psql"})
        blocker = blocker_engine.connect()
        try:
            blocker.exec_driver_sql("SELECT * FROM book").fetchall()  # BEGIN is implicit
            blocker.exec_driver_sql("LOCK TABLE book IN ACCESS SHARE MODE")
            window.upgrade("heads")
            started = time.monotonic()
            if not _wait_for(lambda: window.lock_wait_view.isVisible(), 10.0):
                print("warning: the lock-wait view never showed", file=sys.stderr)
            # Let the watch fill in the blocker's details (it polls), then take the picture.
            _wait_for(lambda: "psql" in window.lock_wait_view.blockers_text(), 1.5)
            # A couple of seconds of waiting shows in the ages; well before the 10 s timeout.
            _pump(max(0.3, 2.5 - (time.monotonic() - started)))
            print(f"lock-wait view after {time.monotonic() - started:.1f} s", file=sys.stderr)
            _save(window, outdir / "lock_wait.png")
            button = window.lock_wait_view.findChild(QPushButton, "lockWaitCancelButton")
            if button is not None and window.lock_wait_view.isVisible():
                button.click()
            _wait_idle(window, timeout=30)
            print(f"after cancel: lock view visible={window.lock_wait_view.isVisible()}, "
                  f"status: {window.statusBar().currentMessage()!r}", file=sys.stderr)
        finally:
            with contextlib.suppress(Exception):
                blocker.rollback()
            blocker.close()
            blocker_engine.dispose()
        window.close()


def shoot_partial_failure(outdir: Path) -> None:
    project = _copy_template("partial-project")
    versions = project / "migrations" / "versions"
    (versions / "f00dfa11ed00_create_half_done_then_fail.py").write_text(
        textwrap.dedent(HALF_DONE).format(down=HEAD_REVISION), encoding="utf-8")
    with _mariadb_database() as url:
        window = _window(project, url)
        window.plan_operation("upgrade", "heads")
        _wait_idle(window)
        run = window.plan_panel.findChild(QPushButton, "planRunButton")
        if run is not None and run.isEnabled():
            run.click()
        else:
            print("warning: Run was not enabled; calling upgrade(heads)", file=sys.stderr)
            window.upgrade("heads")
        _wait_idle(window)
        _show_plan(window)
        table = window.plan_panel.findChild(QAbstractItemView, "planSteps")
        if table is not None:
            _pump(0.05)
            table.scrollToTop()
        _save(window, outdir / "partial_failure_mariadb.png")
        window.close()


OLD_MODELS = """
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
"""

NEW_MODELS = """
import sqlalchemy as sa

metadata = sa.MetaData()

author = sa.Table(
    "author", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("pen_name", sa.String(50)),
    sa.Column("bio", sa.String(80)),
    sa.Column("email", sa.String(120), index=True),
    sa.Column("age", sa.Integer),
    sa.Column("rank", sa.Integer, nullable=False),
)

book = sa.Table(
    "book", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("author_id", sa.Integer, sa.ForeignKey("author.id"), nullable=False),
)
"""


def shoot_diff(outdir: Path) -> None:
    """The Diff tab on SQLite: models changed since the schema was made (a table, columns, a
    shorter type, an index, a drop + add that looks like a rename), with the warnings."""
    from alembic import command
    from alembic.config import Config

    root = Path(os.environ["MIGRATOR_GUI_DATA_DIR"]) / "diff-project"
    root.mkdir(parents=True)
    command.init(Config(str(root / "alembic.ini")), str(root / "migrations"))
    env = root / "migrations" / "env.py"
    env.write_text(env.read_text().replace(
        "target_metadata = None", "import models\ntarget_metadata = models.metadata"
    ).replace("connection=connection,", "connection=connection, compare_type=True,"))
    url = f"sqlite:///{root / 'shop.db'}"
    namespace: dict[str, object] = {}
    exec(OLD_MODELS, namespace)
    engine = sa.create_engine(url)
    namespace["metadata"].create_all(engine)  # type: ignore[attr-defined]
    with engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO author (id, name) VALUES (1, 'Ann')"))
    engine.dispose()
    (root / "models.py").write_text(NEW_MODELS)
    window = _window(root, url)
    window.compare_models()
    _wait_idle(window)
    window.main_splitter.setSizes([300, 560])
    _save(window, outdir / "diff_pane.png")
    window.close()


def _show_doctor(window: object) -> None:
    window.main_splitter.setSizes([330, 530])  # type: ignore[attr-defined]
    window.bottom_tabs.setCurrentWidget(window.doctor_panel)  # type: ignore[attr-defined]
    _wait_idle(window)


def shoot_doctor_unknown(outdir: Path) -> None:
    """The demo database at a revision whose file is gone: the Doctor's finding, its evidence
    and the preview of "Remove the row"."""
    prepare_demo(reset=True)
    window = _window(None, None)
    window.upgrade("2ae172e7a3b8")
    _wait_idle(window)
    engine = sa.create_engine(window.database_url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9f1c0ffee123'"))
    engine.dispose()
    window.refresh_status()
    _wait_idle(window)
    _show_doctor(window)
    panel = window.doctor_panel
    panel.select_finding(0)
    repairs = panel.findings[0].repairs if panel.findings else ()
    remove = next((i for i, r in enumerate(repairs) if r.statements), None)
    if remove is not None:
        panel.choose_repair(0, remove)
    _save(window, outdir / "doctor_unknown_revision.png")
    window.close()


def shoot_doctor_heads(outdir: Path) -> None:
    """Two heads in versions/: the Doctor offers a merge revision."""
    project = _copy_template("heads-project")
    versions = project / "migrations" / "versions"
    (versions / "c0ffee000001_add_publisher_branch.py").write_text(textwrap.dedent('''\
        """add publisher (a second branch)

        Revision ID: c0ffee000001
        Revises: d5b59b14bf1a
        """
        revision = "c0ffee000001"
        down_revision = "d5b59b14bf1a"
        branch_labels = None
        depends_on = None


        def upgrade():
            pass


        def downgrade():
            pass
        '''), encoding="utf-8")
    url = f"sqlite:///{project / 'heads.db'}"
    window = _window(project, url)
    _show_doctor(window)
    panel = window.doctor_panel
    from migrator_gui.core.doctor import FindingKind

    index = next((i for i, f in enumerate(panel.findings)
                  if f.kind is FindingKind.MULTIPLE_HEADS), 0)
    panel.select_finding(index)
    panel.choose_repair(index, 0)
    _save(window, outdir / "doctor_multiple_heads.png")
    window.close()


SCENES = {
    "doctor-unknown": shoot_doctor_unknown,
    "doctor-heads": shoot_doctor_heads,
    "plan": shoot_plan,
    "lock": shoot_lock_wait,
    "partial": shoot_partial_failure,
    "diff": shoot_diff,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--only", action="append", choices=sorted(SCENES))
    parser.add_argument("--lang", choices=("en", "zh_CN"), default="en",
                        help="the interface language (zh_CN: files end in _zh_CN)")
    args = parser.parse_args()
    app = ensure_application()
    if args.lang != "en":
        from migrator_gui.ui.i18n import install_translators

        global SUFFIX
        SUFFIX = f"_{args.lang}"
        install_translators(app, args.lang)
    watchdog = _refuse_dialogs()
    args.outdir.mkdir(parents=True, exist_ok=True)
    failed = 0
    try:
        for name in args.only or list(SCENES):
            try:
                SCENES[name](args.outdir)
            except Exception as exc:  # one scene's failure does not stop the others
                failed += 1
                print(f"{name}: {type(exc).__name__}: {exc}", file=sys.stderr)
    finally:
        watchdog.stop()
        shutil.rmtree(_TMP, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
