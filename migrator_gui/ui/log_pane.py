"""The log pane: what Migrator and alembic did, newest at the bottom."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from migrator_gui.ui.i18n import translated


class LogPane(QPlainTextEdit):
    """A read-only, bounded log; every line is time-stamped."""

    MAX_LINES = 20_000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logPane")
        self.setReadOnly(True)
        self.setMaximumBlockCount(self.MAX_LINES)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setAccessibleName(self.tr("Log"))
        self.setPlaceholderText(self.tr("Operations and their SQL appear here."))

    def append_line(self, text: str) -> None:
        text = translated(text)  # a core sentence, in the interface's language
        stamp = datetime.now().strftime("%H:%M:%S")
        # One append per call (the runner batches its lines): appending line by line costs a
        # layout each and made a chatty env.py freeze the pane.
        self.appendPlainText("\n".join(f"{stamp}  {line}" for line in text.splitlines() or [""]))
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())
