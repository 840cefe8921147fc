"""The target_metadata helper: the spec, the planned env.py edit, the atomic write, suggestions."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config

from migrator_gui.core.env_setup import (
    EnvEdit,
    apply_env_edit,
    parse_target,
    plan_env_edit,
    read_env_text,
    suggest_targets,
)


@pytest.fixture
def generic_env(tmp_path: Path) -> Path:
    """env.py of alembic's own generic template, freshly generated."""
    command.init(Config(str(tmp_path / "alembic.ini")), str(tmp_path / "alembic"))
    return tmp_path / "alembic" / "env.py"


# -- parse_target ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("app.models:Base.metadata", ("app.models", "Base.metadata")),
        ("app:db.Model.metadata", ("app", "db.Model.metadata")),
        ("  app.tables:metadata ", ("app.tables", "metadata")),
    ],
)
def test_parse_target(spec: str, expected: tuple[str, str]) -> None:
    assert parse_target(spec) == expected


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("", "No target given"),
        ("app.models.Base.metadata", "exactly one ':'"),
        ("a:b:c", "exactly one ':'"),
        (":Base.metadata", "no module"),
        ("app.models:", "no attribute"),
        ("app/models.py:Base", "not a Python module path"),
        ("my-app:Base", "not a Python module path"),
        ("app..models:Base", "not a Python module path"),
        ("app.class:Base", "not a Python module path"),
        ("app:Base.metadata()", "not an attribute path"),
        ("app:Base.", "not an attribute path"),
    ],
)
def test_parse_target_rejects(spec: str, words: str) -> None:
    with pytest.raises(ValueError, match=words.replace("(", r"\(")):
        parse_target(spec)


# -- plan_env_edit --------------------------------------------------------------------------------


def test_replaces_none_in_the_generic_template(generic_env: Path) -> None:
    old = read_env_text(generic_env)
    line_number = old.splitlines().index("target_metadata = None") + 1

    edit = plan_env_edit(old, "app.models:Base.metadata")

    assert isinstance(edit, EnvEdit)
    assert edit.import_line == "from app.models import Base"
    assert edit.found_line_number == line_number
    assert "line" in edit.message and str(line_number) in edit.message
    expected = old.replace(
        "target_metadata = None\n",
        "from app.models import Base\ntarget_metadata = Base.metadata\n",
    )
    assert edit.new_text == expected
    ast.parse(edit.new_text)
    # the configure() calls still read target_metadata
    assert edit.new_text.count("target_metadata=target_metadata") == 2


def test_flask_sqlalchemy_spec(generic_env: Path) -> None:
    edit = plan_env_edit(read_env_text(generic_env), "app:db.Model.metadata")
    assert "from app import db\ntarget_metadata = db.Model.metadata\n" in edit.new_text
    assert edit.import_line == "from app import db"


def test_diff_text(generic_env: Path) -> None:
    edit = plan_env_edit(read_env_text(generic_env), "app.models:Base.metadata")
    lines = edit.diff.splitlines()
    assert lines[0] == "--- env.py"
    assert lines[1] == "+++ env.py"
    assert lines[2].startswith("@@ ")
    changed = [ln for ln in lines[3:] if ln[:1] in "+-"]
    assert changed == [
        "-target_metadata = None",
        "+from app.models import Base",
        "+target_metadata = Base.metadata",
    ]
    assert " # target_metadata = mymodel.Base.metadata" in lines  # context kept
    assert "\r" not in edit.diff


def test_annotation_and_comment_are_kept() -> None:
    text = (
        "from alembic import context\n"
        "from sqlalchemy import MetaData\n"
        "\n"
        "target_metadata: MetaData | None = None  # set me for autogenerate\n"
        "\n"
        "def run_migrations_online() -> None:\n"
        "    context.configure(target_metadata=target_metadata)\n"
    )
    edit = plan_env_edit(text, "app.models:Base.metadata")
    assert edit.found_line_number == 4
    assert edit.new_text == text.replace(
        "target_metadata: MetaData | None = None  # set me for autogenerate\n",
        "from app.models import Base\n"
        "target_metadata: MetaData | None = Base.metadata  # set me for autogenerate\n",
    )


def test_none_over_several_lines() -> None:
    text = "x = 1\ntarget_metadata = (\n    None\n)  # later\ny = 2\n"
    edit = plan_env_edit(text, "app:metadata")
    assert edit.new_text == (
        "x = 1\nfrom app import metadata\ntarget_metadata = (\n    metadata\n)  # later\ny = 2\n"
    )


def test_already_set_is_an_error(generic_env: Path) -> None:
    text = read_env_text(generic_env).replace(
        "target_metadata = None", "target_metadata = mymodel.Base.metadata"
    )
    with pytest.raises(ValueError, match=r"already sets target_metadata = mymodel\.Base\.metadata"):
        plan_env_edit(text, "app.models:Base.metadata")


def test_multidb_dict_is_reported_as_set() -> None:
    with pytest.raises(ValueError, match=r"already sets target_metadata = \{\}"):
        plan_env_edit("target_metadata = {}\n", "app.models:Base.metadata")


def test_assignment_in_a_block_is_left_to_the_user() -> None:
    text = "import os\nif os.environ.get('X'):\n    target_metadata = None\n"
    with pytest.raises(ValueError, match="inside a block on line 3"):
        plan_env_edit(text, "app.models:Base.metadata")


def test_invalid_python_is_an_error() -> None:
    with pytest.raises(ValueError, match="not valid Python"):
        plan_env_edit("def broken(:\n", "app.models:Base.metadata")


def test_no_assignment_inserts_before_run_migrations(generic_env: Path) -> None:
    old = read_env_text(generic_env).replace("target_metadata = None\n", "")
    edit = plan_env_edit(old, "app.models:Base.metadata")
    assert edit.found_line_number is None
    assert "no 'target_metadata = None'" in edit.message
    assert "before 'def run_migrations_offline'" in edit.message
    new = edit.new_text
    block = (
        "from app.models import Base\ntarget_metadata = Base.metadata\n\n\n"
        "def run_migrations_offline"
    )
    assert block in new
    assert new.index("target_metadata = Base.metadata") < new.index("def run_migrations_offline")
    # only additions
    assert [ln for ln in edit.diff.splitlines()[2:] if ln.startswith("-")] == []
    ast.parse(new)


def test_no_assignment_and_no_run_functions_inserts_after_imports() -> None:
    text = "import os\nfrom alembic import context\n\nprint(os.name)\n"
    edit = plan_env_edit(text, "app:db.Model.metadata")
    assert "after the imports" in edit.message
    assert edit.new_text == (
        "import os\nfrom alembic import context\n\nfrom app import db\n"
        "target_metadata = db.Model.metadata\n\nprint(os.name)\n"
    )


def test_existing_import_is_reused() -> None:
    text = "from app.models import Base\n\ntarget_metadata = None\n"
    edit = plan_env_edit(text, "app.models:Base.metadata")
    assert edit.import_line == ""
    assert edit.new_text == "from app.models import Base\n\ntarget_metadata = Base.metadata\n"


def test_names_of_env_py_are_not_shadowed() -> None:
    text = "from alembic import context\nconfig = context.config\ntarget_metadata = None\n"
    edit = plan_env_edit(text, "app:config.metadata")
    assert edit.import_line == "from app import config as _app_config"
    assert "target_metadata = _app_config.metadata\n" in edit.new_text
    assert "config = context.config\n" in edit.new_text


def test_crlf_line_endings_are_preserved(generic_env: Path) -> None:
    lf = read_env_text(generic_env)
    crlf = lf.replace("\n", "\r\n")
    edit = plan_env_edit(crlf, "app.models:Base.metadata")
    assert edit.new_text == plan_env_edit(lf, "app.models:Base.metadata").new_text.replace(
        "\n", "\r\n"
    )
    assert "\n" not in edit.new_text.replace("\r\n", "")
    # and the insertion path too
    without = crlf.replace("target_metadata = None\r\n", "")
    inserted = plan_env_edit(without, "app:db.Model.metadata").new_text
    assert "from app import db\r\ntarget_metadata = db.Model.metadata\r\n" in inserted
    assert "\n" not in inserted.replace("\r\n", "")


def test_rest_of_file_is_byte_identical_with_unicode_and_no_final_newline() -> None:
    text = "# café ✓\r\nname = 'ünï'; target_metadata = None\r\nlast = 1"
    edit = plan_env_edit(text, "app.models:Base.metadata")
    assert edit.new_text == (
        "# café ✓\r\nfrom app.models import Base\r\n"
        "name = 'ünï'; target_metadata = Base.metadata\r\nlast = 1"
    )


# -- apply_env_edit -------------------------------------------------------------------------------


def test_apply_writes_atomically(generic_env: Path) -> None:
    crlf = read_env_text(generic_env).replace("\n", "\r\n")
    generic_env.write_bytes(crlf.encode())
    old = read_env_text(generic_env)
    edit = plan_env_edit(old, "app.models:Base.metadata")

    apply_env_edit(generic_env, edit, old)

    assert generic_env.read_bytes() == edit.new_text.encode()
    assert b"from app.models import Base\r\n" in generic_env.read_bytes()
    assert sorted(p.name for p in generic_env.parent.iterdir() if p.is_file()) == [
        "README",
        "env.py",
        "script.py.mako",
    ]  # no temp file left behind


def test_apply_refuses_a_changed_file(generic_env: Path) -> None:
    old = read_env_text(generic_env)
    edit = plan_env_edit(old, "app.models:Base.metadata")
    changed = old + "# edited meanwhile\n"
    generic_env.write_text(changed)

    with pytest.raises(ValueError, match="changed on disk"):
        apply_env_edit(generic_env, edit, old)
    assert read_env_text(generic_env) == changed


def test_apply_refuses_a_missing_file(tmp_path: Path) -> None:
    edit = plan_env_edit("target_metadata = None\n", "app:metadata")
    with pytest.raises(ValueError, match="no longer exists"):
        apply_env_edit(tmp_path / "env.py", edit, "target_metadata = None\n")


# -- suggest_targets ------------------------------------------------------------------------------


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_suggest_targets_scans_without_importing(tmp_path: Path) -> None:
    root = tmp_path / "project"
    boom = "raise RuntimeError('imported!')\n"
    _write(
        root / "models.py",
        boom + ("from sqlalchemy.orm import declarative_base\nBase = declarative_base()\n"),
    )
    _write(
        root / "app" / "__init__.py",
        boom
        + (
            "from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n"
            "app = Flask(__name__)\ndb = SQLAlchemy(app)\n"
        ),
    )
    _write(root / "app" / "tables.py", "import sqlalchemy as sa\nmetadata = sa.MetaData()\n")
    _write(
        root / "app" / "orm.py",
        (
            "from sqlalchemy import orm\n\nclass Model(orm.DeclarativeBase):\n    pass\n\n"
            "class User(Model):\n    __tablename__ = 'user'\n"
        ),
    )
    _write(
        root / "src" / "pkg" / "db.py",
        ("from sqlalchemy.orm import DeclarativeBase\nclass Base(DeclarativeBase):\n    pass\n"),
    )
    # not offered: virtualenvs, hidden folders, migration versions, unparsable or odd names
    _write(root / ".venv" / "lib" / "m.py", "Base = declarative_base()\n")
    _write(root / "venv2" / "pyvenv.cfg", "home = /usr\n")
    _write(root / "venv2" / "lib" / "m.py", "Base = declarative_base()\n")
    _write(root / "lib" / "site-packages" / "x.py", "Base = declarative_base()\n")
    _write(root / "migrations" / "env.py", "target_metadata = None\n")
    _write(root / "migrations" / "versions" / "abc_first.py", "meta = MetaData()\n")
    _write(root / "broken.py", "Base = declarative_base(\n")
    _write(root / "my-scripts" / "x.py", "Base = declarative_base()\n")
    _write(root / "inside.py", "def f():\n    Base = declarative_base()\n")

    before = set(sys.modules)
    specs = suggest_targets(root)

    assert sorted(specs) == sorted(
        [
            "models:Base.metadata",
            "app:db.Model.metadata",
            "app.tables:metadata",
            "app.orm:Model.metadata",
            "pkg.db:Base.metadata",
        ]
    )
    assert not {"models", "app", "app.tables", "pkg.db"} & (set(sys.modules) - before)
    for spec in specs:
        parse_target(spec)  # every suggestion is a valid spec


def test_suggest_targets_on_an_empty_folder(tmp_path: Path) -> None:
    assert suggest_targets(tmp_path) == []
