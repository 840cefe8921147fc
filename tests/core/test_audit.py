"""The audit log: append-only JSON lines, readable after a crash, never holding a password."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from migrator_gui.core.audit import AuditEntry, AuditLog

SHOP = "postgresql://me@db.example:5432/shop"
SHOP_KEY = "postgresql://me@db.example:5432/shop"
LOCAL = "/home/me/app.db"
LOCAL_KEY = "sqlite:////home/me/app.db"


def _entry(**changes: object) -> AuditEntry:
    values: dict[str, object] = {
        "profile": "shop-prod",
        "database": SHOP,
        "database_key": SHOP_KEY,
        "operation": "upgrade",
        "target": "head",
        "source": ("ac63663f3669",),
        "destination": ("be789e7b80a9",),
        "steps": 2,
        "duration": 1.25,
        "outcome": "succeeded",
    }
    values.update(changes)
    return AuditEntry(**values)  # type: ignore[arg-type]


@pytest.fixture
def log(tmp_path: Path) -> AuditLog:
    return AuditLog(tmp_path / "nested" / "audit.jsonl")


def test_default_path_is_in_the_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIGRATOR_GUI_DATA_DIR", str(tmp_path / "data"))
    assert AuditLog().path == tmp_path / "data" / "audit.jsonl"


def test_new_entry_has_time_with_offset_and_user() -> None:
    entry = _entry()
    moment = datetime.fromisoformat(entry.time)
    assert moment.utcoffset() is not None
    assert isinstance(entry.os_user, str)


def test_os_user_tolerates_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> str:
        raise OSError("no user")

    monkeypatch.setattr("getpass.getuser", fail)
    assert _entry().os_user == ""


def test_round_trip_keeps_every_field_and_chinese_text(log: AuditLog) -> None:
    entry = _entry(
        outcome="failed",
        error="数据库错误：关系 “订单” 不存在",
        failed_step="ac63663f3669 -> be789e7b80a9",
        extra={"interpreter": "/usr/bin/python3", "注释": "值"},
    )
    log.append(entry)
    assert log.entries() == [entry]
    raw = log.path.read_bytes()
    assert "数据库错误".encode() in raw  # kept as UTF-8, not \u escapes
    assert raw.endswith(b"\n") and raw.count(b"\n") == 1
    assert AuditEntry.from_json(entry.to_json()) == entry


def test_from_json_tolerates_unknown_and_missing_keys() -> None:
    old = json.dumps(
        {
            "time": "2026-11-21T14:03:05+01:00",
            "database": "shop",
            "database_key": "k",
            "operation": "stamp",
            "outcome": "succeeded",
            "added_in_a_later_version": {"x": 1},
        }
    )
    entry = AuditEntry.from_json(old)
    assert entry.operation == "stamp"
    assert entry.source == () and entry.destination == ()
    assert entry.steps == 0 and entry.duration == 0.0
    assert entry.error == "" and entry.failed_step == "" and entry.extra == {}
    with pytest.raises(ValueError):
        AuditEntry.from_json('{"steps": "many"}')
    with pytest.raises(ValueError):
        AuditEntry.from_json("[1, 2]")


def test_append_only_earlier_bytes_never_change(log: AuditLog) -> None:
    log.append(_entry())
    first = log.path.read_bytes()
    log.append(_entry(operation="downgrade", target="-1"))
    second = log.path.read_bytes()
    assert len(second) > len(first)
    assert second.startswith(first)
    log.append(_entry(outcome="cancelled"))
    third = log.path.read_bytes()
    assert third.startswith(second)
    assert [e.operation for e in log.entries()] == ["upgrade", "downgrade", "upgrade"]


def test_half_line_is_skipped_and_later_lines_still_read(log: AuditLog) -> None:
    log.append(_entry(target="one"))
    line = _entry(target="lost").to_json()
    with log.path.open("ab") as f:  # a crash in the middle of a write
        f.write(line[: len(line) // 2].encode("utf-8"))
    log.append(_entry(target="three"))
    log.append(_entry(target="four"))
    assert [e.target for e in log.entries()] == ["one", "three", "four"]
    assert log.skipped_lines == 1
    # garbage bytes and a non-object line are skipped too
    with log.path.open("ab") as f:
        f.write(b"\xff\xfe not utf-8\n[1, 2]\n\n")
    log.append(_entry(target="five"))
    assert [e.target for e in log.entries()] == ["one", "three", "four", "five"]
    assert log.skipped_lines == 3


def test_missing_file_has_no_entries(log: AuditLog) -> None:
    assert log.entries() == []
    assert log.last_entry() is None
    assert log.skipped_lines == 0


def test_password_in_secrets_or_url_never_reaches_the_file(log: AuditLog) -> None:
    password = "s3cr3t-Pa55"
    short = "pw"
    log.append(
        _entry(
            database=f"postgresql://me:{password}@db.example:5432/shop",
            error=(
                f"could not connect to postgresql://me:{password}@db.example/shop "
                f"(password={password}); retried mysql://root:{short}@other/db; "
                f"server said: bad password {password}"
            ),
            failed_step=f"connect with {password}",
            extra={"dsn": f"host=db password={password}"},
        ),
        secrets=[password],
    )
    raw = log.path.read_bytes()
    assert password.encode() not in raw
    assert f":{short}@".encode() not in raw
    entry = log.entries()[0]
    assert entry.database == "postgresql://me:***@db.example:5432/shop"
    assert "could not connect to postgresql://me:***@db.example/shop" in entry.error


def test_url_password_is_hidden_even_without_secrets(log: AuditLog) -> None:
    log.append(_entry(error="OperationalError at mysql+pymysql://app:hunter2@mariadb/app"))
    raw = log.path.read_bytes()
    assert b"hunter2" not in raw
    assert b"mysql+pymysql://app:***@mariadb/app" in raw


def test_database_key_holding_a_password_is_refused(log: AuditLog) -> None:
    with pytest.raises(ValueError, match="password"):
        log.append(_entry(database_key="postgresql://me:topsecret@db/shop"))
    with pytest.raises(ValueError, match="password"):
        log.append(_entry(database_key="shop-topsecret"), secrets=["topsecret"])
    assert not log.path.exists()


def test_filter_by_database_key_and_limit(log: AuditLog) -> None:
    log.append(_entry(target="a"))
    log.append(_entry(database=LOCAL, database_key=LOCAL_KEY, target="b", profile=""))
    log.append(_entry(target="c", outcome="failed"))
    log.append(_entry(database=LOCAL, database_key=LOCAL_KEY, target="d", profile=""))
    assert [e.target for e in log.entries(SHOP_KEY)] == ["a", "c"]
    assert [e.target for e in log.entries(LOCAL_KEY)] == ["b", "d"]
    assert [e.target for e in log.entries()] == ["a", "b", "c", "d"]
    assert [e.target for e in log.entries(limit=3)] == ["b", "c", "d"]
    assert [e.target for e in log.entries(SHOP_KEY, limit=1)] == ["c"]
    assert log.entries("nowhere") == []
    last = log.last_entry(SHOP_KEY)
    assert last is not None and last.outcome == "failed"
    last_any = log.last_entry()
    assert last_any is not None and last_any.target == "d"
