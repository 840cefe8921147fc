"""The details pane: everything about the selected revision, with its source highlighted."""

from __future__ import annotations

import html

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer
from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from migrator_gui.core.revisions import RevisionGraph

_MAX_SOURCE_BYTES = 512 * 1024


class RevisionDetailsView(QTextBrowser):
    """Shows one revision; parent/child ids are links that select that revision."""

    revision_link_clicked = Signal(str)
    """A revision id link (parent, child, dependency) was clicked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revisionDetails")
        self.setOpenLinks(False)
        self.setAccessibleName(self.tr("Revision details"))
        self.anchorClicked.connect(self._on_self_anchor_clicked)
        self._formatter = HtmlFormatter(noclasses=True, nowrap=False, style="default")
        self.show_placeholder()

    def show_placeholder(self, text: str | None = None) -> None:
        self.setHtml(
            f"<p style='color:gray'>{html.escape(text or self.tr('Select a revision to see it.'))}"
            "</p>"
        )

    def show_revision(self, graph: RevisionGraph, revision: str, state: str | None) -> None:
        if revision not in graph:
            self.setHtml(
                f"<h3 style='color:#d32f2f'>{html.escape(revision)}</h3><p>"
                + html.escape(
                    self.tr(
                        "The database holds this revision, but no file in versions/ defines it. "
                        "alembic will fail with \"Can't locate revision identified by '{0}'\". "
                        "Restore the file, or stamp the database to a known revision."
                    ).format(revision)
                )
                + "</p>"
            )
            return
        node = graph[revision]
        esc = html.escape

        def links(revs: tuple[str, ...] | list[str]) -> str:
            if not revs:
                return "<i>none</i>"
            return ", ".join(f"<a href='rev:{esc(r)}'>{esc(r)}</a>" for r in revs)

        rows = [
            (self.tr("Revision"), f"<code>{esc(node.revision)}</code>"),
            (self.tr("State"), esc(state or "")),
            (self.tr("Parents"), links(list(node.down_revisions))),
            (self.tr("Children"), links(list(graph.children(revision)))),
            (self.tr("Branch labels"), esc(", ".join(node.branch_labels)) or "<i>none</i>"),
            (self.tr("Depends on"), links(list(node.dependencies))),
            (self.tr("Created"), esc(node.create_date or "")),
            (
                self.tr("File"),
                f"<a href='{esc(QUrl.fromLocalFile(str(node.path)).toString())}'>"
                f"{esc(str(node.path))}</a>",
            ),
        ]
        parts = [f"<h3>{esc(node.message or node.revision)}</h3>"]
        if node.error:
            parts.append(f"<p style='color:#d32f2f'><b>{esc(node.error)}</b></p>")
        parts.append("<table cellspacing='2' cellpadding='2'>")
        parts += [f"<tr><td><b>{esc(k)}</b></td><td>{v}</td></tr>" for k, v in rows]
        parts.append("</table>")
        parts.append(self._source_html(node.path))
        self.setHtml("".join(parts))

    def _source_html(self, path: object) -> str:
        from pathlib import Path

        p = Path(str(path))
        try:
            if p.stat().st_size > _MAX_SOURCE_BYTES:
                return f"<p><i>{html.escape(self.tr('Source too large to show.'))}</i></p>"
            source = p.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return f"<p><i>{html.escape(str(exc))}</i></p>"
        return str(highlight(source, PythonLexer(), self._formatter))

    def _on_self_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "rev":
            self.revision_link_clicked.emit(url.path())
        elif url.isLocalFile():
            QDesktopServices.openUrl(url)
