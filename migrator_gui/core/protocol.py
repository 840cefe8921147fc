"""The JSON-lines protocol between Migrator and its child runner.

Kept to the standard library on purpose: ``runner/child.py`` imports this file by path under the
*project's* interpreter, where Migrator itself is usually not installed.

The parent writes one :class:`Request` as a JSON object on the child's stdin (the URL with its
password never goes on a command line or into the environment) and reads one JSON object per line
from the child's stdout, each with an ``"event"`` key naming one of the ``Event`` classes below.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Dict, Literal, Optional, Union  # noqa: UP035

PROTOCOL_VERSION = 5

Operation = Literal[
    "upgrade", "downgrade", "stamp", "status", "revision_sql", "autogenerate", "revision", "merge"
]
"""What the child does. ``status`` runs env.py only to learn its version table and read its rows.
``revision_sql`` renders, offline, the upgrade and the downgrade SQL of the ONE revision named by
``target`` (from its parents to it and back), sending one :class:`RevisionSql` per direction.
``autogenerate`` compares env.py's ``target_metadata`` with the database, as ``alembic check``
does, and sends one :class:`Autogenerate` event; nothing is written. ``revision`` compares the
same way and writes a revision file with the operations ``selected`` (and ``renames``) only,
through alembic's own machinery, sending one :class:`RevisionWritten`. ``merge`` writes a merge
revision of the comma-separated revisions in ``target`` (alembic merge) with ``message``."""


@dataclass(frozen=True)
class Request:
    """One alembic operation against one database."""

    operation: Operation
    url: str
    """The selected database, password included (only ever sent on stdin)."""
    project_root: str
    config_file: str | None
    toml_file: str | None = None
    ini_section: str = "alembic"
    target: str = "heads"
    """Revision target as alembic takes it: ``heads``, ``head``, ``-1``, ``+2``, ``base``, an id
    (for ``revision_sql``: the one revision whose SQL is wanted)."""
    sql: bool = False
    """Offline mode: emit SQL instead of running it."""
    purge: bool = False
    """``stamp --purge``: empty the version table first."""
    transaction_per_migration: bool | None = None
    """None keeps what env.py configures."""
    lock_timeout: float | None = None
    """Seconds a DDL statement may wait for a lock before it fails (PostgreSQL ``lock_timeout``,
    MariaDB ``lock_wait_timeout`` and ``innodb_lock_wait_timeout``, SQLite busy timeout); 0 waits
    forever; None leaves the server's setting."""
    starting_rev: list[str] | None = None
    """Offline mode: render the SQL from these version rows (what the database holds now; empty:
    base), as ``alembic upgrade --sql <current>:<target>`` does for one row. None: the range is
    in ``target`` (``from:to``) or starts at base."""
    message: str = ""
    """``revision``: the revision message."""
    branch_label: str | None = None
    """``revision``: a branch label for the new revision."""
    head: str = "head"
    """``revision``: the head the new revision follows."""
    selected: list[str] | None = None
    """``revision``: the :class:`DiffOp` keys to write (None: every operation)."""
    renames: list[list[str]] = field(default_factory=list)
    """``revision``: ``[table, old_column, new_column]`` drop + add pairs written as one
    ``alter_column(new_column_name=...)`` (keeps the data)."""
    watch_parent: bool = False
    """The parent keeps stdin open after the request line: the child exits (and the database
    rolls back its open transaction) as soon as stdin reaches end of file, i.e. the parent died.
    On Linux the child also asks for SIGTERM when its parent dies (``PR_SET_PDEATHSIG``)."""
    protocol: int = PROTOCOL_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Request:
        data = json.loads(text)
        if data.get("protocol") != PROTOCOL_VERSION:
            raise ValueError(
                f"runner speaks protocol {PROTOCOL_VERSION}, request has {data.get('protocol')}"
            )
        return cls(**data)


@dataclass(frozen=True)
class Started:
    operation: str
    pid: int
    python: str
    alembic_version: str
    sqlalchemy_version: str
    event: Literal["started"] = "started"


@dataclass(frozen=True)
class Plan:
    """The steps about to run, in order (alembic's short log lines), sent once before the first.

    Lets the parent show progress as "k of n"; not sent for ``status``.
    """

    steps: list[str]
    version_table: str = "alembic_version"
    version_table_schema: str | None = None
    """Where env.py keeps the version rows (lets the parent re-read them after a cancel)."""
    revisions: list[str] = field(default_factory=list)
    """The revision each step runs, in the same order as ``steps``."""
    descriptions: list[str] = field(default_factory=list)
    """Each step's revision message, in the same order as ``steps``."""
    current: list[str] = field(default_factory=list)
    """The version rows the run starts from (read from the database; offline: the range's
    start)."""
    event: Literal["plan"] = "plan"


@dataclass(frozen=True)
class StepStarted:
    """A migration step begins (sent before its SQL runs): ``index`` of ``total``, 0-based."""

    index: int
    total: int
    revision: str
    label: str
    """alembic's short log line of the step."""
    description: str = ""
    """The revision's message (first line of its docstring)."""
    event: Literal["step_started"] = "step_started"


@dataclass(frozen=True)
class Statement:
    """A statement the run sent to the database (online), within step ``step`` (-1: before the
    first step). Parameters are not sent: they may hold data."""

    sql: str
    step: int
    event: Literal["statement"] = "statement"


@dataclass(frozen=True)
class Step:
    """One migration step done (alembic's ``on_version_apply``)."""

    revision: str
    up_revisions: list[str]
    down_revisions: list[str]
    is_upgrade: bool
    is_stamp: bool
    description: str
    heads_after: list[str]
    elapsed: float
    """Seconds this step took."""
    event: Literal["step"] = "step"


@dataclass(frozen=True)
class Log:
    level: str
    logger: str
    message: str
    text: Optional[Dict[str, Any]] = None  # noqa: UP006, UP045
    """``message`` as translatable data (``core.text.to_data``) when the runner wrote it for
    users; None for what alembic, SQLAlchemy or env.py logged."""
    event: Literal["log"] = "log"


@dataclass(frozen=True)
class Sql:
    """SQL text emitted in offline mode."""

    text: str
    step: int | None = None
    """The step this SQL belongs to: -1 before the first step (version table, outer BEGIN), the
    step's index, or the number of steps after the last one (outer COMMIT); None: not known."""
    event: Literal["sql"] = "sql"


@dataclass(frozen=True)
class RevisionSql:
    """The offline SQL of one direction of one revision (operation ``revision_sql``).

    ``source`` are the version rows the script starts from and ``destination`` those it leaves
    (empty for base). When alembic could not render this direction, ``sql`` holds what it wrote
    before failing and ``error`` says why; the other direction is sent all the same.
    """

    direction: str
    """``upgrade`` or ``downgrade``."""
    revision: str
    dialect: str
    source: list[str]
    destination: list[str]
    sql: str = ""
    error_type: str = ""
    error: str = ""
    traceback: str = ""
    error_text: Optional[Dict[str, Any]] = None  # noqa: UP006, UP045
    """``error`` as translatable data (``core.text.to_data``), or None."""
    event: Literal["revision_sql"] = "revision_sql"


@dataclass(frozen=True)
class DiffOp:
    """One operation autogenerate found, flattened out of alembic's ``ModifyTableOps``."""

    key: str
    """Stable within one compare: ``add_column:public.user.age``."""
    kind: str
    """``add_table``, ``drop_table``, ``add_column``, ``drop_column``, ``alter_column``,
    ``add_index``, ``drop_index``, ``add_unique``, ``add_fk``, ``drop_constraint``, ... (alembic's
    operation names with ``create_`` read as ``add_``)."""
    table: str
    schema: str | None = None
    name: str = ""
    """The column, index or constraint the operation is about ("" for a table)."""
    details: dict[str, Any] = field(default_factory=dict)
    """What changes: ``type``, ``nullable``, ``server_default`` (added column); ``old_type`` /
    ``new_type``, ``old_nullable`` / ``new_nullable``, ``old_default`` / ``new_default``
    (altered column); ``columns``, ``unique`` (index); ``referred_table``, ``referred_columns``
    (foreign key); ``type_length_old`` / ``type_length_new`` when the types have a length."""
    python: str = ""
    """The upgrade code alembic would write for this operation alone."""


@dataclass(frozen=True)
class Autogenerate:
    """The result of an ``autogenerate`` compare: what differs between the models and the
    database, and the code and SQL alembic would write for all of it."""

    ops: list[DiffOp]
    upgrade_python: str
    downgrade_python: str
    upgrade_sql: str
    dialect: str
    render_as_batch: bool = False
    sql_error: str = ""
    """Why (part of) the SQL could not be rendered offline."""
    table_rows: dict[str, int] = field(default_factory=dict)
    """Rows of the existing tables the operations touch (PostgreSQL and MariaDB: the server's
    estimate, SQLite: counted), for the warnings that depend on a table's size."""
    event: Literal["autogenerate"] = "autogenerate"


@dataclass(frozen=True)
class RevisionWritten:
    """``revision`` wrote a file."""

    revision: str
    path: str
    operations: int
    """How many operations it holds (a rename counts once)."""
    missing: list[str] = field(default_factory=list)
    """Selected keys the fresh compare did not find any more (the models changed since)."""
    event: Literal["revision_written"] = "revision_written"


@dataclass(frozen=True)
class Backend:
    """The server-side session of the migration connection (for lock diagnosis and cancel)."""

    dialect: str
    session_id: str
    event: Literal["backend"] = "backend"


@dataclass(frozen=True)
class Result:
    """The operation finished.

    ``heads`` are the rows of the version table afterwards; ``version_table`` and
    ``version_table_schema`` are what env.py configured; ``table_exists`` whether that table exists.
    """

    heads: list[str]
    version_table: str = "alembic_version"
    version_table_schema: str | None = None
    table_exists: bool = True
    steps: int = 0
    offline: bool = False
    """True for an offline (``sql``) run: the database was neither read nor written; ``heads`` are
    what the generated script leaves, ``table_exists`` is False."""
    event: Literal["result"] = "result"


@dataclass(frozen=True)
class Error:
    type: str
    message: str
    traceback: str = ""
    failed_step: str = ""
    """The revision of the step that failed ("" when the failure was not in a step)."""
    steps_done: int = 0
    """Steps committed before the failure."""
    partial: bool = False
    """The failed step ran DDL on a database without transactional DDL: it may be partly
    applied (MariaDB/MySQL)."""
    touched: list[str] = field(default_factory=list)
    """Objects the failed step's statements touched (``table book``, ``index ix_book_title``)."""
    lock_timeout: bool = False
    """The step failed because it waited longer than the lock timeout."""
    text: Optional[Dict[str, Any]] = None  # noqa: UP006, UP045
    """``message`` as translatable data (``core.text.to_data``: context, English source with
    its ``{placeholders}``, arguments, nested texts as dicts), so the parent can show it in the
    interface's language; None when the message is not one the runner wrote."""
    event: Literal["error"] = "error"


# A runtime alias: the child may run on Python < 3.10, where ``X | Y`` cannot be evaluated.
Event = Union[  # noqa: UP007
    Started, Plan, StepStarted, Statement, Step, Log, Sql, RevisionSql, Autogenerate,
    RevisionWritten, Backend, Result, Error,
]

_EVENT_TYPES: dict[str, type[Any]] = {
    "started": Started,
    "plan": Plan,
    "step_started": StepStarted,
    "statement": Statement,
    "step": Step,
    "log": Log,
    "sql": Sql,
    "revision_sql": RevisionSql,
    "autogenerate": Autogenerate,
    "revision_written": RevisionWritten,
    "backend": Backend,
    "result": Result,
    "error": Error,
}


def encode_event(event: Event) -> str:
    """One line of JSON (no newline inside) for ``event``."""
    return json.dumps(asdict(event), ensure_ascii=False)


def decode_event(line: str) -> Event:
    """Parse one line the child wrote. Raises ValueError on anything that is not an event."""
    data = json.loads(line)
    if not isinstance(data, dict) or data.get("event") not in _EVENT_TYPES:
        raise ValueError(f"not a runner event: {line[:200]!r}")
    cls = _EVENT_TYPES[data["event"]]
    known = {f for f in cls.__dataclass_fields__}
    fields = {k: v for k, v in data.items() if k in known}
    for name in _TEXT_DATA.get(data["event"], ()):
        if name in fields and not isinstance(fields[name], dict):
            fields[name] = None  # an unreadable text: the English message still stands
    if cls is Autogenerate:
        op_fields = set(DiffOp.__dataclass_fields__)
        fields["ops"] = [
            DiffOp(**{k: v for k, v in op.items() if k in op_fields}) for op in fields["ops"]
        ]
    event: Event = cls(**fields)
    return event


# --------------------------------------------------------------------------------------------
# Migrator's migration lock (taken by the runner for a run, and by a doctor repair)

MIGRATION_LOCK_KEY_PG = 0x4D49475241544F52
"""PostgreSQL advisory lock key ("MIGRATOR" as 64 bits)."""
_LOCK_PREFIX_MYSQL = "migrator-gui:"
_MYSQL_LOCK_NAME_MAX = 64


def mysql_lock_name(database: str) -> str:
    """Migrator's MariaDB/MySQL ``GET_LOCK`` name for ``database`` (at most 64 characters: a
    longer one is shortened with a hash, so two databases never share a lock)."""
    name = _LOCK_PREFIX_MYSQL + database
    if len(name) <= _MYSQL_LOCK_NAME_MAX:
        return name
    import hashlib

    digest = hashlib.sha1(database.encode("utf-8")).hexdigest()[:16]
    return name[: _MYSQL_LOCK_NAME_MAX - len(digest) - 1] + "#" + digest


# --------------------------------------------------------------------------------------------
# Hiding the password (used on both sides: the child scrubs every event it writes, the parent
# scrubs what it shows of the child's stderr and of anything that did not come as an event).
#
# Standard library only, and no ``re``/``urllib`` either (the file's import rule is strict): the
# few helpers below percent-encode and scan text by hand.

HIDDEN = "***"
"""What a password is replaced with."""

MIN_SUBSTRING_SECRET = 6
"""A password at least this long is replaced wherever it occurs in free text; a shorter one
only where it is unambiguous (``scheme://user:PASSWORD@``, ``password=PASSWORD``), since
replacing ``a`` or ``postgres`` everywhere would corrupt the text instead of protecting it."""

_ALWAYS_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")
_HEX = frozenset("0123456789abcdefABCDEF")
_PASSWORD_KEYS = ("password", "passwd", "pwd")
_VALUE_STOP = frozenset(" \t\r\n'\",;&)}]>")
_USERINFO_STOP = frozenset(" \t\r\n'\"\\<>`")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-_")


def _quote(text: str, safe: str = "") -> str:
    """``urllib.parse.quote(text, safe=safe)``."""
    allowed = _ALWAYS_SAFE | frozenset(safe.encode("utf-8"))
    return "".join(chr(b) if b in allowed else f"%{b:02X}" for b in text.encode("utf-8"))


def _quote_plus(text: str) -> str:
    """``urllib.parse.quote_plus(text, safe="")``."""
    return _quote(text, " ").replace(" ", "+")


def _unquote(text: str) -> str:
    """``urllib.parse.unquote(text)``."""
    if "%" not in text:
        return text
    out = bytearray()
    i = 0
    while i < len(text):
        pair = text[i + 1 : i + 3]
        if text[i] == "%" and len(pair) == 2 and pair[0] in _HEX and pair[1] in _HEX:
            out.append(int(pair, 16))
            i += 3
        else:
            out += text[i].encode("utf-8", errors="surrogatepass")
            i += 1
    return out.decode("utf-8", errors="replace")


def _lower_escapes(text: str) -> str:
    """``%C3%A4`` -> ``%c3%a4`` (both spellings are valid percent-encoding)."""
    parts = text.split("%")
    return parts[0] + "".join(
        "%" + (p[:2].lower() + p[2:] if len(p) >= 2 and all(c in _HEX for c in p[:2]) else p)
        for p in parts[1:]
    )


def url_password(url: str) -> str | None:
    """The password in a URL, decoded, parsed the way SQLAlchemy's ``make_url`` does
    (``scheme://user:password@host``: the user stops at ``:`` or ``/``, the password at the
    first ``@``); None when there is none."""
    raw = _url_raw_password(url)
    return _unquote(raw) if raw is not None else None


def _url_raw_password(url: str) -> str | None:
    start = url.find("://")
    if start <= 0:
        return None
    rest = url[start + 3 :]
    cut = len(rest)
    for stop in (":", "/"):
        found = rest.find(stop)
        if 0 <= found < cut:
            cut = found
    if cut >= len(rest) or rest[cut] != ":":
        return None
    at = rest.find("@", cut + 1)
    if at < 0:
        return None
    return rest[cut + 1 : at]


def _query_passwords(url: str) -> list[str]:
    """``?password=...`` in a URL's query (psycopg2 and others accept it there)."""
    query = url.partition("?")[2]
    found = []
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        if _unquote(key.replace("+", " ")).lower() in _PASSWORD_KEYS and value:
            found.append(value)
            found.append(_unquote(value.replace("+", " ")))
    return found


def secret_forms(password: str) -> list[str]:
    """The spellings of ``password`` that text may contain: as is, percent-encoded the ways
    ``urllib`` and SQLAlchemy render it (``quote``, ``quote_plus``, ``quote(safe=" +")``), with
    lower-case escapes, and escaped as ``repr``/JSON/``unicode_escape`` render strings.
    Longest first."""
    if not password:
        return []
    base = {
        password,
        _quote(password),
        _quote(password, "/"),
        _quote(password, " +"),
        _quote_plus(password),
    }
    base |= {_lower_escapes(f) for f in list(base)}
    forms = set(base)
    for form in base:
        forms.add(repr(form)[1:-1])
        forms.add(form.replace("\\", "\\\\").replace("'", "\\'"))
        forms.add(form.replace("\\", "\\\\").replace('"', '\\"'))
        forms.add(json.dumps(form)[1:-1])
        forms.add(json.dumps(form, ensure_ascii=False)[1:-1])
        forms.add(form.encode("unicode_escape").decode("ascii"))
        forms.add(repr(form.encode("utf-8"))[2:-1])
    return sorted((f for f in forms if f), key=lambda f: (-len(f), f))


class Scrubber:
    """Hides one password (and any ``scheme://user:password@`` or ``password=...``) in text.

    Only free text is scrubbed (:func:`scrub_event` knows which fields are); identifiers such as
    revision ids, dialect names and session ids never are.
    """

    def __init__(self, secrets: list[str] | tuple[str, ...] = ()) -> None:
        self._secrets = [s for s in secrets if s]
        forms: set[str] = set()
        for secret in self._secrets:
            forms.update(secret_forms(secret))
        self._forms = sorted(forms, key=lambda f: (-len(f), f))
        self._userinfo = [f":{f}@" for f in self._forms]
        self._anywhere = any(len(s) >= MIN_SUBSTRING_SECRET for s in self._secrets)

    @classmethod
    def for_url(cls, url: str, extra: list[str] | tuple[str, ...] = ()) -> Scrubber:
        """A scrubber for the password of ``url`` (as typed and decoded) and ``extra`` ones."""
        secrets = list(extra)
        raw = _url_raw_password(url)
        if raw:
            secrets += [raw, _unquote(raw)]
        secrets += _query_passwords(url)
        return cls(secrets)

    @property
    def active(self) -> bool:
        return bool(self._secrets)

    def scrub(self, text: str) -> str:
        """``text`` with the password hidden (URL userinfo, ``password=``, and for a password
        long enough to be unambiguous every occurrence of any of its spellings)."""
        if not text:
            return text
        text = self.scrub_urls(text)
        if self._anywhere:
            for form in self._forms:
                if form in text:
                    text = text.replace(form, HIDDEN)
        return text

    def scrub_urls(self, text: str) -> str:
        """Only the unambiguous places: ``scheme://user:PASSWORD@`` (whatever the password) and
        ``password=VALUE`` / ``'password': 'VALUE'``."""
        if not text:
            return text
        if "@" in text:
            for form in self._userinfo:
                if form in text:
                    text = text.replace(form, f":{HIDDEN}@")
            if "://" in text:
                text = _hide_userinfo(text)
        lowered = text.lower()
        if "pass" in lowered or "pwd" in lowered:
            text = _hide_password_values(text)
        return text


def _hide_userinfo(text: str) -> str:
    """Replace the password of every ``scheme://user:password@`` in ``text``."""
    out: list[str] = []
    pos = 0
    while True:
        found = text.find("://", pos)
        if found < 0:
            break
        begin = found
        while begin > 0 and text[begin - 1] in _SCHEME_CHARS:
            begin -= 1
        i = found + 3
        if begin == found:
            out.append(text[pos:i])
            pos = i
            continue
        while i < len(text) and text[i] not in ":/@" and text[i] not in _USERINFO_STOP:
            i += 1
        if i >= len(text) or text[i] != ":":
            out.append(text[pos:i])
            pos = i
            continue
        j = i + 1
        while j < len(text) and text[j] != "@" and text[j] not in _USERINFO_STOP:
            j += 1
        if j < len(text) and text[j] == "@" and j > i + 1:
            out.append(text[pos : i + 1])
            out.append(HIDDEN)
            pos = j
        else:
            out.append(text[pos : i + 1])
            pos = i + 1
    out.append(text[pos:])
    return "".join(out)


def _hide_password_values(text: str) -> str:
    """Replace VALUE in ``password=VALUE``, ``password: VALUE``, ``'password': 'VALUE'``."""
    lowered = text.lower()
    spans: list[tuple[int, int]] = []
    for key in _PASSWORD_KEYS:
        pos = 0
        while True:
            found = lowered.find(key, pos)
            if found < 0:
                break
            pos = found + len(key)
            if found > 0 and (lowered[found - 1].isalnum() or lowered[found - 1] == "_"):
                continue
            i = found + len(key)
            if i < len(text) and text[i] in "'\"":
                i += 1
            while i < len(text) and text[i] in " \t":
                i += 1
            if i >= len(text) or text[i] not in "=:":
                continue
            i += 1
            while i < len(text) and text[i] in " \t":
                i += 1
            quote_char = text[i] if i < len(text) and text[i] in "'\"" else ""
            if quote_char:
                i += 1
                end = text.find(quote_char, i)
                while end > 0 and text[end - 1] == "\\":
                    end = text.find(quote_char, end + 1)
                if end < 0:
                    end = len(text)
            else:
                end = i
                while end < len(text) and text[end] not in _VALUE_STOP:
                    end += 1
            if end > i and text[i:end] != HIDDEN:
                spans.append((i, end))
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for begin, end in sorted(spans):
        if begin < pos:
            continue
        out.append(text[pos:begin])
        out.append(HIDDEN)
        pos = end
    out.append(text[pos:])
    return "".join(out)


# Which fields of each event are free text. Everything else (event, dialect, session_id, heads,
# revision ids, version_table, logger names, steps counts...) is an identifier, never touched.
_FREE_TEXT: dict[str, tuple[str, ...]] = {
    "log": ("message",),
    "sql": ("text",),
    "revision_sql": ("sql", "error", "traceback"),
    "error": ("message", "traceback"),
    "step": ("description",),
    "statement": ("sql",),
    "autogenerate": ("sql_error",),
    "step_started": ("label", "description"),
}
# Fields holding a message as translatable data (``core.text.to_data``): their arguments are
# free text too (the source sentences are Migrator's own).
_TEXT_DATA: dict[str, tuple[str, ...]] = {
    "log": ("text",),
    "error": ("text",),
    "revision_sql": ("error_text",),
}


def _scrub_text_data(data: Any, scrubber: Scrubber) -> Any:
    """``data`` (``core.text.to_data``'s dict) with its string arguments scrubbed, recursively
    into nested texts; anything else is returned as it is."""
    if not isinstance(data, dict):
        return data
    args = data.get("args")
    if not isinstance(args, dict):
        return data
    cleaned: dict[str, Any] = {}
    for name, value in args.items():
        if isinstance(value, str):
            cleaned[name] = scrubber.scrub(value)
        elif isinstance(value, dict):
            cleaned[name] = _scrub_text_data(value, scrubber)
        else:
            cleaned[name] = value
    if cleaned == args:
        return data
    return {**data, "args": cleaned}


def scrub_event(event: Event, scrubber: Scrubber) -> Event:
    """``event`` with its free-text fields scrubbed (a new object; events are frozen)."""
    if not scrubber.active:
        return event
    changes: dict[str, Any] = {}
    for name in _FREE_TEXT.get(event.event, ()):
        value = getattr(event, name)
        if isinstance(value, str):
            cleaned = scrubber.scrub(value)
            if cleaned != value:
                changes[name] = cleaned
    for name in _TEXT_DATA.get(event.event, ()):
        value = getattr(event, name)
        cleaned = _scrub_text_data(value, scrubber)
        if cleaned is not value:
            changes[name] = cleaned
    if isinstance(event, Plan):
        steps = [scrubber.scrub_urls(s) for s in event.steps]
        if steps != event.steps:
            changes["steps"] = steps
    if not changes:
        return event
    return replace(event, **changes)


__all__ = [
    "HIDDEN",
    "MIGRATION_LOCK_KEY_PG",
    "MIN_SUBSTRING_SECRET",
    "PROTOCOL_VERSION",
    "Autogenerate",
    "Backend",
    "DiffOp",
    "Error",
    "Event",
    "Log",
    "Operation",
    "Plan",
    "Request",
    "Result",
    "RevisionSql",
    "RevisionWritten",
    "Scrubber",
    "Sql",
    "Started",
    "Statement",
    "Step",
    "StepStarted",
    "decode_event",
    "encode_event",
    "mysql_lock_name",
    "scrub_event",
    "secret_forms",
    "url_password",
]
