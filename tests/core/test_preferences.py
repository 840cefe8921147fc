"""Preferences: a versioned JSON file, read forgivingly, written atomically."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from migrator_gui.core.preferences import (
    PREFERENCES_VERSION,
    Preferences,
    PreferencesError,
    load_preferences,
    load_preferences_with_problems,
    preferences_path,
    save_preferences,
)
from migrator_gui.core.profiles import DEFAULT_LOCK_TIMEOUT


def _write(path: Path, data: object) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


def test_defaults() -> None:
    prefs = Preferences()
    assert prefs.theme == "system"
    assert prefs.default_lock_timeout == DEFAULT_LOCK_TIMEOUT == 10.0
    assert prefs.transaction_per_migration is True
    assert prefs.confirm_downgrades is True
    assert prefs.confirm_stamps is True
    assert prefs.code_font_size == 0
    assert prefs.language == "system"
    assert prefs.plan_before_run is True
    assert prefs.problems() == []


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "preferences.json"
    prefs = Preferences(
        theme="dark",
        default_lock_timeout=0.0,
        transaction_per_migration=False,
        confirm_downgrades=False,
        confirm_stamps=False,
        code_font_size=14,
        language="zh_CN",
        plan_before_run=False,
    )
    save_preferences(prefs, path)
    assert load_preferences_with_problems(path) == (prefs, [])
    assert not list(path.parent.glob("*.tmp"))  # the atomic write left nothing behind


def test_version_key_written(tmp_path: Path) -> None:
    path = tmp_path / "preferences.json"
    save_preferences(Preferences(theme="light"), path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["version"] == PREFERENCES_VERSION == 1
    assert raw["preferences"]["theme"] == "light"
    assert set(raw["preferences"]) == {
        "theme",
        "default_lock_timeout",
        "transaction_per_migration",
        "confirm_downgrades",
        "confirm_stamps",
        "code_font_size",
        "language",
        "plan_before_run",
    }


def test_default_path_is_in_the_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIGRATOR_GUI_CONFIG_DIR", str(tmp_path / "cfg"))
    assert preferences_path() == tmp_path / "cfg" / "preferences.json"
    assert load_preferences() == Preferences()
    save_preferences(Preferences(code_font_size=12))
    assert (tmp_path / "cfg" / "preferences.json").exists()
    assert load_preferences().code_font_size == 12


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_preferences_with_problems(tmp_path / "nope.json") == (Preferences(), [])


@pytest.mark.parametrize(
    "text",
    ["{not json", "[1, 2]", '"text"', "", '{"version": 1, "preferences": [1]}'],
    ids=["broken", "list", "string", "empty", "preferences-not-object"],
)
def test_corrupt_file_gives_defaults_and_a_problem(tmp_path: Path, text: str) -> None:
    path = tmp_path / "preferences.json"
    path.write_text(text, encoding="utf-8")
    prefs, problems = load_preferences_with_problems(path)
    assert prefs == Preferences()
    assert len(problems) == 1
    assert str(path) in problems[0]
    assert load_preferences(path) == Preferences()


def test_undecodable_file_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "preferences.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    prefs, problems = load_preferences_with_problems(path)
    assert prefs == Preferences()
    assert problems


def test_invalid_values_fall_back_per_field(tmp_path: Path) -> None:
    path = tmp_path / "preferences.json"
    _write(
        path,
        {
            "version": 1,
            "preferences": {
                "theme": "purple",
                "default_lock_timeout": -3,
                "transaction_per_migration": "yes",
                "confirm_downgrades": False,  # valid: kept
                "confirm_stamps": 1,
                "code_font_size": 3,
                "language": "fr",
                "plan_before_run": False,  # valid: kept
            },
        },
    )
    prefs, problems = load_preferences_with_problems(path)
    assert prefs == Preferences(confirm_downgrades=False, plan_before_run=False)
    assert len(problems) == 6
    text = "\n".join(problems)
    for word in ("purple", "-3", "transaction_per_migration", "confirm_stamps", "3", "'fr'"):
        assert word in text


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("default_lock_timeout", 86400.5),
        ("default_lock_timeout", True),
        ("default_lock_timeout", "10"),
        ("code_font_size", 33),
        ("code_font_size", 12.5),
        ("code_font_size", False),
        ("theme", None),
    ],
)
def test_out_of_range_values(tmp_path: Path, key: str, value: object) -> None:
    path = tmp_path / "preferences.json"
    _write(path, {"version": 1, "preferences": {key: value}})
    prefs, problems = load_preferences_with_problems(path)
    assert prefs == Preferences()
    assert len(problems) == 1


def test_edge_values_are_valid(tmp_path: Path) -> None:
    path = tmp_path / "preferences.json"
    _write(
        path,
        {
            "version": 1,
            "preferences": {"default_lock_timeout": 86400, "code_font_size": 6},
        },
    )
    prefs, problems = load_preferences_with_problems(path)
    assert problems == []
    assert prefs.default_lock_timeout == 86400.0
    assert isinstance(prefs.default_lock_timeout, float)
    assert prefs.code_font_size == 6
    _write(path, {"version": 1, "preferences": {"code_font_size": 32}})
    assert load_preferences(path).code_font_size == 32


def test_unknown_keys_ignored(tmp_path: Path) -> None:
    path = tmp_path / "preferences.json"
    _write(path, {"version": 1, "preferences": {"theme": "dark", "telemetry": True}, "x": 1})
    assert load_preferences_with_problems(path) == (Preferences(theme="dark"), [])


def test_missing_keys_take_defaults(tmp_path: Path) -> None:
    path = tmp_path / "preferences.json"
    _write(path, {"version": 1, "preferences": {}})
    assert load_preferences_with_problems(path) == (Preferences(), [])
    _write(path, {"version": 1})
    assert load_preferences_with_problems(path) == (Preferences(), [])


def test_version_problems(tmp_path: Path) -> None:
    path = tmp_path / "preferences.json"
    _write(path, {"version": 7, "preferences": {"theme": "dark"}})
    prefs, problems = load_preferences_with_problems(path)
    assert prefs.theme == "dark"  # what this version knows is still used
    assert len(problems) == 1 and "newer" in problems[0]
    _write(path, {"preferences": {"theme": "light"}})
    prefs, problems = load_preferences_with_problems(path)
    assert prefs.theme == "light"
    assert len(problems) == 1 and "version" in problems[0]


def test_saving_invalid_preferences_raises_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "preferences.json"
    bad = replace(Preferences(), code_font_size=100)
    assert bad.problems()
    with pytest.raises(PreferencesError, match="code font size"):
        save_preferences(bad, path)
    assert not path.exists()


def test_save_replaces_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "preferences.json"
    save_preferences(Preferences(theme="dark"), path)
    save_preferences(Preferences(theme="light"), path)
    assert load_preferences(path).theme == "light"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["preferences.json"]
