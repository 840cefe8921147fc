"""The welcome screen: open a project (recent ones first), the demo, a new environment, the tour."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

SHOW_AT_START_KEY = "Welcome/showAtStart"


def show_at_start() -> bool:
    """Whether the welcome screen opens with the app (on by default: a first run)."""
    return bool(QSettings().value(SHOW_AT_START_KEY, True, type=bool))


class WelcomeDialog(QDialog):
    """Where a first run starts: each choice closes the dialog and says what was chosen."""

    open_requested = Signal(str)
    """A project to open: a recent one, or "" to browse for one."""
    demo_requested = Signal()
    """Open the bundled demo (a small shop on SQLite)."""
    new_environment_requested = Signal()
    """Create a migration environment (alembic init) in a folder."""
    tour_requested = Signal()
    """Step through the guided tour of the window."""

    def __init__(self, recent: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.setWindowTitle(self.tr("Welcome to Migrator"))
        title = QLabel(self.tr("<h2>Migrator</h2>Alembic migrations, visible and safe: see every "
                               "revision, what your database has applied, and what an upgrade "
                               "will do before it runs."), self)
        title.setWordWrap(True)

        self._recent = QListWidget(self)
        self._recent.setObjectName("welcomeRecentList")
        self._recent.setAccessibleName(self.tr("Recent projects"))
        self._recent.setToolTip(self.tr("Double-click a project to open it"))
        for path in recent:
            item = QListWidgetItem(str(path), self._recent)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
        self._recent.itemActivated.connect(self._on_recent_item_activated)
        recent_label = QLabel(self.tr("&Recent projects:") if recent
                              else self.tr("No recent project yet."), self)
        recent_label.setBuddy(self._recent)
        self._recent.setVisible(bool(recent))

        def button(name: str, text: str, tip: str) -> QPushButton:
            widget = QPushButton(text, self)
            widget.setObjectName(name)
            widget.setToolTip(tip)
            return widget

        self._open = button("welcomeOpenButton", self.tr("&Open a Project…"),
                            self.tr("A folder with alembic.ini (or pyproject.toml with "
                                    "[tool.alembic])"))
        self._demo = button("welcomeDemoButton", self.tr("Open the &Demo"),
                            self.tr("A small shop on SQLite, with branches and a merge: "
                                    "nothing to set up"))
        self._new = button("welcomeNewButton", self.tr("&New Migration Environment…"),
                           self.tr("Run alembic init in your project folder"))
        self._tour = button("welcomeTourButton", self.tr("Take the &Tour"),
                            self.tr("A few steps through the graph, an upgrade, the diff and "
                                    "the doctor"))
        self._open.clicked.connect(lambda: self._choose(lambda: self.open_requested.emit("")))
        self._demo.clicked.connect(lambda: self._choose(self.demo_requested.emit))
        self._new.clicked.connect(lambda: self._choose(self.new_environment_requested.emit))
        self._tour.clicked.connect(lambda: self._choose(self.tour_requested.emit))

        self._show_at_start = QCheckBox(self.tr("&Show this at start"), self)
        self._show_at_start.setObjectName("welcomeShowAtStart")
        self._show_at_start.setChecked(show_at_start())
        self._show_at_start.toggled.connect(
            lambda on: QSettings().setValue(SHOW_AT_START_KEY, on))
        close = button("welcomeCloseButton", self.tr("Close"), self.tr("Close (Esc)"))
        close.clicked.connect(self.reject)

        actions = QVBoxLayout()
        for widget in (self._open, self._demo, self._new, self._tour):
            actions.addWidget(widget)
        actions.addStretch(1)
        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(recent_label)
        left.addWidget(self._recent, 1)
        body.addLayout(left, 2)
        body.addLayout(actions, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self._show_at_start)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(body, 1)
        layout.addLayout(bottom)
        self.resize(640, 360)

    def _choose(self, emit: object) -> None:
        self.accept()
        emit()  # type: ignore[operator]

    def _on_recent_item_activated(self, item: QListWidgetItem) -> None:
        path = str(item.data(Qt.ItemDataRole.UserRole))
        self._choose(lambda: self.open_requested.emit(path))
