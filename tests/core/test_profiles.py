"""Connection profiles, the profiles file and the password vault (real keyring backends)."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from migrator_gui.core import profiles as profiles_module
from migrator_gui.core.errors import MigratorError
from migrator_gui.core.profiles import (
    DEFAULT_LOCK_TIMEOUT,
    MAX_LOCK_TIMEOUT,
    NO_KEYRING_MESSAGE,
    ConnectionProfile,
    PasswordVault,
    ProfileError,
    ProfileStore,
    environment_colour,
    keyring_is_usable,
)
from tests.keyring_backend import MemoryKeyring, no_keyring, use_keyring

HARD_PASSWORD = "p@ss:w/rd%20#?&=+ é漢字 ünï"


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    with use_keyring(MemoryKeyring()) as backend:
        assert isinstance(backend, MemoryKeyring)
        yield backend


@pytest.fixture
def store(tmp_path: Path, memory_keyring: MemoryKeyring) -> ProfileStore:
    return ProfileStore(tmp_path / "config" / "profiles.json")


def pg(name: str = "pg", **fields: object) -> ConnectionProfile:
    values: dict[str, object] = {
        "name": name,
        "dialect": "postgresql",
        "host": "127.0.0.1",
        "port": 5432,
        "database": "shop",
        "username": "app",
    }
    values.update(fields)
    return ConnectionProfile(**values)  # type: ignore[arg-type]


# -- the profile ----------------------------------------------------------------------------------


def test_defaults_per_dialect() -> None:
    assert pg().effective_driver == "psycopg2"
    assert ConnectionProfile("m", dialect="mysql").effective_driver == "pymysql"
    assert ConnectionProfile("s", database="a.db").effective_driver == "pysqlite"
    assert ConnectionProfile("m", dialect="mysql").charset == "utf8mb4"
    assert pg().environment == "development"
    assert pg().id != pg().id  # each new profile has its own identity


def test_url_per_dialect() -> None:
    url = pg(sslmode="require").url("secret")
    assert url.drivername == "postgresql+psycopg2"
    assert (url.host, url.port, url.database, url.username, url.password) == (
        "127.0.0.1",
        5432,
        "shop",
        "app",
        "secret",
    )
    assert url.query == {"sslmode": "require"}
    mysql = ConnectionProfile(
        "m", dialect="mysql", host="db", database="shop", ssl_ca="/ca.pem", options={"a": "b"}
    ).url()
    assert mysql.drivername == "mysql+pymysql"
    assert dict(mysql.query) == {"charset": "utf8mb4", "ssl_ca": "/ca.pem", "a": "b"}
    assert mysql.password is None
    lite = ConnectionProfile("s", database="/tmp/x.db").url("ignored")
    assert lite.render_as_string() == "sqlite+pysqlite:////tmp/x.db"
    assert ConnectionProfile("s", database=":memory:").url().database == ":memory:"


@pytest.mark.parametrize(
    "password",
    [HARD_PASSWORD, "@", ":", "/", "%", "#", "?", "%40", "naïve", "пароль", "a b", "@:/%#?"],
)
def test_password_round_trips_exactly(password: str) -> None:
    url = pg().url(password)
    assert url.password == password
    rendered = url.render_as_string(hide_password=False)
    assert make_url(rendered) == url
    assert make_url(rendered).password == password
    # and back into a profile: the password comes out separately, intact
    again, found = ConnectionProfile.from_url("again", rendered)
    assert found == password
    assert again.url(found) == url


def test_display_url_never_shows_the_password() -> None:
    profile = pg()
    assert "secret" not in profile.display_url()
    assert profile.display_url() == "postgresql+psycopg2://app@127.0.0.1:5432/shop"
    assert profile.export_url() == profile.display_url()


def test_from_url_imports_every_field() -> None:
    profile, password = ConnectionProfile.from_url(
        "imported",
        "postgresql://bob:s%40cret@db.example:6543/app?sslmode=verify-full&application_name=x",
        environment="staging",
    )
    assert password == "s@cret"
    assert (profile.dialect, profile.driver, profile.effective_driver) == (
        "postgresql",
        "",
        "psycopg2",
    )
    assert (profile.host, profile.port, profile.database, profile.username) == (
        "db.example",
        6543,
        "app",
        "bob",
    )
    assert profile.sslmode == "verify-full"
    assert dict(profile.options) == {"application_name": "x"}
    assert profile.environment == "staging"

    mysql, none = ConnectionProfile.from_url(
        "m", "mysql+pymysql://root@127.0.0.1:3306/shop?charset=utf8&ssl_ca=/ca.pem"
    )
    assert none is None
    assert (mysql.dialect, mysql.charset, mysql.ssl_ca, dict(mysql.options)) == (
        "mysql",
        "utf8",
        "/ca.pem",
        {},
    )
    maria, _ = ConnectionProfile.from_url("m", "mariadb+pymysql://u@h/db")
    assert maria.dialect == "mysql"
    lite, _ = ConnectionProfile.from_url("s", "sqlite:///relative/app.db")
    assert (lite.dialect, lite.database) == ("sqlite", "relative/app.db")


@pytest.mark.parametrize(
    "text", ["not a url", "postgresql://u:p@h:notaport/db", "oracle://u@h/db", ""]
)
def test_from_url_rejects_what_it_cannot_use(text: str) -> None:
    with pytest.raises(ProfileError) as info:
        ConnectionProfile.from_url("x", text)
    assert isinstance(info.value, MigratorError)


def test_from_url_error_hides_the_password() -> None:
    with pytest.raises(ProfileError) as info:
        ConnectionProfile.from_url("x", "postgresql://u:topsecret@h:notaport/db")
    assert "topsecret" not in str(info.value)


@pytest.mark.parametrize("port", [0, 70000, -1, "0", "70000", "abc", "54a2", "5432.0", True])
def test_bad_ports(port: object) -> None:
    profile = pg(port=port)
    problems = profile.validate()
    assert len(problems) == 1 and "port" in problems[0].lower(), problems
    with pytest.raises(ProfileError):
        profile.url()


@pytest.mark.parametrize("port", [1, 5432, 65535, "3306", None, ""])
def test_good_ports(port: object) -> None:
    assert pg(port=port).validate() == []
    pg(port=port).url()


@pytest.mark.parametrize("host", ["", "   "])
def test_empty_host(host: str) -> None:
    problems = pg(host=host).validate()
    assert problems and "host" in problems[0].lower()


@pytest.mark.parametrize(
    "host", ["db;drop", "127.0.0.1; rm -rf", "my host", " host", "host\t", "u@host", "h/x"]
)
def test_host_with_forbidden_characters(host: str) -> None:
    problems = pg(host=host).validate()
    assert len(problems) == 1 and "host" in problems[0].lower(), problems


def test_other_field_problems() -> None:
    assert pg(name="").validate() == ["Give the profile a name."]
    assert "Unknown database type" in pg(dialect="oracle").validate()[0]
    assert "environment" in pg(environment="prod").validate()[0]
    assert "option" in pg(options={"bad key": "x"}).validate()[0]
    assert "SQLite" in ConnectionProfile("s").validate()[0]


@pytest.mark.parametrize("value", [0, 0.0, 2.5, 10, 86400, 86400.0])
def test_good_lock_timeouts(value: float) -> None:
    assert pg(lock_timeout=value).validate() == []


@pytest.mark.parametrize(
    "value", [-1, -0.5, 86400.5, 1e9, math.nan, math.inf, -math.inf, "10", None, True]
)
def test_bad_lock_timeouts(value: object) -> None:
    problems = pg(lock_timeout=value).validate()
    assert len(problems) == 1 and "lock timeout" in problems[0], problems


def test_lock_timeout_default_and_import() -> None:
    assert pg().lock_timeout == DEFAULT_LOCK_TIMEOUT == 10.0
    assert MAX_LOCK_TIMEOUT == 86400
    imported, _ = ConnectionProfile.from_url("i", "postgresql://u@h/db")
    assert imported.lock_timeout == 10.0  # not a URL option: a new profile's default
    chosen, _ = ConnectionProfile.from_url("i", "postgresql://u@h/db", lock_timeout=0)
    assert chosen.lock_timeout == 0
    assert "lock" not in pg(lock_timeout=3).display_url()


def test_sqlite_directory(tmp_path: Path) -> None:
    problems = ConnectionProfile("s", database=str(tmp_path)).validate()
    assert len(problems) == 1 and "is a folder" in problems[0]


def test_sqlite_non_database_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("these are not the tables you are looking for\n")
    problems = ConnectionProfile("s", database=str(path)).validate()
    assert len(problems) == 1 and "not a SQLite database" in problems[0]


def test_sqlite_read_only_file(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "ro.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    path.chmod(0o444)
    try:
        problems = ConnectionProfile("s", database=str(path)).validate()
    finally:
        path.chmod(0o644)
    assert len(problems) == 1 and "read-only" in problems[0] and "write" in problems[0]


def test_sqlite_fine_paths(tmp_path: Path) -> None:
    import sqlite3

    real = tmp_path / "real.db"
    sqlite3.connect(real).execute("CREATE TABLE t (x)").connection.close()
    empty = tmp_path / "empty.db"
    empty.touch()
    for database in (str(real), str(empty), str(tmp_path / "missing.db"), ":memory:"):
        assert ConnectionProfile("s", database=database).validate() == [], database
    assert (
        "does not exist"
        in ConnectionProfile("s", database=str(tmp_path / "nowhere" / "x.db")).validate()[0]
    )


def test_environment_colours() -> None:
    colours = {environment_colour(e) for e in ("development", "staging", "production")}
    assert len(colours) == 3 and all(c.startswith("#") and len(c) == 7 for c in colours)
    assert pg(environment="production").is_production
    assert pg(environment="production").colour == environment_colour("production")


# -- the store ------------------------------------------------------------------------------------


def test_save_load_keeps_order_and_fields(store: ProfileStore, tmp_path: Path) -> None:
    a = pg(
        "a",
        sslmode="require",
        version_table_schema="meta",
        environment="production",
        projects=(str(tmp_path),),
        options={"application_name": "migrator"},
    )
    b = ConnectionProfile("b", dialect="mysql", host="h", port="3307", ssl_ca="/ca")
    c = ConnectionProfile("c", database=":memory:")
    for p in (a, b, c):
        store.save(p)
    assert store.load_all() == [a, replace(b, port=3307), c]  # a port typed as text: a number
    assert store.load_problem is None
    data = json.loads(store.path.read_text())
    assert data["schema_version"] == 1 and set(data) == {"schema_version", "profiles", "last_used"}
    assert [p["name"] for p in data["profiles"]] == ["a", "b", "c"]


def test_lock_timeout_round_trips(store: ProfileStore) -> None:
    short = store.save(pg("short", lock_timeout=2.5))
    forever = store.save(pg("forever", lock_timeout=0))
    default = store.save(ConnectionProfile("lite", database=":memory:"))
    whole = store.save(pg("whole", lock_timeout=30))  # an int from code: stored as seconds
    assert [p.lock_timeout for p in store.load_all()] == [2.5, 0.0, 10.0, 30.0]
    assert store.load_all() == [short, forever, default, whole]
    assert isinstance(store.get("whole").lock_timeout, float)
    data = json.loads(store.path.read_text())
    assert [p["lock_timeout"] for p in data["profiles"]] == [2.5, 0.0, 10.0, 30.0]
    assert data["schema_version"] == 1  # an optional key with a default: no new version
    edited = store.save(replace(store.get("short"), lock_timeout=60.0), replace="short")
    assert store.get("short").lock_timeout == 60.0 and edited.id == short.id
    copy = store.duplicate("forever", "forever copy")
    assert copy.lock_timeout == 0 and store.get("forever copy").lock_timeout == 0
    assert store.rename("forever copy", "again").lock_timeout == 0


def test_old_file_without_lock_timeout_loads_the_default(store: ProfileStore) -> None:
    store.path.parent.mkdir(parents=True)
    old = {
        "schema_version": 1,
        "profiles": [
            {"name": "old", "id": "1", "dialect": "postgresql", "host": "h", "port": 5432},
            {"name": "lite", "id": "2", "dialect": "sqlite", "database": "a.db"},
        ],
        "last_used": {},
    }
    store.path.write_text(json.dumps(old))
    assert [(p.name, p.lock_timeout) for p in store.load_all()] == [("old", 10.0), ("lite", 10.0)]
    assert store.load_problem is None
    store.save(pg("new"))  # the next write adds the key to every profile
    assert all(
        p["lock_timeout"] == 10.0 for p in json.loads(store.path.read_text())["profiles"][:2]
    )


@pytest.mark.parametrize(
    "value", ["-1", "-0.5", "86401", '"10"', "true", "null", "[]", "NaN", "Infinity"]
)
def test_bad_lock_timeout_in_the_file_is_a_clear_load_problem(
    store: ProfileStore, value: str
) -> None:
    # Like every other malformed field: the file is set aside, kept, and the reason is said.
    store.path.parent.mkdir(parents=True)
    content = (
        '{"schema_version": 1, "profiles": [{"name": "a", "id": "1", "dialect": "sqlite", '
        f'"database": "a.db", "lock_timeout": {value}}}], "last_used": {{}}}}'
    )
    store.path.write_text(content)
    assert store.load_all() == []
    assert store.load_problem and "could not be read" in store.load_problem
    assert "profile 'a'" in store.load_problem and "lock timeout" in store.load_problem
    aside = list(store.path.parent.glob("profiles.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text() == content


@pytest.mark.parametrize("value", [-1, 86400.5, math.nan])
def test_save_refuses_a_bad_lock_timeout(store: ProfileStore, value: float) -> None:
    with pytest.raises(ProfileError, match="lock timeout"):
        store.save(pg(lock_timeout=value))
    assert store.load_all() == []


def test_duplicate_names_are_refused(store: ProfileStore) -> None:
    store.save(pg("prod"))
    with pytest.raises(ProfileError, match="A profile named 'prod' exists"):
        store.save(pg("prod"))
    store.save(pg("other"))
    with pytest.raises(ProfileError, match="exists"):
        store.save(pg("prod"), replace="other")  # renaming onto another profile
    with pytest.raises(ProfileError, match="exists"):
        store.rename("other", "prod")
    with pytest.raises(ProfileError, match="exists"):
        store.duplicate("other", "prod")
    assert store.names() == ["prod", "other"]


def test_save_refuses_invalid_profiles(store: ProfileStore) -> None:
    with pytest.raises(ProfileError, match="port"):
        store.save(pg(port=70000))
    assert store.load_all() == []


def test_replace_rename_duplicate_move_delete(
    store: ProfileStore, memory_keyring: MemoryKeyring
) -> None:
    a = store.save(pg("a"), "pw-a")
    store.save(pg("b"))
    store.save(pg("c"))
    edited = store.save(ConnectionProfile(**{**_fields(a), "database": "other"}), replace="a")
    assert store.names() == ["a", "b", "c"] and store.get("a").database == "other"
    renamed = store.rename("a", "A")
    assert renamed.id == edited.id and store.password(renamed) == "pw-a"
    copy = store.duplicate("A", "A copy")
    assert store.names() == ["A", "A copy", "b", "c"]
    assert copy.id != renamed.id and store.password(copy) == "pw-a"
    store.move("c", 0)
    assert store.names() == ["c", "A", "A copy", "b"]
    store.move("c", 99)
    assert store.names() == ["A", "A copy", "b", "c"]
    store.delete("A")
    assert store.names() == ["A copy", "b", "c"]
    assert ("migrator-gui", renamed.id) not in memory_keyring.passwords
    assert store.password(copy) == "pw-a"
    with pytest.raises(ProfileError, match="no profile named"):
        store.delete("A")


def _fields(profile: ConnectionProfile) -> dict[str, object]:
    return {k: getattr(profile, k) for k in profile.__dataclass_fields__}


def test_projects_and_last_used(store: ProfileStore, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    store.save(pg("one-db", projects=(str(one),)))
    store.save(pg("both", projects=(str(one), str(two))))
    store.save(pg("shared"))
    assert [p.name for p in store.for_project(one)] == ["one-db", "both", "shared"]
    assert [p.name for p in store.for_project(str(two) + "/")] == ["both", "shared"]
    assert store.last_used(one) is None
    store.set_last_used(one, "both")
    store.set_last_used(two / ".." / "two", "shared")
    assert store.last_used(str(one)).name == "both"  # type: ignore[union-attr]
    assert store.last_used(two).name == "shared"  # type: ignore[union-attr]
    store.rename("both", "both2")
    assert store.last_used(one).name == "both2"  # type: ignore[union-attr]
    store.delete("both2")
    assert store.last_used(one) is None
    with pytest.raises(ProfileError):
        store.set_last_used(one, "missing")


@pytest.mark.parametrize(
    "content",
    [
        "{ not json",
        "",
        "[]",
        '{"schema_version": 1, "profiles": {}}',
        '{"schema_version": 1, "profiles": [{"name": 3}]}',
        '{"schema_version": "1", "profiles": []}',
        '{"schema_version": 0, "profiles": []}',
        '{"profiles": []}',
        '{"schema_version": 1, "profiles": [{"name": "a", "id": "1"}, {"name": "a", "id": "2"}]}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_corrupt_file_is_set_aside(store: ProfileStore, content: str | bytes) -> None:
    store.path.parent.mkdir(parents=True)
    raw = content if isinstance(content, bytes) else content.encode()
    store.path.write_bytes(raw)
    assert store.load_all() == []
    assert store.load_problem and "could not be read" in store.load_problem
    aside = list(store.path.parent.glob("profiles.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == raw
    assert aside[0].name in store.load_problem
    assert not store.path.exists()
    store.save(pg("fresh"))  # a new list starts; the old file is untouched
    assert store.names() == ["fresh"] and aside[0].read_bytes() == raw


def test_newer_schema_version_is_set_aside(store: ProfileStore) -> None:
    store.path.parent.mkdir(parents=True)
    content = json.dumps({"schema_version": 2, "profiles": [], "new_thing": True})
    store.path.write_text(content)
    assert store.load_all() == []
    assert store.load_problem and "newer Migrator" in store.load_problem
    aside = list(store.path.parent.glob("profiles.json.from-newer-version-*"))
    assert len(aside) == 1 and aside[0].read_text() == content


def test_older_versions_go_through_the_migrations(
    store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pretend the current version is 2 and version 1 files need a step: the table is used.
    def v1_to_v2(data: dict[str, object]) -> dict[str, object]:
        return {**data, "schema_version": 2}

    store.save(pg("kept"))
    monkeypatch.setattr(profiles_module, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(profiles_module._MIGRATIONS, 1, v1_to_v2)
    assert store.names() == ["kept"] and store.load_problem is None
    store.save(pg("new"))
    assert json.loads(store.path.read_text())["schema_version"] == 2


def test_file_written_atomically_and_no_temp_left(store: ProfileStore) -> None:
    for i in range(5):
        store.save(pg(f"p{i}"))
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["profiles.json"]


def test_default_path_is_under_the_config_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.setenv("MIGRATOR_GUI_CONFIG_DIR", str(tmp_path / "cfg"))
    assert ProfileStore().path == tmp_path / "cfg" / "profiles.json"


# -- passwords ------------------------------------------------------------------------------------


def test_keyring_path(store: ProfileStore, memory_keyring: MemoryKeyring) -> None:
    assert store.vault.persistent and store.vault.message is None
    profile = store.save(pg("kr"), HARD_PASSWORD)
    assert memory_keyring.passwords == {("migrator-gui", profile.id): HARD_PASSWORD}
    assert HARD_PASSWORD not in store.path.read_text(encoding="utf-8")
    # a new store (next start of Migrator) finds it in the keyring
    again = ProfileStore(store.path)
    assert again.password(again.get("kr")) == HARD_PASSWORD
    again.save(again.get("kr"), None, replace="kr")  # None keeps it
    assert again.password(again.get("kr")) == HARD_PASSWORD
    again.save(again.get("kr"), "", replace="kr")  # "" forgets it
    assert memory_keyring.passwords == {}
    again.save(again.get("kr"), "new", replace="kr")
    again.delete("kr")
    assert memory_keyring.passwords == {}


def test_no_keyring_path(tmp_path: Path) -> None:
    with no_keyring():
        store = ProfileStore(tmp_path / "profiles.json")
        assert not store.vault.persistent
        assert store.vault.message == NO_KEYRING_MESSAGE
        profile = store.save(pg("nk"), "session-only-pw")
        assert store.password(profile) == "session-only-pw"
        assert "session-only-pw" not in store.path.read_text()
        # next session: the password is gone, the UI asks again
        assert ProfileStore(store.path).password(profile) is None
        store.set_password(profile, "typed-again")
        assert store.password(profile) == "typed-again"
    assert [p.name for p in tmp_path.iterdir()] == ["profiles.json"]


def test_usable_backend_detection() -> None:
    import keyring.backends.chainer
    import keyring.backends.fail
    import keyring.backends.null

    assert not keyring_is_usable(keyring.backends.fail.Keyring())
    assert not keyring_is_usable(keyring.backends.null.Keyring())
    assert keyring_is_usable(MemoryKeyring())

    class PlaintextLookalike(MemoryKeyring):
        pass

    PlaintextLookalike.__module__ = "keyrings.alt.file"
    assert not keyring_is_usable(PlaintextLookalike())
    with use_keyring(PlaintextLookalike()):
        assert not PasswordVault().persistent


def test_a_keyring_that_refuses_falls_back_to_memory() -> None:
    from keyring.errors import PasswordSetError

    class Locked(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise PasswordSetError("locked")

    with use_keyring(Locked()):
        vault = PasswordVault()
        assert vault.persistent
        vault.set("id", "pw")
        assert not vault.persistent and vault.message == NO_KEYRING_MESSAGE
        assert vault.get("id") == "pw"


def test_keyring_restored_after_tests() -> None:
    import keyring

    before = keyring.get_keyring()
    with use_keyring(MemoryKeyring()):
        assert keyring.get_keyring() is not before
    assert keyring.get_keyring() is before


def test_unreadable_file_that_cannot_be_moved_is_never_overwritten(
    store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text("{ broken")

    def refuse(src: object, dst: object) -> None:  # a folder we may not write to (root can)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    assert store.load_all() == []
    assert store.load_problem and "nor moved aside" in store.load_problem
    with pytest.raises(ProfileError, match="cannot be saved until it is fixed"):
        store.save(pg("x"))
    monkeypatch.undo()
    assert store.path.read_text() == "{ broken"
