"""The guided tour: a few callouts a presenter steps through (the graph, pending revisions, an
upgrade, the diff pane, the doctor). It runs on the SQLite demo; no server is needed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


@dataclass(frozen=True)
class TourStep:
    title: str
    text: str
    target: str
    """objectName of the widget the callout points at (searched in the window)."""
    before: Callable[[], None] | None = None
    """What to show first (a tab, a selection)."""


class DemoTour(QFrame):
    """A callout beside one widget at a time; Next/Back (→/←), Esc ends the tour."""

    finished = Signal()
    """The tour was closed (at its end or before)."""
    step_changed = Signal(int)
    """The step now shown (0-based)."""

    def __init__(self, window: QWidget, steps: list[TourStep]) -> None:
        super().__init__(window)
        self.setObjectName("demoTour")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#demoTour { background: #fffde7; border: 2px solid #f9a825; border-radius: 6px; }"
            " #demoTour QLabel { color: #212121; }"
        )
        self._window = window
        self._steps = steps
        self._index = 0
        self._title = QLabel(self)
        self._title.setObjectName("demoTourTitle")
        self._text = QLabel(self)
        self._text.setObjectName("demoTourText")
        self._text.setWordWrap(True)
        self._counter = QLabel(self)
        self._back = QPushButton(self.tr("Back"), self)
        self._back.setObjectName("demoTourBack")
        self._back.setToolTip(self.tr("The previous step (←)"))
        self._next = QPushButton(self.tr("Next"), self)
        self._next.setObjectName("demoTourNext")
        self._next.setToolTip(self.tr("The next step (→)"))
        close = QPushButton(self.tr("End tour"), self)
        close.setObjectName("demoTourClose")
        close.setToolTip(self.tr("End the tour (Esc)"))
        self._back.clicked.connect(self.back)
        self._next.clicked.connect(self.next)
        close.clicked.connect(self.end)
        self._shortcuts: list[QShortcut] = []
        for key, slot in ((Qt.Key.Key_Right, self.next), (Qt.Key.Key_Left, self.back),
                          (Qt.Key.Key_Escape, self.end)):
            shortcut = QShortcut(QKeySequence(key), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            shortcut.setEnabled(False)  # only while the tour is shown
            self._shortcuts.append(shortcut)
        buttons = QHBoxLayout()
        buttons.addWidget(self._counter)
        buttons.addStretch(1)
        for widget in (close, self._back, self._next):
            buttons.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._text)
        layout.addLayout(buttons)
        self.setFixedWidth(380)
        window.installEventFilter(self)
        self.hide()

    @property
    def index(self) -> int:
        return self._index

    @property
    def steps(self) -> list[TourStep]:
        return list(self._steps)

    def start(self) -> None:
        for shortcut in self._shortcuts:
            shortcut.setEnabled(True)
        self._show(0)

    def next(self) -> None:
        if self._index + 1 >= len(self._steps):
            self.end()
        else:
            self._show(self._index + 1)

    def back(self) -> None:
        if self._index > 0:
            self._show(self._index - 1)

    def end(self) -> None:
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
        self.hide()
        self.finished.emit()

    def target_widget(self) -> QWidget | None:
        return self._window.findChild(QWidget, self._steps[self._index].target)

    def _show(self, index: int) -> None:
        self._index = index
        step = self._steps[index]
        if step.before is not None:
            step.before()
        self._title.setText(f"<b>{step.title}</b>")
        self._text.setText(step.text)
        self._counter.setText(self.tr("{0} of {1}").format(index + 1, len(self._steps)))
        self._back.setEnabled(index > 0)
        self._next.setText(self.tr("Next") if index + 1 < len(self._steps)
                           else self.tr("Finish"))
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()
        self.step_changed.emit(index)

    def _place(self) -> None:
        """Beside the target: below it when there is room, else above; kept in the window."""
        target = self.target_widget()
        window = self._window
        if target is None or not target.isVisible():
            self.move((window.width() - self.width()) // 2, (window.height() - self.height()) // 2)
            return
        top_left = target.mapTo(window, QPoint(0, 0))
        x = top_left.x() + min(24, target.width() // 2)
        y = top_left.y() + target.height() + 6
        if y + self.height() > window.height():
            y = max(0, top_left.y() - self.height() - 6)
        x = max(0, min(x, window.width() - self.width()))
        self.move(x, y)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False
