"""The lock-wait banner: a migration step waits for a lock, who holds it, and what to do."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from migrator_gui.core.locks import Blocker, LockWait
from migrator_gui.ui.i18n import translated

_QUERY_SHOWN = 160
"""Characters of a blocker's query shown in the banner (the tooltip has all of it)."""


class LockWaitView(QFrame):
    """Shown while the running migration waits for a lock another session holds.

    It names the blockers as the server reports them (pid / connection id, user, application,
    client, state, query, transaction age) and offers to cancel the migration or, after a
    confirmation the window asks for, to terminate the blocking session.
    """

    cancel_requested = Signal()
    """The user wants to stop the migration that waits."""
    terminate_requested = Signal(object)
    """The user wants the blocking session ended: the :class:`Blocker`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockWaitView")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#lockWaitView { background: #fff3e0; border: 1px solid #ef6c00; border-radius: 3px; }"
            " #lockWaitView QLabel { color: #3e2723; }"
        )
        self._wait: LockWait | None = None
        self._summary = QLabel(self)
        self._summary.setObjectName("lockWaitSummary")
        self._summary.setWordWrap(True)
        self._blockers = QLabel(self)
        self._blockers.setObjectName("lockWaitBlockers")
        self._blockers.setWordWrap(True)
        self._blockers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._cancel_button = QPushButton(self.tr("Cancel my migration"), self)
        self._cancel_button.setObjectName("lockWaitCancelButton")
        self._cancel_button.setToolTip(
            self.tr("Stop the waiting migration: its current step is rolled back where the "
                    "database allows it (Ctrl+.)")
        )
        self._cancel_button.clicked.connect(self.cancel_requested)
        self._terminate_button = QPushButton(self)
        self._terminate_button.setObjectName("lockWaitTerminateButton")
        self._terminate_button.clicked.connect(self._on_terminate_button_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self._terminate_button)
        buttons.addWidget(self._cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self._summary)
        layout.addWidget(self._blockers)
        layout.addLayout(buttons)
        self.hide()

    @property
    def lock_wait(self) -> LockWait | None:
        return self._wait

    def summary_text(self) -> str:
        return self._summary.text()

    def blockers_text(self) -> str:
        return self._blockers.text()

    def set_lock_wait(self, wait: LockWait | None, lock_timeout: float | None = None) -> None:
        """Show ``wait`` while the session waits; hide when it does not (or None)."""
        self._wait = wait
        if wait is None or not wait.waiting:
            self.hide()
            return
        seconds = (
            self.tr(" for {0:.0f} s").format(wait.wait_seconds)
            if wait.wait_seconds is not None
            else ""
        )
        on = self.tr(" ({0})").format(translated(wait.waiting_for)) if wait.waiting_for else ""
        if lock_timeout is None:
            limit = ""
        elif lock_timeout <= 0:
            limit = self.tr(" It waits forever (the profile's lock timeout is off).")
        else:
            limit = self.tr(" It fails after the lock timeout of {0:g} s.").format(lock_timeout)
        self._summary.setText(
            self.tr("<b>The migration is waiting for a lock</b>{0}{1}: session {2} waits.{3}")
            .format(escape(on), seconds, escape(wait.session_id), limit)
        )
        if wait.blockers:
            self._blockers.setText("<br>".join(_blocker_html(b) for b in wait.blockers))
            self._blockers.setToolTip("\n\n".join(b.query for b in wait.blockers if b.query))
        else:
            self._blockers.setText(self.tr("The server does not say which session holds it."))
            self._blockers.setToolTip("")
        first = wait.blockers[0] if wait.blockers else None
        self._terminate_button.setEnabled(first is not None)
        self._terminate_button.setText(
            self.tr("Terminate session {0}…").format(first.session_id)
            if first is not None
            else self.tr("Terminate blocking session…")
        )
        self._terminate_button.setToolTip(
            self.tr("End the blocking session on the server (asks first): its open transaction "
                    "is rolled back and the migration goes on.")
        )
        self.show()

    def _on_terminate_button_clicked(self) -> None:
        wait = self._wait
        if wait is not None and wait.blockers:
            self.terminate_requested.emit(wait.blockers[0])


def _blocker_html(blocker: Blocker) -> str:
    """One line per blocker: who, from where, doing what, since when."""
    translate = QCoreApplication.translate
    who = escape(blocker.user or "?")
    if blocker.client:
        who += f"@{escape(translated(blocker.client))}"
    session = translate("LockWaitView", "Blocked by session {0}").format(blocker.session_id)
    parts = [f"<b>{escape(session)}</b>: {who}"]
    if blocker.application:
        parts.append(escape(blocker.application))
    if blocker.state:
        parts.append(escape(blocker.state))
    if blocker.transaction_age is not None:
        parts.append(escape(translate("LockWaitView", "transaction open {0:.0f} s").format(
            blocker.transaction_age)))
    if blocker.lock:
        parts.append(escape(translate("LockWaitView", "holds {0}").format(
            translated(blocker.lock))))
    if not blocker.certain:
        probably = translate(
            "LockWaitView", "probably (an open transaction; the server does not say)")
        parts.append(f"<i>{escape(probably)}</i>")
    text = translate("LockWaitView", ", ").join(parts)
    if blocker.query:
        query = " ".join(blocker.query.split())
        if len(query) > _QUERY_SHOWN:
            query = query[: _QUERY_SHOWN - 1] + "…"
        text += f"<br>&nbsp;&nbsp;<code>{escape(query)}</code>"
    return text
