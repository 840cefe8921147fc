"""The revision graph, read statically from the version locations: no user code is run.

Migration files may import the user's application, so they are never imported here. Each ``*.py``
file is *read*: its module-level ``revision``, ``down_revision``, ``branch_labels`` and
``depends_on`` and its docstring (message, ``Revision ID``, ``Create Date``). The graph built from
them answers what the GUI asks all the time (heads, bases, children, ancestors, a newest-first
order) in linear time. alembic's own :class:`~alembic.script.revision.RevisionMap` is available
through :meth:`RevisionGraph.revision_map` when alembic's full semantics are needed, but it is built
only on request: on branchy histories it grows super-linearly (``walk_revisions`` takes ~20 s at
20,000 revisions).

Public scripting surface::

    graph = load_graph(open_project("path/to/project"))
    graph.heads, graph.bases          # tuples of ids, as ScriptDirectory.get_heads/get_bases
    node = graph["3fa2c1d4e5f6"]      # RevisionNode: down_revisions, dependencies, message, path
    graph.children(rev), graph.ancestors([rev]), graph.topological_order(), graph.resolve("3fa2")
    graph.broken, graph.problems      # what could not be read, and graph-level problems

Which files are read
    Exactly those alembic's ``ScriptDirectory`` loads: every entry of each version location
    whose resolved name matches ``(?!\\.\\#|__init__)(.*\\.py)$`` (so ``__init__.py`` and editor
    lock files ``.#x.py`` are skipped, but ``_x.py`` and ``.x.py`` are read), sorted by name,
    subfolders only when ``recursive_version_locations`` is on (depth first, sorted, not following
    symlinked folders, skipping ``__pycache__``), a file reached twice through overlapping
    locations read once. ``sourceless`` (``.pyc``-only) revisions are not supported: they cannot
    be read without running them.

How a file is read
    In three tiers, each exact for the files it accepts, the next one taking the rest:

    1. the template shape (alembic's templates, old and new) in one regular-expression match:
       comment lines, a docstring, plain ``import`` lines, then ``revision``, ``down_revision``
       [, ``branch_labels``] [, ``depends_on``] as column-0 literal assignments (plain or
       annotated); then three ``str.find`` calls prove the rest of the file never mentions
       the four names, so nothing there can rebind them;
    2. any file whose four names are bound only by column-0 assignments of string / ``None`` /
       tuple / list literals that surely start a statement (not inside brackets or a string),
       every other mention of them being harmless (a comment, a string literal, an attribute);
       bound twice, the last one wins, as when the module runs;
    3. :mod:`ast` for everything else (about 0.5 ms per file, 20 times the others): unpacking of
       literal tuples is understood; a binding inside ``if``/``try``/``for``..., an import, a
       walrus, a ``del`` is reported as not a literal rather than guessed.

    Star imports and ``globals()`` tricks are not seen (nothing is run). The docstring is taken
    as ``module.__doc__`` would be (on Python 3.13+ with the compiler's indentation cleaning), and
    ``message`` is alembic's ``Script.doc``: the first paragraph of the stripped docstring.

    Tiers 1 and 2 do not compile the rest of the file, so a syntax error *outside* what they read
    (say in ``upgrade()``) is only found with ``check_syntax=True``, which compiles every file the
    way an import would (0.1-0.4 ms per file, once: the result is cached). Compiling is what the
    20,000-revision budget (1.5 s cold) does not allow by default; run a checked load in the
    background when it matters (the Doctor, before a migration).

Broken nodes
    A file that cannot be read as a revision - a syntax error, identifiers that are not literals
    (``revision = make_id()``), no ``revision``/``down_revision``, a non-string id, an id with
    ``@ - + :``, a revision that lists itself as its parent - does not stop the load: it becomes a
    node whose :attr:`RevisionNode.error` says what is wrong, with the file and line. Its id is its
    literal ``revision`` when one can be recovered and is not taken, else the file name stem (made
    unique with ``~2``, ``~3``...). Broken nodes are listed in :attr:`RevisionGraph.broken`; they
    keep whatever parents could be recovered (so the view can draw them where they belong) but are
    never heads or bases.

Dangling references (alembic: "Revision X referenced from ... is not present")
    The graph still loads: the revision whose ``down_revision`` or ``depends_on`` names nothing in
    the version locations gets an ``error`` (so it is a broken node) and the rest is unaffected.
    A ``down_revision`` that names a branch label is treated the same way (alembic accepts it while
    building its map, then fails with "Dependency resolution failed; broken map").

Heads and bases
    Computed over the healthy revisions only: they are exactly what alembic's
    ``get_heads()``/``get_bases()`` would return if the broken files were removed, in alembic's
    order (the order the files are loaded). With no broken file they equal alembic's.

Graph-level problems (:attr:`RevisionGraph.problems`)
    * the same revision id declared by two files (alembic only warns, then builds an inconsistent
      map): the first file in load order keeps the id, the other one becomes a broken node;
    * a branch label used twice, or equal to a revision id (alembic raises): the first keeps it;
    * cycles (alembic raises ``CycleDetected``): the revisions on the cycle become broken nodes;
    * a version location that does not exist, a file reached twice.

Caching
    Parsed files are cached by ``(real path, size, mtime_ns)`` in a :class:`RevisionLoader` (a
    process-wide one serves :func:`load_graph`). Loading an unchanged tree again only lists and
    ``stat``\\ s the files and returns the very same :class:`RevisionGraph` object. Files modified
    less than two seconds before they were read are re-read (not re-parsed) on the next load, in
    case a second write landed within the file system's timestamp granularity. A load pauses the
    cyclic garbage collector while it makes its (acyclic) objects: a third of a cold 20,000-file
    load went to collections that found nothing.
"""

from __future__ import annotations

import ast
import heapq
import os
import re
import stat
import sys
import threading
import time
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from migrator_gui.core.errors import MigratorError, RevisionLoadError
from migrator_gui.core.gc_pause import gc_paused
from migrator_gui.core.text import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from alembic.script.revision import RevisionMap

    from migrator_gui.core.project import Project

__all__ = [
    "RevisionFile",
    "RevisionGraph",
    "RevisionLoader",
    "RevisionNode",
    "RevisionResolutionError",
    "clear_cache",
    "load_graph",
    "load_graph_from_locations",
    "parse_revision_source",
]


class RevisionResolutionError(MigratorError, LookupError):
    """An identifier names no revision, or more than one (see :meth:`RevisionGraph.resolve`)."""

    def __init__(self, message: str, identifier: str, candidates: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.identifier = identifier
        self.candidates = tuple(candidates)


# --------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True, slots=True, kw_only=True)
class RevisionFile:
    """What one revision file says, read without running it (the unit of the parse cache).

    Plain data: build these by hand to make a :class:`RevisionGraph` in memory with
    :meth:`RevisionGraph.from_files`.
    """

    path: Path
    revision: str | None
    """The literal ``revision``; None when it could not be read (then ``error`` is set)."""
    down_revisions: tuple[str, ...] = ()
    branch_labels: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    """``depends_on`` as written: revision ids or branch labels."""
    doc: str = ""
    """The stripped module docstring (alembic's ``Script.longdoc``)."""
    message: str = ""
    """First paragraph of ``doc`` (alembic's ``Script.doc``)."""
    create_date: str | None = None
    doc_revision_id: str | None = None
    """The ``Revision ID:`` line of the docstring (may disagree with ``revision``)."""
    error: str | None = None
    down_revision_line: int | None = None
    depends_on_line: int | None = None
    syntax_checked: bool = field(default=False, compare=False)
    """True when the whole file was compiled, so a syntax error anywhere would have been found.
    Not compared: a check that finds nothing leaves the file (and the cached graph) the same, so
    the view's layout of that graph stays valid."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RevisionNode:
    """One revision of a :class:`RevisionGraph`."""

    revision: str
    down_revisions: tuple[str, ...]
    """``down_revision`` as written, as a tuple (empty for a base)."""
    dependencies: tuple[str, ...]
    """``depends_on`` resolved to revision ids (branch labels replaced), as alembic resolves it."""
    branch_labels: tuple[str, ...]
    """The labels this file declares (not the ones alembic propagates along the branch)."""
    message: str
    path: Path
    create_date: str | None
    error: str | None
    """Why this node is broken; None for a healthy revision."""
    children: tuple[str, ...]
    """Revisions whose ``down_revision`` names this one, in load order (broken ones included)."""
    depends_on: tuple[str, ...] = ()
    """``depends_on`` as written (ids or branch labels)."""
    doc: str = ""
    doc_revision_id: str | None = None

    @property
    def is_merge(self) -> bool:
        """More than one ``down_revision`` (alembic's ``is_merge_point``)."""
        return len(self.down_revisions) > 1

    @property
    def is_branch_point(self) -> bool:
        """More than one child (alembic's ``is_branch_point``)."""
        return len(self.children) > 1

    @property
    def is_base(self) -> bool:
        return not self.down_revisions

    @property
    def is_broken(self) -> bool:
        return self.error is not None


# --------------------------------------------------------------------------------------------
# Reading one file

_NAMES = ("revision", "down_revision", "branch_labels", "depends_on")
_ILLEGAL_REV_CHARS = frozenset("@-+:")
# alembic/script/base.py: which file names are revision files, and the legacy "<hex>.py" naming.
_SOURCE_NAME_RE = re.compile(r"(?!\.\#|__init__)(.*\.py)$")
_LEGACY_REV_RE = re.compile(r"([a-f0-9]+)\.py$")

_STR = r"""(?:[uU]?(?:'[^'\\\n]*'|"[^"\\\n]*"))"""
_STR_RE = re.compile(_STR)
_SEQ = rf"\s*(?:{_STR}\s*,\s*)*(?:{_STR}\s*)?"
_VALUE = rf"(?:None|\({_SEQ}\)|\[{_SEQ}\]|{_STR}(?:[ \t]*,[ \t]*{_STR})*(?:[ \t]*,)?)"


def _assignment(name: str, group: str) -> str:
    """``name [: annotation] = <literal>`` up to the end of its line (the value in ``group``)."""
    return (rf"{name}[ \t]*(?::[^=\n#'\"\\]+)?=(?!=)[ \t]*(?P<{group}>{_VALUE})"
            r"[ \t]*(?:#[^\n]*)?(?:\n|\Z)")


_TAIL_RE = re.compile(_assignment("", "value"))
# The canonical shape (alembic's templates, old and new): blank/comment lines, a docstring without
# backslashes, simple import lines that bind none of the four names, then the assignments in the
# template's order (blank and comment lines between them allowed). The rest of such a file is
# checked with three str.find calls: if it never mentions the names, nothing in it binds them.
_NAME_ALT = r"(?:revision|down_revision|branch_labels|depends_on)"
_BLANK_LINE = r"[ \t\f]*(?:#[^\n]*)?\n"
_IMPORTED = rf"(?!{_NAME_ALT}\b)[A-Za-z_][\w.]*"
_IMPORT_LINE = (
    rf"(?:from[ \t]+\.*[\w.]*[ \t]+)?import[ \t]+{_IMPORTED}(?:[ \t]+as[ \t]+{_IMPORTED})?"
    rf"(?:[ \t]*,[ \t]*{_IMPORTED}(?:[ \t]+as[ \t]+{_IMPORTED})?)*[ \t]*(?:#[^\n]*)?\n"
)
_CANONICAL_RE = re.compile(
    rf"(?:{_BLANK_LINE})*"
    r'(?:[rRuU]?(?:"""(?P<dq>[^"\\]*(?:"(?!"")[^"\\]*)*)"""'
    r"|'''(?P<sq>[^'\\]*(?:'(?!'')[^'\\]*)*)''')[ \t]*(?:#[^\n]*)?\n)?"
    rf"(?:{_IMPORT_LINE}|{_BLANK_LINE})*"
    rf"{_assignment('revision', 'rv')}(?:{_BLANK_LINE})*"
    rf"{_assignment('down_revision', 'dv')}(?:{_BLANK_LINE})*"
    rf"(?:{_assignment('branch_labels', 'bv')}(?:{_BLANK_LINE})*)?"
    rf"(?:{_assignment('depends_on', 'cv')}(?:{_BLANK_LINE})*)?"
)
_LEAD_RE = re.compile(r"(?:[ \t\f]*(?:#[^\n]*)?\n)*")
_DOC_START_RE = re.compile(r"([A-Za-z]{0,2})('''|\"\"\"|'|\")")
_EOL_RE = re.compile(r"[ \t]*(?:#[^\n]*)?(?:\n|\Z)")
_CODING_RE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.MULTILINE)
_UTF8_NAMES = frozenset({"utf-8", "utf8", "utf_8", "utf-8-sig", "utf_8_sig"})
_DQ3 = '"""'
_SQ3 = "'''"
_LAMBDA_END_RE = re.compile(r"(?<![\w.])lambda$")
_RECOVER_RE = re.compile(r"^(revision|down_revision)(?!\w)", re.MULTILINE)


class _Unset:
    """Marks a name the module never binds."""


_UNSET = _Unset()


_INSIDE_EXPRESSION = QT_TRANSLATE_NOOP("Revisions", "is bound inside an expression")
_NOT_LITERAL = QT_TRANSLATE_NOOP("Revisions", "is not a literal value")


class _NotLiteral:
    """Marks a name bound to something that is not a literal (or bound conditionally)."""

    def __init__(self, line: int, why: str) -> None:
        self.line = line
        self.why = why


def _clauses(items: Iterable[str]) -> str | None:
    """Problems joined with ``"; "`` (translatable when they are Text), None for none."""
    joined: str | None = None
    for item in items:
        joined = item if joined is None else QT_TRANSLATE_NOOP(
            "Revisions", "{first}; {then}").format(first=joined, then=item)
    return joined


def _at_line(file: str | os.PathLike[str], line: int) -> str:
    """``file, line N``."""
    return QT_TRANSLATE_NOOP("Revisions", "{file}, line {line}").format(
        file=os.fspath(file), line=str(line))


def _unreadable(file: str, exc: OSError) -> str:
    return QT_TRANSLATE_NOOP("Revisions", "{file}: cannot be read: {reason}").format(
        file=file, reason=str(exc.strerror or exc))


_Values = dict[str, object]


def parse_revision_source(
    source: bytes, path: str | os.PathLike[str], *, check_syntax: bool = False
) -> RevisionFile:
    """Read one revision file's content (never executed). Never raises for bad content.

    ``check_syntax=True`` also compiles the whole file, as importing it would, so that a syntax
    error anywhere becomes the file's ``error``.
    """
    return _parse(source, Path(path), os.fspath(path), check_syntax)


def _parse(data: bytes, path: Path, display: str, check_syntax: bool) -> RevisionFile:
    text = _decode(data)
    if check_syntax:
        problem = _compile_problem(data, display)
        if problem is not None:
            return _broken_from_text(path, text, problem)
    extracted = _fast_extract(text) if text is not None else None
    if extracted is None:
        return _parse_with_ast(data, path, display, text, check_syntax)
    values, lines, doc = extracted
    return _make_file(path, display, values, lines, doc, syntax_checked=check_syntax)


def _decode(data: bytes) -> str | None:
    """The text for the fast path, or None when only the real parser should deal with it."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:400]
    if b"coding" in head:
        first_two = b"\n".join(head.split(b"\n", 2)[:2])
        m = _CODING_RE.search(first_two)
        if m is not None and m.group(1).decode("ascii", "replace").lower() not in _UTF8_NAMES:
            return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in text:
        return None
    return text


def _triple_spans(text: str, limit: int) -> list[tuple[int, int]] | None:
    """Start/end of the triple-quoted strings that start before ``limit``, or None if that cannot
    be told by a simple scan."""
    spans: list[tuple[int, int]] = []
    find = text.find
    pos = 0
    next_dq = find(_DQ3)
    next_sq = find(_SQ3)
    while next_dq >= 0 or next_sq >= 0:
        if next_sq < 0 or 0 <= next_dq < next_sq:
            start, delim = next_dq, _DQ3
        else:
            start, delim = next_sq, _SQ3
        if start > limit:
            break
        line_start = text.rfind("\n", 0, start) + 1
        prefix = text[max(line_start, pos) : start]
        if "#" in prefix or "'" in prefix or '"' in prefix:
            return None  # the delimiter may sit in a comment or in another string
        end = find(delim, start + 3)
        if end < 0 or text[end - 1] == "\\":
            return None
        pos = end + 3
        spans.append((start, pos))
        if next_dq < pos:
            next_dq = find(_DQ3, pos)
        if next_sq < pos:
            next_sq = find(_SQ3, pos)
    return spans


def _in_spans(spans: list[tuple[int, int]], pos: int) -> bool:
    for start, end in spans:
        if pos < end:
            return start <= pos
    return False


def _starts_statement(text: str, line_start: int) -> bool:
    """Whether a column-0 line is surely a new statement (not inside brackets or continued)."""
    end = line_start - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        hash_at = line.find("#")
        if hash_at >= 0:
            before = line[:hash_at]
            if "'" in before or '"' in before:
                return False
            line = before
        line = line.rstrip()
        if line:
            return line[-1] not in "([{,\\" and not (
                line.endswith("lambda") and _LAMBDA_END_RE.search(line) is not None)
        end = start - 1
    return True


def _unquote(literal: str) -> str:
    return literal[2:-1] if literal[0] in "uU" else literal[1:-1]


def _value_of(value: str) -> object:
    """The Python value of a literal matched by ``_VALUE``."""
    first = value[0]
    if first == "'" or first == '"':
        if value[-1] == first and "," not in value:
            return value[1:-1]  # one plain string: the common case
    elif first == "N":
        return None
    elif first == "[":
        return [_unquote(s) for s in _STR_RE.findall(value)]
    items = [_unquote(s) for s in _STR_RE.findall(value)]
    if len(items) == 1 and "," not in _STR_RE.sub("", value):
        return items[0]  # "x", ("x"), u"x"
    return tuple(items)


def _in_string_or_comment(prefix: str) -> bool:
    """Whether the end of ``prefix`` (a line up to an occurrence, not starting inside a
    triple-quoted string) lies in a one-line string literal or a comment."""
    quote = ""
    i = 0
    size = len(prefix)
    while i < size:
        c = prefix[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c == "#":
            return True
        elif c == "'" or c == '"':
            if prefix[i : i + 3] == c * 3:
                return False  # a triple-quoted string on this line: not worth it
            j = i
            while j > 0 and prefix[j - 1].isalpha():
                j -= 1
            if "f" in prefix[j:i].lower():
                return False  # f-strings may nest quotes (PEP 701)
            quote = c
        i += 1
    return bool(quote)


_WORD_ASCII = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _occurrences(text: str) -> list[tuple[int, str]]:
    """Positions of the four names as whole identifiers not after a dot (attributes), sorted."""
    found: list[tuple[int, str]] = []
    find = text.find
    size = len(text)
    word_chars = _WORD_ASCII
    for word in ("revision", "branch_labels", "depends_on"):
        width = len(word)
        i = find(word)
        while i >= 0:
            end = i + width
            after = text[end] if end < size else " "
            if after not in word_chars and after <= "\x7f":
                name = word
                start = i
                if word == "revision" and text[i - 5 : i] == "down_" and i >= 5:
                    name = "down_revision"
                    start = i - 5
                before = text[start - 1] if start else " "
                if before not in word_chars and before != "." and before <= "\x7f":
                    found.append((start, name))
            i = find(word, end)
    found.sort()
    return found


def _fast_extract(text: str) -> tuple[_Values, dict[str, int], str | None] | None:
    """Read the common shapes without the parser; None when the file needs it."""
    return _canonical_extract(text) or _general_extract(text)


def _canonical_extract(text: str) -> tuple[_Values, dict[str, int], str | None] | None:
    """The template shape in one regular-expression match (see ``_CANONICAL_RE``)."""
    m = _CANONICAL_RE.match(text)
    if m is None:
        return None
    end = m.end()
    find = text.find
    if find("revision", end) >= 0 or find("branch_labels", end) >= 0 or find(
            "depends_on", end) >= 0:
        return None  # mentioned further down: the general reader decides whether it matters
    values: _Values = {"revision": _value_of(m.group("rv"))}
    dv_at = m.start("dv")
    lines = {"down_revision": text.count("\n", 0, dv_at) + 1}
    values["down_revision"] = _value_of(m.group("dv"))
    bv = m.group("bv")
    if bv is not None:
        values["branch_labels"] = _value_of(bv)
    cv = m.group("cv")
    if cv is not None:
        values["depends_on"] = _value_of(cv)
        lines["depends_on"] = text.count("\n", dv_at, m.start("cv")) + lines["down_revision"]
    doc = m.group("dq")
    return values, lines, m.group("sq") if doc is None else doc


def _general_extract(text: str) -> tuple[_Values, dict[str, int], str | None] | None:
    """Any file whose four names are column-0 literal assignments and whose other mentions of
    them are harmless (comments, strings, attributes)."""
    occurrences = _occurrences(text)
    spans = _triple_spans(text, occurrences[-1][0] if occurrences else 0)
    if spans is None:
        return None
    # -- the docstring: the first statement, if it is a string
    doc: str | None = None
    lead = _LEAD_RE.match(text)
    pos = lead.end() if lead is not None else 0
    m = _DOC_START_RE.match(text, pos)
    if m is not None:
        prefix = m.group(1).lower()
        if prefix not in ("", "r", "u"):
            return None
        quote_at = m.start(2)
        if len(m.group(2)) == 3:
            if not spans or spans[0][0] != quote_at:
                return None
            end = spans[0][1]
            body = text[quote_at + 3 : end - 3]
        else:
            sm = _STR_RE.match(text, quote_at)
            if sm is None:
                return None
            end = sm.end()
            body = text[quote_at + 1 : end - 1]
        if "\\" in body and prefix != "r":
            try:
                value = ast.literal_eval(text[pos:end])
            except (ValueError, SyntaxError):
                return None
            if not isinstance(value, str):
                return None
            body = value
        if _EOL_RE.match(text, end) is None:
            return None  # "doc" "more", "doc".strip(), ...: let the parser decide
        doc = body
    else:
        first = text[pos : pos + 1]
        if first and not (first.isidentifier() or first == "@"):
            return None  # an indented first line, a parenthesised string...
    # -- the four names: every occurrence is a column-0 literal assignment, or harmless
    values: _Values = {}
    lines: dict[str, int] = {}
    statement_end = -1  # where the last assignment read ended: a statement starts right there
    for p, name in occurrences:
        if spans and _in_spans(spans, p):
            continue
        line_start = text.rfind("\n", 0, p) + 1
        if line_start == p:
            # a top-level statement: when bound twice, the last one wins (as when run)
            tm = _TAIL_RE.match(text, p + len(name))
            if tm is None or (p != statement_end and not _starts_statement(text, p)):
                return None
            statement_end = tm.end()
            values[name] = _value_of(tm.group("value"))
            lines[name] = text.count("\n", 0, p) + 1
        else:
            before = text[line_start:p]
            hash_at = before.find("#")
            if hash_at >= 0 and "'" not in before[:hash_at] and '"' not in before[:hash_at]:
                continue  # in a comment
            if (spans and _in_spans(spans, line_start)) or not _in_string_or_comment(before):
                return None  # maybe a binding (import, for, if-block, keyword...): parse it
    if "revision" not in values or "down_revision" not in values:
        return None
    return values, lines, doc


def _compile_problem(data: bytes, display: str) -> str | None:
    try:
        compile(data, display, "exec", dont_inherit=True, optimize=0)
    except SyntaxError as exc:
        return _syntax_message(display, exc)
    except (ValueError, RecursionError, MemoryError) as exc:
        return QT_TRANSLATE_NOOP("Revisions", "{file}: cannot be compiled: {reason}").format(
            file=display, reason=str(exc))
    return None


def _syntax_message(display: str, exc: SyntaxError) -> str:
    kind = type(exc).__name__
    where = _at_line(display, exc.lineno) if exc.lineno else display
    return QT_TRANSLATE_NOOP("Revisions", "{where}: {kind}: {reason}").format(
        where=where, kind=kind, reason=str(exc.msg))


def _parse_with_ast(data: bytes, path: Path, display: str, text: str | None,
                    syntax_checked: bool) -> RevisionFile:
    try:
        tree = ast.parse(data, filename=display)
    except SyntaxError as exc:
        return _broken_from_text(path, text, _syntax_message(display, exc))
    except (ValueError, RecursionError, MemoryError) as exc:
        return _broken_from_text(path, text, QT_TRANSLATE_NOOP(
            "Revisions", "{file}: cannot be parsed: {reason}").format(
                file=display, reason=str(exc)))
    values: _Values = {}
    lines: dict[str, int] = {}
    for stmt in tree.body:
        _record_statement(stmt, values, lines)
    raw_doc = ast.get_docstring(tree, clean=False)
    # ast.parse only builds the tree: compile-stage errors ('return' outside function...) are
    # found by check_syntax, as for the fast path.
    return _make_file(path, display, values, lines, raw_doc, syntax_checked=syntax_checked)


def _record_statement(stmt: ast.stmt, values: _Values, lines: dict[str, int]) -> None:
    """Apply one module-level statement to what the four names are bound to."""
    if isinstance(stmt, ast.Assign):
        for name, line in _bindings(stmt.value):
            _set(values, lines, name, _NotLiteral(line, _INSIDE_EXPRESSION), line)
        for target in stmt.targets:
            _assign_target(target, stmt.value, values, lines)
        return
    if isinstance(stmt, ast.AnnAssign):
        if stmt.value is None:
            return  # a bare annotation binds nothing
        for name, line in _bindings(stmt.value):
            _set(values, lines, name, _NotLiteral(line, _INSIDE_EXPRESSION), line)
        _assign_target(stmt.target, stmt.value, values, lines)
        return
    kind = type(stmt).__name__.lower()
    if isinstance(stmt, (ast.If, ast.Try, ast.With, ast.For, ast.While, ast.AsyncFor,
                         ast.AsyncWith, ast.Match)):
        why = QT_TRANSLATE_NOOP(
            "Revisions", "is assigned inside a module-level '{kind}' block").format(kind=kind)
    else:
        why = QT_TRANSLATE_NOOP(
            "Revisions", "is bound by a statement Migrator does not evaluate ({kind})"
        ).format(kind=kind)
    for name, line in _bindings(stmt):
        _set(values, lines, name, _NotLiteral(line, why), line)


def _assign_target(target: ast.expr, value: ast.expr, values: _Values,
                   lines: dict[str, int]) -> None:
    if isinstance(target, ast.Name):
        if target.id in _NAMES:
            try:
                literal = ast.literal_eval(value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                literal = _NotLiteral(target.lineno, _NOT_LITERAL)
            _set(values, lines, target.id, literal, target.lineno)
        return
    if isinstance(target, (ast.Tuple, ast.List)):
        elts = target.elts
        if (isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(elts)
                and not any(isinstance(e, ast.Starred) for e in elts)
                and not any(isinstance(e, ast.Starred) for e in value.elts)):
            for sub_target, sub_value in zip(elts, value.elts, strict=True):
                _assign_target(sub_target, sub_value, values, lines)
            return
    for name, line in _bindings(target):
        _set(values, lines, name, _NotLiteral(line, _NOT_LITERAL), line)


def _set(values: _Values, lines: dict[str, int], name: str, value: object, line: int) -> None:
    values[name] = value
    lines[name] = line


def _bindings(node: ast.AST) -> Iterator[tuple[str, int]]:
    """Where ``node`` binds one of the four names in the module's scope (not in nested scopes)."""
    stack: list[ast.AST] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if n.name in _NAMES:
                yield n.name, n.lineno
            stack.extend(n.decorator_list)
            if isinstance(n, ast.ClassDef):
                stack.extend(n.bases)
                stack.extend(kw.value for kw in n.keywords)
            else:
                stack.extend(d for d in n.args.defaults)
                stack.extend(d for d in n.args.kw_defaults if d is not None)
            continue
        if isinstance(n, ast.Lambda):
            stack.extend(n.args.defaults)
            stack.extend(d for d in n.args.kw_defaults if d is not None)
            continue
        if isinstance(n, ast.comprehension):
            stack.append(n.iter)  # its target is local to the comprehension
            stack.extend(n.ifs)
            continue
        if isinstance(n, ast.Name):
            if n.id in _NAMES and isinstance(n.ctx, (ast.Store, ast.Del)):
                yield n.id, n.lineno
            continue
        if isinstance(n, (ast.Import, ast.ImportFrom)):
            for alias in n.names:
                bound = alias.asname or alias.name.split(".")[0]
                if bound in _NAMES:
                    yield bound, n.lineno
            continue
        if isinstance(n, ast.ExceptHandler) and n.name in _NAMES:
            yield n.name, n.lineno
        elif isinstance(n, (ast.MatchAs, ast.MatchStar)) and n.name in _NAMES:
            yield n.name, n.lineno
        elif isinstance(n, ast.MatchMapping) and n.rest in _NAMES:
            assert n.rest is not None
            yield n.rest, n.lineno
        stack.extend(ast.iter_child_nodes(n))


def _clean_doc(doc: str) -> str:
    """``module.__doc__`` for a docstring literal: Python 3.13+ strips its indentation."""
    if sys.version_info < (3, 13):
        return doc
    doc = doc.expandtabs()
    lines = doc.split("\n")
    margin = min((len(s) - len(s.lstrip(" ")) for s in lines[1:] if s.lstrip(" ")), default=0)
    cleaned = [lines[0].lstrip(" ")]
    for s in lines[1:]:
        cleaned.append(s[min(margin, len(s) - len(s.lstrip(" "))):])
    return "\n".join(cleaned)


def _doc_fields(doc: str | None) -> tuple[str, str, str | None, str | None]:
    if not doc:
        return "", "", None, None
    longdoc = _clean_doc(doc).strip()
    message = longdoc.split("\n\n", 1)[0]
    revision_id = _doc_line(longdoc, "Revision ID:")
    create_date = _doc_line(longdoc, "Create Date:")
    return longdoc, message, revision_id.split()[0] if revision_id else None, create_date


def _doc_line(doc: str, key: str) -> str | None:
    """The value of the first ``Key: value`` line of the docstring (the key may be indented)."""
    i = doc.find(key)
    while i >= 0:
        line_start = i if i == 0 or doc[i - 1] == "\n" else doc.rfind("\n", 0, i) + 1
        if i == line_start or not doc[line_start:i].strip(" \t"):
            end = doc.find("\n", i)
            value = doc[i + len(key) : end if end >= 0 else len(doc)].strip(" \t")
            return value or None
        i = doc.find(key, i + 1)
    return None


def _as_ids(value: object) -> tuple[str, ...] | None:
    """alembic's ``util.to_tuple`` for an identifier list, or None if it is not one."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (tuple, list)):
        items = tuple(value)
    elif isinstance(value, (set, frozenset)):
        items = tuple(sorted(value, key=str))  # alembic takes hash order; sorted is stable
    else:
        return None
    if all(isinstance(v, str) for v in items):
        return items
    return None


def _type_name(value: object) -> str:
    return type(value).__name__


def _make_file(path: Path, display: str, values: _Values, lines: dict[str, int],
               raw_doc: str | None, *, syntax_checked: bool) -> RevisionFile:
    doc, message, doc_rev, create_date = _doc_fields(raw_doc)
    revision = values.get("revision")
    down = values.get("down_revision", _UNSET)
    if (type(revision) is str and revision and (down is None or type(down) is str)
            and values.get("branch_labels") is None and values.get("depends_on") is None
            and revision != down and "@" not in revision and "-" not in revision
            and "+" not in revision and ":" not in revision):
        # the usual file: one parent (or none), no labels, no dependencies, a valid id
        return RevisionFile(
            path=path, revision=revision, down_revisions=(down,) if down is not None else (),
            doc=doc, message=message, create_date=create_date, doc_revision_id=doc_rev,
            down_revision_line=lines.get("down_revision"), syntax_checked=syntax_checked)
    return _make_file_checked(path, display, values, lines, doc, message, doc_rev, create_date,
                              syntax_checked)


def _make_file_checked(path: Path, display: str, values: _Values, lines: dict[str, int],
                       doc: str, message: str, doc_rev: str | None, create_date: str | None,
                       syntax_checked: bool) -> RevisionFile:
    errors: list[str] = []

    def where(name: str) -> str:
        line = lines.get(name)
        return _at_line(display, line) if line is not None else display

    revision: str | None = None
    value = values.get("revision", _UNSET)
    if isinstance(value, _Unset):
        legacy = _LEGACY_REV_RE.match(path.name)
        if legacy is not None:
            revision = legacy.group(1)
        else:
            errors.append(QT_TRANSLATE_NOOP(
                "Revisions", "{file}: no 'revision = \"...\"' assignment, so this is not a "
                "revision file alembic can load").format(file=display))
    elif isinstance(value, _NotLiteral):
        errors.append(QT_TRANSLATE_NOOP(
            "Revisions", "{where}: 'revision' {why}; Migrator reads "
            "revision files without running them, so it must be a string literal").format(
                where=_at_line(display, value.line), why=value.why))
    elif not isinstance(value, str):
        errors.append(QT_TRANSLATE_NOOP(
            "Revisions", "{where}: 'revision' must be a string, not {type}").format(
                where=where("revision"), type=_type_name(value)))
    elif not value:
        errors.append(QT_TRANSLATE_NOOP("Revisions", "{where}: 'revision' is empty").format(
            where=where("revision")))
    else:
        revision = value
        bad = _ILLEGAL_REV_CHARS.intersection(value)
        if bad:
            errors.append(QT_TRANSLATE_NOOP(
                "Revisions", "{where}: character(s) '{characters}' not "
                "allowed in revision identifier '{revision}'").format(
                    where=where("revision"), characters=", ".join(sorted(bad)), revision=value))

    fields: dict[str, tuple[str, ...]] = {}
    for name in ("down_revision", "branch_labels", "depends_on"):
        value = values.get(name, _UNSET)
        if isinstance(value, _Unset):
            if name == "down_revision":
                errors.append(QT_TRANSLATE_NOOP(
                    "Revisions", "{file}: no 'down_revision = ...' assignment (use None for a "
                    "first revision)").format(file=display))
            fields[name] = ()
        elif isinstance(value, _NotLiteral):
            errors.append(QT_TRANSLATE_NOOP(
                "Revisions", "{where}: '{name}' {why}; Migrator reads "
                "revision files without running them, so it must be a literal").format(
                    where=_at_line(display, value.line), name=name, why=value.why))
            fields[name] = ()
        else:
            ids = _as_ids(value)
            if ids is None:
                errors.append(QT_TRANSLATE_NOOP(
                    "Revisions", "{where}: '{name}' must be a string, a tuple or list of "
                    "strings, or None, not {type}").format(
                        where=where(name), name=name, type=_type_name(value)))
                ids = ()
            fields[name] = ids
    down = fields["down_revision"]
    depends_on = fields["depends_on"]
    if revision is not None:
        if revision in down:
            errors.append(QT_TRANSLATE_NOOP(
                "Revisions", "{where}: revision {revision} lists itself as its "
                "down_revision").format(where=where("down_revision"), revision=revision))
            down = tuple(d for d in down if d != revision)
        if revision in depends_on:
            errors.append(QT_TRANSLATE_NOOP(
                "Revisions", "{where}: revision {revision} depends on itself").format(
                    where=where("depends_on"), revision=revision))
            depends_on = tuple(d for d in depends_on if d != revision)
    return RevisionFile(
        path=path,
        revision=revision,
        down_revisions=down,
        branch_labels=fields["branch_labels"],
        depends_on=depends_on,
        doc=doc,
        message=message,
        create_date=create_date,
        doc_revision_id=doc_rev,
        error=_clauses(errors),
        down_revision_line=lines.get("down_revision"),
        depends_on_line=lines.get("depends_on"),
        syntax_checked=syntax_checked,
    )


def _broken_from_text(path: Path, text: str | None, error: str) -> RevisionFile:
    """A broken file, with its id and parents recovered from the text when they look literal."""
    revision: str | None = None
    down: tuple[str, ...] = ()
    if text is not None:
        for m in _RECOVER_RE.finditer(text):
            tm = _TAIL_RE.match(text, m.end())
            if tm is None:
                continue
            ids = _as_ids(_value_of(tm.group("value")))
            if not ids:
                continue
            if m.group(1) == "revision" and revision is None and len(ids) == 1:
                revision = ids[0] if not _ILLEGAL_REV_CHARS.intersection(ids[0]) else None
            elif m.group(1) == "down_revision" and not down:
                down = ids
    if revision is not None:
        down = tuple(d for d in down if d != revision)
    return RevisionFile(path=path, revision=revision, down_revisions=down, error=error,
                        syntax_checked=True)


# --------------------------------------------------------------------------------------------
# The graph


class RevisionGraph(Mapping[str, RevisionNode]):
    """An immutable revision graph: a mapping of revision id to :class:`RevisionNode`.

    Iteration follows the order alembic loads the files in. Every query is linear in the size of
    the graph or better; nothing here builds alembic's RevisionMap except :meth:`revision_map`.
    Nodes are made on first access (a view shows a few rows of 20,000), then kept.
    """

    def __init__(
        self,
        *,
        ids: list[str],
        index: dict[str, int],
        files: list[RevisionFile],
        errors: list[str | None],
        dependencies: list[tuple[str, ...]],
        children: dict[str, list[str]],
        parents: dict[str, tuple[str, ...]],
        dependents: dict[str, list[str]],
        labels: dict[str, str],
        heads: tuple[str, ...],
        bases: tuple[str, ...],
        problems: tuple[str, ...],
        locations: tuple[Path, ...] = (),
        recursive: bool = False,
    ) -> None:
        """Use :meth:`from_files`, :func:`load_graph` or :func:`load_graph_from_locations`."""
        self._ids = ids
        self._index = index
        self._files = files
        self._errors = errors
        self._dependencies = dependencies
        self._children = children
        self._parents = parents
        self._dependents = dependents
        self._labels = labels
        self._made: dict[str, RevisionNode] = {}
        self.heads: tuple[str, ...] = heads
        """Healthy revisions no healthy revision names as ``down_revision`` (alembic order)."""
        self.bases: tuple[str, ...] = bases
        """Healthy revisions with no ``down_revision``."""
        self.problems: tuple[str, ...] = problems
        """Graph-level problems (duplicate ids, label clashes, cycles...), as sentences."""
        self.broken: tuple[RevisionNode, ...] = tuple(
            self[ids[i]] for i, error in enumerate(errors) if error is not None
        )
        """Nodes that could not be read or do not fit in the graph, in load order."""
        self.locations = locations
        self.recursive = recursive
        self._topo: tuple[str, ...] | None = None
        self._prefix_keys: list[str] | None = None
        self._rmap: RevisionMap | None = None
        self._lock = threading.Lock()

    # -- Mapping
    def __getitem__(self, rev: str) -> RevisionNode:
        node = self._made.get(rev)
        if node is None:
            i = self._index[rev]
            f = self._files[i]
            kids = self._children.get(rev)
            node = self._made.setdefault(rev, RevisionNode(
                revision=rev,
                down_revisions=f.down_revisions,
                dependencies=self._dependencies[i],
                branch_labels=f.branch_labels,
                message=f.message,
                path=f.path,
                create_date=f.create_date,
                error=self._errors[i],
                children=tuple(kids) if kids else (),
                depends_on=f.depends_on,
                doc=f.doc,
                doc_revision_id=f.doc_revision_id,
            ))
        return node

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, rev: object) -> bool:
        return rev in self._index

    def __repr__(self) -> str:
        return (f"<RevisionGraph {len(self._ids)} revisions, heads={list(self.heads)}, "
                f"{len(self.broken)} broken>")

    # -- building
    @classmethod
    def from_files(
        cls,
        files: Iterable[RevisionFile],
        *,
        problems: Iterable[str] = (),
        locations: Iterable[Path] = (),
        recursive: bool = False,
    ) -> RevisionGraph:
        """Build a graph from parsed files, in load order (in-memory data works as well)."""
        return _build_graph(list(files), list(problems), tuple(locations), recursive)

    # -- queries
    @property
    def branch_labels(self) -> Mapping[str, str]:
        """Every declared branch label and the revision that declares it."""
        return self._labels

    def children(self, rev: str) -> tuple[str, ...]:
        """Revisions whose ``down_revision`` names ``rev`` (alembic's ``nextrev``)."""
        return self[rev].children

    def dependents(self, rev: str) -> tuple[str, ...]:
        """Revisions whose ``depends_on`` resolves to ``rev``."""
        if rev not in self._index:
            raise KeyError(rev)
        return tuple(self._dependents.get(rev, ()))

    def parents(self, rev: str) -> tuple[str, ...]:
        """``down_revisions`` then ``dependencies`` of ``rev`` that exist in the graph, deduped."""
        return self._parents[rev]

    def ancestors(self, revs: Iterable[str] | str) -> frozenset[str]:
        """Every revision a database at ``revs`` has applied: ``revs`` themselves and everything
        reachable through ``down_revision`` and ``depends_on``. Linear time.

        Accepts ids (or anything :meth:`resolve` accepts); a single string is one revision.
        """
        return self._closure(revs, self._parents)

    def descendants(self, revs: Iterable[str] | str) -> frozenset[str]:
        """``revs`` and every revision that (transitively) builds on them. Linear time."""
        up: dict[str, list[str]] = {}
        for rev, kids in self._children.items():
            up[rev] = list(kids)
        for rev, deps in self._dependents.items():
            up.setdefault(rev, []).extend(deps)
        return self._closure(revs, up)

    def _closure(self, revs: Iterable[str] | str,
                 edges: Mapping[str, Sequence[str]]) -> frozenset[str]:
        if isinstance(revs, str):
            revs = (revs,)
        index = self._index
        stack = [rev if rev in index else self.resolve(rev) for rev in revs]
        seen: set[str] = set()
        none: tuple[str, ...] = ()
        while stack:
            rev = stack.pop()
            if rev in seen:
                continue
            seen.add(rev)
            stack.extend(edges.get(rev, none))
        return frozenset(seen)

    def topological_order(self) -> tuple[str, ...]:
        """Every revision (broken ones included), newest first: each comes before all of its
        ancestors (through ``down_revision`` and ``depends_on``). Among revisions that may come
        next, the newest ``Create Date`` wins, then the greatest id. O(n log n), cached.
        """
        with self._lock:
            if self._topo is None:
                self._topo = self._compute_topological_order()
            return self._topo

    def _compute_topological_order(self) -> tuple[str, ...]:
        ids = self._ids
        files = self._files
        parents = self._parents
        ranked = [ids[i] for i in sorted(range(len(ids)),
                                         key=lambda i: (files[i].create_date or "", ids[i]))]
        rank = {rev: i for i, rev in enumerate(ranked)}
        pending = dict.fromkeys(ids, 0)
        for ps in parents.values():
            for p in ps:
                pending[p] += 1
        heap = [-rank[rev] for rev, n in pending.items() if n == 0]  # max-heap of ranks
        heapq.heapify(heap)
        out: list[str] = []
        push, pop = heapq.heappush, heapq.heappop
        while heap:
            rev = ranked[-pop(heap)]
            out.append(rev)
            for p in parents[rev]:
                left = pending[p] - 1
                pending[p] = left
                if left == 0:
                    push(heap, -rank[p])
        if len(out) < len(ids):  # cycles: left over, newest first
            done = set(out)
            out.extend(r for r in reversed(ranked) if r not in done)
        return tuple(out)

    def resolve(self, identifier: str) -> str:
        """The revision id ``identifier`` names: a full id, a branch label, ``head`` (when there is
        one head), or a unique prefix of an id or label (alembic's rule: candidates are the keys of
        more than three characters that start with it).

        Raises :class:`RevisionResolutionError` when it names nothing or more than one revision.
        """
        if not isinstance(identifier, str) or not identifier.strip():
            raise RevisionResolutionError(QT_TRANSLATE_NOOP(
                "Revisions", "{identifier} is not a revision identifier.").format(
                    identifier=repr(identifier)), str(identifier))
        if identifier in self._index:
            return identifier
        label = self._labels.get(identifier)
        if label is not None:
            return label
        if identifier == "head":
            if len(self.heads) == 1:
                return self.heads[0]
            if not self.heads:
                raise RevisionResolutionError(
                    QT_TRANSLATE_NOOP("Revisions", "There is no head revision."), identifier)
            raise RevisionResolutionError(QT_TRANSLATE_NOOP(
                "Revisions", "There are {count} heads ({heads}); name one of them "
                "or a branch label.").format(count=len(self.heads), heads=", ".join(self.heads)),
                identifier, self.heads)
        if identifier in ("heads", "base") or "@" in identifier or re.fullmatch(
                r"[+-]\d+", identifier):
            raise RevisionResolutionError(QT_TRANSLATE_NOOP(
                "Revisions", "'{identifier}' is a target for alembic commands, not one revision; "
                "use graph.heads / graph.bases, or graph.revision_map() for alembic's full "
                "syntax.").format(identifier=identifier), identifier)
        keys = self._sorted_keys()
        i = bisect_left(keys, identifier)
        found: list[str] = []
        while i < len(keys) and keys[i].startswith(identifier):
            if len(keys[i]) > 3:
                found.append(keys[i])
            i += 1
        if len(found) == 1:
            key = found[0]
            return key if key in self._index else self._labels[key]
        if not found:
            if len(identifier) < 4:
                missing = QT_TRANSLATE_NOOP(
                    "Revisions", "No revision or branch label '{identifier}' in the version "
                    "locations; give at least four characters for a partial revision id.")
            else:
                missing = QT_TRANSLATE_NOOP(
                    "Revisions",
                    "No revision or branch label '{identifier}' in the version locations.")
            raise RevisionResolutionError(missing.format(identifier=identifier), identifier)
        shown = ", ".join(found[:5]) + (", ..." if len(found) > 5 else "")
        raise RevisionResolutionError(QT_TRANSLATE_NOOP(
            "Revisions", "'{identifier}' is ambiguous: {count} revisions or labels start with it "
            "({candidates}); give more characters.").format(
                identifier=identifier, count=len(found), candidates=shown), identifier, found)

    def _sorted_keys(self) -> list[str]:
        with self._lock:
            if self._prefix_keys is None:
                self._prefix_keys = sorted([*self._ids, *self._labels])
            return self._prefix_keys

    def revision_map(self) -> RevisionMap:
        """alembic's own RevisionMap for the healthy graph (built on first call, then cached).

        Super-linear on branchy histories: for alembic semantics the graph does not offer
        (``iterate_revisions``, ``label@head``, relative targets...), not for the GUI's hot path.
        Raises :class:`RevisionLoadError` when the graph has broken nodes or problems that alembic
        would refuse.
        """
        with self._lock:
            if self._rmap is not None:
                return self._rmap
            if self.broken:
                names = ", ".join(n.revision for n in self.broken[:5])
                raise RevisionLoadError(QT_TRANSLATE_NOOP(
                    "Revisions", "alembic cannot load these revisions while {count} file(s) are "
                    "broken ({revisions}); fix them first.").format(
                        count=len(self.broken), revisions=names))
            from alembic.script.revision import Revision, RevisionError, RevisionMap

            revisions = [
                Revision(n.revision, n.down_revisions or None,
                         dependencies=n.depends_on or None, branch_labels=n.branch_labels or None)
                for n in self.values()
            ]
            rmap = RevisionMap(lambda: revisions)
            try:
                rmap.heads  # noqa: B018 - builds the map now, so errors surface here
            except (RevisionError, KeyError) as exc:
                raise RevisionLoadError(QT_TRANSLATE_NOOP(
                    "Revisions", "alembic refuses this revision graph: {reason}").format(
                        reason=str(exc))) from exc
            self._rmap = rmap
            return rmap


def _unique_id(candidate: str, taken: Mapping[str, object]) -> str:
    if candidate not in taken:
        return candidate
    n = 2
    while f"{candidate}~{n}" in taken:
        n += 1
    return f"{candidate}~{n}"


def _build_graph(files: list[RevisionFile], problems: list[str], locations: tuple[Path, ...],
                 recursive: bool) -> RevisionGraph:
    count = len(files)
    ids: list[str] = [""] * count
    errors: list[str | None] = [f.error for f in files]
    owner: dict[str, int] = {}
    unnamed: list[int] = []
    labelled: list[int] = []
    # 1. healthy files claim their ids, first in load order wins
    for i, f in enumerate(files):
        rev = f.revision
        if f.error is None and rev is not None:
            if f.branch_labels:
                labelled.append(i)
            first = owner.get(rev)
            if first is None:
                owner[rev] = i
                ids[i] = rev
                continue
            other = files[first].path
            problems.append(QT_TRANSLATE_NOOP(
                "Revisions", "Revision {revision} is declared by two files: {first} and {second}. "
                "{name} is ignored until one of them gets a new id.").format(
                    revision=rev, first=str(other), second=str(f.path), name=f.path.name))
            errors[i] = QT_TRANSLATE_NOOP(
                "Revisions", "{file}: duplicate revision id {revision}, already declared by "
                "{other}").format(file=str(f.path), revision=rev, other=str(other))
        unnamed.append(i)
    # 2. broken files get an id that is free
    for i in unnamed:
        f = files[i]
        rev = f.revision if f.revision and f.revision not in owner else None
        if rev is None:
            name = f.path.name
            rev = _unique_id(name[:-3] if name.endswith(".py") else f.path.stem or name, owner)
        owner[rev] = i
        ids[i] = rev
    # 3. branch labels, from healthy files
    labels: dict[str, str] = {}
    for i in labelled:
        if errors[i] is None:
            for label in files[i].branch_labels:
                if label in owner:
                    problems.append(QT_TRANSLATE_NOOP(
                        "Revisions", "Branch label '{label}' of revision {revision} is also a "
                        "revision id; it is ignored.").format(label=label, revision=ids[i]))
                elif label in labels:
                    problems.append(QT_TRANSLATE_NOOP(
                        "Revisions", "Branch label '{label}' of revision {revision} is already "
                        "used by revision {other}; it is ignored.").format(
                            label=label, revision=ids[i], other=labels[label]))
                else:
                    labels[label] = ids[i]
    # 4. parents and dependencies; dangling references break the revision
    parents: dict[str, tuple[str, ...]] = {}
    downs: list[tuple[str, ...]] = [()] * count
    deps_resolved: list[tuple[str, ...]] = [()] * count
    for i, f in enumerate(files):
        healthy = errors[i] is None
        rev = ids[i]
        down = f.down_revisions
        if down:
            missing = [d for d in down if d not in owner]
            if missing:
                if healthy:
                    errors[i] = _dangling(f, "down_revision", missing, labels)
                down = tuple(d for d in down if d in owner)
            downs[i] = down
        deps: tuple[str, ...] = ()
        if f.depends_on:
            resolved: list[str] = []
            dangling: list[str] = []
            for d in f.depends_on:
                if d in owner:
                    resolved.append(d)
                elif d in labels:
                    resolved.append(labels[d])
                else:
                    dangling.append(d)
            if dangling and healthy:
                message = _dangling(f, "depends_on", dangling, labels)
                earlier = errors[i]
                errors[i] = message if earlier is None else _clauses((earlier, message))
            deps = tuple(resolved)
            deps_resolved[i] = deps
        if deps:
            parents[rev] = tuple(p for p in dict.fromkeys(down + deps) if p != rev)
        elif len(down) > 1:
            parents[rev] = tuple(dict.fromkeys(down))
        else:
            parents[rev] = down
    # 5. cycles (alembic: CycleDetected); the revisions on them break
    cycle = _cycle_members(ids, parents)
    if cycle:
        listed = ", ".join(sorted(cycle)[:10]) + (", ..." if len(cycle) > 10 else "")
        problems.append(QT_TRANSLATE_NOOP(
            "Revisions", "Revisions {revisions} form a cycle through down_revision/depends_on."
        ).format(revisions=listed))
        for i, rev in enumerate(ids):
            if rev in cycle:
                message = QT_TRANSLATE_NOOP(
                    "Revisions", "{file}: revision {revision} is part of a cycle ({revisions})"
                ).format(file=str(files[i].path), revision=rev, revisions=listed)
                error = errors[i]
                errors[i] = message if error is None else _clauses((error, message))
    # 6. children, dependents, heads, bases
    children: dict[str, list[str]] = {}
    dependents: dict[str, list[str]] = {}
    for i in range(count):
        rev = ids[i]
        down = downs[i]
        for p in (down if len(down) < 2 else dict.fromkeys(down)):
            kids = children.get(p)
            if kids is None:
                children[p] = [rev]
            else:
                kids.append(rev)
        for p in dict.fromkeys(deps_resolved[i]) if deps_resolved[i] else ():
            dependents.setdefault(p, []).append(rev)
    referenced: set[str] = set()
    base_list: list[str] = []
    for i in range(count):
        if errors[i] is None:
            if downs[i]:
                referenced.update(downs[i])
            else:
                base_list.append(ids[i])
    heads = tuple(ids[i] for i in range(count) if errors[i] is None and ids[i] not in referenced)
    bases = tuple(base_list)
    return RevisionGraph(
        ids=ids,
        index=owner,
        files=files,
        errors=errors,
        dependencies=deps_resolved,
        children=children,
        parents=parents,
        dependents=dependents,
        labels=labels,
        heads=heads,
        bases=bases,
        problems=tuple(problems),
        locations=locations,
        recursive=recursive,
    )


def _dangling(f: RevisionFile, name: str, missing: list[str], labels: Mapping[str, str]) -> str:
    line = f.down_revision_line if name == "down_revision" else f.depends_on_line
    where = _at_line(f.path, line) if line is not None else str(f.path)
    parts = []
    for m in missing:
        if name == "down_revision" and m in labels:
            parts.append(QT_TRANSLATE_NOOP(
                "Revisions", "'{reference}' is a branch label; write the revision id {revision} "
                "instead").format(reference=m, revision=labels[m]))
        else:
            parts.append(QT_TRANSLATE_NOOP(
                "Revisions", "'{reference}' is not present in the version locations").format(
                    reference=m))
    return QT_TRANSLATE_NOOP("Revisions", "{where}: {name} {problems}").format(
        where=where, name=name, problems=_clauses(parts) or "")


def _cycle_members(ids: list[str], parents: Mapping[str, tuple[str, ...]]) -> set[str]:
    """Revisions on a cycle (and between cycles): left over by Kahn's algorithm both ways."""
    pending = dict.fromkeys(ids, 0)
    for ps in parents.values():
        for p in ps:
            pending[p] += 1
    stack = [rev for rev, n in pending.items() if n == 0]
    seen = 0
    while stack:
        rev = stack.pop()
        seen += 1
        for p in parents[rev]:
            pending[p] -= 1
            if pending[p] == 0:
                stack.append(p)
    if seen == len(ids):
        return set()
    from_top = {rev for rev, n in pending.items() if n > 0}
    # the other way: from the bases up, over the same edges reversed
    up: dict[str, list[str]] = {rev: [] for rev in ids}
    left = {rev: len(parents[rev]) for rev in ids}
    for rev in ids:
        for p in parents[rev]:
            up[p].append(rev)
    stack = [rev for rev, n in left.items() if n == 0]
    while stack:
        rev = stack.pop()
        for child in up[rev]:
            left[child] -= 1
            if left[child] == 0:
                stack.append(child)
    return {rev for rev in from_top if left[rev] > 0}


# --------------------------------------------------------------------------------------------
# Listing and caching

_RACY_NS = 2_000_000_000
"""Files modified this recently (before they were read) are re-read on the next load."""

_O_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def _scan(locations: Sequence[str], recursive: bool
          ) -> tuple[list[tuple[str, os.stat_result | str]], list[str]]:
    """The files alembic's ScriptDirectory would load, in its order: (real path, stat or why not).

    Mirrors ``ScriptDirectory._load_revisions`` / ``Script._list_py_dir`` / ``Script._from_path``.
    """
    out: list[tuple[str, os.stat_result | str]] = []
    problems: list[str] = []
    seen: set[str] = set()
    twice: list[str] = []
    match_name = _SOURCE_NAME_RE.match
    sep = os.sep
    for location in locations:
        if not os.path.exists(location):
            problems.append(QT_TRANSLATE_NOOP(
                "Revisions", "The version location {location} does not exist.").format(
                    location=os.fspath(location)))
            continue
        stack = [location]
        while stack:
            root = stack.pop()
            try:
                with os.scandir(root) as it:
                    entries = list(it)
            except OSError:
                continue
            dirs: list[os.DirEntry[str]] = []
            files: list[os.DirEntry[str]] = []
            for entry in entries:
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                (dirs if is_dir else files).append(entry)
            if not os.path.basename(root).endswith("__pycache__"):
                files.sort(key=lambda e: e.name)
                real_root: str | None = None
                for entry in files:
                    name = entry.name
                    if entry.is_symlink():
                        real = os.path.realpath(entry.path)
                        name = os.path.basename(real)
                    else:
                        if real_root is None:
                            real_root = os.path.realpath(root)
                            if not real_root.endswith(sep):
                                real_root += sep
                        real = real_root + name
                    if real in seen:
                        twice.append(real)
                        continue
                    seen.add(real)
                    if match_name(name) is None:
                        continue
                    try:
                        st = entry.stat()
                    except OSError as exc:
                        out.append((real, _unreadable(real, exc)))
                        continue
                    if not stat.S_ISREG(st.st_mode):
                        out.append((real, QT_TRANSLATE_NOOP(
                            "Revisions", "{file}: not a regular file").format(file=real)))
                        continue
                    out.append((real, st))
                if not recursive:
                    break
                dirs.sort(key=lambda e: e.name)
            # os.walk(followlinks=False) does not descend into symlinked folders
            stack.extend(reversed([d.path for d in dirs if not d.is_symlink()]))
    if twice:
        problems.append(QT_TRANSLATE_NOOP(
            "Revisions", "{count} file(s) are reached through more than one version "
            "location (e.g. {example}); each is read once. Make the version "
            "locations distinct.").format(count=len(twice), example=twice[0]))
    return out, problems


def _read(path: str, size: int) -> bytes:
    fd = os.open(path, _O_FLAGS)
    try:
        data = os.read(fd, size + 1)
        if len(data) <= size:
            return data  # the usual case: one read up to the end of the file
        parts = [data]
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return b"".join(parts)
            parts.append(chunk)
    finally:
        os.close(fd)


@dataclass
class _Entry:
    size: int
    mtime_ns: int
    file: RevisionFile
    data: bytes | None
    """The content, kept only while the mtime is too recent to trust."""


@dataclass
class _Tree:
    entries: dict[str, _Entry]
    files: list[RevisionFile]
    problems: list[str]
    graph: RevisionGraph | None


class RevisionLoader:
    """Loads revision graphs and caches parsed files by (path, size, mtime_ns). Thread-safe.

    ``files_parsed`` / ``files_reused`` count, over the loader's life, the files that were read and
    parsed and those taken from the cache.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._trees: dict[tuple[tuple[str, ...], bool], _Tree] = {}
        self.files_parsed = 0
        self.files_reused = 0

    def clear(self) -> None:
        """Forget every cached file and graph."""
        with self._lock:
            self._trees.clear()

    def load(self, locations: Sequence[str | os.PathLike[str]], recursive: bool = False, *,
             check_syntax: bool = False) -> RevisionGraph:
        """The graph of the files in ``locations`` (see :func:`load_graph_from_locations`)."""
        absolute = tuple(os.path.abspath(os.fspath(loc)) for loc in locations)
        key = (absolute, recursive)
        with self._lock, gc_paused():
            tree = self._trees.get(key)
            old_entries = tree.entries if tree is not None else {}
            listing, problems = _scan(absolute, recursive)
            start_ns = time.time_ns()
            entries: dict[str, _Entry] = {}
            files: list[RevisionFile] = []
            folders: dict[str, Path] = {}
            parsed = reused = 0
            for real, st in listing:
                if isinstance(st, str):
                    files.append(RevisionFile(path=Path(real), revision=None, error=st))
                    continue
                entry = old_entries.get(real)
                size, mtime = st.st_size, st.st_mtime_ns
                if (entry is not None and entry.size == size and entry.mtime_ns == mtime
                        and (entry.file.syntax_checked or not check_syntax)):
                    if entry.data is not None:  # racy: the content may have changed unseen
                        try:
                            data = _read(real, size)
                        except OSError:
                            data = b""
                        if data != entry.data:
                            entry = None
                        elif mtime < start_ns - _RACY_NS:
                            entry.data = None
                else:
                    entry = None
                if entry is None:
                    entry = self._parse_entry(real, st, start_ns, check_syntax, folders)
                    parsed += 1
                else:
                    reused += 1
                entries[real] = entry
                files.append(entry.file)
            self.files_parsed += parsed
            self.files_reused += reused
            if (tree is not None and tree.graph is not None and files == tree.files
                    and problems == tree.problems):
                tree.entries = entries
                return tree.graph
            locs = tuple(Path(p) for p in absolute)
            graph = _build_graph(files, list(problems), locs, recursive)
            self._trees[key] = _Tree(entries, files, problems, graph)
            return graph

    def _parse_entry(self, real: str, st: os.stat_result, start_ns: int, check_syntax: bool,
                     folders: dict[str, Path]) -> _Entry:
        folder, _, name = real.rpartition(os.sep)
        parent = folders.get(folder)
        if parent is None:
            parent = folders[folder] = Path(folder or os.sep)
        path = parent / name  # cheaper than Path(real) when many files share a folder
        try:
            data = _read(real, st.st_size)
        except OSError as exc:
            broken = RevisionFile(path=path, revision=None,
                                  error=_unreadable(real, exc))
            return _Entry(-1, -1, broken, None)  # never matches: read again next time
        file = _parse(data, path, real, check_syntax)
        racy = st.st_mtime_ns >= start_ns - _RACY_NS
        return _Entry(st.st_size, st.st_mtime_ns, file, data if racy else None)


_DEFAULT_LOADER = RevisionLoader()

def load_graph(project: Project, *, check_syntax: bool = False,
               loader: RevisionLoader | None = None) -> RevisionGraph:
    """The revision graph of ``project``'s version locations (cached; no user code is run)."""
    return (loader or _DEFAULT_LOADER).load(project.version_locations,
                                            project.recursive_version_locations,
                                            check_syntax=check_syntax)


def load_graph_from_locations(
    locations: Sequence[str | os.PathLike[str]],
    recursive: bool = False,
    *,
    check_syntax: bool = False,
    loader: RevisionLoader | None = None,
) -> RevisionGraph:
    """The revision graph of the files in ``locations``, read as alembic's ScriptDirectory would
    list them (``recursive`` is ``recursive_version_locations``). Missing locations are skipped
    and reported in :attr:`RevisionGraph.problems`. Cached in the process-wide loader unless
    ``loader`` is given.
    """
    return (loader or _DEFAULT_LOADER).load(locations, recursive, check_syntax=check_syntax)


def clear_cache() -> None:
    """Empty the process-wide cache used by :func:`load_graph`."""
    _DEFAULT_LOADER.clear()
