"""Edit ▸ Preferences: theme, code font, language, the default lock timeout and confirmations.

OK writes the preferences file (atomically) and emits :attr:`PreferencesDialog.preferences_changed`;
Cancel writes nothing; Restore Defaults only resets the form. :func:`apply_theme` and
:func:`code_font` turn the appearance settings into Qt objects.

Production profiles always ask for the typed database name before a write: no setting here turns
that off, and the dialog says so.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from migrator_gui.core.preferences import (
    MAX_CODE_FONT_SIZE,
    MIN_CODE_FONT_SIZE,
    Preferences,
    PreferencesError,
    save_preferences,
)
from migrator_gui.core.profiles import MAX_LOCK_TIMEOUT
from migrator_gui.ui.i18n import message_of

__all__ = ["DARK_COLOURS", "PreferencesDialog", "apply_theme", "code_font"]

DARK_COLOURS: dict[str, str] = {
    "Window": "#2b2b2b",
    "WindowText": "#e0e0e0",
    "Base": "#1e1e1e",
    "AlternateBase": "#262626",
    "Text": "#e0e0e0",
    "Button": "#353535",
    "ButtonText": "#e0e0e0",
    "Highlight": "#2f65ca",
    "HighlightedText": "#ffffff",
    "ToolTipBase": "#353535",
    "ToolTipText": "#e0e0e0",
    "PlaceholderText": "#8a8a8a",
    "Link": "#6ea8fe",
    "BrightText": "#ffffff",
}
"""The dark palette's colours by :class:`QPalette.ColorRole` name (as scripts/screenshot.py)."""

_NOTE_STYLE = "color: #8a6d00;"

# The platform's own look, remembered before apply_theme first changes it.
_system_style: str | None = None
_system_palette: QPalette | None = None


def _remember_system_look(app: QApplication) -> None:
    global _system_style, _system_palette
    if _system_style is None:
        _system_style = app.style().name()
        _system_palette = QPalette(app.palette())


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK_COLOURS.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    return palette


def apply_theme(app: QApplication, theme: str) -> None:
    """Give ``app`` the look of ``theme``: ``dark`` (Fusion and a dark palette), ``light``
    (Fusion and its standard light palette) or ``system`` (the platform's style and palette as
    they were before the first call)."""
    if theme not in ("system", "light", "dark"):
        raise ValueError(f"unknown theme {theme!r}: expected system, light or dark")
    _remember_system_look(app)
    if theme == "dark":
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    elif theme == "light":
        app.setStyle("Fusion")
        app.setPalette(app.style().standardPalette())
    else:
        assert _system_style is not None and _system_palette is not None
        app.setStyle(_system_style)
        app.setPalette(_system_palette)


def code_font(size: int) -> QFont:
    """The system's fixed-width font at ``size`` points (``0``: at its own size)."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if size > 0:
        font.setPointSize(size)
    return font


class PreferencesDialog(QDialog):
    """The preferences form. OK saves to ``path`` (default: the config folder's file)."""

    preferences_changed = Signal(object)
    """OK saved the preferences: the new :class:`Preferences`. The dialog then accepts."""

    def __init__(
        self, prefs: Preferences, parent: QWidget | None = None, path: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self._path = path
        self._build_widgets()
        self.set_preferences(prefs)

    # -- public surface --------------------------------------------------------------------
    def preferences(self) -> Preferences:
        """The preferences as the form shows them."""
        return Preferences(
            theme=self._theme.currentData(),
            default_lock_timeout=float(self._lock_timeout.value()),
            transaction_per_migration=self._per_step.isChecked(),
            confirm_downgrades=self._confirm_downgrades.isChecked(),
            confirm_stamps=self._confirm_stamps.isChecked(),
            code_font_size=self._font_size_value(),
            language=self._language.currentData(),
            plan_before_run=self._plan_before_run.isChecked(),
        )

    def _font_size_value(self) -> int:
        size = int(self._font_size.value())
        return MIN_CODE_FONT_SIZE if 0 < size < MIN_CODE_FONT_SIZE else size

    def set_preferences(self, prefs: Preferences) -> None:
        """Show ``prefs`` in the form (nothing is saved)."""
        self._theme.setCurrentIndex(max(0, self._theme.findData(prefs.theme)))
        self._lock_timeout.setValue(prefs.default_lock_timeout)
        self._per_step.setChecked(prefs.transaction_per_migration)
        self._confirm_downgrades.setChecked(prefs.confirm_downgrades)
        self._confirm_stamps.setChecked(prefs.confirm_stamps)
        self._font_size.setValue(prefs.code_font_size)
        self._language.setCurrentIndex(max(0, self._language.findData(prefs.language)))
        self._plan_before_run.setChecked(prefs.plan_before_run)

    # -- building --------------------------------------------------------------------------
    def _build_widgets(self) -> None:

        def form_row(form: QFormLayout, text: str, field: QWidget, name: str) -> None:
            label = QLabel(text, self)
            label.setObjectName(name)
            label.setBuddy(field)
            form.addRow(label, field)

        def check(text: str, name: str, accessible: str, tip: str) -> QCheckBox:
            box = QCheckBox(text, self)
            box.setObjectName(name)
            box.setAccessibleName(accessible)
            box.setToolTip(tip)
            return box

        # Appearance
        self._theme = QComboBox(self)
        self._theme.setObjectName("themeCombo")
        self._theme.setAccessibleName(self.tr("Theme"))
        self._theme.setToolTip(
            self.tr("System: the look of your desktop; Light or Dark: Qt's Fusion style")
        )
        for value, text in (
            ("system", self.tr("System")),
            ("light", self.tr("Light")),
            ("dark", self.tr("Dark")),
        ):
            self._theme.addItem(text, value)

        self._font_size = QSpinBox(self)
        self._font_size.setObjectName("codeFontSizeSpin")
        self._font_size.setAccessibleName(self.tr("Code font size"))
        self._font_size.setToolTip(
            self.tr(
                "Point size of SQL, diffs and migration source; Default: the system's fixed font"
            )
        )
        # 0 is "Default"; 1 to 5 are not valid sizes and are skipped (see _on_font_size_changed).
        self._font_size.setRange(0, MAX_CODE_FONT_SIZE)
        self._font_size.setSpecialValueText(self.tr("Default"))
        self._font_size.setSuffix(self.tr(" pt"))
        self._font_size.setKeyboardTracking(False)  # typing "12" passes through 1 otherwise
        self._font_size.valueChanged.connect(self._on_font_size_changed)
        self._font_size_last = 0

        self._language = QComboBox(self)
        self._language.setObjectName("languageCombo")
        self._language.setAccessibleName(self.tr("Language"))
        self._language.setToolTip(self.tr("Applies after a restart"))
        for value, text in (
            ("system", self.tr("System")),
            ("en", "English"),
            ("zh_CN", "简体中文"),
        ):
            self._language.addItem(text, value)

        appearance = QGroupBox(self.tr("Appearance"), self)
        appearance.setObjectName("appearanceGroup")
        appearance_form = QFormLayout(appearance)
        form_row(appearance_form, self.tr("&Theme:"), self._theme, "themeLabel")
        form_row(appearance_form, self.tr("Code &font size:"), self._font_size, "codeFontSizeLabel")
        form_row(appearance_form, self.tr("Lan&guage:"), self._language, "languageLabel")

        # Migrations
        self._lock_timeout = QDoubleSpinBox(self)
        self._lock_timeout.setObjectName("lockTimeoutSpin")
        self._lock_timeout.setAccessibleName(self.tr("Default lock timeout"))
        self._lock_timeout.setToolTip(
            self.tr(
                "How long a migration's statement waits for a lock another session holds, for "
                "databases opened by URL (a profile has its own); Wait forever: no limit"
            )
        )
        self._lock_timeout.setRange(0.0, MAX_LOCK_TIMEOUT)
        self._lock_timeout.setDecimals(1)
        self._lock_timeout.setSingleStep(1.0)
        self._lock_timeout.setSuffix(self.tr(" s"))
        self._lock_timeout.setSpecialValueText(self.tr("Wait forever"))  # shown for 0
        self._lock_timeout.setAccelerated(True)

        self._per_step = check(
            self.tr("Run each migration in its own tr&ansaction"),
            "perStepTransactionCheck",
            self.tr("Run each migration in its own transaction"),
            self.tr(
                "Commit after every migration, so a failure keeps the steps before it; off: "
                "one transaction for the whole run where the database allows it"
            ),
        )
        self._plan_before_run = check(
            self.tr("Show the &plan before running"),
            "planBeforeRunCheck",
            self.tr("Show the plan before running"),
            self.tr(
                "Upgrade, downgrade and stamp first show what they will do in the Plan tab, and "
                "you run them from there"
            ),
        )
        migrations = QGroupBox(self.tr("Migrations"), self)
        migrations.setObjectName("migrationsGroup")
        migrations_form = QFormLayout(migrations)
        form_row(
            migrations_form, self.tr("Default &lock timeout:"), self._lock_timeout, "lockLabel"
        )
        migrations_form.addRow(self._per_step)
        migrations_form.addRow(self._plan_before_run)

        # Confirmations
        self._confirm_downgrades = check(
            self.tr("Confirm &downgrades"),
            "confirmDowngradesCheck",
            self.tr("Confirm downgrades"),
            self.tr("Ask before a downgrade runs (it may drop tables and data)"),
        )
        self._confirm_stamps = check(
            self.tr("Confirm &stamps"),
            "confirmStampsCheck",
            self.tr("Confirm stamps"),
            self.tr("Ask before a stamp changes the recorded revision without running migrations"),
        )
        note_text = self.tr(
            "Production profiles always ask you to type the database name before any write, "
            "whatever these settings say."
        )
        self._note = QLabel(note_text, self)
        self._note.setObjectName("productionNote")
        self._note.setWordWrap(True)
        self._note.setStyleSheet(_NOTE_STYLE)
        self._note.setAccessibleName(self.tr("Production databases"))
        self._note.setAccessibleDescription(note_text)
        self._note.setToolTip(self.tr("Not a setting: this safeguard cannot be turned off"))
        confirmations = QGroupBox(self.tr("Confirmations"), self)
        confirmations.setObjectName("confirmationsGroup")
        confirmations_layout = QVBoxLayout(confirmations)
        confirmations_layout.addWidget(self._confirm_downgrades)
        confirmations_layout.addWidget(self._confirm_stamps)
        confirmations_layout.addWidget(self._note)

        # Buttons
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        self._buttons.setObjectName("preferencesButtons")
        ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setObjectName("preferencesOkButton")
        ok.setToolTip(self.tr("Save the preferences and close"))
        ok.setAccessibleName(self.tr("OK"))
        cancel = self._buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("preferencesCancelButton")
        cancel.setToolTip(self.tr("Close without saving"))
        cancel.setAccessibleName(self.tr("Cancel"))
        defaults = self._buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        defaults.setObjectName("restoreDefaultsButton")
        defaults.setText(self.tr("&Restore Defaults"))
        defaults.setToolTip(self.tr("Put the default values in the form (saved only by OK)"))
        defaults.setAccessibleName(self.tr("Restore Defaults"))
        self._buttons.accepted.connect(self._on_buttons_accepted)
        self._buttons.rejected.connect(self.reject)
        self._buttons.clicked.connect(self._on_buttons_clicked)

        layout = QVBoxLayout(self)
        layout.addWidget(appearance)
        layout.addWidget(migrations)
        layout.addWidget(confirmations)
        layout.addStretch(1)
        layout.addWidget(self._buttons)

    # -- slots -----------------------------------------------------------------------------
    def _on_font_size_changed(self, value: int) -> None:
        """Skip 1 to 5: stepping up from Default goes to 6, stepping down from 6 to Default."""
        if 0 < value < MIN_CODE_FONT_SIZE:
            value = MIN_CODE_FONT_SIZE if value > self._font_size_last else 0
            self._font_size.setValue(value)
        self._font_size_last = value

    def _on_buttons_clicked(self, button: QAbstractButton) -> None:
        role = self._buttons.buttonRole(button)
        if role == QDialogButtonBox.ButtonRole.ResetRole:
            self.set_preferences(Preferences())

    def _on_buttons_accepted(self) -> None:
        # A number still being typed (Enter pressed in the field) counts.
        self._lock_timeout.interpretText()
        self._font_size.interpretText()
        prefs = self.preferences()
        try:
            save_preferences(prefs, self._path)
        except (OSError, PreferencesError) as exc:
            QMessageBox.warning(
                self,
                self.tr("Preferences not saved"),
                self.tr("The preferences could not be saved: {0}").format(message_of(exc)),
            )
            return
        self.preferences_changed.emit(prefs)
        self.accept()
