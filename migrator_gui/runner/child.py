"""Run ONE alembic operation against ONE database, inside a child process.

Started by Migrator as ``<project interpreter> <path to this file>`` with the project root as the
working directory. It reads one JSON :class:`protocol.Request` as the first line of stdin and
answers with JSON lines on stdout (see ``migrator_gui/core/protocol.py``); everything else the
user's code prints goes to stderr. Exit code: 0 success, 1 the operation failed, 2 the request
could not be read, 3 the parent went away (``Request.watch_parent``: stdin reached end of file).

Only the standard library, alembic, SQLAlchemy, ``protocol.py`` and ``text.py`` (loaded by file
path, so Migrator need not be installed in the project's interpreter) are imported here. The
messages written for users are marked with ``QT_TRANSLATE_NOOP("Runner", ...)`` and travel as
English plus translatable data (``Error.text``, ``Log.text``, ``RevisionSql.error_text``): the
child has no translator, the parent renders them in the interface's language. Kept compatible with
Python 3.8+ since it runs under the project's interpreter.

The database is always the selected one (the request's URL):

* ``sqlalchemy.create_engine`` (as ``sqlalchemy``, ``sqlalchemy.engine`` and
  ``sqlalchemy.engine.create`` export it; ``engine_from_config`` calls the latter) is replaced while
  env.py runs: an engine asked for another URL is created for the selected database instead, with a
  warning event naming both URLs; whatever the URL, arguments that choose another way to connect
  (``creator``, ``pool``, ``module``, address-bearing ``connect_args`` such as host, port, dbname)
  are dropped with a warning. A second distinct foreign URL means a multi-database env.py: the run
  stops before connecting;
* every DBAPI connection the process opens (a class-level pool ``connect`` listener, so even an
  engine that escaped the redirect) is checked when it opens, before env.py can run a statement on
  it: the driver's host/port/database and the server's current database must be the selected
  ones. For ``status`` every session is made read-only there;
* ``EnvironmentContext.configure`` is wrapped: a ``connection=`` whose URL, or whose server-reported
  database, is not the selected one stops the run before any migration, and so does a second open
  connection (multidb); offline mode always uses the selected URL; ``on_version_apply`` is chained
  to report each step (sent once alembic committed it); ``transaction_per_migration`` is forced
  when the request asks; a migration lock is taken (PostgreSQL advisory lock, MariaDB
  ``GET_LOCK``) so two runs cannot migrate one database at once;
* ``config.attributes["connection"]`` is the selected database's connection, made on first use
  (alembic's "sharing a connection" cookbook pattern).

No password ever leaves this process: URLs are rendered with ``hide_password=True`` and the free
text of every event is scrubbed (``protocol.Scrubber``) before it is written.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import inspect as _pyinspect
import io
import logging
import logging.config
import os
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

_RUNNER_DIR = Path(__file__).resolve().parent
_PROTOCOL_FILE = _RUNNER_DIR.parent / "core" / "protocol.py"
_PROTOCOL_MODULE = "_migrator_gui_protocol"
_TEXT_FILE = _RUNNER_DIR.parent / "core" / "text.py"
_TEXT_MODULE = "_migrator_gui_text"

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_PROTOCOL = 2
EXIT_PARENT_GONE = 3


# create_engine() arguments that mean the same on every dialect; the others (connect_args,
# creator, dialect-specific flags) are dropped when an engine is redirected to another dialect.
_GENERIC_ENGINE_ARGS = frozenset(
    {
        "echo",
        "echo_pool",
        "execution_options",
        "future",
        "hide_parameters",
        "insertmanyvalues_page_size",
        "isolation_level",
        "json_deserializer",
        "json_serializer",
        "label_length",
        "logging_name",
        "max_overflow",
        "pool_logging_name",
        "pool_pre_ping",
        "pool_recycle",
        "pool_reset_on_return",
        "pool_size",
        "pool_timeout",
        "pool_use_lifo",
        "poolclass",
        "query_cache_size",
    }
)
# connect_args keys that would point a same-dialect engine at another server or database.
_ADDRESS_CONNECT_ARGS = frozenset(
    {
        "host",
        "hostaddr",
        "port",
        "dbname",
        "database",
        "db",
        "user",
        "username",
        "password",
        "passwd",
        "unix_socket",
        "dsn",
        "conninfo",
        "service",
        "servicefile",
        "read_default_file",
        "read_default_group",
        "named_pipe",
        "server",
    }
)
# create_engine() arguments that bring their own way to connect: dropped whatever the URL.
_CONNECTING_ENGINE_ARGS = frozenset({"creator", "async_creator", "pool", "module"})
_DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306, "mariadb": 3306}
_MIGRATING = ("upgrade", "downgrade", "stamp")
_READ_ONLY = ("status", "autogenerate", "revision", "merge")  # every session is read-only
_LOCK_INFO_OFFSET = 16  # the SQLite lock file: byte 0 is locked, who holds it is written here
_FOREVER_MS = 2_147_483_647  # SQLite busy timeout "wait forever" (the largest it takes)
_MYSQL_FOREVER = 31_536_000  # lock_wait_timeout's maximum (a year)
_INNODB_FOREVER = 100_000_000  # innodb_lock_wait_timeout's maximum on MariaDB 10.x


def _load_protocol(path: Path = _PROTOCOL_FILE, name: str = _PROTOCOL_MODULE) -> Any:
    """Import ``core/protocol.py`` (or another file of ``core/`` that imports nothing of
    Migrator: ``text.py``) by path, under a private name.

    A private module name (rather than putting ``core/`` on ``sys.path`` and ``import protocol``)
    keeps our files from shadowing user modules called ``protocol``, ``errors``, ``status``...
    """
    spec = importlib.util.spec_from_file_location(name, str(path))
    if spec is None or spec.loader is None:  # pragma: no cover - file shipped with us
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses looks the module up while decorating
    spec.loader.exec_module(module)
    return module


protocol = _load_protocol()
_text = _load_protocol(_TEXT_FILE, _TEXT_MODULE)
QT_TRANSLATE_NOOP = _text.QT_TRANSLATE_NOOP  # pyside6-lupdate reads the calls by this name


def _text_data(message: Any) -> Any:
    """``message`` as translatable data for an event's ``text`` field (None: not a Text)."""
    return _text.to_data(message) if isinstance(message, _text.Text) else None


def _message_of(exc: BaseException) -> Any:
    """The message an exception was raised with: its Text as it is, else its English."""
    if len(exc.args) == 1 and isinstance(exc.args[0], _text.Text):
        return exc.args[0]
    return str(exc).strip() or type(exc).__name__


def _then(sentence: Any, more: Any) -> Any:
    """Two sentences one after the other (a Text: a translation joins them its own way)."""
    return QT_TRANSLATE_NOOP("Runner", "{sentence} {more}").format(sentence=sentence, more=more)


def _and(items: Any) -> Any:
    """``a and b and c`` (a Text, so the word is translated)."""
    items = list(items)
    joined = items[0]
    for item in items[1:]:
        joined = QT_TRANSLATE_NOOP("Runner", "{first} and {second}").format(
            first=joined, second=item
        )
    return joined


# --------------------------------------------------------------------------------------------
# The protocol stream


class ForeignDatabaseError(Exception):
    """env.py connected somewhere else than the selected database."""


class MigrationLockedError(Exception):
    """Another run holds Migrator's migration lock on this database."""


class NoTargetMetadataError(Exception):
    """env.py gives autogenerate nothing to compare with."""


class NothingToWriteError(Exception):
    """A revision was asked for with no operation left to write."""


class RunCancelled(Exception):
    """The parent asked to cancel (a ``cancel`` line on stdin)."""


_CANCEL_REQUESTED = threading.Event()
_INTERRUPTIBLE: list[Any] = []  # SQLite DBAPI connections of the run (``interrupt()`` on cancel)


class MultipleDatabasesError(Exception):
    """env.py migrates several databases (alembic's ``multidb`` template)."""


class _Emitter:
    """Writes events as JSON lines on the saved stdout; hides the password in their free text
    (``protocol.scrub_event``: identifiers such as revision ids are never touched)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._lock = threading.RLock()
        self.scrubber = protocol.Scrubber()

    def set_scrubber(self, scrubber: Any) -> None:
        self.scrubber = scrubber

    def scrub(self, text: str) -> str:
        return str(self.scrubber.scrub(text))

    def emit(self, event: Any) -> None:
        line = protocol.encode_event(protocol.scrub_event(event, self.scrubber))
        with self._lock:
            self._stream.write(line + "\n")
            self._stream.flush()

    def log(self, level: str, message: str, logger: str = "migrator") -> None:
        """A log line the runner writes for users (a Text travels as translatable data too)."""
        self.emit(
            protocol.Log(
                level=level, logger=logger, message=str(message), text=_text_data(message)
            )
        )


def _protect_stdout() -> Any:
    """Keep the real stdout for the protocol; send fd 1 and ``sys.stdout`` to stderr."""
    sys.stdout.flush()
    proto_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return io.TextIOWrapper(
        io.FileIO(proto_fd, "w", closefd=True),
        encoding="utf-8",
        errors="backslashreplace",
        newline="\n",
        line_buffering=False,
        write_through=True,
    )


class _ForwardHandler(logging.Handler):
    """Forwards log records as ``Log`` events (attached to the root logger)."""

    def __init__(self, emitter: _Emitter) -> None:
        super().__init__(logging.NOTSET)
        self._emitter = emitter
        self._busy = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(self._busy, "on", False):
            return
        self._busy.on = True
        try:
            message = record.getMessage()
            if record.exc_info:
                message += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
            self._emitter.emit(
                protocol.Log(level=record.levelname, logger=record.name, message=message)
            )
        except Exception:  # pragma: no cover - never let logging break the run
            self.handleError(record)
        finally:
            self._busy.on = False


class _LogKeeper:
    """Keeps our handler on the root logger whatever env.py does to logging.

    ``logging.config.fileConfig``/``dictConfig`` are wrapped so the handler is put back right after
    they run (and again whenever env.py calls ``context.configure``); console handlers they install
    on stderr are removed since their records already travel as ``Log`` events; ``alembic.*``
    loggers that ``disable_existing_loggers`` switched off are switched back on.
    """

    def __init__(self, emitter: _Emitter) -> None:
        self.handler = _ForwardHandler(emitter)
        self._originals: dict[str, Callable[..., Any]] = {}

    def install(self) -> None:
        alembic_logger = logging.getLogger("alembic")
        if alembic_logger.level == logging.NOTSET:
            alembic_logger.setLevel(logging.INFO)
        logging.captureWarnings(True)
        self.reattach()
        for name in ("fileConfig", "dictConfig"):
            original = getattr(logging.config, name)
            self._originals[name] = original
            setattr(logging.config, name, self._wrap(original))

    def _wrap(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return original(*args, **kwargs)
            finally:
                self.reattach()

        wrapper.__wrapped__ = original  # type: ignore[attr-defined]
        wrapper.__name__ = original.__name__
        return wrapper

    def reattach(self) -> None:
        root = logging.getLogger()
        loggers: list[logging.Logger] = [root]
        for name, logger in list(logging.Logger.manager.loggerDict.items()):
            if not isinstance(logger, logging.Logger):
                continue
            loggers.append(logger)
            if name == "alembic" or name.startswith("alembic.") or name == "py.warnings":
                logger.disabled = False
        consoles = (sys.stderr, sys.__stderr__, sys.stdout, sys.__stdout__)
        for logger in loggers:
            for handler in list(logger.handlers):
                if (
                    type(handler) is logging.StreamHandler
                    and getattr(handler, "stream", None) in consoles
                ):
                    logger.removeHandler(handler)
        if self.handler not in root.handlers:
            root.addHandler(self.handler)


class _SqlBuffer(io.TextIOBase):
    """Offline mode's output buffer: each statement (ending in a blank line) becomes a ``Sql``."""

    def __init__(self, emitter: _Emitter) -> None:
        super().__init__()
        self._emitter = emitter
        self._pending = ""
        self.step: int | None = None
        """The step the text written now belongs to (set by the run at each step boundary)."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._pending += text
        while True:
            cut = self._pending.find("\n\n")
            if cut < 0:
                break
            chunk, self._pending = self._pending[: cut + 2], self._pending[cut + 2 :]
            self._emitter.emit(protocol.Sql(text=chunk, step=self.step))
        return len(text)

    def flush(self) -> None:
        pass

    def drain(self) -> None:
        if self._pending:
            self._emitter.emit(protocol.Sql(text=self._pending, step=self.step))
            self._pending = ""

    def set_step(self, step: int) -> None:
        """A step boundary: what was written so far belongs to the previous step."""
        self.drain()
        self.step = step


class _CapturedSql(io.StringIO):
    """Offline output kept whole (``revision_sql`` sends it in one ``RevisionSql`` per
    direction rather than statement by statement)."""

    def drain(self) -> None:
        pass

    def set_step(self, step: int) -> None:
        pass


# --------------------------------------------------------------------------------------------
# URLs


def _normalise(url: Any) -> str:
    """A string equal for two URLs naming the same database with the same credentials."""
    from sqlalchemy.engine import make_url

    url = make_url(url)
    drivername = url.drivername
    if "+" not in drivername:
        try:
            drivername = f"{url.get_backend_name()}+{url.get_driver_name()}"
        except Exception:
            pass
    url = url.set(drivername=drivername, query=dict(sorted(url.query.items())))
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            url = url.set(database=os.path.realpath(database))
    return str(url.render_as_string(hide_password=False))


def _show(url: Any) -> str:
    """A URL as it may be shown to a person: never with its password."""
    from sqlalchemy.engine import make_url

    try:
        return str(make_url(url).render_as_string(hide_password=True))
    except Exception:
        return "<unreadable URL>"


def _sqlite_file(url: Any) -> str | None:
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):
        return None
    return os.path.realpath(database)


# --------------------------------------------------------------------------------------------
# The run


class _RunState:
    def __init__(self) -> None:
        self.db_heads: tuple[str, ...] | None = None
        self.current_step: Any = None
        self.step_started = 0.0
        self.steps = 0
        self.plan: list[Any] = []
        self.heads_after: list[str] | None = None
        self.pending_step: Any = None  # the Step event of the step whose commit is pending
        self.final: dict[str, Any] | None = None  # the version table read at the end of the run
        self.migration_context: Any = None
        self.status: dict[str, Any] | None = None
        self.connections_seen: set = set()
        self.configured: list[Any] = []  # connections passed to configure(), in order
        self.locked: set = set()
        self.redirect_warned: set = set()
        self.foreign: dict[str, str] = {}  # normalised key -> shown URL, of every foreign URL
        self.guard_warned = False
        self.step_index = -1  # the step running now (-1: before the first)
        self.step_statements: list[str] = []  # statements sent during the current step
        self.failed_step: Any = None  # the step that was running when the run failed


class _Attributes(dict):  # type: ignore[type-arg]
    """``config.attributes`` whose ``"connection"`` is the selected database's, made on first
    use (alembic's cookbook "sharing a connection" pattern:
    ``config.attributes.get("connection")``)."""

    def __init__(self, factory: Callable[[], Any]) -> None:
        super().__init__()
        self._factory = factory

    def __missing__(self, key: Any) -> Any:
        if key == "connection":
            value = self._factory()
            if value is not None:
                self[key] = value
                return value
        raise KeyError(key)

    def get(self, key: Any, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: Any) -> bool:
        if key == "connection" and not dict.__contains__(self, key):
            try:
                self[key]
            except KeyError:
                return False
            return True
        return dict.__contains__(self, key)


class Runner:
    """Executes one request; raises on failure (mapped to an ``Error`` event by :func:`main`)."""

    def __init__(self, request: Any, emitter: _Emitter, logs: _LogKeeper) -> None:
        from sqlalchemy.engine import make_url

        if request.operation == "revision_sql" and not request.sql:
            request = dataclasses.replace(request, sql=True)  # always offline
        self.request = request
        self.emitter = emitter
        self.logs = logs
        self.selected = make_url(request.url)
        self.selected_key = _normalise(self.selected)
        self.shown = _show(self.selected)
        self.state = _RunState()
        self.sql_buffer: Any = _SqlBuffer(emitter)
        self._original_create_engine: Callable[..., Any] = None  # type: ignore[assignment]
        self._provided: list[Any] = []  # (engine, connection) made for config.attributes
        try:
            self._selected_is_async = bool(getattr(self.selected.get_dialect(), "is_async", False))
        except Exception:
            self._selected_is_async = False

    @property
    def writes(self) -> bool:
        """An online upgrade, downgrade or stamp (not a status read, not offline SQL)."""
        request = self.request
        return not request.sql and request.operation in ("upgrade", "downgrade", "stamp")

    # -- set-up -------------------------------------------------------------------------------

    def make_config(self) -> Any:
        from alembic.config import Config

        request = self.request
        kwargs: dict[str, Any] = {"ini_section": request.ini_section, "stdout": sys.stderr}
        if request.toml_file:
            kwargs["toml_file"] = request.toml_file
        if request.sql:
            kwargs["output_buffer"] = self.sql_buffer
        config = Config(request.config_file or None, **kwargs)
        config.set_main_option("sqlalchemy.url", request.url.replace("%", "%%"))
        if not request.sql:
            config.attributes = _Attributes(self._provide_connection)
        if request.operation in _READ_ONLY:
            config.attributes["migrator_read_only"] = True
        return config

    def _provide_connection(self) -> Any:
        """The selected database's connection for ``config.attributes["connection"]`` (not for
        an asyncio driver: env.py then takes its own asyncio path)."""
        if self._selected_is_async:
            return None
        from sqlalchemy.pool import NullPool

        engine = self._original_create_engine(self.selected, poolclass=NullPool)
        connection = engine.connect()
        self._provided.append((engine, connection))
        return connection

    def close_provided(self) -> None:
        for engine, connection in self._provided:
            try:
                connection.close()
            finally:
                engine.dispose()
        self._provided = []

    def install_patches(self) -> None:
        import sqlalchemy
        import sqlalchemy.engine
        import sqlalchemy.engine.create as sa_create
        from alembic.runtime.environment import EnvironmentContext
        from sqlalchemy import event
        from sqlalchemy.pool import Pool

        original = sa_create.create_engine
        self._original_create_engine = original
        redirecting = self._redirecting_create_engine(original)
        for module in (sqlalchemy, sqlalchemy.engine, sa_create):
            if getattr(module, "create_engine", None) is original:
                module.create_engine = redirecting  # type: ignore[attr-defined]
        asyncio_engine = sys.modules.get("sqlalchemy.ext.asyncio.engine")
        if getattr(asyncio_engine, "_create_engine", None) is original:
            asyncio_engine._create_engine = redirecting  # type: ignore[attr-defined]

        # Every DBAPI connection opened in this process, whatever made its engine (even one
        # that escaped the redirect, or a creator), is checked the moment it opens, before
        # env.py can run any statement on it. The listener goes first (insert=True).
        event.listen(Pool, "connect", self._on_pool_connect, insert=True)
        if self.writes:
            from sqlalchemy.engine import Engine

            # Every statement the run sends is reported (the log shows the SQL actually sent;
            # a failed step names the objects it touched), and SQLite gets real transactions.
            event.listen(Engine, "before_cursor_execute", self._on_before_cursor_execute)
            event.listen(Engine, "begin", self._on_begin)

        original_configure = EnvironmentContext.configure
        runner = self

        def configure(env: Any, *args: Any, **kwargs: Any) -> Any:
            return runner._configure(original_configure, env, *args, **kwargs)

        configure.__wrapped__ = original_configure  # type: ignore[attr-defined]
        configure.__doc__ = original_configure.__doc__
        EnvironmentContext.configure = configure  # type: ignore[method-assign]

    def _redirecting_create_engine(self, original: Callable[..., Any]) -> Callable[..., Any]:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        runner = self

        def create_engine(url: Any, **kwargs: Any) -> Any:
            try:
                requested = make_url(url)
                requested_key = _normalise(requested)
            except Exception:
                return original(url, **kwargs)
            same_url = requested_key == runner.selected_key
            if not same_url:
                runner._note_foreign(requested_key, _show(requested))
            same_dialect = requested.get_backend_name() == runner.selected.get_backend_name()
            kept: dict[str, Any] = {}
            dropped: list[str] = []
            for key, value in kwargs.items():
                if key in _CONNECTING_ENGINE_ARGS:
                    dropped.append(key)
                elif key == "connect_args" and isinstance(value, dict) and (same_dialect):
                    address = sorted(k for k in value if k in _ADDRESS_CONNECT_ARGS)
                    dropped += [f"connect_args[{k!r}]" for k in address]
                    kept[key] = {k: v for k, v in value.items() if k not in _ADDRESS_CONNECT_ARGS}
                elif same_url or key in _GENERIC_ENGINE_ARGS:
                    kept[key] = value
            if dropped:
                runner._warn_dropped(dropped)
            if same_url:
                return original(url, **kept)
            try:
                return original(runner.selected, **kept)
            except (ArgumentError, TypeError):
                return original(runner.selected)

        create_engine.__wrapped__ = original  # type: ignore[attr-defined]
        create_engine.__doc__ = original.__doc__
        return create_engine

    def _note_foreign(self, key: str, shown: str) -> None:
        """env.py asked for a database that is not the selected one: warn once; stop at the
        second distinct one (a multi-database env.py, which redirected would deadlock)."""
        foreign = self.state.foreign
        if key not in foreign:
            foreign[key] = shown
        if len(foreign) >= 2:
            names = _and(dict.fromkeys(foreign.values()))
            raise MultipleDatabasesError(
                QT_TRANSLATE_NOOP(
                    "Runner",
                    "This env.py migrates several databases (alembic's multidb template): it "
                    "asks for {names}. Migrator migrates one database at a time, the selected "
                    "one ({selected}); nothing was run. Use the alembic command line for this "
                    "project, or give each database its own project or ini section.",
                ).format(names=names, selected=self.shown)
            )
        self._warn_foreign(key, shown)

    def _warn_foreign(self, key: str, shown: Any) -> None:
        if key in self.state.redirect_warned:
            return
        self.state.redirect_warned.add(key)
        if self.request.sql:
            message = QT_TRANSLATE_NOOP(
                "Runner",
                "env.py asked for {asked}; Migrator generated SQL for {selected}, the selected "
                "database.",
            )
        else:
            message = QT_TRANSLATE_NOOP(
                "Runner",
                "env.py asked for {asked}; Migrator ran against {selected}, the selected "
                "database.",
            )
        self.emitter.log("WARNING", message.format(asked=shown, selected=self.shown))

    def _warn_dropped(self, names: list[str]) -> None:
        key = "dropped:" + ",".join(sorted(names))
        if key in self.state.redirect_warned:
            return
        self.state.redirect_warned.add(key)
        if len(names) > 1:
            message = QT_TRANSLATE_NOOP(
                "Runner",
                "env.py passed {names} to create_engine(); Migrator ignores them so that the "
                "engine connects to the selected database {selected}.",
            )
        else:
            message = QT_TRANSLATE_NOOP(
                "Runner",
                "env.py passed {names} to create_engine(); Migrator ignores it so that the "
                "engine connects to the selected database {selected}.",
            )
        self.emitter.log("WARNING", message.format(names=", ".join(names), selected=self.shown))

    # -- every DBAPI connection: where it goes, and read-only for a status read ---------------

    def _on_pool_connect(self, dbapi_connection: Any, record: Any) -> None:
        pool = getattr(record, "_ConnectionRecord__pool", None)
        dialect = getattr(getattr(pool, "_dialect", None), "name", None)
        selected_dialect = self.selected.get_backend_name()
        if dialect is not None and dialect != selected_dialect:
            raise ForeignDatabaseError(
                QT_TRANSLATE_NOOP(
                    "Runner",
                    "env.py opened a {dialect} connection instead of one to the selected "
                    "database {selected}; nothing was run.",
                ).format(dialect=dialect, selected=self.shown)
            )
        dialect = dialect or selected_dialect
        if dialect not in ("postgresql", "mysql", "mariadb", "sqlite"):
            return
        try:
            problem = self._foreign_target(dbapi_connection, dialect)
        except Exception as exc:
            problem = None
            if not self.state.guard_warned:
                self.state.guard_warned = True
                self.emitter.log(
                    "WARNING",
                    QT_TRANSLATE_NOOP(
                        "Runner", "Could not check where a new database connection goes: {error}"
                    ).format(error=_first_line(str(exc))),
                )
        if problem:
            raise ForeignDatabaseError(_connected_elsewhere(problem, self.shown))
        if self.request.operation in _READ_ONLY:
            self._make_read_only(dbapi_connection, dialect)
        elif dialect == "sqlite" and self.writes:
            self._prepare_sqlite(dbapi_connection)

    def _prepare_sqlite(self, dbapi_connection: Any) -> None:
        """Real transactions on SQLite (the driver's own mode never wraps DDL in one: a failed
        step would stay half applied) and the busy timeout as the lock timeout."""
        timeout = self.request.lock_timeout
        if timeout is not None:
            milliseconds = _FOREVER_MS if timeout <= 0 else max(1, int(timeout * 1000))
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute(f"PRAGMA busy_timeout = {milliseconds:d}")
            finally:
                cursor.close()
        if _is_pysqlite(dbapi_connection):
            dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event sends BEGIN
            _INTERRUPTIBLE.append(dbapi_connection)

    def _on_begin(self, connection: Any) -> None:
        """``BEGIN`` on a SQLite connection whose driver was put in autocommit mode (see
        ``_prepare_sqlite``): SQLAlchemy's recipe for transactional DDL on pysqlite."""
        if connection.dialect.name != "sqlite":
            return
        dbapi_connection = connection.connection.dbapi_connection
        if _is_pysqlite(dbapi_connection) and dbapi_connection.isolation_level is None:
            if not dbapi_connection.in_transaction:
                connection.exec_driver_sql("BEGIN")

    def _on_before_cursor_execute(
        self,
        connection: Any,
        cursor: Any,
        statement: str,
        parameters: Any,
        context: Any,
        executemany: bool,
    ) -> None:
        state = self.state
        if _CANCEL_REQUESTED.is_set() and state.migration_context is not None:
            raise RunCancelled(_cancelled_message(state))
        if state.step_index >= 0:
            state.step_statements.append(statement)
        self.emitter.emit(protocol.Statement(sql=statement.strip(), step=state.step_index))

    def _foreign_target(self, dbapi_connection: Any, dialect: str) -> Any:
        """Where ``dbapi_connection`` goes, if that is not the selected database; else None.

        Asks the driver what it connected to (host, port, database: cheap, no round trip) and
        the server which database the session is in."""
        selected = self.selected
        if dialect == "sqlite":
            wanted = _sqlite_file(selected)
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute("PRAGMA database_list")
                rows = cursor.fetchall()
            finally:
                cursor.close()
            main_file = next((r[2] for r in rows if r[1] == "main"), "") or ""
            if wanted and main_file and os.path.realpath(main_file) != wanted:
                return QT_TRANSLATE_NOOP("Runner", "the SQLite file {file}").format(
                    file=main_file
                )
            return None

        host, port, database = _driver_target(dbapi_connection)
        expected_host = selected.host
        expected_port = selected.port or _DEFAULT_PORTS.get(dialect)
        if "host" in selected.query or "port" in selected.query:
            # libpq multi-host / socket URLs (?host=a&host=b): the driver picks one of them.
            expected_host = expected_port = None
        where = None
        if database and selected.database and database != selected.database:
            where = _database_named(database)
        elif host and expected_host and host.lower() != expected_host.lower():
            where = _server_at(f"{host}" + (f":{port}" if port else ""))
        elif port and expected_port and int(port) != int(expected_port):
            where = _server_at(f"{host or expected_host or ''}:{port}")
        if where:
            return where

        cursor = dbapi_connection.cursor()
        try:
            if dialect == "postgresql":
                cursor.execute("SELECT current_database()")
            else:
                cursor.execute("SELECT DATABASE()")
            row = cursor.fetchone()
        finally:
            cursor.close()
            dbapi_connection.rollback()
        server_database = row[0] if row else None
        if selected.database and server_database != selected.database:
            return _database_named(server_database)
        return None

    def _make_read_only(self, dbapi_connection: Any, dialect: str) -> None:
        """A status read must change nothing: every session it opens is read-only."""
        statement = {
            "postgresql": "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
            "mysql": "SET SESSION TRANSACTION READ ONLY",
            "mariadb": "SET SESSION TRANSACTION READ ONLY",
            "sqlite": "PRAGMA query_only = ON",
        }[dialect]
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(statement)
        finally:
            cursor.close()
        if dialect != "sqlite":
            dbapi_connection.commit()

    # -- the configure wrapper ----------------------------------------------------------------

    def _configure(self, original: Callable[..., Any], env: Any, *args: Any, **kwargs: Any) -> Any:
        signature = _pyinspect.signature(original)
        arguments = dict(signature.bind(env, *args, **kwargs).arguments)
        for name, parameter in signature.parameters.items():
            if parameter.kind is parameter.VAR_KEYWORD:
                arguments.update(arguments.pop(name, None) or {})
        arguments.pop(next(iter(signature.parameters)), None)  # self
        self.logs.reattach()
        request = self.request

        if env.is_offline_mode():
            asked = arguments.get("url") or arguments.get("dialect_name")
            if asked is not None:
                asked_key = None
                try:
                    asked_key = _normalise(asked)
                except Exception:
                    pass
                if asked_key != self.selected_key:
                    if arguments.get("url"):
                        self._note_foreign(asked_key or _show(asked), _show(asked))
                    else:
                        self._warn_foreign(
                            f"dialect {asked}",
                            QT_TRANSLATE_NOOP("Runner", "dialect {dialect}").format(dialect=asked),
                        )
            arguments.pop("connection", None)
            arguments.pop("dialect_name", None)
            arguments["url"] = self.selected
            arguments["output_buffer"] = self.sql_buffer
            arguments.pop("output_encoding", None)
        else:
            from sqlalchemy.engine import Connection

            connection = arguments.get("connection")
            if connection is None:
                arguments["url"] = self.selected
            elif isinstance(connection, Connection):
                self._note_configured(connection)
                self._check_connection(connection)
                if (
                    self.writes
                    and connection.dialect.name == "sqlite"
                    and arguments.get("transactional_ddl") is None
                    and _is_pysqlite(connection.connection.dbapi_connection)
                ):
                    # _prepare_sqlite made this connection transactional: let alembic use it.
                    arguments["transactional_ddl"] = True
            # anything else (an Engine...): alembic's own configure() says what it expects

        if request.transaction_per_migration is not None:
            arguments["transaction_per_migration"] = bool(request.transaction_per_migration)
        user_callbacks = arguments.get("on_version_apply")
        if user_callbacks is None:
            chained: list[Any] = []
        elif callable(user_callbacks):
            chained = [user_callbacks]
        else:
            chained = list(user_callbacks)
        arguments["on_version_apply"] = [*chained, self._on_version_apply]

        fn = env.context_opts.get("fn")
        if fn is not None and not getattr(fn, "_migrator_wrapped", False):
            env.context_opts["fn"] = self._wrap_fn(fn)

        result = original(env, **arguments)
        self.state.migration_context = env.get_context()
        return result

    def _note_configured(self, connection: Any) -> None:
        """A second connection, while the first is still open, means env.py migrates several
        databases (multidb template): redirected to one database they would deadlock."""
        configured = self.state.configured
        if any(c is connection for c in configured):
            return
        if any(not c.closed for c in configured):
            raise MultipleDatabasesError(
                QT_TRANSLATE_NOOP(
                    "Runner",
                    "This env.py migrates several databases (alembic's multidb template): it "
                    "configures a second connection while the first is open. Migrator migrates "
                    "one database at a time, the selected one ({selected}); the run was "
                    "stopped. Use the alembic command line for this project, or give each "
                    "database its own project or ini section.",
                ).format(selected=self.shown)
            )
        configured.append(connection)

    def _check_connection(self, connection: Any) -> None:
        engine = getattr(connection, "engine", connection)
        url = getattr(engine, "url", None)
        if url is None or _normalise(url) != self.selected_key:
            elsewhere = (
                _show(url) if url is not None
                else QT_TRANSLATE_NOOP("Runner", "an unknown database")
            )
            raise ForeignDatabaseError(_connected_elsewhere(elsewhere, self.shown))
        if id(connection) in self.state.connections_seen:
            return
        self.state.connections_seen.add(id(connection))
        dialect = connection.dialect.name
        if dialect not in ("postgresql", "mysql", "mariadb", "sqlite"):
            return
        was_in_transaction = bool(connection.in_transaction())
        raw = connection.connection
        cursor = raw.cursor()
        try:
            self._probe(cursor, dialect)
        except (ForeignDatabaseError, MigrationLockedError):
            raise
        except Exception as exc:
            # An unusual driver (e.g. an async adapter) may refuse our plain SQL: go on without
            # the session id / lock rather than fail the run.
            self.emitter.log(
                "WARNING",
                QT_TRANSLATE_NOOP(
                    "Runner",
                    "Could not read the database session or take Migrator's migration lock: "
                    "{error}",
                ).format(error=_first_line(str(exc))),
            )
        finally:
            try:
                cursor.close()
            finally:
                if not was_in_transaction:
                    # End the driver's implicit transaction, keeping the session settings
                    # (a PostgreSQL SET is undone by a rollback); session locks stay anyway.
                    raw.commit()

    def _probe(self, cursor: Any, dialect: str) -> None:
        """Check the server-side database, report the session id, take the migration lock.

        Plain SQL with literals only, on the raw DBAPI cursor, so SQLAlchemy's transaction state
        (which alembic relies on to begin/commit) is untouched.
        """
        if dialect == "sqlite":
            cursor.execute("PRAGMA database_list")
            rows = cursor.fetchall()
            main_file = next((r[2] for r in rows if r[1] == "main"), "") or ""
            wanted = _sqlite_file(self.selected)
            if wanted and main_file and os.path.realpath(main_file) != wanted:
                raise ForeignDatabaseError(
                    _connected_elsewhere(
                        QT_TRANSLATE_NOOP("Runner", "the SQLite file {file}").format(
                            file=main_file
                        ),
                        self.shown,
                    )
                )
            if self.writes and main_file:
                self._take_file_lock(os.path.realpath(main_file))
            return
        if dialect == "postgresql":
            cursor.execute("SELECT pg_backend_pid(), current_database()")
        else:
            cursor.execute("SELECT CONNECTION_ID(), DATABASE()")
        session_id, database = cursor.fetchone()
        if self.selected.database and database != self.selected.database:
            raise ForeignDatabaseError(
                _connected_elsewhere(_database_named(database), self.shown)
            )
        self.emitter.emit(protocol.Backend(dialect=dialect, session_id=str(session_id)))
        if self.writes:
            self._take_lock(cursor, dialect)
            self._set_session(cursor, dialect)

    def _set_session(self, cursor: Any, dialect: str) -> None:
        """The lock timeout, and a name other sessions see the migration by."""
        timeout = self.request.lock_timeout
        if dialect == "postgresql":
            cursor.execute(
                "SELECT set_config('application_name', "
                f"{_sql_string('Migrator ' + self.request.operation)}, false)"
            )
            if timeout is not None:
                milliseconds = 0 if timeout <= 0 else max(1, int(timeout * 1000))
                cursor.execute(f"SELECT set_config('lock_timeout', '{milliseconds:d}ms', false)")
        elif timeout is not None:
            seconds = max(1, round(timeout)) if timeout > 0 else 0
            cursor.execute(
                f"SET SESSION lock_wait_timeout = {seconds or _MYSQL_FOREVER:d}, "
                f"innodb_lock_wait_timeout = {seconds or _INNODB_FOREVER:d}"
            )

    def _take_lock(self, cursor: Any, dialect: str) -> None:
        key = self.selected_key
        if key in self.state.locked:
            return
        holder = None
        if dialect == "postgresql":
            cursor.execute(f"SELECT pg_try_advisory_lock({protocol.MIGRATION_LOCK_KEY_PG:d})")
            got = bool(cursor.fetchone()[0])
            if not got:
                cursor.execute(
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
                    f"AND classid = {protocol.MIGRATION_LOCK_KEY_PG >> 32:d} "
                    f"AND objid = {protocol.MIGRATION_LOCK_KEY_PG & 0xFFFFFFFF:d} AND objsubid = 1 "
                    "AND database = (SELECT oid FROM pg_database "
                    "WHERE datname = current_database())"
                )
                row = cursor.fetchone()
                holder = row[0] if row else None
        else:
            name = _sql_string(mysql_lock_name(self.selected.database or ""))
            cursor.execute(f"SELECT GET_LOCK({name}, 0)")
            got = cursor.fetchone()[0] == 1
            if not got:
                cursor.execute(f"SELECT IS_USED_LOCK({name})")
                row = cursor.fetchone()
                holder = row[0] if row else None
        if not got:
            who = _lock_holder(cursor, dialect, holder) if holder is not None else ""
            raise MigrationLockedError(_migration_running(self.shown, who))
        self.state.locked.add(key)

    def _take_file_lock(self, path: str) -> None:
        """SQLite: one run per database file, with an OS lock on a file beside it in the temp
        folder (SQLite's own lock lasts one transaction, not a whole run)."""
        if path in self.state.locked:
            return
        import hashlib
        import json
        import socket
        import tempfile

        folder = os.path.join(tempfile.gettempdir(), "migrator-gui-locks")
        os.makedirs(folder, exist_ok=True)
        name = hashlib.sha256(path.encode("utf-8")).hexdigest()[:32] + ".lock"
        fd = os.open(os.path.join(folder, name), os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock_file(fd):
            holder: Any = ""
            try:
                os.lseek(fd, _LOCK_INFO_OFFSET, os.SEEK_SET)
                info = json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
                holder = QT_TRANSLATE_NOOP(
                    "Runner", " since {since} (process {pid} on {host}, {operation})"
                ).format(
                    since=info.get("since", "?"),
                    pid=info.get("pid", "?"),
                    host=info.get("host", "?"),
                    operation=_operation_name(info.get("operation")),
                )
            except Exception:
                pass
            os.close(fd)
            raise MigrationLockedError(_migration_running(self.shown, holder))
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": time.strftime("%Y-%m-%d %H:%M:%S"),
            "operation": f"Migrator {self.request.operation}",
        }
        os.ftruncate(fd, _LOCK_INFO_OFFSET)
        os.lseek(fd, _LOCK_INFO_OFFSET, os.SEEK_SET)
        os.write(fd, json.dumps(info).encode("utf-8"))
        self.state.locked.add(path)  # kept open (and locked) until the process ends

    def _wrap_fn(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        state = self.state
        emitter = self.emitter
        operation = self.request.operation
        runner = self

        def migrations(rev: Any, context: Any) -> Any:
            state.db_heads = tuple(rev or ())
            runner.sql_buffer.set_step(-1)
            steps = list(fn(rev, context) or ())
            state.plan = steps
            if operation in _MIGRATING:
                emitter.emit(
                    protocol.Plan(
                        steps=[_short_log(s) for s in steps],
                        version_table=context.version_table,
                        version_table_schema=context.version_table_schema,
                        revisions=[_step_revision(s) for s in steps],
                        descriptions=[_step_message(s) for s in steps],
                        current=sorted(state.db_heads or ()),
                    )
                )
            sql_buffer = runner.sql_buffer
            total = len(steps)
            for index, step in enumerate(steps):
                # alembic commits the previous step (with a transaction per migration, or on a
                # database without transactional DDL) before asking for the next one: only now
                # is its Step event true.
                runner._flush_step()
                if _CANCEL_REQUESTED.is_set():
                    raise RunCancelled(_cancelled_message(state))
                sql_buffer.set_step(index)
                state.current_step = step
                state.step_index = index
                state.step_statements = []
                state.step_started = time.perf_counter()
                if operation in _MIGRATING:
                    emitter.emit(
                        protocol.StepStarted(
                            index=index,
                            total=total,
                            revision=_step_revision(step),
                            label=_short_log(step),
                            description=_step_message(step),
                        )
                    )
                yield step
            runner._flush_step()
            sql_buffer.set_step(total)
            state.current_step = None
            state.step_index = total
            if operation in _MIGRATING and not context.as_sql:
                runner._read_final(context)

        migrations._migrator_wrapped = True  # type: ignore[attr-defined]
        return migrations

    def _on_version_apply(self, ctx: Any, step: Any, heads: Any, run_args: Any) -> None:
        state = self.state
        elapsed = time.perf_counter() - state.step_started if state.step_started else 0.0
        current = state.current_step
        up = [r for r in step.up_revision_ids if r]
        down = [r for r in step.down_revision_ids if r]
        if step.is_stamp:
            revision = ", ".join(step.destination_revision_ids) or "base"
        else:
            revision = step.up_revision_id or ""
        description = ""
        if current is not None:
            description = getattr(current, "doc", None) or ""
        if not description and not step.is_stamp and step.up_revision is not None:
            description = getattr(step.up_revision, "doc", "") or ""
        state.heads_after = sorted(heads)
        self._flush_step()
        state.pending_step = protocol.Step(
            revision=revision,
            up_revisions=up,
            down_revisions=down,
            is_upgrade=bool(step.is_upgrade),
            is_stamp=bool(step.is_stamp),
            description=description.strip().splitlines()[0] if description.strip() else "",
            heads_after=sorted(heads),
            elapsed=round(elapsed, 6),
        )

    def _flush_step(self) -> None:
        state = self.state
        pending, state.pending_step = state.pending_step, None
        if pending is None:
            return
        self.emitter.emit(pending)
        state.steps += 1
        state.current_step = None
        state.step_started = time.perf_counter()

    def _read_final(self, context: Any) -> None:
        """The version table once every step ran, read in the run's own connection (works for
        asyncio drivers too, and sees what this run wrote)."""
        import sqlalchemy

        try:
            heads = context.get_current_heads()
            exists = sqlalchemy.inspect(context.connection).has_table(
                context.version_table, schema=context.version_table_schema
            )
        except Exception as exc:
            first = _first_line(str(exc))
            self.emitter.log(
                "WARNING",
                QT_TRANSLATE_NOOP(
                    "Runner", "Could not read the version table after the run: {error}"
                ).format(error=first),
            )
            return
        self.state.final = {
            "heads": sorted(heads),
            "version_table": context.version_table,
            "version_table_schema": context.version_table_schema,
            "table_exists": bool(exists),
        }

    # -- operations ---------------------------------------------------------------------------

    def run(self) -> Any:
        from alembic import command

        request = self.request
        config = self.make_config()
        self.install_patches()
        try:
            if request.operation == "status":
                return self._status(config)
            if request.operation == "revision_sql":
                return self._revision_sql(config)
            if request.operation == "autogenerate":
                return self._autogenerate(config)
            if request.operation == "revision":
                return self._write_revision(config)
            if request.operation == "merge":
                return self._merge(config)
            if request.sql and request.starting_rev is not None:
                self._offline_from(config, list(request.starting_rev))
            elif request.operation == "upgrade":
                command.upgrade(config, request.target, sql=request.sql)
            elif request.operation == "downgrade":
                command.downgrade(config, request.target, sql=request.sql)
            elif request.operation == "stamp":
                targets = [t for t in re.split(r"[\s,]+", request.target) if t]
                command.stamp(
                    config,
                    targets if len(targets) > 1 else request.target,
                    sql=request.sql,
                    purge=request.purge,
                )
            else:
                raise ValueError(f"unknown operation {request.operation!r}")
        finally:
            self.close_provided()
        self.sql_buffer.drain()
        if request.sql:
            return self._offline_result()
        final = self.state.final
        if final is not None:
            return protocol.Result(steps=self.state.steps, **final)
        return self._read_result()

    def _offline_from(self, config: Any, starting: list[str]) -> None:
        """Offline SQL from the version rows ``starting`` (what the database holds now) to the
        target: ``alembic upgrade --sql <current>:<target>`` generalised to several rows (alembic
        takes a list as ``starting_rev``; its command line takes one)."""
        from alembic.runtime.environment import EnvironmentContext
        from alembic.script import ScriptDirectory

        request = self.request
        script = ScriptDirectory.from_config(config)
        target = request.target
        start = starting or None
        extra: dict[str, Any] = {}
        if request.operation == "upgrade":

            def steps(rev: Any, context: Any) -> Any:
                return script._upgrade_revs(target, rev)

            destination: Any = target
        elif request.operation == "downgrade":

            def steps(rev: Any, context: Any) -> Any:
                return script._downgrade_revs(target, rev)

            destination = target
        else:
            if request.purge:
                from alembic.util import CommandError

                raise CommandError("Can't use --purge with --sql mode")
            destinations = tuple(t for t in re.split(r"[\s,]+", target) if t)

            def steps(rev: Any, context: Any) -> Any:
                return script._stamp_revs(destinations, rev)

            destination = destinations
            extra["purge"] = False
        with EnvironmentContext(
            config,
            script,
            fn=steps,
            as_sql=True,
            starting_rev=start,
            destination_rev=destination,
            **extra,
        ):
            script.run_env()

    def _offline_result(self) -> Any:
        context = self.state.migration_context
        heads = self.state.heads_after
        if heads is None:
            heads = list(self.state.db_heads or ())
        return protocol.Result(
            heads=sorted(heads),
            version_table=getattr(context, "version_table", "alembic_version"),
            version_table_schema=getattr(context, "version_table_schema", None),
            table_exists=False,
            steps=self.state.steps,
            offline=True,
        )

    def _read_result(self) -> Any:
        """The version table afterwards, read in a fresh connection with alembic's own API
        (when env.py never ran the migrations in online mode)."""
        import sqlalchemy
        from alembic.runtime.migration import MigrationContext
        from sqlalchemy.pool import NullPool

        context = self.state.migration_context
        version_table = getattr(context, "version_table", "alembic_version")
        schema = getattr(context, "version_table_schema", None)

        def read(connection: Any) -> tuple[list[str], bool]:
            opts = {"version_table": version_table, "version_table_schema": schema}
            heads = MigrationContext.configure(connection, opts=opts).get_current_heads()
            exists = sqlalchemy.inspect(connection).has_table(version_table, schema=schema)
            return list(heads), bool(exists)

        quiet = logging.getLogger("alembic.runtime.migration")
        was_disabled, quiet.disabled = quiet.disabled, True  # no second "Context impl" line
        try:
            if self._selected_is_async:
                heads, exists = _read_async(self.selected, read)
            else:
                engine = self._original_create_engine(self.selected, poolclass=NullPool)
                try:
                    with engine.connect() as connection:
                        heads, exists = read(connection)
                finally:
                    engine.dispose()
        finally:
            quiet.disabled = was_disabled
        return protocol.Result(
            heads=sorted(heads),
            version_table=version_table,
            version_table_schema=schema,
            table_exists=exists,
            steps=self.state.steps,
        )

    def _status(self, config: Any) -> Any:
        """Run env.py like ``alembic current`` does, read the rows, validate nothing.

        Every session is read-only (see ``_make_read_only``): a status read never writes.
        """
        import sqlalchemy
        from alembic.runtime.environment import EnvironmentContext
        from alembic.script import ScriptDirectory

        state = self.state
        sqlite_file = _sqlite_file(self.selected)
        sqlite_was_there = sqlite_file is None or os.path.exists(sqlite_file)

        def read_status(rev: Any, context: Any) -> list[Any]:
            version_table = context.version_table
            schema = context.version_table_schema
            exists = sqlalchemy.inspect(context.connection).has_table(version_table, schema=schema)
            state.status = {
                "heads": sorted(rev or ()),
                "version_table": version_table,
                "version_table_schema": schema,
                "table_exists": bool(exists),
            }
            return []

        script = ScriptDirectory.from_config(config)
        try:
            with EnvironmentContext(config, script, fn=read_status, dont_mutate=True):
                script.run_env()
        finally:
            self.close_provided()
            if not sqlite_was_there and sqlite_file and os.path.exists(sqlite_file):
                # Connecting created an empty file: the status read must leave nothing behind.
                if os.path.getsize(sqlite_file) == 0:
                    os.unlink(sqlite_file)
        if state.status is None:
            raise RuntimeError(
                QT_TRANSLATE_NOOP(
                    "Runner",
                    "env.py never called context.run_migrations() in online mode, so the "
                    "version table could not be read.",
                )
            )
        return protocol.Result(steps=0, **state.status)

    # -- the SQL of one revision ----------------------------------------------------------------

    def _revision_sql(self, config: Any) -> Any:
        """The upgrade and the downgrade SQL of the one revision ``request.target``, offline.

        Upgrade runs from the revision's parents (its down revisions and the dependencies not
        already implied by them; none for a base revision) to it; downgrade from it to its first
        parent ("base" for a base revision). Downgrading to one parent undoes only that parent's
        descendants, i.e. this revision alone, so a merge goes back to all its parents. alembic
        takes several starting revisions (``starting_rev``) as a list, but one downgrade target
        only: both directions therefore run ``EnvironmentContext`` directly, as ``alembic
        upgrade --sql from:to`` does. Each direction checks that alembic's plan is exactly this
        revision's step; when it is not, nothing is rendered for that direction and the message
        says why. One ``RevisionSql`` per direction, even when one of them fails.
        """
        from alembic.runtime.environment import EnvironmentContext
        from alembic.script import ScriptDirectory
        from alembic.util import CommandError

        script = ScriptDirectory.from_config(config)
        target = self.request.target.strip()
        if target in ("", "base", "heads", "head") or ":" in target or "," in target:
            raise CommandError(f"revision_sql needs one revision id, not {target!r}")
        revision = script.get_revision(target)
        if revision is None:
            raise CommandError(f"revision_sql needs one revision id, not {target!r}")
        rev_id = revision.revision
        parents = _revision_parents(revision)
        down_target = parents[0] if parents else "base"
        runs = (
            ("upgrade", list(parents), [rev_id], parents or None, rev_id),
            ("downgrade", [rev_id], list(parents), (rev_id,), down_target),
        )
        rendered = 0
        for direction, source, destination, start, dest in runs:
            event = self._render_direction(
                EnvironmentContext,
                script,
                config,
                direction,
                rev_id,
                source,
                destination,
                start,
                dest,
            )
            if not event.error:
                rendered += 1
            self.emitter.emit(event)
        context = self.state.migration_context
        return protocol.Result(
            heads=sorted(parents),
            version_table=getattr(context, "version_table", "alembic_version"),
            version_table_schema=getattr(context, "version_table_schema", None),
            table_exists=False,
            steps=rendered,
            offline=True,
        )

    def _render_direction(
        self,
        environment: Any,
        script: Any,
        config: Any,
        direction: str,
        rev_id: str,
        source: list[str],
        destination: list[str],
        start: Any,
        dest: str,
    ) -> Any:
        previous = self.state
        state = _RunState()
        state.foreign = previous.foreign
        state.redirect_warned = previous.redirect_warned
        state.guard_warned = previous.guard_warned
        self.state = state
        buffer = _CapturedSql()
        self.sql_buffer = buffer
        config.output_buffer = buffer
        upgrade = direction == "upgrade"

        planned: list[bool] = []

        def plan(rev: Any, context: Any) -> Any:
            planned.append(True)
            if upgrade:
                steps = script._upgrade_revs(dest, rev)
            else:
                steps = script._downgrade_revs(dest, rev)
            ids = [getattr(getattr(s, "revision", None), "revision", None) for s in steps]
            if ids != [rev_id]:
                others = ", ".join(str(i) for i in ids if i != rev_id)
                if rev_id in ids:
                    would = QT_TRANSLATE_NOOP("Runner", "{others} besides {revision}").format(
                        others=others, revision=rev_id
                    )
                elif ids:
                    would = QT_TRANSLATE_NOOP("Runner", "{others} instead of {revision}").format(
                        others=others, revision=rev_id
                    )
                else:
                    would = QT_TRANSLATE_NOOP("Runner", "nothing")
                if upgrade:
                    message = QT_TRANSLATE_NOOP(
                        "Runner",
                        "The upgrade SQL of {revision} alone cannot be expressed as an alembic "
                        "range: from {source} alembic would run {would}. Nothing is shown "
                        "rather than the SQL of other revisions.",
                    )
                else:
                    message = QT_TRANSLATE_NOOP(
                        "Runner",
                        "The downgrade SQL of {revision} alone cannot be expressed as an "
                        "alembic range: from {source} alembic would run {would}. Nothing is "
                        "shown rather than the SQL of other revisions.",
                    )
                raise _InexactRangeError(
                    message.format(
                        revision=rev_id, source=", ".join(source) or "base", would=would
                    )
                )
            return steps

        error_type = tb = ""
        error: Any = ""
        try:
            with environment(
                config, script, fn=plan, as_sql=True, starting_rev=start, destination_rev=dest
            ):
                script.run_env()
        except (ForeignDatabaseError, MultipleDatabasesError):
            raise
        except Exception as exc:
            tb = traceback.format_exc()
            error_type, error = self._revision_sql_error(exc, direction)
        else:
            if not planned:
                error_type = "NoOfflineMode"
                error = QT_TRANSLATE_NOOP(
                    "Runner",
                    "env.py never ran the migrations in offline mode (it does not call "
                    "context.run_migrations() when context.is_offline_mode() is true), so "
                    "alembic rendered no SQL.",
                )
        context = state.migration_context
        dialect = getattr(getattr(context, "dialect", None), "name", None)
        return protocol.RevisionSql(
            direction=direction,
            revision=rev_id,
            dialect=str(dialect or self.selected.get_backend_name()),
            source=source,
            destination=destination,
            sql=buffer.getvalue(),
            error_type=error_type,
            error=str(error),
            traceback=tb,
            error_text=_text_data(error),
        )

    # -- autogenerate -------------------------------------------------------------------------

    def _autogenerate(self, config: Any) -> Any:
        """Compare env.py's ``target_metadata`` with the database as ``alembic check`` does
        (alembic's own RevisionContext, so env.py's include_object, compare_type, renderers and
        process_revision_directives apply), and send what it found; nothing is written. Every
        session is read-only."""
        revision_context, seen = self._compare(config, {"message": None})
        scripts = revision_context.generated_revisions
        if scripts:
            event = self._describe_script(scripts[-1], seen["context"], seen.get("rows", {}))
        else:  # env.py's process_revision_directives dropped it (as it does when empty)
            event = protocol.Autogenerate(
                ops=[], upgrade_python="", downgrade_python="", upgrade_sql="",
                dialect=seen["context"].dialect.name,
            )
        self.emitter.emit(event)
        return self._compare_result(seen)

    def _write_revision(self, config: Any) -> Any:
        """Compare as :meth:`_autogenerate` does, keep only the ``selected`` operations (and
        turn the ``renames`` drop + add pairs into ``alter_column(new_column_name=...)``), and
        write the revision file with alembic's own templates and hooks."""
        request = self.request
        outcome: dict[str, Any] = {}

        def keep_selected(context: Any, rev: Any, directives: list[Any]) -> None:
            for script in directives:
                outcome.update(_filter_script(script, request.selected, request.renames))

        revision_context, seen = self._compare(
            config,
            {"message": request.message, "head": request.head or "head",
             "branch_label": request.branch_label or None},
            keep_selected,
        )
        if not revision_context.generated_revisions:
            raise NothingToWriteError(
                QT_TRANSLATE_NOOP(
                    "Runner",
                    "env.py's process_revision_directives dropped the revision: nothing was "
                    "written.",
                )
            )
        if not outcome.get("kept"):
            raise NothingToWriteError(
                QT_TRANSLATE_NOOP(
                    "Runner",
                    "None of the chosen operations is in the comparison any more (the models "
                    "or the database changed since): compare again. Nothing was written.",
                )
            )
        scripts = list(revision_context.generate_scripts())
        script = scripts[-1]
        self.emitter.emit(
            protocol.RevisionWritten(
                revision=script.revision,
                path=str(script.path),
                operations=int(outcome["kept"]),
                missing=sorted(outcome.get("missing", ())),
            )
        )
        return self._compare_result(seen)

    def _merge(self, config: Any) -> Any:
        """``alembic merge`` of the revisions in ``target`` (e.g. every head): a revision with
        those parents and no operations, written with alembic's templates and hooks."""
        from alembic import command

        request = self.request
        revisions = [r for r in re.split(r"[\s,]+", request.target) if r]
        script = command.merge(
            config,
            revisions,
            message=request.message or None,
            branch_label=request.branch_label or None,
        )
        self.emitter.emit(
            protocol.RevisionWritten(revision=script.revision, path=str(script.path), operations=0)
        )
        return protocol.Result(heads=[script.revision], table_exists=False, offline=True)

    def _compare(
        self, config: Any, args: dict[str, Any], hook: Callable[..., None] | None = None
    ) -> tuple[Any, dict[str, Any]]:
        from alembic.autogenerate import RevisionContext
        from alembic.runtime.environment import EnvironmentContext
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(config)
        command_args = {
            "message": None,
            "autogenerate": True,
            "sql": False,
            "head": "head",
            "splice": False,
            "branch_label": None,
            "version_path": None,
            "rev_id": None,
            "depends_on": None,
            **args,
        }
        revision_context = RevisionContext(
            config, script, command_args, process_revision_directives=hook
        )
        seen: dict[str, Any] = {}

        def retrieve(rev: Any, context: Any) -> Any:
            seen["context"] = context
            seen["heads"] = tuple(rev or ())
            if context.opts.get("target_metadata") is None:
                raise NoTargetMetadataError(
                    QT_TRANSLATE_NOOP(
                        "Runner",
                        "env.py sets no target_metadata, so there is nothing to compare the "
                        "database with. In env.py, set target_metadata to your models' "
                        "MetaData, e.g. 'from app.models import Base' and 'target_metadata = "
                        "Base.metadata' (Flask-SQLAlchemy: 'target_metadata = "
                        "db.Model.metadata').",
                    )
                )
            revision_context.run_autogenerate(rev, context)
            # while the connection is open: the sizes of the tables the operations touch
            if revision_context.generated_revisions:
                seen["rows"] = _table_rows(
                    context.connection,
                    _touched_tables(revision_context.generated_revisions[-1]),
                )
            return []

        with EnvironmentContext(
            config,
            script,
            fn=retrieve,
            as_sql=False,
            template_args=revision_context.template_args,
            revision_context=revision_context,
            dont_mutate=True,  # alembic check would create the version table; a look must not
        ):
            script.run_env()
        if "context" not in seen:
            raise NoTargetMetadataError(
                QT_TRANSLATE_NOOP(
                    "Runner",
                    "env.py never ran the migrations online (it does not call "
                    "context.run_migrations()), so alembic compared nothing.",
                )
            )
        return revision_context, seen

    @staticmethod
    def _compare_result(seen: dict[str, Any]) -> Any:
        context = seen["context"]
        return protocol.Result(
            heads=sorted(seen["heads"]),
            version_table=context.version_table,
            version_table_schema=context.version_table_schema,
            table_exists=True,
        )

    def _describe_script(
        self, migration_script: Any, context: Any, table_rows: dict[str, int]
    ) -> Any:
        from alembic.autogenerate import render_python_code
        from alembic.operations import ops as alembic_ops

        render_as_batch = bool(context.opts.get("render_as_batch", False))
        options = {
            "render_as_batch": render_as_batch,
            "user_module_prefix": context.opts.get("user_module_prefix"),
            "sqlalchemy_module_prefix": context.opts.get("sqlalchemy_module_prefix", "sa."),
            "alembic_module_prefix": context.opts.get("alembic_module_prefix", "op."),
        }
        if context.opts.get("render_item") is not None:
            options["render_item"] = context.opts["render_item"]
        upgrade_ops = alembic_ops.UpgradeOps(ops=[])
        downgrade_ops = alembic_ops.DowngradeOps(ops=[])
        for ops in migration_script.upgrade_ops_list:
            upgrade_ops.ops.extend(ops.ops)
        for ops in migration_script.downgrade_ops_list:
            downgrade_ops.ops.extend(ops.ops)
        flat = []
        for op in upgrade_ops.ops:
            if isinstance(op, alembic_ops.ModifyTableOps):
                for sub in op.ops:
                    wrapper = alembic_ops.ModifyTableOps(op.table_name, [sub], schema=op.schema)
                    flat.append(_diff_op(sub, op.table_name, op.schema, wrapper, options))
            else:
                flat.append(_diff_op(op, None, None, op, options))
        upgrade_python = render_python_code(upgrade_ops, **options) if upgrade_ops.ops else ""
        downgrade_python = (
            render_python_code(downgrade_ops, **options) if downgrade_ops.ops else ""
        )
        sql, sql_error = _render_sql(upgrade_ops, context)
        return protocol.Autogenerate(
            table_rows=table_rows,
            ops=flat,
            upgrade_python=upgrade_python,
            downgrade_python=downgrade_python,
            upgrade_sql=sql,
            dialect=context.dialect.name,
            render_as_batch=render_as_batch,
            sql_error=sql_error,
        )

    def _revision_sql_error(self, exc: BaseException, direction: str) -> tuple[str, Any]:
        """The message for a direction alembic could not render (a Text)."""
        error_type = type(exc).__name__
        if isinstance(exc, _InexactRangeError):
            return error_type, _message_of(exc)
        if self.state.current_step is None:
            return _describe(exc, self)
        name = _dialect_label(self.selected.get_backend_name())
        text = str(exc).strip() or error_type
        try:
            from alembic.util import CommandError
        except Exception:  # pragma: no cover
            CommandError = ()  # type: ignore[assignment,misc]
        orig = getattr(exc, "orig", None)
        if orig is not None:
            reason = _first_line(str(orig))
        elif CommandError and isinstance(exc, CommandError):
            reason = text
        else:
            reason = f"{error_type}: {_first_line(text)}"
        if direction == "upgrade":
            message = QT_TRANSLATE_NOOP(
                "Runner",
                "alembic cannot render this revision's upgrade offline on {database}: "
                "{reason}{where}",
            )
        else:
            message = QT_TRANSLATE_NOOP(
                "Runner",
                "alembic cannot render this revision's downgrade offline on {database}: "
                "{reason}{where}",
            )
        return error_type, message.format(
            database=name, reason=reason.rstrip(), where=_where(exc, self)
        )


def _read_async(url: Any, read: Callable[[Any], Any]) -> Any:
    """Run ``read(sync_connection)`` on a fresh connection of an asyncio driver."""
    import asyncio

    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import NullPool

    async def go() -> Any:
        engine = create_async_engine(url, poolclass=NullPool)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(read)
        finally:
            await engine.dispose()

    return asyncio.run(go())


def _driver_target(dbapi_connection: Any) -> tuple[str | None, int | None, str | None]:
    """(host, port, database) a DBAPI connection says it is connected to, as far as the driver
    tells (psycopg2, psycopg 3, PyMySQL, and asyncio adapters of those); Nones when unknown."""
    conn = dbapi_connection
    inner = getattr(conn, "_connection", None)  # SQLAlchemy's asyncio adapters
    if inner is not None and not hasattr(conn, "info") and not hasattr(conn, "host"):
        conn = inner
    info = getattr(conn, "info", None)
    if info is not None and hasattr(info, "dbname") and hasattr(info, "port"):  # psycopg 2/3
        try:
            port = int(info.port) if info.port else None
        except (TypeError, ValueError):
            port = None
        host = info.host or None
        if host and host.startswith("/"):
            host = None  # a Unix socket directory
        return host, port, info.dbname or None
    if hasattr(conn, "host") and hasattr(conn, "port") and hasattr(conn, "db"):  # PyMySQL
        database = conn.db
        if isinstance(database, bytes):
            database = database.decode("utf-8", "replace")
        host = conn.host if not getattr(conn, "unix_socket", None) else None
        return host or None, int(conn.port) if conn.port else None, database or None
    return None, None, None


class _InexactRangeError(Exception):
    """alembic's plan for one revision's range holds other revisions too (or none)."""


def _revision_parents(revision: Any) -> tuple[str, ...]:
    """The version rows a database holds right before ``revision`` is applied: its down
    revisions plus the dependencies its ancestors do not already bring (alembic's
    ``_normalized_down_revisions``, older alembic: all of them)."""
    for name in ("_normalized_down_revisions", "_all_down_revisions"):
        value = getattr(revision, name, None)
        if value is not None:
            return tuple(value)
    down = revision.down_revision
    if down is None:
        return ()
    return (down,) if isinstance(down, str) else tuple(down)


_KIND_NAMES = {
    "CreateTableOp": "add_table",
    "DropTableOp": "drop_table",
    "AddColumnOp": "add_column",
    "DropColumnOp": "drop_column",
    "AlterColumnOp": "alter_column",
    "CreateIndexOp": "add_index",
    "DropIndexOp": "drop_index",
    "CreateUniqueConstraintOp": "add_unique",
    "CreateForeignKeyOp": "add_fk",
    "CreateCheckConstraintOp": "add_check",
    "CreatePrimaryKeyOp": "add_primary_key",
    "DropConstraintOp": "drop_constraint",
    "CreateTableCommentOp": "add_table_comment",
    "DropTableCommentOp": "drop_table_comment",
}


def _type_text(type_: Any) -> str | None:
    return None if type_ is None else repr(type_)


def _type_length(type_: Any) -> int | None:
    length = getattr(type_, "length", None)
    return int(length) if isinstance(length, int) else None


def _default_text(default: Any) -> str | None:
    if default is None or default is False:
        return None
    arg = getattr(default, "arg", default)
    text = getattr(arg, "text", None)
    return str(text if text is not None else arg)


def _op_key(kind: str, table: str, schema: str | None, name: str) -> str:
    """A ``DiffOp`` key: ``add_column:public.user.age``."""
    qualified = f"{schema}.{table}" if schema else table
    return f"{kind}:{qualified}" + (f".{name}" if name else "")


def _op_name(op: Any) -> str:
    for attribute in ("column_name", "index_name", "constraint_name"):
        value = getattr(op, attribute, None)
        if value:
            return str(value)
    column = getattr(op, "column", None)
    return str(getattr(column, "name", "") or "")


def _filter_script(
    script: Any, selected: list[str] | None, renames: list[list[str]]
) -> dict[str, Any]:
    """Keep the ``selected`` operations of an autogenerated MigrationScript (None: all), with
    each ``[table, old, new]`` rename's drop + add replaced by one ``alter_column``; the
    downgrade is regenerated from what is kept. Returns how many were kept and the selected
    keys not found."""
    from alembic.operations import ops as alembic_ops

    wanted = None if selected is None else set(selected)
    found: set[str] = set()
    kept = 0
    rename_map = {(t, old): new for t, old, new in renames}
    rename_targets = {(t, new) for t, _, new in renames}
    for upgrade_ops in script.upgrade_ops_list:
        new_ops = []
        for op in upgrade_ops.ops:
            if isinstance(op, alembic_ops.ModifyTableOps):
                subs = []
                added = {
                    sub.column.name: sub for sub in op.ops
                    if isinstance(sub, alembic_ops.AddColumnOp)
                }
                for sub in op.ops:
                    kind = _KIND_NAMES.get(type(sub).__name__, type(sub).__name__)
                    key = _op_key(kind, op.table_name, op.schema, _op_name(sub))
                    found.add(key)
                    if isinstance(sub, alembic_ops.DropColumnOp) and (
                        (op.table_name, sub.column_name) in rename_map
                    ):
                        new_name = rename_map[(op.table_name, sub.column_name)]
                        source = added.get(new_name)
                        column = getattr(getattr(sub, "_reverse", None), "column", None)
                        subs.append(
                            alembic_ops.AlterColumnOp(
                                op.table_name,
                                sub.column_name,
                                schema=op.schema,
                                modify_name=new_name,
                                existing_type=(source.column.type if source is not None
                                               else getattr(column, "type", None)),
                                existing_nullable=(source.column.nullable if source is not None
                                                   else getattr(column, "nullable", None)),
                            )
                        )
                        kept += 1
                        continue
                    if isinstance(sub, alembic_ops.AddColumnOp) and (
                        (op.table_name, sub.column.name) in rename_targets
                    ):
                        continue  # written as the rename
                    if wanted is None or key in wanted:
                        subs.append(sub)
                        kept += 1
                if subs:
                    op.ops = subs
                    new_ops.append(op)
            else:
                kind = _KIND_NAMES.get(type(op).__name__, type(op).__name__)
                key = _op_key(kind, getattr(op, "table_name", "") or "",
                              getattr(op, "schema", None), _op_name(op))
                found.add(key)
                if wanted is None or key in wanted:
                    new_ops.append(op)
                    kept += 1
        upgrade_ops.ops = new_ops
    # (no strict=: the runner keeps to Python 3.8)
    for upgrade_ops, downgrade_ops in zip(script.upgrade_ops_list, script.downgrade_ops_list):  # noqa: B905
        downgrade_ops.ops = upgrade_ops.reverse().ops
    missing = (wanted or set()) - found
    return {"kept": kept, "missing": missing}


def _diff_op(op: Any, table: str | None, schema: str | None, render: Any, options: Any) -> Any:
    """A ``DiffOp`` for one alembic operation (``render``: what to render for its code)."""
    from alembic.autogenerate import render_python_code
    from alembic.operations import ops as alembic_ops

    kind = _KIND_NAMES.get(type(op).__name__, type(op).__name__)
    table = table or getattr(op, "table_name", None) or ""
    schema = schema if schema is not None else getattr(op, "schema", None)
    name = ""
    details: dict[str, Any] = {}
    if isinstance(op, alembic_ops.CreateTableOp):
        details["columns"] = [c.name for c in op.columns if getattr(c, "name", None)]
    elif isinstance(op, alembic_ops.AddColumnOp):
        column = op.column
        name = column.name
        details.update(
            type=_type_text(column.type),
            nullable=bool(column.nullable),
            server_default=_default_text(column.server_default),
        )
    elif isinstance(op, alembic_ops.DropColumnOp):
        name = op.column_name
        reverse = getattr(op, "_reverse", None)
        column = getattr(reverse, "column", None)
        if column is not None:
            details.update(type=_type_text(column.type), nullable=bool(column.nullable))
    elif isinstance(op, alembic_ops.AlterColumnOp):
        name = op.column_name
        if op.modify_type is not None:
            details.update(
                old_type=_type_text(op.existing_type), new_type=_type_text(op.modify_type)
            )
            old_length = _type_length(op.existing_type)
            new_length = _type_length(op.modify_type)
            if old_length is not None and new_length is not None:
                details.update(type_length_old=old_length, type_length_new=new_length)
        if op.modify_nullable is not None:
            details.update(old_nullable=op.existing_nullable, new_nullable=op.modify_nullable)
        if op.modify_server_default is not False:
            details.update(
                old_default=_default_text(op.existing_server_default),
                new_default=_default_text(op.modify_server_default),
            )
        if op.modify_name is not None:
            details["new_name"] = op.modify_name
    elif isinstance(op, (alembic_ops.CreateIndexOp, alembic_ops.DropIndexOp)):
        name = op.index_name or ""
        columns = [getattr(c, "name", str(c)) for c in getattr(op, "columns", None) or []]
        details.update(columns=columns, unique=bool(getattr(op, "unique", False)))
    elif isinstance(op, alembic_ops.CreateForeignKeyOp):
        name = op.constraint_name or ""
        details.update(
            columns=list(op.local_cols),
            referred_table=op.referent_table,
            referred_columns=list(op.remote_cols),
        )
    elif isinstance(op, alembic_ops.CreateUniqueConstraintOp):
        name = op.constraint_name or ""
        details["columns"] = list(op.columns)
    elif isinstance(op, alembic_ops.DropConstraintOp):
        name = op.constraint_name or ""
        details["type"] = op.constraint_type
    key = _op_key(kind, table, schema, name)
    try:
        python = render_python_code(alembic_ops.UpgradeOps(ops=[render]), **options)
    except Exception as exc:  # a custom renderer may not cope with one op alone
        python = f"# could not render: {exc}"
    return protocol.DiffOp(
        key=key, kind=kind, table=table, schema=schema, name=name, details=details, python=python
    )


def _touched_tables(migration_script: Any) -> list[tuple[str, str | None]]:
    """(table, schema) of the existing tables an autogenerate's operations change."""
    from alembic.operations import ops as alembic_ops

    found: dict[tuple[str, str | None], None] = {}
    for upgrade_ops in migration_script.upgrade_ops_list:
        for op in upgrade_ops.ops:
            if isinstance(op, alembic_ops.CreateTableOp):
                continue
            table = getattr(op, "table_name", None)
            if table:
                found[(table, getattr(op, "schema", None))] = None
    return list(found)


def _table_rows(connection: Any, tables: list[tuple[str, str | None]]) -> dict[str, int]:
    """Row counts of ``tables`` (cheap: the server's estimate on PostgreSQL and MariaDB, an
    exact count on SQLite). Best effort: a failed query (on PostgreSQL it aborts the
    transaction) stops the counting, and the tables not counted are left out."""
    import sqlalchemy

    dialect = connection.dialect.name
    preparer = connection.dialect.identifier_preparer
    found: dict[str, int] = {}
    for table, schema in tables:
        try:
            if dialect == "postgresql":
                name = preparer.quote(table) if schema is None else (
                    f"{preparer.quote_schema(schema)}.{preparer.quote(table)}")
                value = connection.execute(
                    sqlalchemy.text("SELECT reltuples::bigint FROM pg_class WHERE oid = "
                                    "to_regclass(:name)"), {"name": name}
                ).scalar()
                if value is not None and value < 0:  # never analysed: count it
                    value = connection.execute(
                        sqlalchemy.text(f"SELECT count(*) FROM {name}")).scalar()
            elif dialect in ("mysql", "mariadb"):
                value = connection.execute(
                    sqlalchemy.text("SELECT TABLE_ROWS FROM information_schema.TABLES WHERE "
                                    "TABLE_SCHEMA = COALESCE(:schema, DATABASE()) AND "
                                    "TABLE_NAME = :table"), {"schema": schema, "table": table}
                ).scalar()
            else:
                name = preparer.quote(table)
                value = connection.execute(sqlalchemy.text(f"SELECT count(*) FROM {name}")).scalar()
            if value == 0 and dialect != "sqlite":
                # An estimate of 0 (InnoDB before its statistics, a stale ANALYZE) must not
                # hide rows: one cheap look says whether the table is really empty.
                qualified = preparer.quote(table) if schema is None else (
                    f"{preparer.quote_schema(schema)}.{preparer.quote(table)}")
                if connection.execute(
                    sqlalchemy.text(f"SELECT 1 FROM {qualified} LIMIT 1")
                ).first() is not None:
                    value = 1
        except Exception:
            break  # PostgreSQL: the transaction is aborted now; the others would fail too
        if value is not None:
            found[table] = int(value)
    return found


def _render_sql(upgrade_ops: Any, context: Any) -> tuple[str, str]:
    """The SQL of ``upgrade_ops`` on the database's dialect, rendered offline (literal values;
    batch mode is not applied: SQLite rebuilds need the live table)."""
    from alembic.operations import Operations
    from alembic.operations import ops as alembic_ops
    from alembic.runtime.migration import MigrationContext

    buffer = io.StringIO()
    offline = MigrationContext.configure(
        dialect_name=context.dialect.name,
        opts={"as_sql": True, "output_buffer": buffer, "literal_binds": True},
    )
    operations = Operations(offline)
    errors: list[str] = []

    def invoke(op: Any) -> None:
        if isinstance(op, alembic_ops.ModifyTableOps):
            for sub in op.ops:
                invoke(sub)
            return
        try:
            operations.invoke(op)
        except Exception as exc:
            errors.append(f"{type(op).__name__}: {_first_line(str(exc)) or type(exc).__name__}")

    for op in upgrade_ops.ops:
        invoke(op)
    return buffer.getvalue(), "; ".join(errors)


def _try_lock_file(fd: int) -> bool:
    """An exclusive, non-blocking OS lock on byte 0 of ``fd`` (released when the process ends,
    whatever way it ends)."""
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 0)
    except OSError:
        return False
    return True


def _connected_elsewhere(elsewhere: Any, selected: str) -> Any:
    """The message of a :class:`ForeignDatabaseError` (``elsewhere``: a URL, or a Text)."""
    return QT_TRANSLATE_NOOP(
        "Runner", "env.py connected to {elsewhere} instead of the selected database {selected}; "
        "nothing was run."
    ).format(elsewhere=elsewhere, selected=selected)


def _database_named(name: Any) -> Any:
    """``database 'name'``."""
    return QT_TRANSLATE_NOOP("Runner", "database {name}").format(name=repr(name))


def _server_at(address: str) -> Any:
    """``the server host:port``."""
    return QT_TRANSLATE_NOOP("Runner", "the server {address}").format(address=address)


def _migration_running(database: str, holder: Any) -> Any:
    """The message of a :class:`MigrationLockedError` (``holder``: a Text from
    :func:`_lock_holder`, or "")."""
    return QT_TRANSLATE_NOOP(
        "Runner", "Another migration is running on {database}{holder}. Nothing was run; wait "
        "for it to finish, or cancel it."
    ).format(database=database, holder=holder)


def _lock_holder(cursor: Any, dialect: str, holder: Any) -> Any:
    """`` since 14:03:05 (session 1234, postgres@10.0.0.5, Migrator upgrade)`` for the session
    holding Migrator's migration lock, as far as the server tells (a Text)."""
    try:
        if dialect == "postgresql":
            cursor.execute(
                "SELECT to_char(backend_start, 'YYYY-MM-DD HH24:MI:SS'), usename, "
                "coalesce(host(client_addr), 'local'), application_name "
                f"FROM pg_stat_activity WHERE pid = {int(holder):d}"
            )
            row = cursor.fetchone()
            if row:
                since, user, client, application = row
                if application:
                    return QT_TRANSLATE_NOOP(
                        "Runner",
                        " since {since} (session {session}, {user}@{client}, {application})",
                    ).format(
                        since=since, session=holder, user=user, client=client,
                        application=application,
                    )
                return QT_TRANSLATE_NOOP(
                    "Runner", " since {since} (session {session}, {user}@{client})"
                ).format(since=since, session=holder, user=user, client=client)
        else:
            cursor.execute(
                "SELECT DATE_FORMAT(NOW() - INTERVAL TIME SECOND, '%Y-%m-%d %H:%i:%s'), USER, "
                f"HOST, COMMAND FROM information_schema.PROCESSLIST WHERE ID = {int(holder):d}"
            )
            row = cursor.fetchone()
            if row:
                since, user, host, command = row
                return QT_TRANSLATE_NOOP(
                    "Runner", " (session {session}, {user}@{host}, {command} since {since})"
                ).format(session=holder, user=user, host=host, command=command, since=since)
    except Exception:
        pass
    return QT_TRANSLATE_NOOP("Runner", " (session {session})").format(session=holder)


def _operation_name(operation: Any) -> Any:
    """The operation another run holds the lock for, as a sentence names it."""
    names = {
        "upgrade": QT_TRANSLATE_NOOP("Runner", "upgrade"),
        "downgrade": QT_TRANSLATE_NOOP("Runner", "downgrade"),
        "stamp": QT_TRANSLATE_NOOP("Runner", "stamp"),
        "merge": QT_TRANSLATE_NOOP("Runner", "merge"),
        "revision": QT_TRANSLATE_NOOP("Runner", "revision"),
    }
    if not operation:
        return QT_TRANSLATE_NOOP("Runner", "a migration")
    return names.get(str(operation), str(operation))


def _is_pysqlite(dbapi_connection: Any) -> bool:
    import sqlite3

    return isinstance(dbapi_connection, sqlite3.Connection)


def _dialect_label(backend: str) -> str:
    return {
        "sqlite": "SQLite",
        "postgresql": "PostgreSQL",
        "mysql": "MySQL/MariaDB",
        "mariadb": "MariaDB",
        "mssql": "SQL Server",
        "oracle": "Oracle",
    }.get(backend, backend)


def mysql_lock_name(database: str) -> str:
    """Migrator's MariaDB/MySQL lock name for ``database`` (see ``protocol.mysql_lock_name``)."""
    return str(protocol.mysql_lock_name(database))


def _step_revision(step: Any) -> str:
    """The revision a step runs: the one an upgrade applies or a downgrade undoes (a stamp:
    its destination)."""
    revision = getattr(step, "revision", None)
    rev_id = getattr(revision, "revision", None)
    if rev_id:
        return str(rev_id)
    for name in ("up_revision_id", "down_revision_ids"):
        value = getattr(step, name, None)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, (tuple, list)) and value:
            return ", ".join(str(v) for v in value)
    return ""


def _step_message(step: Any) -> str:
    """The first line of the step's revision message ("" for a stamp)."""
    doc = getattr(getattr(step, "revision", None), "doc", None) or getattr(step, "doc", "") or ""
    lines = str(doc).strip().splitlines()
    return lines[0].strip() if lines else ""


def _short_log(step: Any) -> str:
    try:
        return str(step.short_log)
    except Exception:
        return str(step)


# --------------------------------------------------------------------------------------------
# Errors


_CANT_LOCATE = re.compile(r"Can't locate revision identified by '([^']*)'")


def _error_event(exc: BaseException, runner: Runner | None, tb: str) -> Any:
    error_type, message = _describe(exc, runner)
    return _error(error_type, message, tb, **_failure_fields(exc, runner))


def _error(error_type: str, message: Any, tb: str = "", **fields: Any) -> Any:
    """An ``Error`` event: ``message`` in English, and as translatable data when a Text."""
    return protocol.Error(
        type=error_type, message=str(message), traceback=tb, text=_text_data(message), **fields
    )


def _failure_fields(exc: BaseException, runner: Runner | None) -> dict[str, Any]:
    """Where the run stood when ``exc`` stopped it (the step, what it touched)."""
    fields: dict[str, Any] = {}
    if runner is not None:
        state = runner.state
        fields["steps_done"] = state.steps
        step = state.current_step
        if step is not None and not runner.request.sql:
            fields["failed_step"] = _step_revision(step)
            fields["touched"] = _touched_objects(state.step_statements)
            fields["partial"] = not _transactional(runner) and bool(fields["touched"])
        fields["lock_timeout"] = _is_lock_timeout(exc)
    return fields


_TOUCHED = re.compile(
    r"^\s*(?:"
    r"(?P<create>CREATE)\s+(?:UNIQUE\s+)?(?P<ckind>TABLE|INDEX|VIEW|SEQUENCE|TYPE)"
    r"(?:\s+IF\s+NOT\s+EXISTS)?\s+(?P<cname>[^\s(]+)(?:\s+ON\s+(?P<on>[^\s(]+))?"
    r"|(?P<alter>ALTER)\s+(?P<akind>TABLE|INDEX|SEQUENCE|TYPE)\s+(?:IF\s+EXISTS\s+)?"
    r"(?:ONLY\s+)?(?P<aname>[^\s(]+)"
    r"|(?P<drop>DROP)\s+(?P<dkind>TABLE|INDEX|VIEW|SEQUENCE|TYPE)\s+(?:IF\s+EXISTS\s+)?"
    r"(?P<dname>[^\s(;]+)"
    r"|(?P<rename>RENAME)\s+TABLE\s+(?P<rname>[^\s(]+)"
    r"|(?P<insert>INSERT)\s+INTO\s+(?P<iname>[^\s(]+)"
    r"|(?P<update>UPDATE)\s+(?P<uname>[^\s(]+)"
    r"|(?P<delete>DELETE)\s+FROM\s+(?P<xname>[^\s(]+)"
    r")",
    re.IGNORECASE,
)


def _cancelled_message(state: _RunState) -> Any:
    step = state.current_step
    if step is None:
        return QT_TRANSLATE_NOOP("Runner", "Cancelled by the user after {count} step(s).").format(
            count=state.steps
        )
    return QT_TRANSLATE_NOOP("Runner", "Cancelled by the user during step {step}.").format(
        step=_short_log(step)
    )


def _touched_objects(statements: list[str]) -> list[str]:
    """``table book``, ``index ix_book_title`` ... for the DDL/DML statements of a step (the
    version table's own bookkeeping left out), in order, each once."""
    found: list[str] = []
    for statement in statements:
        match = _TOUCHED.match(statement)
        if match is None:
            continue
        groups = match.groupdict()
        if groups["create"]:
            kind, name = groups["ckind"], groups["cname"]
        elif groups["alter"]:
            kind, name = groups["akind"], groups["aname"]
        elif groups["drop"]:
            kind, name = groups["dkind"], groups["dname"]
        elif groups["rename"]:
            kind, name = "TABLE", groups["rname"]
        else:
            kind = "TABLE"
            name = groups["iname"] or groups["uname"] or groups["xname"]
        name = name.strip('`"[];')
        if name.split(".")[-1].strip('`"') == "alembic_version":
            continue
        entry = f"{kind.lower()} {name}"
        if groups["create"] and groups["on"]:
            entry += " on " + groups["on"].strip('`"[]')
        if entry not in found:
            found.append(entry)
    return found


def _transactional(runner: Runner) -> bool:
    """Whether the run's DDL was inside a transaction that rolls back on failure."""
    context = runner.state.migration_context
    return bool(getattr(getattr(context, "impl", None), "transactional_ddl", False))


def _is_lock_timeout(exc: BaseException) -> bool:
    """PostgreSQL 55P03 (lock_timeout), MariaDB 1205 (innodb) / 1205-like metadata timeouts,
    SQLite "database is locked"."""
    orig = getattr(exc, "orig", None)
    if orig is None:
        return False
    code = getattr(orig, "pgcode", None)
    if code == "55P03":
        return True
    args = getattr(orig, "args", ())
    if args and args[0] in (1205,):
        return True
    return "database is locked" in str(orig)


def _describe(exc: BaseException, runner: Runner | None) -> tuple[str, Any]:
    """The error's type and the message for users (a Text, but for alembic's own messages
    passed through as they are)."""
    error_type = type(exc).__name__
    text = str(exc).strip() or error_type
    state = runner.state if runner is not None else None
    shown = runner.shown if runner is not None else QT_TRANSLATE_NOOP("Runner", "the database")
    where = _where(exc, runner)

    if isinstance(
        exc,
        (
            ForeignDatabaseError,
            MigrationLockedError,
            MultipleDatabasesError,
            NoTargetMetadataError,
            NothingToWriteError,
        ),
    ):
        return error_type, _message_of(exc)
    if isinstance(exc, RunCancelled) or (
        _CANCEL_REQUESTED.is_set() and state is not None and state.current_step is not None
    ):
        return "RunCancelled", _message_of(exc) if isinstance(exc, RunCancelled) else (
            _cancelled_message(state)  # type: ignore[arg-type]
        )
    if isinstance(exc, SystemExit):
        return error_type, QT_TRANSLATE_NOOP(
            "Runner", "env.py or a migration called sys.exit({code}){where}; nothing more ran."
        ).format(code=repr(exc.code), where=where)
    if isinstance(exc, KeyboardInterrupt):
        return error_type, QT_TRANSLATE_NOOP("Runner", "Interrupted.")

    try:
        from alembic.util import CommandError
    except Exception:  # pragma: no cover - alembic missing is reported before
        CommandError = ()  # type: ignore[assignment,misc]

    if state is not None and state.current_step is not None:
        return error_type, _step_failure(exc, runner)  # type: ignore[arg-type]

    if CommandError and isinstance(exc, CommandError):
        cause = exc.__cause__
        if cause is not None and type(cause).__module__.startswith("alembic"):
            error_type = type(cause).__name__
        match = _CANT_LOCATE.search(text)
        if match:
            missing = match.group(1)
            db_heads = state.db_heads if state is not None else None
            if db_heads and any(h == missing or h.startswith(missing) for h in db_heads):
                return error_type, QT_TRANSLATE_NOOP(
                    "Runner",
                    "The database is at {revision}, which is not in versions/ — open the Doctor "
                    "to see what the version table holds and how to repair it.",
                ).format(revision=missing)
            return error_type, QT_TRANSLATE_NOOP(
                "Runner",
                "No revision '{revision}' in versions/. Pick a target from the revision graph "
                "(or 'heads').",
            ).format(revision=missing)
        if "Multiple head revisions are present" in text or "Multiple heads are present" in text:
            return error_type, QT_TRANSLATE_NOOP(
                "Runner", "Several heads: upgrade to 'heads' or pick one. (alembic: {message})"
            ).format(message=text)
        if "Target database is not up to date" in text:
            return error_type, QT_TRANSLATE_NOOP(
                "Runner", "Target database is not up to date: upgrade it to the heads first."
            )
        if "downgrade with --sql requires" in text:
            return error_type, QT_TRANSLATE_NOOP(
                "Runner",
                "An offline (SQL) downgrade needs a range 'from:to', e.g. 'd4e5f6:a1b2c3', "
                "since the database is not read in offline mode.",
            )
        if "Range revision not allowed" in text:
            return error_type, QT_TRANSLATE_NOOP(
                "Runner", "A range 'from:to' is only allowed in offline (SQL) mode."
            )
        if "Can't use --purge with --sql" in text:
            return error_type, QT_TRANSLATE_NOOP(
                "Runner", "Stamp with purge cannot be done in offline (SQL) mode."
            )
        if not where:
            return error_type, text  # alembic's own message
        return error_type, QT_TRANSLATE_NOOP("Runner", "{message}{where}").format(
            message=text, where=where
        )

    try:
        from sqlalchemy.exc import DBAPIError
    except Exception:  # pragma: no cover
        DBAPIError = ()  # type: ignore[assignment,misc]
    if DBAPIError and isinstance(exc, DBAPIError):
        first = _first_line(str(exc.orig) if exc.orig is not None else text)
        if runner is not None and runner.request.operation in _READ_ONLY and _is_read_only(exc):
            return "ReadOnlyStatusError", QT_TRANSLATE_NOOP(
                "Runner",
                "env.py tries to write while only reading the status: {error}{where}. Migrator "
                "reads the status in read-only sessions so that looking never changes the "
                "database: move that statement into a migration, or skip it when "
                'config.attributes.get("migrator_read_only") is true.',
            ).format(error=first, where=where)
        if exc.connection_invalidated or _is_connect_error(exc):
            return error_type, QT_TRANSLATE_NOOP(
                "Runner", "Cannot connect to {database}: {error}"
            ).format(database=shown, error=first)
        return error_type, QT_TRANSLATE_NOOP(
            "Runner", "A database error stopped the run before any step: {error}{where}"
        ).format(error=first, where=where)
    if isinstance(exc, ImportError):
        driver = _missing_driver(exc, runner)
        if driver:
            return error_type, driver
        return error_type, QT_TRANSLATE_NOOP(
            "Runner",
            "env.py could not import what it needs: {error}{where}. Check prepend_sys_path in "
            "the configuration and that the project interpreter has the project's packages.",
        ).format(error=text, where=where)
    if isinstance(exc, KeyError) and _raised_by_environ(exc):
        key = exc.args[0] if exc.args else "?"
        return error_type, QT_TRANSLATE_NOOP(
            "Runner",
            "env.py reads the environment variable {name}, which is not set{where}. Set it "
            "before starting Migrator, or read the URL with "
            'config.get_main_option("sqlalchemy.url"): Migrator sets it to the selected '
            "database.",
        ).format(name=repr(key), where=where)
    return error_type, QT_TRANSLATE_NOOP("Runner", "{type}: {message}{where}").format(
        type=error_type, message=_message_of(exc), where=where
    )


def _where(exc: BaseException, runner: Runner | None) -> Any:
    """`` (at migrations/env.py:42)``: the innermost frame of the traceback in the project
    (a Text; "" when there is none)."""
    if runner is None:
        return ""
    root = os.path.realpath(runner.request.project_root or os.getcwd())
    found = ""
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if filename.startswith("<"):  # <frozen os>, <string>...
            continue
        try:
            path = os.path.realpath(filename)
        except Exception:
            continue
        if path == root or path.startswith(root + os.sep):
            if f"{os.sep}site-packages{os.sep}" in path or f"{os.sep}.venv{os.sep}" in path:
                continue
            found = f"{os.path.relpath(path, root)}:{lineno}"
    if not found:
        return ""
    return QT_TRANSLATE_NOOP("Runner", " (at {location})").format(location=found)


def _raised_by_environ(exc: BaseException) -> bool:
    """A KeyError raised by ``os.environ[...]``."""
    last = None
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        last = frame
    if last is None:
        return False
    filename = last.f_code.co_filename
    return last.f_code.co_name == "__getitem__" and (
        os.path.basename(filename) == "os.py" or filename == "<frozen os>"
    )


def _missing_driver(exc: ImportError, runner: Runner | None) -> Any:
    """The message for a database driver that is not installed (a Text), or "" for another
    import."""
    in_dialect = any(
        f"{os.sep}sqlalchemy{os.sep}dialects{os.sep}" in frame.f_code.co_filename
        or frame.f_code.co_name in ("import_dbapi", "dbapi")
        for frame, _ in traceback.walk_tb(exc.__traceback__)
    )
    if not in_dialect or runner is None:
        return ""
    module = getattr(exc, "name", None) or str(exc)
    url = runner.selected
    try:
        driver = url.get_driver_name()
    except Exception:
        driver = module
    scheme = url.drivername
    message = QT_TRANSLATE_NOOP(
        "Runner",
        "The database driver {module} is not installed in the project interpreter "
        "({python}); SQLAlchemy needs it for {scheme}:// URLs (driver {driver}). "
        "Install it in that environment, or name a driver that is installed in the URL "
        "(dialect+driver://).",
    ).format(module=repr(module), python=sys.executable, scheme=scheme, driver=repr(driver))
    if url.get_backend_name() == "postgresql" and "+" not in scheme:
        import sqlalchemy

        message = _then(
            message,
            QT_TRANSLATE_NOOP(
                "Runner",
                "SQLAlchemy {version} connects postgresql:// with {driver}: install it, or "
                "write the URL as postgresql+psycopg2:// to use psycopg2.",
            ).format(version=sqlalchemy.__version__, driver=driver),
        )
    return message


def _is_read_only(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", None) or exc).lower()
    return any(
        phrase in text
        for phrase in ("read-only transaction", "read only transaction", "readonly database")
    )


def _is_connect_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(
        word in text
        for word in (
            "could not connect",
            "connection refused",
            "can't connect",
            "unknown database",
            "does not exist",
            "authentication failed",
            "access denied",
            "timeout expired",
            "unable to open database file",
            "could not translate host name",
        )
    )


def _sql_string(text: str) -> str:
    """A MySQL string literal (quotes and backslashes escaped)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else text


def _step_failure(exc: BaseException, runner: Runner) -> Any:
    state = runner.state
    step = state.current_step
    label = _short_log(step)
    orig = getattr(exc, "orig", None)
    reason = _first_line(str(orig) if orig is not None else (str(exc) or type(exc).__name__))
    if orig is None:
        reason = f"{type(exc).__name__}: {reason}"
    reason = reason.rstrip(". ")
    if runner.request.sql:
        return QT_TRANSLATE_NOOP(
            "Runner",
            "Step failed while generating SQL: {step}: {reason}. Offline mode: nothing was "
            "run on the database.",
        ).format(step=label, reason=reason)
    message = QT_TRANSLATE_NOOP("Runner", "Step failed: {step}: {reason}.").format(
        step=label, reason=reason
    )
    timeout = runner.request.lock_timeout
    if _is_lock_timeout(exc):
        if timeout:
            message = QT_TRANSLATE_NOOP(
                "Runner",
                "Step failed: {step}: it waited longer than the lock timeout ({seconds} s) for a "
                "lock another session holds ({reason}).",
            ).format(step=label, seconds=f"{timeout:g}", reason=reason)
        else:
            message = QT_TRANSLATE_NOOP(
                "Runner",
                "Step failed: {step}: it waited longer than the lock timeout for a lock another "
                "session holds ({reason}).",
            ).format(step=label, reason=reason)
    context = state.migration_context
    transactional = bool(getattr(getattr(context, "impl", None), "transactional_ddl", False))
    per_migration = bool(getattr(context, "_transaction_per_migration", False))
    dialect = runner.selected.get_backend_name()
    if transactional:
        if per_migration and state.steps:
            outcome = QT_TRANSLATE_NOOP(
                "Runner",
                "This step was rolled back; the {count} step(s) before it stay applied.",
            ).format(count=state.steps)
        else:
            outcome = QT_TRANSLATE_NOOP(
                "Runner", "The transaction was rolled back: nothing of this run was applied."
            )
    else:
        name = {"mysql": "MySQL/MariaDB", "mariadb": "MariaDB", "sqlite": "SQLite"}.get(
            dialect, dialect
        )
        touched = _touched_objects(state.step_statements)
        if touched and state.steps:
            outcome = QT_TRANSLATE_NOOP(
                "Runner",
                "{dialect} DDL is not transactional: this step's changes may be partly applied "
                "(it touched {objects}), and the {count} step(s) before it are applied. Check "
                "those objects before running it again or downgrading.",
            ).format(dialect=name, objects=", ".join(touched), count=state.steps)
        elif touched:
            outcome = QT_TRANSLATE_NOOP(
                "Runner",
                "{dialect} DDL is not transactional: this step's changes may be partly applied "
                "(it touched {objects}). Check those objects before running it again or "
                "downgrading.",
            ).format(dialect=name, objects=", ".join(touched))
        elif state.steps:
            outcome = QT_TRANSLATE_NOOP(
                "Runner", "It had changed nothing yet; the {count} step(s) before it are applied."
            ).format(count=state.steps)
        else:
            outcome = QT_TRANSLATE_NOOP("Runner", "It had changed nothing yet.")
    return _then(message, outcome)


# --------------------------------------------------------------------------------------------


def main() -> int:
    emitter = _Emitter(_protect_stdout())
    logs = _LogKeeper(emitter)
    # Our own folder off the path (its files must not shadow user modules); the project root at
    # the END, as a fallback for projects run with "python -m alembic" or "flask db" (the alembic
    # way, prepend_sys_path, still goes first).
    runner_dir = str(_RUNNER_DIR)
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != runner_dir]
    sys.path.append(os.getcwd())

    try:
        raw = _read_request_line()
        emitter.set_scrubber(protocol.Scrubber.for_url(raw))  # until the request is parsed
        request = protocol.Request.from_json(raw)
        if request.operation not in (*_MIGRATING, *_READ_ONLY, "revision_sql"):
            raise ValueError(f"unknown operation {request.operation!r}")
    except Exception as exc:
        emitter.emit(
            _error(
                "ProtocolError",
                QT_TRANSLATE_NOOP("Runner", "Bad request: {error}").format(error=str(exc)),
            )
        )
        return EXIT_PROTOCOL
    extra = []
    try:
        from sqlalchemy.engine import make_url

        password = make_url(request.url).password
        if password:
            extra.append(str(password))
    except Exception:
        pass
    emitter.set_scrubber(protocol.Scrubber.for_url(request.url, extra))
    _detach_stdin(watch=request.watch_parent)

    versions = {}
    for name in ("alembic", "sqlalchemy"):
        try:
            versions[name] = __import__(name).__version__
        except Exception:
            versions[name] = ""
    emitter.emit(
        protocol.Started(
            operation=request.operation,
            pid=os.getpid(),
            python=sys.executable,
            alembic_version=versions["alembic"],
            sqlalchemy_version=versions["sqlalchemy"],
        )
    )
    if not versions["alembic"] or not versions["sqlalchemy"]:
        missing = _and(n for n in ("alembic", "sqlalchemy") if not versions[n])
        emitter.emit(
            _error(
                "ImportError",
                QT_TRANSLATE_NOOP(
                    "Runner",
                    "{missing} cannot be imported by {python}: choose the project's interpreter "
                    "(its virtualenv) in the project settings.",
                ).format(missing=missing, python=sys.executable),
            )
        )
        return EXIT_FAILED

    logs.install()
    runner: Runner | None = None
    try:
        runner = Runner(request, emitter, logs)
        result = runner.run()
    except BaseException as exc:
        tb = traceback.format_exc()
        if runner is not None:
            runner.sql_buffer.drain()
        emitter.emit(_error_event(exc, runner, tb))
        return EXIT_FAILED
    emitter.emit(result)
    return EXIT_OK


def _read_request_line() -> str:
    """The request: the first line on stdin (the parent may keep stdin open afterwards)."""
    data = sys.stdin.buffer.readline()
    return data.decode("utf-8")


def _detach_stdin(watch: bool) -> None:
    """Point fd 0 and ``sys.stdin`` at the null device (user code and its subprocesses must not
    read the parent's pipe); with ``watch``, keep the pipe on a private descriptor and exit as
    soon as it reaches end of file: the parent is gone, and a run nobody follows must not go on
    migrating. The database rolls back the transaction of a connection that vanishes."""
    pipe_fd = os.dup(0)  # not inheritable
    null_fd = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null_fd, 0)
    os.close(null_fd)
    try:
        sys.stdin.close()
    except Exception:
        pass
    sys.stdin = open(os.devnull)
    if not watch:
        os.close(pipe_fd)
        return
    _set_parent_death_signal()
    threading.Thread(
        target=_watch_parent, args=(pipe_fd,), name="migrator-parent-watch", daemon=True
    ).start()


def _request_cancel() -> None:
    _CANCEL_REQUESTED.set()
    for connection in list(_INTERRUPTIBLE):
        try:
            connection.interrupt()
        except Exception:
            pass


def _set_parent_death_signal() -> None:
    """Linux: ask for SIGTERM when the parent dies (``prctl(PR_SET_PDEATHSIG)``). The stdin
    watcher does the same portably (and covers a parent that died before this call)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except Exception:
        pass


def _watch_parent(fd: int) -> None:
    """Read the parent's pipe: a ``cancel`` line stops the run at its next statement or step
    (SQLite's running statement is interrupted); end of file means the parent is gone."""
    pending = b""
    try:
        while True:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            pending += chunk
            *lines, pending = pending.split(b"\n")
            if any(line.strip() == b"cancel" for line in lines):
                _request_cancel()
    except OSError:
        pass
    try:
        sys.stderr.write("Migrator is gone: stopping the run.\n")
        sys.stderr.flush()
    finally:
        os._exit(EXIT_PARENT_GONE)


def _exit(code: int) -> None:
    try:
        sys.stderr.flush()
    finally:
        os._exit(code)  # user threads or atexit hooks must not keep the child alive


if __name__ == "__main__":
    _exit(main())
