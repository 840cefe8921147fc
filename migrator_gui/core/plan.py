"""A migration plan: the steps a run will take from the database's real state, with their SQL.

Built by ``services/plan.py`` from one offline run of the child (what ``alembic upgrade --sql
<current>:<target>`` prints, split at the step boundaries), shown by ``ui/plan_panel.py`` and
exported as a ``.sql`` dry run. Pure data: no Qt, no database.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import sqlparse
from sqlparse import tokens as T

from migrator_gui.core.text import QT_TRANSLATE_NOOP, Text

__all__ = [
    "VERSION_TABLE",
    "MigrationPlan",
    "PlanStep",
    "destructive_operations",
    "with_destructive",
]

VERSION_TABLE = "alembic_version"
"""alembic's default version table: deleting its rows is alembic's own bookkeeping."""

_BATCH_TMP_PREFIX = "_alembic_tmp_"
"""SQLite batch mode rebuilds table ``x`` as ``_alembic_tmp_x`` (then drops x, renames)."""


@dataclass(frozen=True)
class PlanStep:
    """One migration step of a plan."""

    index: int
    """0-based position in the run."""
    revision: str
    """The revision this step runs (upgrade: the one it applies; downgrade: the one it undoes)."""
    label: str
    """alembic's short log line, e.g. ``ae1027a6acf -> 1975ea83b712, add account table``."""
    description: str
    """The revision message (first line of its docstring)."""
    is_upgrade: bool
    sql: str = ""
    """The offline SQL of this step (with its version-table update and, in transaction-per-
    migration mode, its BEGIN/COMMIT); empty when it could not be rendered."""
    destructive: tuple[str, ...] = ()
    """What the step drops, one short phrase each (``drop table customer``,
    ``drop column orders.phone``): data is lost when it runs. Each is a
    :class:`~migrator_gui.core.text.Text`."""
    error: str = ""
    """Why the SQL of this step could not be rendered (alembic stops at the first failure, so
    the steps after it have no SQL either)."""


@dataclass(frozen=True)
class MigrationPlan:
    """What a run will do. ``current`` is what the version table holds NOW (read, not guessed)."""

    operation: str
    """``upgrade``, ``downgrade`` or ``stamp``."""
    target: str
    database: str
    """The database as it may be shown (password hidden)."""
    dialect: str
    current: tuple[str, ...]
    steps: tuple[PlanStep, ...] = ()
    preamble_sql: str = ""
    """SQL before the first step (creating the version table, the outer BEGIN)."""
    epilogue_sql: str = ""
    """SQL after the last step (the outer COMMIT)."""
    error: str = ""
    """Set when the SQL could not be rendered in full: the reason, as alembic gave it."""
    heads_after: tuple[str, ...] = field(default=())
    """What the version table will hold when the run ends."""
    rehearsed: bool = False
    """The SQL was captured by running the operation on a throw-away copy of a SQLite database
    (alembic cannot render batch mode offline), not rendered offline."""

    @property
    def complete(self) -> bool:
        """Every step's SQL was rendered: the plan can be exported as a dry run."""
        return not self.error

    @property
    def destructive_steps(self) -> tuple[PlanStep, ...]:
        return tuple(s for s in self.steps if s.destructive)

    def full_sql(self) -> str:
        """The whole script, exactly as alembic printed it (preamble, steps, epilogue)."""
        return self.preamble_sql + "".join(s.sql for s in self.steps) + self.epilogue_sql


# -- what a step's SQL destroys --------------------------------------------------------------

# Words after ``ALTER TABLE t DROP`` that name something other than a column (no data lost).
_DROP_NOT_COLUMN = frozenset(
    {
        "INDEX",
        "KEY",
        "CONSTRAINT",
        "FOREIGN",
        "PRIMARY",
        "UNIQUE",
        "CHECK",
        "DEFAULT",
        "FULLTEXT",
        "SPATIAL",
        "PARTITION",
        "SYSTEM",
        "PERIOD",
        "TRIGGER",
    }
)


@dataclass(frozen=True)
class _Tok:
    """A significant token: a keyword (normalized upper case, quoted names never are one) or a
    name/punctuation/literal as written."""

    value: str
    keyword: str = ""
    quoted: bool = False
    punct: str = ""


def _tokens(statement: str) -> list[_Tok]:
    """The statement's tokens without whitespace and comments."""
    out: list[_Tok] = []
    for parsed in sqlparse.parse(statement):
        for tok in parsed.flatten():  # type: ignore[no-untyped-call]  # sqlparse: untyped
            ttype = tok.ttype
            if tok.is_whitespace or ttype in T.Comment:
                continue
            value = str(tok.value)
            if ttype in T.Punctuation:
                out.append(_Tok(value, punct=value))
            elif ttype in T.Literal.String.Symbol or (
                ttype in T.Name and value[:1] in ("`", "[", '"')
            ):
                out.append(_Tok(value, quoted=True))
            elif ttype in T.Keyword:
                out.append(_Tok(value, keyword=" ".join(value.upper().split())))
            else:
                out.append(_Tok(value))
    return out


def _unquote(name: str) -> str:
    if len(name) >= 2:
        first, last = name[0], name[-1]
        if first == '"' and last == '"':
            return name[1:-1].replace('""', '"')
        if first == "`" and last == "`":
            return name[1:-1].replace("``", "`")
        if first == "[" and last == "]":
            return name[1:-1].replace("]]", "]")
    return name


def _name_at(toks: list[_Tok], i: int) -> tuple[str, int]:
    """The (schema-qualified) name starting at ``toks[i]``, unquoted, and the index after it;
    ``("", i)`` when there is none."""
    parts: list[str] = []
    while i < len(toks) and not toks[i].punct:
        parts.append(_unquote(toks[i].value))
        if i + 1 < len(toks) and toks[i + 1].punct == "." and i + 2 < len(toks):
            i += 2
            continue
        i += 1
        break
    return ".".join(parts), i


def _skip(toks: list[_Tok], i: int, *keywords: str) -> int:
    """Past any of ``keywords`` at ``toks[i]`` (optional words: IF EXISTS, ONLY, COLUMN...)."""
    while i < len(toks) and toks[i].keyword in keywords and not toks[i].quoted:
        i += 1
    return i


def _split_top_level(toks: list[_Tok]) -> Iterator[list[_Tok]]:
    """``toks`` split at the commas outside parentheses (the clauses of one ALTER TABLE)."""
    depth = 0
    chunk: list[_Tok] = []
    for tok in toks:
        if tok.punct == "(":
            depth += 1
        elif tok.punct == ")":
            depth = max(0, depth - 1)
        elif tok.punct in (",", ";") and depth == 0:
            yield chunk
            chunk = []
            continue
        chunk.append(tok)
    yield chunk


def _last_part(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def _schema_prefix(name: str) -> str:
    return name[: len(name) - len(_last_part(name))]


def _table_list(toks: list[_Tok], i: int) -> list[str]:
    """The comma-separated table names from ``toks[i]`` (DROP TABLE a, b / TRUNCATE a, b)."""
    names: list[str] = []
    while i < len(toks):
        if toks[i].keyword in ("CASCADE", "RESTRICT", "RESTART IDENTITY", "CONTINUE IDENTITY"):
            break
        name, i = _name_at(toks, i)
        if not name:
            break
        names.append(name)
        if i < len(toks) and toks[i].punct == ",":
            i += 1
            continue
        break
    return names


def _alter_table_drops(toks: list[_Tok]) -> list[str]:
    """The columns an ``ALTER TABLE`` drops, as ``table.column``."""
    i = _skip(toks, 2, "IF EXISTS", "ONLY")
    table, i = _name_at(toks, i)
    if not table:
        return []
    dropped: list[str] = []
    after_drop_column = False
    for clause in _split_top_level(toks[i:]):
        if not clause:
            continue
        head = clause[0]
        if head.keyword == "DROP" and not head.quoted:
            j = 1
            word = clause[j].keyword.split()[0] if j < len(clause) and clause[j].keyword else ""
            if word in _DROP_NOT_COLUMN:  # "PRIMARY KEY" comes as one token
                after_drop_column = False
                continue
            j = _skip(clause, j, "COLUMN", "IF EXISTS")
            column, _ = _name_at(clause, j)
            if column:
                dropped.append(f"{table}.{column}")
            after_drop_column = bool(column)
        elif after_drop_column and len(clause) <= 2 and (head.keyword in ("", "COLUMN")):
            # SQL Server: ALTER TABLE t DROP COLUMN a, b (and "..., COLUMN b")
            j = _skip(clause, 0, "COLUMN")
            column, end = _name_at(clause, j)
            if column and end == len(clause):
                dropped.append(f"{table}.{column}")
            else:
                after_drop_column = False
        else:
            after_drop_column = False
    return dropped


def _has_top_level_where(toks: list[_Tok]) -> bool:
    depth = 0
    for tok in toks:
        if tok.punct == "(":
            depth += 1
        elif tok.punct == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and tok.keyword == "WHERE" and not tok.quoted:
            return True
    return False


# Words that open a table constraint, not a column, in CREATE TABLE's list.
_TABLE_CONSTRAINT_WORDS = frozenset(
    {"PRIMARY", "FOREIGN", "UNIQUE", "CONSTRAINT", "CHECK", "KEY", "INDEX", "EXCLUDE"}
)

_Columns = dict[str, list[str]]
"""What the SQL so far tells about tables: name -> its columns (known tables only)."""


def _paren_items(toks: list[_Tok], i: int) -> list[list[_Tok]]:
    """The comma-separated items of the parenthesis opening at ``toks[i]``."""
    if i >= len(toks) or toks[i].punct != "(":
        return []
    items: list[list[_Tok]] = [[]]
    depth = 0
    for tok in toks[i:]:
        if tok.punct == "(":
            depth += 1
            if depth == 1:
                continue
        elif tok.punct == ")":
            depth -= 1
            if depth == 0:
                break
        elif tok.punct == "," and depth == 1:
            items.append([])
            continue
        items[-1].append(tok)
    return [item for item in items if item]


def _create_table_columns(toks: list[_Tok]) -> tuple[str, list[str]] | None:
    """``CREATE TABLE name (col ..., constraint ...)``: the name and its column names."""
    i = _skip(toks, 1, "TEMPORARY", "TEMP")
    if i >= len(toks) or toks[i].keyword != "TABLE":
        return None
    name, i = _name_at(toks, _skip(toks, i + 1, "IF NOT EXISTS"))
    items = _paren_items(toks, i)
    if not name or not items:
        return None  # CREATE TABLE ... AS SELECT: columns unknown
    columns = []
    for item in items:
        head = item[0]
        if (
            not head.quoted
            and head.keyword.split()[:1]
            and (head.keyword.split()[0] in _TABLE_CONSTRAINT_WORDS)
        ):
            continue
        columns.append(_unquote(head.value))
    return name, columns


def _select_names(toks: list[_Tok]) -> set[str]:
    """Every name (last part, case-folded) an ``INSERT INTO t (...) SELECT <list> FROM``
    reads: the columns a batch rebuild copies."""
    names: set[str] = set()
    try:
        start = next(i for i, t in enumerate(toks) if t.keyword == "SELECT")
    except StopIteration:
        return names
    depth = 0
    i = start + 1
    while i < len(toks):
        tok = toks[i]
        if tok.punct == "(":
            depth += 1
        elif tok.punct == ")":
            depth -= 1
        elif depth == 0 and tok.keyword == "FROM":
            break
        if tok.punct:
            i += 1
            continue
        name, i = _name_at(toks, i)
        names.add(_last_part(name).casefold())
    return names


def _without(columns: list[str], column: str) -> list[str]:
    return [c for c in columns if c.casefold() != column.casefold()]


def _track_alter(toks: list[_Tok], schema: _Columns) -> None:
    """Follow ``ALTER TABLE`` statements that change the columns of a known table."""
    table, i = _name_at(toks, _skip(toks, 2, "IF EXISTS", "ONLY"))
    if table not in schema:
        return
    if i + 1 < len(toks) and toks[i].keyword == "RENAME" and toks[i + 1].keyword == "TO":
        new, _ = _name_at(toks, i + 2)
        if new:
            if "." not in new:
                new = _schema_prefix(table) + new
            schema[new] = schema.pop(table)
        return
    for clause in _split_top_level(toks[i:]):
        if not clause or clause[0].quoted:
            continue
        verb = clause[0].keyword
        if verb == "ADD":
            j = _skip(clause, 1, "COLUMN", "IF NOT EXISTS")
            word = clause[j].keyword.split()[:1] if j < len(clause) else []
            if j < len(clause) and not (word and word[0] in _TABLE_CONSTRAINT_WORDS):
                schema[table] = [*schema[table], _unquote(clause[j].value)]
        elif verb == "DROP":
            j = _skip(clause, 1, "COLUMN", "IF EXISTS")
            if j < len(clause):
                schema[table] = _without(schema[table], _unquote(clause[j].value))
        elif verb == "RENAME":
            j = _skip(clause, 1, "COLUMN")
            if j + 2 < len(clause) and clause[j + 1].keyword == "TO":
                old, new = _unquote(clause[j].value), _unquote(clause[j + 2].value)
                schema[table] = [new if c == old else c for c in schema[table]]


def _drop_table(table: str) -> Text:
    return QT_TRANSLATE_NOOP("Plan", "drop table {table}").format(table=table)


def _drop_column(column: str) -> Text:
    """``column`` is ``table.column``."""
    return QT_TRANSLATE_NOOP("Plan", "drop column {column}").format(column=column)


def _scan(sql: str, version_table: str, schema: _Columns) -> list[str]:
    """The destructive phrases of ``sql``; ``schema`` (what is known of the tables' columns)
    is brought up to date with what ``sql`` creates, alters and drops."""
    statements = [_tokens(s) for s in sqlparse.split(sql or "")]
    statements = [t for t in statements if t]
    rebuilt: set[str] = set()
    for toks in statements:
        # ALTER TABLE [schema.]_alembic_tmp_x RENAME TO x
        if len(toks) >= 6 and toks[0].keyword == "ALTER" and toks[1].keyword == "TABLE":
            tmp, i = _name_at(toks, 2)
            if (
                _last_part(tmp).startswith(_BATCH_TMP_PREFIX)
                and i + 1 < len(toks)
                and toks[i].keyword == "RENAME"
                and toks[i + 1].keyword == "TO"
            ):
                target, _ = _name_at(toks, i + 2)
                if target:
                    if "." not in target:
                        target = _schema_prefix(tmp) + target
                    rebuilt.add(target)
    copied: dict[str, set[str]] = {}  # rebuilt table -> the columns its rebuild copies
    found: list[str] = []
    for toks in statements:
        first = toks[0]
        second = toks[1].keyword if len(toks) > 1 else ""
        if first.keyword == "CREATE":
            created = _create_table_columns(toks)
            if created is not None:
                schema[created[0]] = created[1]
        elif first.keyword == "INSERT" and second == "INTO":
            tmp, _ = _name_at(toks, 2)
            if _last_part(tmp).startswith(_BATCH_TMP_PREFIX):
                target = _schema_prefix(tmp) + _last_part(tmp)[len(_BATCH_TMP_PREFIX) :]
                copied[target] = _select_names(toks)
        elif first.keyword == "DROP" and second == "TABLE":
            for name in _table_list(toks, _skip(toks, 2, "IF EXISTS")):
                known = schema.pop(name, None)
                if _last_part(name).startswith(_BATCH_TMP_PREFIX):
                    continue
                if name in rebuilt:
                    # A rebuild loses the columns it does not copy: said only when the SQL so
                    # far (or the caller) told which columns the table had; never guessed.
                    if known is not None and name in copied:
                        found += [
                            _drop_column(f"{name}.{c}")
                            for c in known
                            if c.casefold() not in copied[name]
                        ]
                    continue
                found.append(_drop_table(name))
        elif first.keyword == "ALTER" and second == "TABLE":
            found += [_drop_column(c) for c in _alter_table_drops(toks)]
            _track_alter(toks, schema)
        elif first.keyword == "TRUNCATE":
            i = _skip(toks, 1, "TABLE", "ONLY")
            found += [
                QT_TRANSLATE_NOOP("Plan", "truncate table {table}").format(table=name)
                for name in _table_list(toks, i)
            ]
        elif first.keyword == "DELETE" and not _has_top_level_where(toks):
            i = _skip(toks, 1, "FROM", "ONLY")
            name, _ = _name_at(toks, i)
            if name and _last_part(name) != version_table:
                found.append(
                    QT_TRANSLATE_NOOP("Plan", "delete from {table}").format(table=name)
                )
    return found


def destructive_operations(
    sql: str,
    version_table: str = VERSION_TABLE,
    table_columns: Mapping[str, Sequence[str]] | None = None,
) -> tuple[str, ...]:
    """The statements of ``sql`` that lose data, one short phrase each, in order:
    ``drop table customer``, ``drop column orders.phone``, ``truncate table audit``,
    ``delete from audit`` (a DELETE without WHERE).

    Not data: dropping an index, constraint, key, sequence, type or view; deleting from the
    version table (alembic's bookkeeping). SQLite batch mode's table rebuild (``CREATE TABLE
    _alembic_tmp_x``, copy, ``DROP TABLE x``, rename) is not a drop of ``x``; it loses the
    columns it does not copy, but which columns ``x`` had is unknown offline, so that is said
    only when ``table_columns`` (table -> its columns now, e.g. reflected from the database)
    or an earlier ``CREATE TABLE x`` in ``sql`` tells it: a rebuild is never guessed to drop.
    Comments and string literals are ignored; quoted names are shown unquoted,
    schema-qualified names are kept.
    """
    schema = {name: list(cols) for name, cols in (table_columns or {}).items()}
    return tuple(dict.fromkeys(_scan(sql, version_table, schema)))


def with_destructive(
    plan: MigrationPlan,
    version_table: str = VERSION_TABLE,
    table_columns: Mapping[str, Sequence[str]] | None = None,
) -> MigrationPlan:
    """A copy of ``plan`` whose steps have :attr:`PlanStep.destructive` filled from their SQL.

    The steps are read in run order, so what a step creates (``CREATE TABLE``, columns added)
    is known to the later ones; ``table_columns`` is what the database holds before the run
    (see :func:`destructive_operations`)."""
    schema = {name: list(cols) for name, cols in (table_columns or {}).items()}
    _scan(plan.preamble_sql, version_table, schema)
    steps = tuple(
        dataclasses.replace(
            s, destructive=tuple(dict.fromkeys(_scan(s.sql, version_table, schema)))
        )
        for s in plan.steps
    )
    return dataclasses.replace(plan, steps=steps)
