"""An inline, non-modal error banner: a readable message, the traceback behind "Details"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from migrator_gui.ui.i18n import translated


class ErrorBanner(QFrame):
    """Shown above the panes when an operation fails; never blocks the window like a modal box."""

    dismissed = Signal()
    """The user closed the banner."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#errorBanner { background: #fdecea; border: 1px solid #d32f2f; border-radius: 4px; }"
            "#errorBanner QLabel { color: #611a15; }"
        )
        self._message = QLabel(self)
        self._message.setObjectName("errorMessage")
        self._message.setWordWrap(True)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._details_button = QPushButton(self.tr("Details"), self)
        self._details_button.setObjectName("errorDetailsButton")
        self._details_button.setCheckable(True)
        self._details_button.setToolTip(self.tr("Show the technical details (traceback)"))
        self._close_button = QPushButton(self.tr("Dismiss"), self)
        self._close_button.setToolTip(self.tr("Hide this message (Esc)"))
        self._details = QPlainTextEdit(self)
        self._details.setObjectName("errorDetails")
        self._details.setReadOnly(True)
        self._details.setMaximumHeight(220)
        self._details.hide()

        top = QHBoxLayout()
        top.addWidget(self._message, 1)
        top.addWidget(self._details_button)
        top.addWidget(self._close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self._details)

        self._details_button.toggled.connect(self._on_details_button_toggled)
        self._close_button.clicked.connect(self._on_close_button_clicked)
        self.hide()

    def show_error(self, message: str, details: str = "") -> None:
        self._message.setText(translated(message))
        self._details.setPlainText(details)
        self._details_button.setVisible(bool(details))
        self._details_button.setChecked(False)
        self.show()

    def message(self) -> str:
        return self._message.text()

    def details(self) -> str:
        return self._details.toPlainText()

    def _on_details_button_toggled(self, checked: bool) -> None:
        self._details.setVisible(checked)

    def _on_close_button_clicked(self) -> None:
        self.hide()
        self.dismissed.emit()
