"""URL redaction, and the writable demo copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrator_gui.core.demo import DEMO_SOURCE, demo_url, prepare_demo
from migrator_gui.core.recent import load_recent, remember_project
from migrator_gui.core.urls import check_url, describe_database, redact_url


def test_redact_url_never_shows_the_password() -> None:
    assert redact_url("postgresql://bob:s3cret@db/shop") == "postgresql://bob:***@db/shop"
    assert "s3cret" not in redact_url("mysql+pymysql://bob:s3cret@db/shop?charset=utf8")
    assert "s3cret" not in redact_url("not a url://bob:s3cret@host")


def test_check_url() -> None:
    assert check_url("sqlite:///x.db") is None
    assert "placeholder" in (check_url("driver://user:pass@localhost/dbname") or "")
    assert check_url("") is not None and check_url("nonsense") is not None


def test_describe_database() -> None:
    assert describe_database("postgresql://u:p@10.0.0.1:5433/shop") == "shop on 10.0.0.1:5433"
    assert describe_database("sqlite:////tmp/a.db") == "/tmp/a.db"


@pytest.fixture
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MIGRATOR_GUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MIGRATOR_GUI_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path


def test_demo_is_copied_to_a_writable_folder_and_reset_restores_it(user_dirs: Path) -> None:
    source_files = sorted(p.relative_to(DEMO_SOURCE) for p in DEMO_SOURCE.rglob("*.py"))
    folder = prepare_demo()
    assert folder == user_dirs / "data" / "demo"
    assert sorted(p.relative_to(folder) for p in folder.rglob("*.py")) == source_files
    assert demo_url(folder) == f"sqlite:///{folder / 'demo.db'}"

    extra = folder / "migrations" / "versions" / "aaaa_user_revision.py"
    extra.write_text("revision = 'aaaa'\n")
    (folder / "demo.db").write_bytes(b"x")
    assert prepare_demo() == folder and extra.exists(), "a second start keeps the user's work"
    prepare_demo(reset=True)
    assert not extra.exists() and not (folder / "demo.db").exists()
    assert not list(DEMO_SOURCE.rglob("*.db")), "the installed demo is never written"


def test_recent_projects_newest_first_and_bounded(user_dirs: Path) -> None:
    assert load_recent() == []
    for i in range(12):
        remember_project(user_dirs / f"p{i}")
    remember_project(user_dirs / "p3")
    recent = load_recent()
    assert recent[0] == (user_dirs / "p3").resolve()
    assert len(recent) == 10
    (user_dirs / "config" / "recent_projects.json").write_text("{broken")
    assert load_recent() == []


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://postgres:Tr0ub4dor@3xyz:h0rse/b@127.0.0.1/shop",
        "postgresql://postgres:p@ss@127.0.0.1/shop",
        "mysql+pymysql://root:p@ss:w@127.0.0.1:3306/shop?charset=utf8",
    ],
)
def test_unencoded_passwords_never_show_in_pieces(url: str) -> None:
    secret_pieces = ("Tr0ub4dor", "3xyz", "h0rse", "p@ss", "ss@", "ss:w")
    shown = [redact_url(url), check_url(url) or "", describe_database(url)]
    for text in shown:
        assert not any(piece in text for piece in secret_pieces), text
    assert "%40" in (check_url(url) or "")
