"""Sentences that core/ writes for users, translatable although core/ has no Qt.

A :class:`Text` *is* a ``str`` (its English rendering: logs, the audit log, exceptions and tests
read it as before) that also remembers its source sentence and arguments, so that
``ui.i18n.translated`` can render it again in the interface's language with Qt's translator.

Mark a sentence exactly like this, with both literals in the call (``pyside6-lupdate`` reads the
call by its name and puts the sentence in the catalogue under the context)::

    QT_TRANSLATE_NOOP("Doctor", "{count} redundant row(s) in {table}").format(count=2, table=t)

Arguments that are themselves :class:`Text` are translated too; other values are data (names,
revisions, paths) and are shown as they are. Only named ``{placeholders}`` are used, so that a
translation can put them in another order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Text(str):
    """A user-visible sentence: English as a ``str``, plus what it takes to translate it."""

    context: str
    """The translation context (a class-like name: ``Doctor``, ``Lint``, ``DbStatus`` …)."""
    source: str
    """The English sentence with its ``{placeholders}``, as marked in the code."""
    args: Mapping[str, Any]
    """The values of the placeholders (str, numbers or nested :class:`Text`)."""

    def __new__(cls, context: str, source: str, args: Mapping[str, Any] | None = None) -> Text:
        values = dict(args or {})
        self = super().__new__(cls, source.format(**values) if values else source)
        self.context = context
        self.source = source
        self.args = values
        return self

    def format(self, *args: object, **kwargs: Any) -> Text:
        """The sentence with its named placeholders filled (positional ones are refused:
        a translation may need to reorder them)."""
        if args:
            raise TypeError("Text.format takes named arguments only")
        return Text(self.context, self.source, {**self.args, **kwargs})

    def __getnewargs__(self) -> tuple[str, str, dict[str, Any]]:  # type: ignore[override]
        # copy, deepcopy and pickle rebuild a Text from these (str's own would pass the English)
        return (self.context, self.source, dict(self.args))

    def __repr__(self) -> str:
        return f"Text({self.context!r}, {str(self)!r})"


def QT_TRANSLATE_NOOP(context: str, source: str) -> Text:  # lupdate reads this very name
    """Mark ``source`` for translation in ``context``; returns it as a :class:`Text`."""
    return Text(context, source)


def to_data(text: Text) -> dict[str, Any]:
    """``text`` as JSON-able data (the runner sends its messages so: it has no translator)."""
    return {
        "context": text.context,
        "source": text.source,
        "args": {
            name: to_data(value) if isinstance(value, Text) else value
            for name, value in text.args.items()
        },
    }


def from_data(data: object) -> Text | None:
    """The :class:`Text` that :func:`to_data` gave, or None for anything else."""
    if not isinstance(data, dict) or set(data) != {"context", "source", "args"}:
        return None
    context, source, args = data["context"], data["source"], data["args"]
    if not isinstance(context, str) or not isinstance(source, str) or not isinstance(args, dict):
        return None
    values = {name: from_data(value) or value for name, value in args.items()}
    try:
        return Text(context, source, values)
    except (KeyError, IndexError, ValueError):  # placeholders and arguments do not match
        return None
