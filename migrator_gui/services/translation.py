"""Core's sentences (:class:`~migrator_gui.core.text.Text`) rendered in the interface's
language with Qt's translator. It lives in services/ (QtCore only) so that a service building a
message around a core sentence and the widgets showing one render it the same way;
``ui.i18n`` re-exports it."""

from __future__ import annotations

from string import Formatter
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

from migrator_gui.core.text import Text, from_data

__all__ = ["message_of", "runner_message", "translated"]


def translated(text: object) -> str:
    """``text`` in the interface's language: a core :class:`Text` is translated (its ``Text``
    arguments too) and its counts (placeholders named ``count`` or ``…_count``, without a format
    spec) are grouped as the locale writes numbers; any other value is shown as is (ids, ports,
    pids are never grouped)."""
    if not isinstance(text, Text):
        return "" if text is None else str(text)
    source = QCoreApplication.translate(text.context, text.source)
    if not text.args:
        return source
    specified = {name for _, name, spec, _ in Formatter().parse(text.source) if name and spec}
    return source.format(**{
        name: _argument(name, value, formatted=name in specified)
        for name, value in text.args.items()
    })


def _argument(name: str, value: Any, *, formatted: bool) -> Any:
    if isinstance(value, Text):
        return translated(value)
    is_count = name == "count" or name.endswith("_count")
    if is_count and isinstance(value, int) and not isinstance(value, bool) and not formatted:
        return QLocale().toString(value)  # 12,345 (or the locale's grouping)
    return value


def message_of(error: object) -> str:
    """The message of an error (an exception whose one argument may be a core :class:`Text`), or
    of a sentence, in the interface's language."""
    if isinstance(error, BaseException):
        if len(error.args) == 1 and isinstance(error.args[0], Text):
            return translated(error.args[0])
        return str(error)
    return translated(error)


def runner_message(english: str, text: object) -> str:
    """A message of the runner in the interface's language: the runner (no Qt) sends its
    sentences both as English and as :func:`~migrator_gui.core.text.to_data` data (``text``);
    the English is kept when the data is missing or unreadable (an older runner)."""
    sentence = from_data(text)
    return translated(sentence) if sentence is not None else english
