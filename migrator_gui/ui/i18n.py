"""The interface's language: Qt's own translation system (``.ts`` sources compiled to ``.qm``).

``resources/i18n/migrator_<language>.qm`` holds Migrator's strings (``scripts/
update_translations.py`` regenerates it); Qt's own dialogs (file picker, message box buttons)
use the ``qt_<language>.qm`` that ships with Qt. English is the source language: nothing to load.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"
LANGUAGES = ("en", "zh_CN")


def resolve_language(preference: str, locale: QLocale | None = None) -> str:
    """``en`` or ``zh_CN`` for a preference (``system`` follows the system locale)."""
    if preference in LANGUAGES:
        return preference
    name = (locale or QLocale.system()).name()
    return "zh_CN" if name.startswith("zh") else "en"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load and install Migrator's and Qt's translations for ``language`` (none for English);
    returns the translators installed (kept alive by their parent, ``app``)."""
    if language == "en":
        return []
    installed = []
    ours = QTranslator(app)
    if ours.load(f"migrator_{language}", str(I18N_DIR)):
        app.installTranslator(ours)
        installed.append(ours)
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(f"qt_{language}", qt_dir) or qt.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
    QLocale.setDefault(QLocale(language))  # dates and numbers follow the language
    return installed
