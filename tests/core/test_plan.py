"""core/plan.py: what a step's SQL destroys (on hand-written SQL and on SQL rendered offline by
alembic itself for PostgreSQL, MySQL and SQLite), and the plan's full script."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations

from migrator_gui.core.plan import (
    MigrationPlan,
    PlanStep,
    destructive_operations,
    with_destructive,
)


def render(dialect: str, ops: Callable[[Operations], None]) -> str:
    """The SQL alembic prints for ``ops`` offline (``--sql``) on ``dialect``."""
    buf = io.StringIO()
    ctx = MigrationContext.configure(
        dialect_name=dialect, opts={"as_sql": True, "output_buffer": buf}
    )
    ops(Operations(ctx))
    return buf.getvalue()


# -- hand-written SQL ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("DROP TABLE customer;", ("drop table customer",)),
        ("drop table if exists customer cascade;", ("drop table customer",)),
        ("DROP TABLE a, b;", ("drop table a", "drop table b")),
        ('DROP TABLE public."Book";', ("drop table public.Book",)),
        ("DROP TABLE `order`;", ("drop table order",)),
        ("DROP TABLE [dbo].[user];", ("drop table dbo.user",)),
        ("DROP TABLE user;", ("drop table user",)),  # a keyword-like name
        ("ALTER TABLE orders DROP COLUMN phone;", ("drop column orders.phone",)),
        ("ALTER TABLE orders DROP phone;", ("drop column orders.phone",)),  # MySQL
        ("ALTER TABLE orders DROP COLUMN IF EXISTS phone;", ("drop column orders.phone",)),
        ("ALTER TABLE ONLY public.orders DROP COLUMN note;", ("drop column public.orders.note",)),
        (
            "ALTER TABLE orders DROP phone, DROP COLUMN email, ADD COLUMN x INT;",
            ("drop column orders.phone", "drop column orders.email"),
        ),
        (
            "ALTER TABLE orders ADD COLUMN x NUMERIC(10, 2), DROP COLUMN email;",
            ("drop column orders.email",),
        ),
        ("ALTER TABLE t DROP COLUMN a, b;", ("drop column t.a", "drop column t.b")),  # MSSQL
        ("ALTER TABLE t DROP `key`;", ("drop column t.key",)),  # a quoted name, not KEY
        ("ALTER TABLE t DROP a, FORCE;", ("drop column t.a",)),  # MySQL table options
        ("ALTER TABLE t DROP COLUMN a, LOCK=NONE;", ("drop column t.a",)),
        ("TRUNCATE TABLE audit;", ("truncate table audit",)),
        ("TRUNCATE ONLY a, b RESTART IDENTITY CASCADE;", ("truncate table a", "truncate table b")),
        ("DELETE FROM audit;", ("delete from audit",)),
        ("DELETE FROM audit WHERE created < '2020-01-01';", ()),
        ("DELETE FROM audit WHERE id IN (SELECT id FROM x);", ()),
        ("DELETE FROM audit_archive USING x;", ("delete from audit_archive",)),
        ("DELETE FROM alembic_version WHERE alembic_version.version_num = 'ab12';", ()),
        ("DELETE FROM alembic_version;", ()),  # alembic's bookkeeping
        ("DELETE FROM myschema.alembic_version;", ()),
        # not data
        ("DROP INDEX ix_orders_placed_at;", ()),
        ("DROP INDEX ix_x ON orders;", ()),
        ("ALTER TABLE orders DROP CONSTRAINT fk_customer;", ()),
        ("ALTER TABLE orders DROP FOREIGN KEY fk_customer;", ()),
        ("ALTER TABLE orders DROP PRIMARY KEY;", ()),
        ("ALTER TABLE orders DROP INDEX ix, DROP KEY k, DROP CHECK c;", ()),
        ("ALTER TABLE orders ALTER COLUMN note DROP NOT NULL;", ()),
        ("ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;", ()),
        ("DROP SEQUENCE order_seq;", ()),
        ("DROP TYPE status_enum;", ()),
        ("DROP VIEW report;", ()),
        ("CREATE TABLE t (id INTEGER);", ()),
        # comments and string literals are not statements
        ("-- DROP TABLE customer\nSELECT 1;", ()),
        ("/* DROP TABLE customer; */ SELECT 1;", ()),
        ("INSERT INTO log (msg) VALUES ('DROP TABLE customer; TRUNCATE x;');", ()),
        ("UPDATE t SET note = 'ALTER TABLE t DROP COLUMN x';", ()),
        ("", ()),
    ],
)
def test_destructive_operations(sql: str, expected: tuple[str, ...]) -> None:
    assert destructive_operations(sql) == expected


def test_several_statements_in_order_without_repeats() -> None:
    sql = (
        "BEGIN;\n-- Running downgrade b -> a\n"
        "DROP INDEX ix_customer_email;\n"
        "ALTER TABLE customer DROP COLUMN phone;\n"
        "DROP TABLE customer;\nDROP TABLE customer;\n"
        "UPDATE alembic_version SET version_num='a' WHERE alembic_version.version_num = 'b';\n"
        "COMMIT;\n"
    )
    assert destructive_operations(sql) == ("drop column customer.phone", "drop table customer")


def test_custom_version_table() -> None:
    assert destructive_operations("DELETE FROM my_versions;") == ("delete from my_versions",)
    assert destructive_operations("DELETE FROM my_versions;", version_table="my_versions") == ()


def test_sqlite_batch_rebuild_is_not_a_drop() -> None:
    sql = (
        "CREATE TABLE _alembic_tmp_orders (\n    id INTEGER NOT NULL,\n    PRIMARY KEY (id)\n);\n"
        "INSERT INTO _alembic_tmp_orders (id) SELECT orders.id FROM orders;\n"
        "DROP TABLE orders;\n"
        "ALTER TABLE _alembic_tmp_orders RENAME TO orders;\n"
    )
    assert destructive_operations(sql) == ()
    # a real drop next to a rebuild is still reported
    assert destructive_operations(sql + "DROP TABLE customer;") == ("drop table customer",)
    # with a schema
    schema_sql = (
        "CREATE TABLE aux._alembic_tmp_orders (id INTEGER);\n"
        "DROP TABLE aux.orders;\n"
        "ALTER TABLE aux._alembic_tmp_orders RENAME TO orders;\n"
    )
    assert destructive_operations(schema_sql) == ()


# -- SQL rendered by alembic itself ----------------------------------------------------------


@pytest.mark.parametrize("dialect", ["postgresql", "mysql", "sqlite"])
def test_alembic_rendered_drops(dialect: str) -> None:
    def ops(op: Operations) -> None:
        op.create_table(
            "product",
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("name", sa.String(80), nullable=False),
        )
        op.drop_index("ix_orders_placed_at", table_name="orders")
        op.drop_column("orders", "phone")
        op.drop_table("customer")
        op.execute("DELETE FROM audit")
        op.execute(sa.text("INSERT INTO note (body) VALUES ('DROP TABLE x')"))

    sql = render(dialect, ops)
    assert "DROP TABLE customer" in sql and "DROP INDEX ix_orders_placed_at" in sql
    assert destructive_operations(sql) == (
        "drop column orders.phone",
        "drop table customer",
        "delete from audit",
    )


@pytest.mark.parametrize("dialect", ["postgresql", "mysql"])
def test_alembic_rendered_schema_and_constraints(dialect: str) -> None:
    def ops(op: Operations) -> None:
        op.drop_constraint("fk_orders_customer", "orders", type_="foreignkey")
        op.drop_constraint("uq_email", "customer", type_="unique")
        op.drop_table("book", schema="public")
        op.drop_column("order_item", "qty", schema="shop")

    sql = render(dialect, ops)
    assert destructive_operations(sql) == (
        "drop table public.book",
        "drop column shop.order_item.qty",
    )


def test_alembic_rendered_quoted_names_postgresql() -> None:
    def ops(op: Operations) -> None:
        op.drop_table("Customer")  # mixed case: alembic quotes it
        op.drop_column("user", "Phone")  # a reserved word

    sql = render("postgresql", ops)
    assert '"Customer"' in sql and '"user"' in sql
    assert destructive_operations(sql) == ("drop table Customer", "drop column user.Phone")


def test_alembic_rendered_sqlite_batch_rebuild() -> None:
    orders = sa.Table(
        "orders",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("phone", sa.String(20)),
    )

    def ops(op: Operations) -> None:
        with op.batch_alter_table("orders", recreate="always", copy_from=orders) as batch:
            batch.drop_column("phone")

    sql = render("sqlite", ops)
    assert "_alembic_tmp_orders" in sql and "DROP TABLE orders" in sql
    assert destructive_operations(sql) == ()  # a rebuild: never guessed


@pytest.mark.parametrize("dialect", ["postgresql", "mysql", "sqlite"])
def test_alembic_version_bookkeeping_is_not_destructive(dialect: str) -> None:
    version = sa.table("alembic_version", sa.column("version_num"))

    def ops(op: Operations) -> None:
        op.execute(version.delete().where(version.c.version_num == "1975ea83b712"))
        op.execute(version.delete())  # emptied entirely: still bookkeeping
        op.execute(sa.table("audit").delete())

    sql = render(dialect, ops)
    assert "DELETE FROM alembic_version WHERE" in sql
    assert destructive_operations(sql) == ("delete from audit",)


def _orders_rebuild(change: Callable[[object], None]) -> str:
    """SQLite batch mode's rebuild of ``orders(id, phone, note)``, rendered by alembic."""
    orders = sa.Table(
        "orders",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("phone", sa.String(20)),
        sa.Column("note", sa.String(20)),
    )

    def ops(op: Operations) -> None:
        with op.batch_alter_table("orders", recreate="always", copy_from=orders) as batch:
            change(batch)

    return render("sqlite", ops)


def test_rebuild_drops_are_said_when_the_columns_are_known() -> None:
    sql = _orders_rebuild(lambda batch: batch.drop_column("phone"))  # type: ignore[attr-defined]
    assert destructive_operations(sql) == ()  # unknown columns: never guessed
    columns = {"orders": ["id", "phone", "note"]}
    assert destructive_operations(sql, table_columns=columns) == ("drop column orders.phone",)
    assert columns == {"orders": ["id", "phone", "note"]}  # the caller's data is not changed
    assert destructive_operations(sql, table_columns={"customer": ["id"]}) == ()


def test_rebuild_that_renames_or_retypes_a_column_loses_nothing() -> None:
    columns = {"orders": ["id", "phone", "note"]}
    renamed = _orders_rebuild(
        lambda batch: batch.alter_column("phone", new_column_name="mobile")  # type: ignore[attr-defined]
    )
    assert "mobile" in renamed
    assert destructive_operations(renamed, table_columns=columns) == ()
    retyped = _orders_rebuild(
        lambda batch: batch.alter_column("note", type_=sa.Integer())  # type: ignore[attr-defined]
    )
    assert "CAST(orders.note AS INTEGER)" in retyped
    assert destructive_operations(retyped, table_columns=columns) == ()


def test_columns_created_earlier_in_the_sql_are_known() -> None:
    rebuild = (
        "CREATE TABLE _alembic_tmp_book (id INTEGER NOT NULL, title VARCHAR(200), "
        "PRIMARY KEY (id), FOREIGN KEY(author_id) REFERENCES author (id));\n"
        "INSERT INTO _alembic_tmp_book (id, title) SELECT book.id, book.title FROM book;\n"
        "DROP TABLE book;\n"
        "ALTER TABLE _alembic_tmp_book RENAME TO book;\n"
    )
    created = "CREATE TABLE book (id INTEGER NOT NULL, title VARCHAR(200), PRIMARY KEY (id));\n"
    assert destructive_operations(created + rebuild) == ()
    added = created + "ALTER TABLE book ADD COLUMN isbn VARCHAR(20);\n"
    assert destructive_operations(added + rebuild) == ("drop column book.isbn",)
    # after the rebuild, book has the rebuilt table's columns: a second rebuild loses nothing
    assert destructive_operations(added + rebuild + rebuild) == ("drop column book.isbn",)
    dropped = added + "ALTER TABLE book DROP COLUMN isbn;\n"
    assert destructive_operations(dropped + rebuild) == ("drop column book.isbn",)  # the ALTER


# -- plans -----------------------------------------------------------------------------------


def _plan() -> MigrationPlan:
    def step(index: int, revision: str, sql: str) -> PlanStep:
        return PlanStep(
            index=index,
            revision=revision,
            label=f"{revision} -> x",
            description=f"step {index}",
            is_upgrade=False,
            sql=sql,
        )

    return MigrationPlan(
        operation="downgrade",
        target="base",
        database="sqlite:///demo.db",
        dialect="sqlite",
        current=("bb2d28aa9aa2",),
        steps=(
            step(
                0, "bb2d28aa9aa2", "-- Running downgrade\nALTER TABLE customer DROP COLUMN phone;\n"
            ),
            step(1, "4d29c11ffdf3", "-- Running downgrade\nDROP INDEX ix_name;\n"),
            step(2, "0fe23f047a37", "-- Running downgrade\nDROP TABLE customer;\n"),
        ),
        preamble_sql="BEGIN;\n\n",
        epilogue_sql="COMMIT;\n",
    )


def test_with_destructive_fills_each_step() -> None:
    plan = _plan()
    filled = with_destructive(plan)
    assert filled is not plan
    assert [s.destructive for s in filled.steps] == [
        ("drop column customer.phone",),
        (),
        ("drop table customer",),
    ]
    assert [s.index for s in filled.destructive_steps] == [0, 2]
    assert plan.destructive_steps == ()  # the original is untouched (frozen data)
    assert filled.full_sql() == plan.full_sql()
    assert filled.current == plan.current and filled.operation == "downgrade"


def test_full_sql_concatenates_in_order() -> None:
    plan = _plan()
    assert plan.full_sql() == (
        "BEGIN;\n\n"
        "-- Running downgrade\nALTER TABLE customer DROP COLUMN phone;\n"
        "-- Running downgrade\nDROP INDEX ix_name;\n"
        "-- Running downgrade\nDROP TABLE customer;\n"
        "COMMIT;\n"
    )
    assert plan.complete
    assert not MigrationPlan("upgrade", "head", "db", "sqlite", (), error="boom").complete


def test_with_destructive_follows_the_tables_across_steps() -> None:
    """An upgrade from base: step 1 creates book with isbn, step 2 rebuilds it without."""

    def step(index: int, sql: str) -> PlanStep:
        return PlanStep(index, f"r{index}", f"r{index}", f"step {index}", True, sql)

    plan = MigrationPlan(
        operation="upgrade",
        target="head",
        database="app.db",
        dialect="sqlite",
        current=(),
        steps=(
            step(0, "CREATE TABLE book (id INTEGER, isbn VARCHAR(20), title VARCHAR(200));\n"),
            step(
                1,
                "CREATE TABLE _alembic_tmp_book (id INTEGER, title VARCHAR(200));\n"
                "INSERT INTO _alembic_tmp_book (id, title) SELECT book.id, book.title "
                "FROM book;\nDROP TABLE book;\nALTER TABLE _alembic_tmp_book RENAME TO book;\n",
            ),
        ),
    )
    assert [s.destructive for s in with_destructive(plan).steps] == [
        (),
        ("drop column book.isbn",),
    ]
    # each step alone cannot know it
    assert destructive_operations(plan.steps[1].sql) == ()
    # what the database holds before the run can be given
    rebuild_only = dataclasses.replace(plan, steps=plan.steps[1:])
    assert with_destructive(rebuild_only).steps[0].destructive == ()
    known = with_destructive(rebuild_only, table_columns={"book": ["id", "isbn", "title"]})
    assert known.steps[0].destructive == ("drop column book.isbn",)
