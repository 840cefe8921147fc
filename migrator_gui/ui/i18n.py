"""The interface's language: Qt's own translation system (``.ts`` sources compiled to ``.qm``).

``resources/i18n/migrator_<language>.qm`` holds Migrator's strings (``scripts/
update_translations.py`` regenerates it); Qt's own dialogs (file picker, message box buttons)
use the ``qt_<language>.qm`` that ships with Qt. English is the source language: nothing to load.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QDateTime,
    QLibraryInfo,
    QLocale,
    QTime,
    QTranslator,
)

from migrator_gui.services.translation import message_of, translated

__all__ = [
    "format_create_date",
    "format_timestamp",
    "install_translators",
    "message_of",
    "resolve_language",
    "translated",
]

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


def format_create_date(text: str | None, *, long: bool = False) -> str:
    """A revision's ``Create Date`` (alembic writes ``datetime.now()``: ``2026-02-16
    10:12:45.861530``, with its offset when ``timezone`` is set) in the locale's date and time
    formats (``long``: the date written out, to the second); other text is shown as written."""
    if not text:
        return ""
    return _format_create_date(text, long, QLocale().name())


@lru_cache(maxsize=8192)  # the graph asks for every visible row at each repaint
def _format_create_date(text: str, long: bool, _locale_name: str) -> str:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return text
    offset = moment.utcoffset()
    zone = ""
    if offset is not None:
        minutes = int(offset.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        zone = f" UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return _format_moment(moment, long=long, seconds=long) + zone


def format_timestamp(stamp: str) -> str:
    """An audit-log time (ISO-8601 with its offset) in local time, in the locale's short date
    format with the seconds; other text is shown as written."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return _format_moment(moment, long=False, seconds=True)


def _format_moment(moment: datetime, *, long: bool, seconds: bool) -> str:
    locale = QLocale()
    date = QDate(moment.year, moment.month, moment.day)
    time = QTime(moment.hour, moment.minute, moment.second)
    if not seconds:
        return locale.toString(QDateTime(date, time), QLocale.FormatType.ShortFormat)
    form = QLocale.FormatType.LongFormat if long else QLocale.FormatType.ShortFormat
    return f"{locale.toString(date, form)} {time.toString('HH:mm:ss')}"
