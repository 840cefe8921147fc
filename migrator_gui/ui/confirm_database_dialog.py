"""The confirmation a write on a production database needs: type the database's name."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class ConfirmDatabaseDialog(QDialog):
    """OK is enabled only once the exact database name is typed: a click alone is not enough."""

    def __init__(
        self, action: str, database: str, detail: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("confirmDatabaseDialog")
        self.setWindowTitle(self.tr("Confirm on production"))
        self._database = database
        intro = QLabel(
            self.tr("<b>{0}</b> on the <b>production</b> database <b>{1}</b>.").format(
                action, database
            ),
            self,
        )
        intro.setWordWrap(True)
        explain = QLabel(detail, self)
        explain.setWordWrap(True)
        prompt = QLabel(self.tr("Type the database name to confirm:"), self)
        self._name_edit = QLineEdit(self)
        self._name_edit.setObjectName("confirmDatabaseNameEdit")
        self._name_edit.setPlaceholderText(database)
        self._name_edit.setAccessibleName(self.tr("Database name"))
        prompt.setBuddy(self._name_edit)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._ok.setText(action)
        self._ok.setEnabled(False)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        self._name_edit.textChanged.connect(self._on_name_edit_text_changed)
        layout = QVBoxLayout(self)
        for widget in (intro, explain, prompt, self._name_edit, self._buttons):
            layout.addWidget(widget)

    def _on_name_edit_text_changed(self, text: str) -> None:
        self._ok.setEnabled(text == self._database)
