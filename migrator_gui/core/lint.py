"""Warnings on the operations autogenerate found, shown next to them in the diff pane.

:func:`lint` takes the flattened operations (:class:`~migrator_gui.core.protocol.DiffOp`), the
dialect name and, when known, how many rows each table holds, and returns one
:class:`LintWarning` per finding. Pure data: no Qt, no database, no alembic import.

Rules (``LintWarning.rule``):

``data-loss`` (danger)
    A ``drop_table`` or a ``drop_column``: its data is gone once the step runs.

``not-null-without-default`` (danger / warning)
    An ``add_column`` with ``nullable=False`` and no ``server_default``: the database has no
    value to put in the existing rows, so the ALTER fails on a table that has rows. Also an
    ``alter_column`` from ``nullable=True`` to ``nullable=False`` with no default: existing NULLs
    make it fail. Danger when the table has rows, warning when its row count is unknown, nothing
    when it is known to be empty.

``may-truncate`` (warning)
    An ``alter_column`` to a narrower type: a shorter length (``VARCHAR(50)`` to
    ``VARCHAR(20)``, unbounded ``String`` or ``Text`` to ``String(n)``), a smaller integer
    (``BigInteger`` > ``Integer`` > ``MediumInteger`` > ``SmallInteger`` > ``TinyInteger``), a
    ``Numeric`` with a lower precision or scale, ``Numeric`` or ``Float`` to an integer, a double
    to a single precision float, ``DateTime`` to ``Date`` or ``Time``, a smaller MySQL text or
    blob (``LONGTEXT`` to ``TEXT``). Types are read from their repr strings (``VARCHAR(length=50)``,
    ``String(length=50)``, ``String(50)``, ``sa.BIGINT()``, ``mysql.INTEGER(display_width=11)``),
    case-insensitively; an unreadable type gives no warning.

``looks-like-rename`` (warning)
    In one table, a dropped column and an added column of the same type (compared normalized:
    ``VARCHAR(length=20)`` equals ``String(length=20)``; collation, charset, display width and
    time zone are ignored), when neither has another candidate of that type in the table:
    autogenerate cannot see renames, and drop + add loses the data. ``LintWarning.rename`` is
    ``(table, old_column, new_column)``, the one-click fix. The drop's ``data-loss`` warning
    stays: the UI removes it when the user accepts the rename. A drop whose type is not known
    is never a candidate.

``index-not-concurrent`` (warning, PostgreSQL only)
    An ``add_index`` on a table with at least ``large_table_rows`` rows (unknown: no warning),
    unless the operation already has ``postgresql_concurrently``: a plain CREATE INDEX blocks
    writes to the table while it builds.

``ddl-not-transactional`` (info, MySQL/MariaDB only)
    Once per call, when there is at least one operation: DDL commits implicitly there, so a step
    that fails half-way stays half applied.

Order of the result: the dialect note first, then the warnings of each operation in the order of
the operations, a rename right after the later of its two operations.

Row counts (``table_rows``) are looked up as ``"schema.table"`` first when the operation has a
schema, then as ``"table"``.

:func:`suggest_message` proposes a revision message from the operations ("add user.age, create
order table").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from migrator_gui.core.protocol import DiffOp
from migrator_gui.core.text import QT_TRANSLATE_NOOP, Text

__all__ = [
    "DANGER",
    "INFO",
    "WARNING",
    "LintWarning",
    "TypeInfo",
    "lint",
    "parse_type",
    "suggest_message",
]

DANGER = "danger"
WARNING = "warning"
INFO = "info"

_POSTGRESQL = frozenset({"postgresql", "postgres"})
_MYSQL = frozenset({"mysql", "mariadb"})


@dataclass(frozen=True)
class LintWarning:
    """One finding about one or more operations."""

    rule: str
    """``data-loss``, ``not-null-without-default``, ``may-truncate``, ``looks-like-rename``,
    ``index-not-concurrent`` or ``ddl-not-transactional``."""
    keys: tuple[str, ...]
    """The :attr:`DiffOp.key` of the operations it is about (a rename: the drop, then the add;
    empty for the dialect note)."""
    severity: str
    """``danger``, ``warning`` or ``info``."""
    message: str
    """Short and plain: "Dropping column user.age deletes its data."."""
    fix: str = ""
    """What to do about it, where there is something to do."""
    rename: tuple[str, str, str] | None = None
    """``(table, old_column, new_column)`` for ``looks-like-rename``."""


# --- type reprs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TypeInfo:
    """A column type read from its repr string (``VARCHAR(length=20)``)."""

    name: str
    """The class name, upper case, without module prefix: ``VARCHAR``."""
    family: str
    """``string``, ``char``, ``text``, ``binary``, ``blob``, ``integer``, ``numeric``, ``float``,
    ``datetime``, ``date``, ``time``, ``boolean``; any other type: its name."""
    length: int | None = None
    precision: int | None = None
    scale: int | None = None
    rank: int | None = None
    """Width within the family when it has sizes (integers, floats, MySQL texts and blobs)."""
    extra: tuple[str, ...] = ()
    """For other families: their arguments (an Enum's values), so that different ones differ."""

    def same_as(self, other: TypeInfo) -> bool:
        """The same type, as far as a rename is concerned."""
        return (
            self.family == other.family
            and self.length == other.length
            and self.precision == other.precision
            and self.scale == other.scale
            and self.rank == other.rank
            and self.extra == other.extra
        )


_FAMILIES: dict[str, tuple[str, int | None]] = {
    "STRING": ("string", None),
    "VARCHAR": ("string", None),
    "NVARCHAR": ("string", None),
    "UNICODE": ("string", None),
    "VARCHAR2": ("string", None),
    "NVARCHAR2": ("string", None),
    "CITEXT": ("string", None),
    "CHAR": ("char", None),
    "NCHAR": ("char", None),
    "CHARACTER": ("char", None),
    "TINYTEXT": ("text", 0),
    "TEXT": ("text", 1),
    "UNICODETEXT": ("text", 1),
    "CLOB": ("text", 1),
    "NTEXT": ("text", 1),
    "MEDIUMTEXT": ("text", 2),
    "LONGTEXT": ("text", 3),
    "BINARY": ("binary", None),
    "VARBINARY": ("binary", None),
    "TINYBLOB": ("blob", 0),
    "BLOB": ("blob", 1),
    "MEDIUMBLOB": ("blob", 2),
    "LONGBLOB": ("blob", 3),
    "LARGEBINARY": ("blob", None),
    "BYTEA": ("blob", None),
    "TINYINT": ("integer", 0),
    "TINYINTEGER": ("integer", 0),
    "SMALLINT": ("integer", 1),
    "SMALLINTEGER": ("integer", 1),
    "MEDIUMINT": ("integer", 2),
    "MEDIUMINTEGER": ("integer", 2),
    "INT": ("integer", 3),
    "INTEGER": ("integer", 3),
    "BIGINT": ("integer", 4),
    "BIGINTEGER": ("integer", 4),
    "NUMERIC": ("numeric", None),
    "DECIMAL": ("numeric", None),
    "REAL": ("float", 1),
    "FLOAT": ("float", None),
    "DOUBLE": ("float", 2),
    "DOUBLE_PRECISION": ("float", 2),
    "DATETIME": ("datetime", None),
    "DATETIME2": ("datetime", None),
    "TIMESTAMP": ("datetime", None),
    "DATE": ("date", None),
    "TIME": ("time", None),
    "BOOLEAN": ("boolean", None),
    "BOOL": ("boolean", None),
}

_LENGTH_FAMILIES = frozenset({"string", "char", "binary"})
_IGNORED_KWARGS = frozenset(
    {
        "collation",
        "charset",
        "national",
        "display_width",
        "timezone",
        "fsp",
        "asdecimal",
        "decimal_return_scale",
        "create_constraint",
        "_expect_unicode",
        "_warn_on_bytestring",
        "binary",
        "ascii",
        "unicode",
        "retrieve_as_bitwise",
        "name",
        "native_enum",
        "inherit_schema",
    }
)

_TYPE_RE = re.compile(r"^\s*(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)\s*(?:\((.*)\))?\s*$", re.S)
_KWARG_RE = re.compile(r"^([A-Za-z_]\w*)\s*=\s*(.*)$", re.S)


def _split_args(text: str) -> list[str]:
    """Top-level comma-separated arguments of a repr, respecting quotes and brackets."""
    args: list[str] = []
    depth = 0
    quote = ""
    current: list[str] = []
    escaped = False
    for ch in text:
        if quote:
            current.append(ch)
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = ""
            continue
        if ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            args.append("".join(current).strip())
            current = []
            continue
        current.append(ch)
    last = "".join(current).strip()
    if last:
        args.append(last)
    return args


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    text = text.strip()
    return int(text) if re.fullmatch(r"\d+", text) else None


def parse_type(text: object) -> TypeInfo | None:
    """Read a type's repr (``VARCHAR(length=20)``, ``String(20)``, ``sa.BIGINT()``); None when it
    is not one."""
    if not isinstance(text, str) or not text.strip():
        return None
    match = _TYPE_RE.match(text)
    if match is None:
        return None
    name = match.group(1).upper()
    positional: list[str] = []
    keywords: dict[str, str] = {}
    for item in _split_args(match.group(2) or ""):
        kw = _KWARG_RE.match(item)
        if kw is not None:
            keywords[kw.group(1).lower()] = kw.group(2).strip()
        else:
            positional.append(item)

    def arg(key: str, index: int) -> int | None:
        if key in keywords:
            return _int(keywords[key])
        return _int(positional[index]) if index < len(positional) else None

    family, rank = _FAMILIES.get(name, (name, None))
    length = precision = scale = None
    extra: tuple[str, ...] = ()
    if family in _LENGTH_FAMILIES or family == "text":
        length = arg("length", 0)
    elif family == "numeric":
        precision, scale = arg("precision", 0), arg("scale", 1)
    elif family == "float":
        precision = arg("precision", 0)
        if rank is None and precision is not None:
            rank = 1 if precision <= 24 else 2
    elif name not in _FAMILIES:
        extra = tuple(positional) + tuple(
            f"{k}={v}" for k, v in sorted(keywords.items()) if k not in _IGNORED_KWARGS
        )
    return TypeInfo(name, family, length, precision, scale, rank, extra)


def _narrowing(old: TypeInfo, new: TypeInfo) -> bool:
    """Whether values of ``old`` may not fit in ``new``."""
    of, nf = old.family, new.family
    if of in _LENGTH_FAMILIES and nf in _LENGTH_FAMILIES:
        if new.length is None:
            return False
        return old.length is None or new.length < old.length
    if of == "text" and nf in _LENGTH_FAMILIES:
        return new.length is not None
    if of == nf and of in ("text", "blob", "integer", "float"):
        return old.rank is not None and new.rank is not None and new.rank < old.rank
    if of == "blob" and nf == "binary":
        return new.length is not None
    if of == "numeric" and nf == "numeric":
        return (
            old.precision is not None
            and new.precision is not None
            and new.precision < old.precision
        ) or (old.scale is not None and new.scale is not None and new.scale < old.scale)
    if of in ("numeric", "float") and nf == "integer":
        return True
    return of == "datetime" and nf in ("date", "time")


# --- helpers ------------------------------------------------------------------------------------


def _table_name(op: DiffOp) -> str:
    return f"{op.schema}.{op.table}" if op.schema else op.table


def _column_name(op: DiffOp) -> str:
    return f"{_table_name(op)}.{op.name}"


def _rows(op: DiffOp, table_rows: Mapping[str, int] | None) -> int | None:
    if not table_rows:
        return None
    if op.schema and f"{op.schema}.{op.table}" in table_rows:
        return table_rows[f"{op.schema}.{op.table}"]
    return table_rows.get(op.table)


def _has_default(value: Any) -> bool:
    return value is not None and value != "" and value is not False


def _dialect_name(dialect: str) -> str:
    return dialect.lower().split("+", 1)[0].strip()


def _rows_text(rows: int) -> Text:
    if rows == 1:
        return QT_TRANSLATE_NOOP("Lint", "{count:,} row").format(count=rows)
    return QT_TRANSLATE_NOOP("Lint", "{count:,} rows").format(count=rows)


# --- rules --------------------------------------------------------------------------------------


def _data_loss(op: DiffOp) -> LintWarning | None:
    if op.kind == "drop_table":
        return LintWarning(
            "data-loss",
            (op.key,),
            DANGER,
            QT_TRANSLATE_NOOP("Lint", "Dropping table {table} deletes all its rows.").format(
                table=_table_name(op)
            ),
            QT_TRANSLATE_NOOP("Lint", "Back the table up first if its data may still be needed."),
        )
    if op.kind == "drop_column":
        return LintWarning(
            "data-loss",
            (op.key,),
            DANGER,
            QT_TRANSLATE_NOOP("Lint", "Dropping column {column} deletes its data.").format(
                column=_column_name(op)
            ),
            QT_TRANSLATE_NOOP(
                "Lint",
                "If the column was renamed, treat it as a rename "
                "(alter_column new_column_name=...).",
            ),
        )
    return None


def _not_null(op: DiffOp, table_rows: Mapping[str, int] | None) -> LintWarning | None:
    d = op.details
    if op.kind == "add_column":
        if d.get("nullable", True) is not False or _has_default(d.get("server_default")):
            return None
        rows = _rows(op, table_rows)
        if rows == 0:
            return None
        if rows is not None:
            message = QT_TRANSLATE_NOOP(
                "Lint",
                "Adding NOT NULL column {column} without a default fails: {table} has {rows}.",
            ).format(column=_column_name(op), table=_table_name(op), rows=_rows_text(rows))
        else:
            message = QT_TRANSLATE_NOOP(
                "Lint",
                "Adding NOT NULL column {column} without a default fails if {table} has rows.",
            ).format(column=_column_name(op), table=_table_name(op))
        fix = QT_TRANSLATE_NOOP(
            "Lint", "Add a server_default, or add it nullable, fill it, then make it NOT NULL."
        )
    elif op.kind == "alter_column":
        if d.get("old_nullable") is not True or d.get("new_nullable") is not False:
            return None
        default = d["new_default"] if "new_default" in d else d.get("old_default")
        if _has_default(default):
            return None
        rows = _rows(op, table_rows)
        if rows == 0:
            return None
        message = QT_TRANSLATE_NOOP(
            "Lint", "Making {column} NOT NULL: existing NULLs make it fail."
        ).format(column=_column_name(op))
        fix = QT_TRANSLATE_NOOP(
            "Lint",
            'Fill the NULLs first (op.execute("UPDATE {table} SET {column} = ... '
            'WHERE {column} IS NULL")), then make it NOT NULL.',
        ).format(table=op.table, column=op.name)
    else:
        return None
    return LintWarning(
        "not-null-without-default",
        (op.key,),
        DANGER if rows is not None else WARNING,
        message,
        fix,
    )


def _may_truncate(op: DiffOp) -> LintWarning | None:
    if op.kind != "alter_column":
        return None
    d = op.details
    old_text, new_text = d.get("old_type"), d.get("new_type")
    old, new = parse_type(old_text), parse_type(new_text)
    narrower = old is not None and new is not None and _narrowing(old, new)
    old_len, new_len = d.get("type_length_old"), d.get("type_length_new")
    if isinstance(old_len, int) and isinstance(new_len, int) and new_len < old_len:
        narrower = True
    if not narrower:
        return None
    return LintWarning(
        "may-truncate",
        (op.key,),
        WARNING,
        QT_TRANSLATE_NOOP(
            "Lint",
            "Changing {column} from {old_type} to {new_type} may truncate or reject "
            "existing values.",
        ).format(column=_column_name(op), old_type=str(old_text), new_type=str(new_text)),
        QT_TRANSLATE_NOOP(
            "Lint", "Check the existing values fit the new type first, or keep the wider type."
        ),
    )


def _index_not_concurrent(
    op: DiffOp, dialect: str, table_rows: Mapping[str, int] | None, large_table_rows: int
) -> LintWarning | None:
    if op.kind != "add_index" or dialect not in _POSTGRESQL:
        return None
    if op.details.get("postgresql_concurrently") or op.details.get("concurrently"):
        return None
    rows = _rows(op, table_rows)
    if rows is None or rows < large_table_rows:
        return None
    return LintWarning(
        "index-not-concurrent",
        (op.key,),
        WARNING,
        QT_TRANSLATE_NOOP(
            "Lint", "CREATE INDEX locks writes to {table} ({rows}) while it builds."
        ).format(table=_table_name(op), rows=_rows_text(rows)),
        QT_TRANSLATE_NOOP(
            "Lint",
            "On a large table use postgresql_concurrently=True, outside a transaction "
            "(with op.get_context().autocommit_block()).",
        ),
    )


def _renames(ops: Sequence[DiffOp]) -> dict[int, list[LintWarning]]:
    """Rename warnings, keyed by the index of the later operation of each pair."""
    drops: dict[tuple[str | None, str], list[tuple[int, DiffOp, TypeInfo]]] = {}
    adds: dict[tuple[str | None, str], list[tuple[int, DiffOp, TypeInfo]]] = {}
    for index, op in enumerate(ops):
        if op.kind not in ("drop_column", "add_column") or not op.name:
            continue
        info = parse_type(op.details.get("type"))
        if info is None:
            continue
        target = drops if op.kind == "drop_column" else adds
        target.setdefault((op.schema, op.table), []).append((index, op, info))

    found: dict[int, list[LintWarning]] = {}
    for table, dropped in drops.items():
        added = adds.get(table, [])
        for d_index, d_op, d_type in dropped:
            matches = [a for a in added if a[2].same_as(d_type)]
            if len(matches) != 1:
                continue
            a_index, a_op, a_type = matches[0]
            if sum(1 for other in dropped if other[2].same_as(a_type)) != 1:
                continue
            where = _table_name(d_op)
            warning = LintWarning(
                "looks-like-rename",
                (d_op.key, a_op.key),
                WARNING,
                QT_TRANSLATE_NOOP(
                    "Lint",
                    "Column {table}.{old_column} dropped and {table}.{new_column} added with the "
                    "same type: a rename?",
                ).format(table=where, old_column=d_op.name, new_column=a_op.name),
                QT_TRANSLATE_NOOP(
                    "Lint",
                    "Treat as a rename: alter_column(new_column_name='{new_column}') "
                    "keeps the data",
                ).format(new_column=a_op.name),
                (d_op.table, d_op.name, a_op.name),
            )
            found.setdefault(max(d_index, a_index), []).append(warning)
    return found


def lint(
    ops: Sequence[DiffOp],
    dialect: str,
    table_rows: Mapping[str, int] | None = None,
    large_table_rows: int = 100_000,
) -> list[LintWarning]:
    """The warnings on ``ops`` for a database of ``dialect`` (``postgresql``, ``mysql``,
    ``mariadb``, ``sqlite``; a ``+driver`` suffix is ignored). ``table_rows``: the row count of
    the tables whose count is known (by ``table`` or ``schema.table``)."""
    name = _dialect_name(dialect)
    warnings: list[LintWarning] = []
    if ops and name in _MYSQL:
        warnings.append(
            LintWarning(
                "ddl-not-transactional",
                (),
                INFO,
                QT_TRANSLATE_NOOP(
                    "Lint",
                    "MySQL/MariaDB DDL is not transactional: a step that fails half-way stays "
                    "half applied.",
                ),
                QT_TRANSLATE_NOOP(
                    "Lint",
                    "Keep one risky change per revision, so a failure leaves a state you can name.",
                ),
            )
        )
    renames = _renames(ops)
    for index, op in enumerate(ops):
        for warning in (
            _data_loss(op),
            _not_null(op, table_rows),
            _may_truncate(op),
            _index_not_concurrent(op, name, table_rows, large_table_rows),
        ):
            if warning is not None:
                warnings.append(warning)
        warnings.extend(renames.get(index, []))
    return warnings


# --- revision message ---------------------------------------------------------------------------


def _aspect_list(aspects: Sequence[Text]) -> Text:
    """``type and nullable and comment``: the aspects of a column that change."""
    joined = aspects[0]
    for aspect in aspects[1:]:
        joined = QT_TRANSLATE_NOOP("Lint", "{aspects} and {aspect}").format(
            aspects=joined, aspect=aspect
        )
    return joined


def _describe(op: DiffOp) -> str:
    """One operation as a revision message would put it: ``add user.age``."""
    column = f"{op.table}.{op.name}"
    table = op.table
    name = op.name
    d = op.details
    kind = op.kind
    if kind == "add_table":
        return QT_TRANSLATE_NOOP("Lint", "create {table} table").format(table=table)
    if kind == "drop_table":
        return QT_TRANSLATE_NOOP("Lint", "drop {table} table").format(table=table)
    if kind == "add_column":
        return QT_TRANSLATE_NOOP("Lint", "add {column}").format(column=column)
    if kind == "drop_column":
        return QT_TRANSLATE_NOOP("Lint", "drop {column}").format(column=column)
    if kind == "alter_column":
        new_name = d.get("new_name") or d.get("new_column_name")
        if isinstance(new_name, str) and new_name:
            return QT_TRANSLATE_NOOP("Lint", "rename {column} to {new_name}").format(
                column=column, new_name=new_name
            )
        aspects: list[Text] = []
        if "old_type" in d or "new_type" in d:
            if d.get("old_type") != d.get("new_type"):
                aspects.append(QT_TRANSLATE_NOOP("Lint", "type"))
        nullable_changed = "new_nullable" in d and d.get("new_nullable") != d.get("old_nullable")
        if ("old_default" in d or "new_default" in d) and d.get("old_default") != d.get(
            "new_default"
        ):
            aspects.append(QT_TRANSLATE_NOOP("Lint", "default"))
        if nullable_changed and not aspects:
            if d.get("new_nullable"):
                return QT_TRANSLATE_NOOP("Lint", "make {column} nullable").format(column=column)
            return QT_TRANSLATE_NOOP("Lint", "make {column} not null").format(column=column)
        if nullable_changed:
            type_first = 1 if any(a.source == "type" for a in aspects) else 0
            aspects.insert(type_first, QT_TRANSLATE_NOOP("Lint", "nullable"))
        if "old_comment" in d or "new_comment" in d:
            aspects.append(QT_TRANSLATE_NOOP("Lint", "comment"))
        if not aspects:
            return QT_TRANSLATE_NOOP("Lint", "alter {column}").format(column=column)
        return QT_TRANSLATE_NOOP("Lint", "alter {column} {aspects}").format(
            column=column, aspects=_aspect_list(aspects)
        )
    if kind == "add_index":
        if name:
            return QT_TRANSLATE_NOOP("Lint", "add index {name}").format(name=name)
        return QT_TRANSLATE_NOOP("Lint", "add index on {table}").format(table=table)
    if kind == "drop_index":
        if name:
            return QT_TRANSLATE_NOOP("Lint", "drop index {name}").format(name=name)
        return QT_TRANSLATE_NOOP("Lint", "drop index on {table}").format(table=table)
    if kind == "add_unique":
        if name:
            return QT_TRANSLATE_NOOP("Lint", "add unique {name}").format(name=name)
        return QT_TRANSLATE_NOOP("Lint", "add unique constraint on {table}").format(table=table)
    if kind == "add_fk":
        if name:
            return QT_TRANSLATE_NOOP("Lint", "add foreign key {name}").format(name=name)
        referred = d.get("referred_table")
        if referred:
            return QT_TRANSLATE_NOOP("Lint", "add {table} foreign key to {referred}").format(
                table=table, referred=referred
            )
        return QT_TRANSLATE_NOOP("Lint", "add {table} foreign key").format(table=table)
    if kind == "drop_constraint":
        if name:
            return QT_TRANSLATE_NOOP("Lint", "drop constraint {name}").format(name=name)
        return QT_TRANSLATE_NOOP("Lint", "drop constraint on {table}").format(table=table)
    # another operation: its alembic name, as it is (an identifier, not a sentence)
    words = kind.replace("_", " ").strip() or "change"
    return f"{words} {op.name or op.table}".strip()


def suggest_message(ops: Sequence[DiffOp]) -> str:
    """A revision message for ``ops``: "add user.age, create order table and 3 more changes";
    "" when there is none. The parts are :class:`~migrator_gui.core.text.Text` (translated
    together)."""
    parts = [_describe(op) for op in ops]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return QT_TRANSLATE_NOOP("Lint", "{first}, {second}").format(
            first=parts[0], second=parts[1]
        )
    if len(parts) == 3:
        return QT_TRANSLATE_NOOP("Lint", "{first}, {second}, {third}").format(
            first=parts[0], second=parts[1], third=parts[2]
        )
    return QT_TRANSLATE_NOOP("Lint", "{first}, {second} and {count} more changes").format(
        first=parts[0], second=parts[1], count=len(parts) - 2
    )
