"""The list model behind the profile manager: one row per connection profile.

Display: the profile's name; decoration: its environment colour (a small square); tooltip: its
URL rendered without password. The model holds :class:`ConnectionProfile` values, which never
contain a password.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from migrator_gui.core.profiles import ConnectionProfile, ProfileError
from migrator_gui.ui.i18n import translated

_Index = QModelIndex | QPersistentModelIndex


class ProfileListModel(QAbstractListModel):
    """Connection profiles in the user's order."""

    ProfileRole = int(Qt.ItemDataRole.UserRole) + 1
    """The :class:`ConnectionProfile` of a row."""
    NameRole = int(Qt.ItemDataRole.UserRole) + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._profiles: list[ConnectionProfile] = []

    # -- data in ---------------------------------------------------------------------------
    def set_profiles(self, profiles: list[ConnectionProfile]) -> None:
        self.beginResetModel()
        self._profiles = list(profiles)
        self.endResetModel()

    # -- queries ---------------------------------------------------------------------------
    def profiles(self) -> list[ConnectionProfile]:
        return list(self._profiles)

    def profile_at(self, row: int) -> ConnectionProfile | None:
        return self._profiles[row] if 0 <= row < len(self._profiles) else None

    def row_of(self, name: str) -> int | None:
        for row, profile in enumerate(self._profiles):
            if profile.name == name:
                return row
        return None

    # -- QAbstractListModel ----------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._profiles)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | (Qt.ItemFlag.ItemNeverHasChildren)
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.column() != 0:
            return None
        profile = self.profile_at(index.row())
        if profile is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return profile.name
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(profile.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            try:
                shown = profile.display_url()
            except ProfileError:
                shown = translated(profile.describe())
            return f"{shown}\n{profile.environment}"
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return f"{profile.environment} {profile.dialect} profile"
        if role == self.ProfileRole:
            return profile
        if role == self.NameRole:
            return profile.name
        return None
