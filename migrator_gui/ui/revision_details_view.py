"""The details pane: everything about the selected revision, with its source highlighted, and
the SQL it would run (upgrade and downgrade, rendered offline for the selected database's
dialect by the child runner, highlighted)."""

from __future__ import annotations

import functools
import html
from pathlib import Path

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import MySqlLexer, PostgresLexer, PythonLexer, SqlLexer
from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from migrator_gui.core.project import Project
from migrator_gui.core.revisions import RevisionGraph
from migrator_gui.core.urls import check_url, redact_url
from migrator_gui.services.jobs import JobCancelled
from migrator_gui.services.migrate import stop_jobs
from migrator_gui.services.revision_sql import (
    RevisionSqlJob,
    RevisionSqlResult,
    dialect_label,
    dialect_of,
)
from migrator_gui.ui.i18n import format_create_date, message_of, translated

_MAX_SOURCE_BYTES = 512 * 1024
_ERROR_STYLE = "color:#d32f2f"
_GRAY_STYLE = "color:gray"

UPGRADE = "upgrade"
DOWNGRADE = "downgrade"

# (project root, revision, database URL without password, revision file mtime_ns)
_CacheKey = tuple[str, str, str, int]


class _RevisionFieldsBrowser(QTextBrowser):
    """The "Details" tab: the revision's fields and source; parent/child ids are links."""

    revision_link_clicked = Signal(str)
    """A revision id link (parent, child, dependency) was clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revisionDetails")
        self.setOpenLinks(False)
        self.setAccessibleName(self.tr("Revision details"))
        self.anchorClicked.connect(self._on_self_anchor_clicked)

    def _on_self_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "rev":
            self.revision_link_clicked.emit(url.path())
        elif url.isLocalFile():
            QDesktopServices.openUrl(url)


def sql_lexer(dialect: str) -> Lexer:
    """The Pygments lexer for SQL of ``dialect`` (a backend name)."""
    if dialect == "postgresql":
        return PostgresLexer()
    if dialect in ("mysql", "mariadb"):
        return MySqlLexer()
    return SqlLexer()


class RevisionDetailsView(QWidget):
    """Shows one revision in three tabs: Details (fields and source), Upgrade SQL, Downgrade SQL.

    The SQL is generated lazily, only while an SQL tab is shown (or :meth:`show_sql` is called),
    by a :class:`RevisionSqlJob` (offline: the database is neither read nor written), and cached
    per (project, revision, database, revision file mtime). A job for a revision that is no
    longer selected is cancelled and its outcome ignored. :meth:`shutdown` stops running jobs.
    """

    revision_link_clicked = Signal(str)
    """A revision id link (parent, child, dependency) was clicked."""

    DETAILS_TAB = 0
    UPGRADE_TAB = 1
    DOWNGRADE_TAB = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revisionDetailsView")
        self._formatter = HtmlFormatter(noclasses=True, nowrap=False, style=_code_style(self))
        self._project: Project | None = None
        self._url = ""
        self._graph: RevisionGraph | None = None
        self._revision: str | None = None
        self._revision_path: Path | None = None
        self._cache: dict[_CacheKey, RevisionSqlResult] = {}
        self._failed: dict[_CacheKey, str] = {}
        self._job: RevisionSqlJob | None = None
        self._job_key: _CacheKey | None = None
        self._live_jobs: list[RevisionSqlJob] = []

        self._tabs = QTabWidget(self)
        self._tabs.setObjectName("revisionDetailsTabs")
        self._tabs.setDocumentMode(True)
        self._fields = _RevisionFieldsBrowser(self._tabs)
        self._fields.revision_link_clicked.connect(self.revision_link_clicked)
        self._upgrade_view = self._make_sql_view("upgradeSqlView", self.tr("Upgrade SQL"))
        self._downgrade_view = self._make_sql_view("downgradeSqlView", self.tr("Downgrade SQL"))
        self._tabs.addTab(self._fields, self.tr("Details"))
        self._tabs.addTab(self._upgrade_view, self.tr("Upgrade SQL"))
        self._tabs.addTab(self._downgrade_view, self.tr("Downgrade SQL"))
        self._tabs.currentChanged.connect(self._on_tabs_current_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._tabs)
        self.show_placeholder()

    def _make_sql_view(self, name: str, title: str) -> QTextBrowser:
        view = QTextBrowser(self._tabs)
        view.setObjectName(name)
        view.setOpenLinks(False)
        view.setAccessibleName(title)
        return view

    # -- public API ------------------------------------------------------------------------------

    @property
    def tabs(self) -> QTabWidget:
        return self._tabs

    @property
    def sql_job(self) -> RevisionSqlJob | None:
        """The SQL job running for the selected revision, if any."""
        return self._job

    def set_context(self, project: Project | None, url: str) -> None:
        """The selected project and database URL (with its password: it is never shown; only
        the child runner gets it). The SQL depends on the URL's dialect."""
        if project is self._project and url == self._url:
            return
        self._project = project
        self._url = url or ""
        self._drop_job()
        self._refresh_sql()

    def show_placeholder(self, text: str | None = None) -> None:
        self._graph = None
        self._revision = None
        self._revision_path = None
        self._drop_job()
        text = text or self.tr("Select a revision to see it.")
        self._fields.setHtml(f"<p style='{_GRAY_STYLE}'>{html.escape(text)}</p>")
        self._refresh_sql()

    def show_revision(self, graph: RevisionGraph, revision: str, state: str | None) -> None:
        if revision != self._revision:
            self._drop_job()
        self._graph = graph
        self._revision = revision
        self._revision_path = graph[revision].path if revision in graph else None
        self._failed.clear()  # selecting again retries what failed
        self._fields.setHtml(self._fields_html(graph, revision, state))
        self._refresh_sql()

    def show_sql(self, direction: str = UPGRADE) -> None:
        """Switch to the Upgrade (or Downgrade) SQL tab, generating its SQL if needed."""
        index = self.DOWNGRADE_TAB if direction == DOWNGRADE else self.UPGRADE_TAB
        if self._tabs.currentIndex() == index:
            self._refresh_sql()
        else:
            self._tabs.setCurrentIndex(index)  # -> _on_tabs_current_changed

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop every SQL job and wait for it, synchronously (the window calls it on close)."""
        self._job = None
        self._job_key = None
        jobs = [job for job in self._live_jobs if not job.is_done]
        return stop_jobs(list(jobs), timeout_ms)

    # -- the Details tab ---------------------------------------------------------------------

    def _fields_html(self, graph: RevisionGraph, revision: str, state: str | None) -> str:
        esc = html.escape
        if revision not in graph:
            return (
                f"<h3 style='{_ERROR_STYLE}'>{esc(revision)}</h3><p>"
                + esc(
                    self.tr(
                        "The database holds this revision, but no file in versions/ defines it. "
                        "alembic will fail with \"Can't locate revision identified by '{0}'\". "
                        "Restore the file (git may still have it), or stamp the database to a "
                        "known revision: right-click the revision whose schema the database has "
                        "and choose Stamp; the unknown row is replaced."
                    ).format(revision)
                )
                + "</p>"
            )
        node = graph[revision]

        none = "<i>" + esc(self.tr("none")) + "</i>"

        def links(revs: tuple[str, ...] | list[str]) -> str:
            if not revs:
                return none
            return ", ".join(f"<a href='rev:{esc(r)}'>{esc(r)}</a>" for r in revs)

        rows = [
            (self.tr("Revision"), f"<code>{esc(node.revision)}</code>"),
            (self.tr("State"), esc(state or "")),
            (self.tr("Parents"), links(list(node.down_revisions))),
            (self.tr("Children"), links(list(graph.children(revision)))),
            (self.tr("Branch labels"), esc(", ".join(node.branch_labels)) or none),
            (self.tr("Depends on"), links(list(node.dependencies))),
            (self.tr("Created"), esc(format_create_date(node.create_date, long=True))),
            (
                self.tr("File"),
                f"<a href='{esc(QUrl.fromLocalFile(str(node.path)).toString())}'>"
                f"{esc(str(node.path))}</a>",
            ),
        ]
        parts = [f"<h3>{esc(node.message or node.revision)}</h3>"]
        if node.error:
            parts.append(f"<p style='{_ERROR_STYLE}'><b>{esc(translated(node.error))}</b></p>")
        parts.append("<table cellspacing='2' cellpadding='2'>")
        parts += [f"<tr><td><b>{esc(k)}</b></td><td>{v}</td></tr>" for k, v in rows]
        parts.append("</table>")
        parts.append(self._source_html(node.path))
        return "".join(parts)

    def _source_html(self, path: object) -> str:
        p = Path(str(path))
        try:
            if p.stat().st_size > _MAX_SOURCE_BYTES:
                too_large = self.tr("Source too large to show.")
                return f"<p><i>{html.escape(too_large)}</i></p>"
            source = p.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return f"<p><i>{html.escape(message_of(exc))}</i></p>"
        return str(highlight(source, PythonLexer(), self._formatter))

    # -- the SQL tabs ------------------------------------------------------------------------

    def _sql_tab_shown(self) -> bool:
        return self._tabs.currentIndex() in (self.UPGRADE_TAB, self.DOWNGRADE_TAB)

    def _refresh_sql(self) -> None:
        """Bring the SQL tabs up to date with the selection (generating only when shown)."""
        revision = self._revision
        if revision is None:
            self._set_sql_message(self.tr("Select a revision to see the SQL it would run."))
            return
        if self._revision_path is None:
            self._set_sql_message(
                self.tr("No file in versions/ defines {0}: there is no SQL to show.").format(
                    revision
                ),
                error=True,
            )
            return
        if self._project is None:
            self._set_sql_message(self.tr("Open a project to see the SQL of its revisions."))
            return
        if not self._url:
            self._set_sql_message(self.tr("Select a database: the SQL depends on its dialect."))
            return
        problem = check_url(self._url)  # its message never quotes the password
        if problem is not None:
            self._set_sql_message(translated(problem), error=True)
            return
        key = self._key()
        cached = self._cache.get(key)
        if cached is not None:
            self._show_result(cached)
            return
        failed = self._failed.get(key)
        if failed is not None:
            self._set_sql_message(failed, error=True)
            return
        if self._job is not None and self._job_key == key:
            self._set_sql_message(self._generating_text())
            return
        if not self._sql_tab_shown():
            self._set_sql_message(self.tr("The SQL is generated when this tab is shown."))
            return
        self._start_job(key)

    def _key(self) -> _CacheKey:
        assert self._project is not None and self._revision is not None
        try:
            mtime = self._revision_path.stat().st_mtime_ns if self._revision_path else 0
        except OSError:
            mtime = 0
        return (str(self._project.root), self._revision, redact_url(self._url), mtime)

    def _generating_text(self) -> str:
        return self.tr("Generating SQL for {0}…").format(dialect_label(dialect_of(self._url)))

    def _start_job(self, key: _CacheKey) -> None:
        assert self._project is not None and self._revision is not None
        self._drop_job()
        job = RevisionSqlJob(self._project, self._url, self._revision, parent=self)
        self._job = job
        self._job_key = key
        self._live_jobs.append(job)
        job.result.connect(functools.partial(self._on_job_result, job, key))
        job.error.connect(functools.partial(self._on_job_error, job, key))
        job.finished.connect(functools.partial(self._on_job_finished, job))
        self._set_sql_message(self._generating_text())
        job.start()

    def _drop_job(self) -> None:
        """Forget the running job (the selection changed): cancel it, ignore its outcome."""
        job, self._job, self._job_key = self._job, None, None
        if job is not None and not job.is_done:
            job.cancel()

    def _on_tabs_current_changed(self, index: int) -> None:
        if index in (self.UPGRADE_TAB, self.DOWNGRADE_TAB):
            self._refresh_sql()

    def _on_job_result(self, job: RevisionSqlJob, key: _CacheKey, result: object) -> None:
        if not isinstance(result, RevisionSqlResult):
            return
        self._cache[key] = result
        if job is self._job:
            self._job = None
            self._job_key = None
            self._show_result(result)

    def _on_job_error(self, job: RevisionSqlJob, key: _CacheKey, error: object) -> None:
        if job is not self._job or isinstance(error, JobCancelled):
            return
        self._job = None
        self._job_key = None
        message = self.tr("The SQL could not be generated: {0}").format(message_of(error))
        self._failed[key] = message
        self._set_sql_message(message, error=True)

    def _on_job_finished(self, job: RevisionSqlJob) -> None:
        if job in self._live_jobs:
            self._live_jobs.remove(job)
        if job is self._job:  # pragma: no cover - result or error came first
            self._job = None
            self._job_key = None
        job.deleteLater()

    def _set_sql_message(self, text: str, error: bool = False) -> None:
        style = _ERROR_STYLE if error else _GRAY_STYLE
        body = f"<p style='{style}'>{html.escape(text)}</p>"
        self._upgrade_view.setHtml(body)
        self._downgrade_view.setHtml(body)

    def _show_result(self, result: RevisionSqlResult) -> None:
        self._upgrade_view.setHtml(self._direction_html(result, UPGRADE))
        self._downgrade_view.setHtml(self._direction_html(result, DOWNGRADE))

    def _direction_html(self, result: RevisionSqlResult, direction: str) -> str:
        esc = html.escape
        parents = ", ".join(result.upgrade_from) or self.tr("base")
        label = dialect_label(result.dialect)
        if direction == UPGRADE:
            sql, error = result.upgrade_sql, result.upgrade_error
            head = self.tr("Upgrade {0} → {1} on {2}").format(parents, result.revision, label)
            start = parents
        else:
            sql, error = result.downgrade_sql, result.downgrade_error
            head = self.tr("Downgrade {0} → {1} on {2}").format(result.revision, parents, label)
            start = result.revision
        note = self.tr(
            "Offline (--sql): nothing is run. The version-table statements assume the database "
            "is at {0}."
        ).format(start)
        parts = [f"<p><b>{esc(head)}</b><br><span style='{_GRAY_STYLE}'>{esc(note)}</span></p>"]
        if error:
            parts.append(f"<p style='{_ERROR_STYLE}'>{esc(error)}</p>")
            if _has_statements(sql):
                before = self.tr("SQL rendered before the failure:")
                parts.append(f"<p>{esc(before)}</p>")
            else:
                return "".join(parts)
        if not sql.strip():
            no_sql = self.tr("No SQL.")
            parts.append(f"<p style='{_GRAY_STYLE}'>{esc(no_sql)}</p>")
            return "".join(parts)
        parts.append(str(highlight(sql, sql_lexer(result.dialect), self._formatter)))
        return "".join(parts)


def _has_statements(sql: str) -> bool:
    """Whether ``sql`` holds more than comments (alembic's ``-- Running upgrade`` lines)."""
    return any(line.strip() and not line.strip().startswith("--") for line in sql.splitlines())


def _code_style(widget: QWidget) -> str:
    """A Pygments style that reads on the widget's background: light or dark."""
    dark = widget.palette().color(QPalette.ColorRole.Base).lightnessF() < 0.5
    if not dark:
        return "default"
    from pygments.styles import get_all_styles

    return "github-dark" if "github-dark" in set(get_all_styles()) else "monokai"
