"""core/lint.py: the warnings of the autogenerate diff pane and the suggested revision message,
on operations built by hand."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql

from migrator_gui.core.lint import LintWarning, lint, parse_type, suggest_message
from migrator_gui.core.protocol import DiffOp


def op(kind: str, table: str, name: str = "", schema: str | None = None, **details: Any) -> DiffOp:
    where = f"{schema}.{table}" if schema else table
    key = f"{kind}:{where}.{name}" if name else f"{kind}:{where}"
    return DiffOp(key=key, kind=kind, table=table, schema=schema, name=name, details=details)


def add_col(table: str, name: str, type_: str = "Integer()", **details: Any) -> DiffOp:
    details.setdefault("nullable", True)
    details.setdefault("server_default", None)
    return op("add_column", table, name, type=type_, **details)


def drop_col(table: str, name: str, type_: str | None = "INTEGER()", **details: Any) -> DiffOp:
    if type_ is not None:
        details["type"] = type_
    details.setdefault("nullable", True)
    return op("drop_column", table, name, **details)


def alter(table: str, name: str, **details: Any) -> DiffOp:
    return op("alter_column", table, name, **details)


def rules(warnings: list[LintWarning], rule: str) -> list[LintWarning]:
    return [w for w in warnings if w.rule == rule]


# --- data-loss ----------------------------------------------------------------------------------


def test_drop_column_and_drop_table_are_data_loss() -> None:
    ops = [drop_col("user", "age"), op("drop_table", "order")]
    found = rules(lint(ops, "sqlite"), "data-loss")
    assert [(w.keys, w.severity) for w in found] == [
        (("drop_column:user.age",), "danger"),
        (("drop_table:order",), "danger"),
    ]
    assert found[0].message == "Dropping column user.age deletes its data."
    assert "order" in found[1].message


def test_adds_and_drop_index_are_not_data_loss() -> None:
    ops = [
        add_col("user", "age"),
        op("add_table", "order", columns=["id"]),
        op("drop_index", "user", "ix_user_email"),
        op("drop_constraint", "user", "uq_user_email"),
    ]
    assert lint(ops, "sqlite") == []


def test_schema_is_named_in_the_message() -> None:
    (warning,) = lint([drop_col("user", "age", schema="app")], "postgresql")
    assert warning.message == "Dropping column app.user.age deletes its data."


# --- not-null-without-default -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table_rows", "severity"),
    [({"user": 12}, "danger"), (None, "warning"), ({"other": 5}, "warning"), ({"user": 0}, None)],
)
def test_not_null_column_without_default(
    table_rows: dict[str, int] | None, severity: str | None
) -> None:
    ops = [add_col("user", "age", nullable=False)]
    found = rules(lint(ops, "postgresql", table_rows), "not-null-without-default")
    if severity is None:
        assert found == []
    else:
        (warning,) = found
        assert warning.severity == severity
        assert warning.keys == ("add_column:user.age",)
        assert "user.age" in warning.message
        assert warning.fix == (
            "Add a server_default, or add it nullable, fill it, then make it NOT NULL."
        )


def test_not_null_column_row_count_in_message() -> None:
    (warning,) = lint([add_col("user", "age", nullable=False)], "sqlite", {"user": 1234})
    assert "1,234 rows" in warning.message


def test_not_null_with_default_or_nullable_is_fine() -> None:
    ops = [
        add_col("user", "age", nullable=False, server_default="0"),
        add_col("user", "nick", nullable=True),
        add_col("user", "bio"),
    ]
    assert lint(ops, "postgresql", {"user": 10}) == []


def test_row_count_by_schema_qualified_name() -> None:
    ops = [add_col("user", "age", schema="app", nullable=False)]
    (warning,) = lint(ops, "postgresql", {"app.user": 3})
    assert warning.severity == "danger"
    assert lint(ops, "postgresql", {"app.user": 0, "user": 9}) == []
    (warning,) = lint(ops, "postgresql", {"user": 9})
    assert warning.severity == "danger"


@pytest.mark.parametrize(
    ("table_rows", "severity"), [({"user": 1}, "danger"), (None, "warning"), ({"user": 0}, None)]
)
def test_alter_to_not_null_without_default(
    table_rows: dict[str, int] | None, severity: str | None
) -> None:
    ops = [alter("user", "age", old_nullable=True, new_nullable=False)]
    found = rules(lint(ops, "postgresql", table_rows), "not-null-without-default")
    if severity is None:
        assert found == []
    else:
        (warning,) = found
        assert warning.severity == severity
        assert "NULL" in warning.message
        assert "UPDATE user SET age" in warning.fix


def test_alter_not_null_with_default_or_other_direction_is_fine() -> None:
    ops = [
        alter("user", "a", old_nullable=True, new_nullable=False, new_default="0"),
        alter("user", "b", old_nullable=False, new_nullable=True),
        alter("user", "c", old_nullable=False, new_nullable=False),
        alter("user", "d", old_type="Integer()", new_type="BigInteger()"),
    ]
    assert lint(ops, "postgresql", {"user": 100}) == []


# --- may-truncate -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("VARCHAR(length=50)", "String(length=20)"),
        ("String(50)", "VARCHAR(20)"),
        ("varchar(length=50)", "sa.String(length=20)"),
        ("VARCHAR()", "String(length=20)"),
        ("TEXT()", "String(length=255)"),
        ("Text()", "CHAR(10)"),
        ("LONGTEXT()", "TEXT()"),
        ("BIGINT()", "INTEGER()"),
        ("BigInteger()", "Integer()"),
        ("INTEGER()", "SMALLINT()"),
        ("Integer()", "SmallInteger()"),
        ("mysql.INTEGER(display_width=11)", "TINYINT(display_width=4)"),
        ("NUMERIC(precision=10, scale=2)", "Numeric(precision=8, scale=2)"),
        ("Numeric(10, 4)", "NUMERIC(10, 2)"),
        ("Numeric(precision=10, scale=2)", "Integer()"),
        ("Float()", "Integer()"),
        ("DOUBLE_PRECISION(precision=53)", "REAL()"),
        ("DateTime()", "Date()"),
        ("TIMESTAMP(timezone=True)", "DATE()"),
    ],
)
def test_narrower_type_may_truncate(old: str, new: str) -> None:
    ops = [alter("user", "x", old_type=old, new_type=new)]
    (warning,) = lint(ops, "postgresql")
    assert (warning.rule, warning.severity, warning.keys) == (
        "may-truncate",
        "warning",
        ("alter_column:user.x",),
    )
    assert old in warning.message and new in warning.message


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("VARCHAR(length=20)", "String(length=50)"),
        ("String(20)", "Text()"),
        ("String(length=20)", "String()"),
        ("SMALLINT()", "Integer()"),
        ("Integer()", "BIGINT()"),
        ("Numeric(precision=8, scale=2)", "NUMERIC(precision=10, scale=2)"),
        ("Integer()", "Float()"),
        ("Date()", "DateTime()"),
        ("TEXT()", "LONGTEXT()"),
        ("Boolean()", "Integer()"),
        ("Something odd", "String(10)"),
        (None, "String(10)"),
    ],
)
def test_wider_or_unknown_type_is_fine(old: str | None, new: str) -> None:
    assert lint([alter("user", "x", old_type=old, new_type=new)], "postgresql") == []


def test_shorter_length_from_details_alone() -> None:
    ops = [alter("user", "x", old_type="???", new_type="???", type_length_old=9, type_length_new=3)]
    assert [w.rule for w in lint(ops, "sqlite")] == ["may-truncate"]
    ops = [alter("user", "x", type_length_old=3, type_length_new=9)]
    assert lint(ops, "sqlite") == []


def test_parse_type_reads_sqlalchemy_reprs() -> None:
    def same(a: sa.types.TypeEngine[Any], b: sa.types.TypeEngine[Any]) -> bool:
        ta, tb = parse_type(repr(a)), parse_type(repr(b))
        assert ta is not None and tb is not None
        return ta.same_as(tb)

    assert same(sa.VARCHAR(20), sa.String(20))
    assert same(mysql.VARCHAR(length=20, collation="utf8mb4_bin"), sa.String(length=20))
    assert same(mysql.INTEGER(display_width=11), sa.Integer())
    assert same(sa.Numeric(10, 2), sa.DECIMAL(10, 2))
    assert same(postgresql.TIMESTAMP(), sa.DateTime(timezone=True))
    assert same(mysql.ENUM("a", "b"), sa.Enum("a", "b", name="status"))
    assert not same(sa.String(20), sa.String(21))
    assert not same(sa.String(20), sa.Text())
    assert not same(sa.Integer(), sa.BigInteger())
    assert not same(sa.Numeric(10, 2), sa.Numeric(10, 3))
    assert not same(sa.Enum("a", "b", name="x"), sa.Enum("a", "c", name="x"))
    assert parse_type("") is None
    assert parse_type(None) is None
    assert parse_type("not a type (") is None


# --- looks-like-rename --------------------------------------------------------------------------


def test_drop_and_add_of_same_type_looks_like_rename() -> None:
    ops = [
        drop_col("user", "name", "VARCHAR(length=20)"),
        add_col("user", "full_name", "String(length=20)"),
    ]
    warnings = lint(ops, "postgresql")
    assert [w.rule for w in warnings] == ["data-loss", "looks-like-rename"]
    rename = warnings[1]
    assert rename.severity == "warning"
    assert rename.keys == ("drop_column:user.name", "add_column:user.full_name")
    assert rename.rename == ("user", "name", "full_name")
    assert rename.message == (
        "Column user.name dropped and user.full_name added with the same type: a rename?"
    )
    assert rename.fix == (
        "Treat as a rename: alter_column(new_column_name='full_name') keeps the data"
    )


def test_rename_warning_follows_the_later_operation() -> None:
    ops = [
        add_col("user", "full_name", "String(length=20)"),
        drop_col("user", "name", "VARCHAR(length=20)"),
    ]
    assert [w.rule for w in lint(ops, "sqlite")] == ["data-loss", "looks-like-rename"]


def test_two_candidates_give_no_rename() -> None:
    one_drop_two_adds = [
        drop_col("user", "name", "VARCHAR(length=20)"),
        add_col("user", "first", "String(length=20)"),
        add_col("user", "last", "String(length=20)"),
    ]
    two_drops_one_add = [
        drop_col("user", "first", "VARCHAR(length=20)"),
        drop_col("user", "last", "VARCHAR(length=20)"),
        add_col("user", "name", "String(length=20)"),
    ]
    for ops in (one_drop_two_adds, two_drops_one_add):
        assert rules(lint(ops, "postgresql"), "looks-like-rename") == []


def test_two_unambiguous_renames_in_one_table() -> None:
    ops = [
        drop_col("user", "name", "VARCHAR(length=20)"),
        drop_col("user", "age", "INTEGER()"),
        add_col("user", "full_name", "String(length=20)"),
        add_col("user", "years", "Integer()"),
    ]
    found = rules(lint(ops, "postgresql"), "looks-like-rename")
    assert [w.rename for w in found] == [
        ("user", "name", "full_name"),
        ("user", "age", "years"),
    ]
    assert len(rules(lint(ops, "postgresql"), "data-loss")) == 2


def test_no_rename_across_types_tables_or_unknown_type() -> None:
    different_types = [
        drop_col("user", "name", "VARCHAR(length=20)"),
        add_col("user", "full_name", "String(length=40)"),
    ]
    different_tables = [
        drop_col("user", "name", "VARCHAR(length=20)"),
        add_col("account", "name", "String(length=20)"),
    ]
    different_schemas = [
        drop_col("user", "name", "VARCHAR(length=20)", schema="a"),
        add_col("user", "full_name", "String(length=20)", schema="b"),
    ]
    unknown_type = [drop_col("user", "name", None), add_col("user", "full_name", "String(20)")]
    for ops in (different_types, different_tables, different_schemas, unknown_type):
        assert rules(lint(ops, "postgresql"), "looks-like-rename") == []


# --- index-not-concurrent -----------------------------------------------------------------------


def test_index_on_large_postgresql_table() -> None:
    ops = [op("add_index", "orders", "ix_orders_user", columns=["user_id"], unique=False)]
    (warning,) = lint(ops, "postgresql", {"orders": 250_000})
    assert (warning.rule, warning.severity, warning.keys) == (
        "index-not-concurrent",
        "warning",
        ("add_index:orders.ix_orders_user",),
    )
    assert "CREATE INDEX locks writes to orders" in warning.message
    assert "postgresql_concurrently=True" in warning.fix
    assert "outside a transaction" in warning.fix
    assert lint(ops, "postgresql+psycopg", {"orders": 100_000}) != []


@pytest.mark.parametrize(
    ("dialect", "table_rows", "large"),
    [
        ("sqlite", {"orders": 10_000_000}, 100_000),
        ("mssql", {"orders": 10_000_000}, 100_000),
        ("postgresql", {"orders": 99_999}, 100_000),
        ("postgresql", {"orders": 0}, 100_000),
        ("postgresql", None, 100_000),
        ("postgresql", {"users": 10_000_000}, 100_000),
        ("postgresql", {"orders": 500}, 1_000),
    ],
)
def test_index_without_warning(dialect: str, table_rows: dict[str, int] | None, large: int) -> None:
    ops = [op("add_index", "orders", "ix_orders_user", columns=["user_id"], unique=False)]
    assert lint(ops, dialect, table_rows, large_table_rows=large) == []


def test_index_already_concurrent_or_threshold_lowered() -> None:
    concurrent = [op("add_index", "orders", "ix", columns=["a"], postgresql_concurrently=True)]
    assert lint(concurrent, "postgresql", {"orders": 10**7}) == []
    plain = [op("add_index", "orders", "ix", columns=["a"])]
    assert len(lint(plain, "postgresql", {"orders": 1_000}, large_table_rows=1_000)) == 1


# --- ddl-not-transactional ----------------------------------------------------------------------


@pytest.mark.parametrize("dialect", ["mysql", "mariadb", "MySQL", "mysql+pymysql"])
def test_mysql_ddl_note_once(dialect: str) -> None:
    ops = [add_col("user", "a"), add_col("user", "b"), op("add_table", "order", columns=["id"])]
    warnings = lint(ops, dialect)
    assert len(warnings) == 1
    (note,) = warnings
    assert (note.rule, note.severity, note.keys) == ("ddl-not-transactional", "info", ())
    assert note.message == (
        "MySQL/MariaDB DDL is not transactional: a step that fails half-way stays half applied."
    )


def test_no_ddl_note_without_ops_or_on_other_dialects() -> None:
    assert lint([], "mysql") == []
    assert lint([add_col("user", "a")], "postgresql") == []
    assert lint([add_col("user", "a")], "sqlite") == []


def test_ddl_note_comes_first() -> None:
    warnings = lint([drop_col("user", "age")], "mariadb")
    assert [w.rule for w in warnings] == ["ddl-not-transactional", "data-loss"]


def test_unknown_kind_gives_no_warning() -> None:
    ops = [op("add_check_constraint", "user", "ck_age"), op("modify_comment", "user")]
    assert lint(ops, "postgresql", {"user": 10**9}) == []


# --- suggest_message ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("diff_op", "message"),
    [
        (add_col("user", "age"), "add user.age"),
        (op("add_table", "order", columns=["id"]), "create order table"),
        (drop_col("user", "age"), "drop user.age"),
        (op("drop_table", "order"), "drop order table"),
        (
            alter("user", "name", old_type="String(20)", new_type="String(40)"),
            "alter user.name type",
        ),
        (alter("user", "name", old_nullable=True, new_nullable=False), "make user.name not null"),
        (alter("user", "name", old_nullable=False, new_nullable=True), "make user.name nullable"),
        (alter("user", "name", old_default=None, new_default="'x'"), "alter user.name default"),
        (
            alter(
                "user", "n", old_type="A()", new_type="B()", old_nullable=True, new_nullable=False
            ),
            "alter user.n type and nullable",
        ),
        (alter("user", "name", new_name="full_name"), "rename user.name to full_name"),
        (op("add_index", "user", "ix_user_email", columns=["email"]), "add index ix_user_email"),
        (op("drop_index", "user", "ix_user_email"), "drop index ix_user_email"),
        (op("add_unique", "user", "uq_user_email"), "add unique uq_user_email"),
        (op("add_fk", "user", "fk_user_org", referred_table="org"), "add foreign key fk_user_org"),
        (op("add_fk", "user", referred_table="org"), "add user foreign key to org"),
        (op("drop_constraint", "user", "uq_x"), "drop constraint uq_x"),
        (op("add_check_constraint", "user", "ck_age"), "add check constraint ck_age"),
        (add_col("user", "age", schema="app"), "add user.age"),
    ],
)
def test_suggest_message_one_op(diff_op: DiffOp, message: str) -> None:
    assert suggest_message([diff_op]) == message


def test_suggest_message_several_ops() -> None:
    a = add_col("user", "age")
    b = op("add_table", "order", columns=["id"])
    c = drop_col("user", "nick")
    more = [op("add_index", "user", f"ix_{i}") for i in range(3)]
    assert suggest_message([]) == ""
    assert suggest_message([a, b]) == "add user.age, create order table"
    assert suggest_message([a, b, c]) == "add user.age, create order table, drop user.nick"
    assert suggest_message([a, b, c, *more]) == (
        "add user.age, create order table and 4 more changes"
    )
    assert suggest_message([a, b, *more]) == "add user.age, create order table and 3 more changes"
