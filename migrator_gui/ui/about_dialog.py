"""The About dialog (Help > About Migrator) and the application icon.

The versions are read with ``importlib.metadata``: the ui never imports alembic (import-linter's
"ui never talks to alembic directly"), and a driver that is not installed is named as such rather
than failing. "Copy" puts the same list on the clipboard as plain text, for bug reports.
"""

from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path

from PySide6 import __version__ as _pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from migrator_gui import __version__
from migrator_gui.core.paths import config_dir, data_dir

ICONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICON_NAME = "migrator-gui"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
NOT_INSTALLED = "not installed"

# (label, distribution name) of the packages a bug report needs; the drivers may be absent.
_DISTRIBUTIONS = (
    ("alembic", "alembic"),
    ("SQLAlchemy", "SQLAlchemy"),
    ("psycopg2", "psycopg2-binary"),
    ("PyMySQL", "PyMySQL"),
    ("keyring", "keyring"),
)


def app_icon() -> QIcon:
    """Migrator's icon: the rendered hicolor PNGs for the sizes they exist in, the SVG beyond."""
    icon = QIcon()
    for size in ICON_SIZES:
        png = ICONS_DIR / "hicolor" / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
        if png.is_file():
            icon.addFile(str(png))
    svg = ICONS_DIR / f"{ICON_NAME}.svg"
    if svg.is_file():
        icon.addFile(str(svg))
    return icon


def _distribution_version(*names: str) -> str:
    """The installed version of the first distribution found among ``names``."""
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return NOT_INSTALLED


def component_versions() -> list[tuple[str, str]]:
    """(name, version) of Migrator, Python, Qt and the libraries it runs on, in display order."""
    rows = [
        ("Migrator", __version__),
        ("Python", platform.python_version()),
    ]
    for label, dist in _DISTRIBUTIONS[:2]:
        rows.append((label, _distribution_version(dist)))
    rows.append(("Qt", qVersion()))
    rows.append(("PySide6", _pyside_version))
    for label, dist in _DISTRIBUTIONS[2:]:
        # psycopg2 ships as psycopg2-binary or as psycopg2 built from source.
        names = (dist, "psycopg2") if label == "psycopg2" else (dist,)
        rows.append((label, _distribution_version(*names)))
    return rows


def folder_rows() -> list[tuple[str, str]]:
    return [("Data folder", str(data_dir())), ("Config folder", str(config_dir()))]


def versions_text() -> str:
    """The versions and folders as plain text, one ``name: value`` a line."""
    lines = [f"{name}: {value}" for name, value in component_versions() + folder_rows()]
    lines.append(f"Platform: {platform.platform()}")
    return "\n".join(lines) + "\n"


class AboutDialog(QDialog):
    """Migrator's icon, version and description, and the versions a bug report needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Migrator"))
        icon = app_icon()
        self.setWindowIcon(icon)

        icon_label = QLabel(self)
        icon_label.setObjectName("aboutIcon")
        icon_label.setPixmap(icon.pixmap(64, 64))
        icon_label.setFixedSize(64, 64)
        icon_label.setAccessibleName(self.tr("Migrator icon"))
        title = QLabel(f"<b>Migrator {__version__}</b>", self)
        title.setObjectName("aboutTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        title.setFont(font)
        description = QLabel(self.tr("Alembic database migrations, visible and safe."), self)
        description.setObjectName("aboutDescription")
        description.setWordWrap(True)
        heading = QVBoxLayout()
        heading.addWidget(title)
        heading.addWidget(description)
        heading.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(icon_label, 0, Qt.AlignmentFlag.AlignTop)
        top.addSpacing(12)
        top.addLayout(heading, 1)

        self._versions = QWidget(self)
        self._versions.setObjectName("aboutVersions")
        grid = QGridLayout(self._versions)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        self._values: dict[str, str] = {}
        for row, (name, value) in enumerate(component_versions() + folder_rows()):
            self._values[name] = value
            name_label = QLabel(name, self._versions)
            value_label = QLabel(value, self._versions)
            value_label.setObjectName(f"aboutVersion_{name.replace(' ', '_')}")
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value_label.setAccessibleName(name)
            if value == NOT_INSTALLED:
                value_label.setEnabled(False)
            grid.addWidget(name_label, row, 0)
            grid.addWidget(value_label, row, 1)
        grid.setColumnStretch(1, 1)

        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self._copy_button = QPushButton(self.tr("&Copy"), self)
        self._copy_button.setObjectName("aboutCopyButton")
        self._copy_button.setToolTip(self.tr("Copy the versions as plain text, for a bug report"))
        self._buttons.addButton(self._copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self._buttons.rejected.connect(self.reject)
        self._copy_button.clicked.connect(self._on_copy_button_clicked)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addWidget(self._versions)
        layout.addWidget(self._buttons)
        self.setMinimumWidth(420)

    def versions(self) -> dict[str, str]:
        """What the dialog shows: name -> version (or folder)."""
        return dict(self._values)

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(versions_text())
