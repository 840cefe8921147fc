"""The static revision loader against real alembic, on real files.

Every comparison builds alembic's own ``ScriptDirectory`` over the same files (alembic imports
them; Migrator only reads them) and checks that both agree.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import textwrap
import time
import warnings
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.script.revision import MultipleHeads, ResolutionError, RevisionError
from alembic.util import load_python_file, to_tuple

import migrator_gui
from migrator_gui.core import revisions
from migrator_gui.core.errors import MigratorError, RevisionLoadError
from migrator_gui.core.project import open_project
from migrator_gui.core.revisions import (
    RevisionFile,
    RevisionGraph,
    RevisionLoader,
    RevisionResolutionError,
    load_graph,
    load_graph_from_locations,
    parse_revision_source,
)
from tests.core.history_factory import (
    HistoryShape,
    write_alembic_project,
    write_history,
)

DEMO = Path(migrator_gui.__file__).parent / "resources" / "demo"
SEEDS = [1, 2, 3, 4, 5]


@pytest.fixture(autouse=True)
def _no_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    """alembic imports the revision files: keep __pycache__ out of the trees (and the demo)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)


def alembic_script(locations: list[Path], recursive: bool = False) -> ScriptDirectory:
    return ScriptDirectory(
        str(locations[0].parent),
        version_locations=[str(p) for p in locations],
        recursive_version_locations=recursive,
    )


def assert_matches_alembic(graph: RevisionGraph, script: ScriptDirectory) -> None:
    assert not graph.broken, [n.error for n in graph.broken]
    assert not graph.problems
    assert graph.heads == tuple(script.get_heads())
    assert graph.bases == tuple(script.get_bases())
    scripts = list(script.walk_revisions())
    assert sorted(graph) == sorted(sc.revision for sc in scripts)
    assert len(graph) == len(scripts)
    for sc in scripts:
        node = graph[sc.revision]
        assert node.down_revisions == to_tuple(sc.down_revision, default=()), sc.path
        assert node.branch_labels == to_tuple(
            getattr(sc.module, "branch_labels", None), default=()), sc.path
        assert node.depends_on == to_tuple(getattr(sc.module, "depends_on", None), default=())
        assert node.dependencies == sc._resolved_dependencies, sc.path
        assert node.message == sc.doc, sc.path
        assert node.doc == sc.longdoc, sc.path
        assert node.path == Path(sc.path)
        assert node.is_merge == sc.is_merge_point
        assert node.is_branch_point == sc.is_branch_point
        assert set(node.children) == set(sc.nextrev)
        assert graph.children(sc.revision) == node.children
        assert node.error is None


# --------------------------------------------------------------------------------------------
# Agreement with alembic


def test_demo_project_matches_alembic() -> None:
    project = open_project(DEMO)
    graph = load_graph(project, loader=RevisionLoader())
    script = alembic_script(list(project.version_locations),
                            project.recursive_version_locations)
    assert_matches_alembic(graph, script)
    assert len(graph.heads) == 1
    assert any(graph[r].is_merge for r in graph)
    assert any(graph[r].is_branch_point for r in graph)
    assert all(graph[r].create_date for r in graph)


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_history_matches_alembic(tmp_path: Path, seed: int) -> None:
    versions = tmp_path / "versions"
    revs = write_history(versions, 250, seed)
    graph = load_graph_from_locations([versions], loader=RevisionLoader())
    assert_matches_alembic(graph, alembic_script([versions]))
    # the history really is branchy, labelled and has dependencies
    assert any(len(r.down_revisions) > 1 for r in revs)
    assert any(r.branch_labels for r in revs)
    assert any(r.depends_on for r in revs)
    assert sum(graph[r].is_branch_point for r in graph) > 3
    assert any(any(d in graph.branch_labels for d in graph[r].depends_on) for r in graph)


def test_multiple_recursive_locations_match_alembic(tmp_path: Path) -> None:
    ini, _ = write_alembic_project(tmp_path, 200, 11, locations=2, subdirs=3)
    locations = [tmp_path / "migrations" / "versions_0", tmp_path / "migrations" / "versions_1"]
    assert any(p.is_dir() for p in locations[0].iterdir())
    for loc in locations:  # files alembic skips, in the root and in subfolders
        (loc / "__init__.py").write_text("raise RuntimeError('never imported')\n")
        (loc / "part_0" / "__pycache__").mkdir(parents=True, exist_ok=True)
        (loc / "part_0" / "__pycache__" / "stale.py").write_text("this is not python\n")
        (loc / "notes.txt").write_text("revision = 'nope'\n")
    project = open_project(ini)
    assert project.recursive_version_locations
    assert project.version_locations == tuple(p.resolve() for p in locations)
    graph = load_graph(project, loader=RevisionLoader())
    assert_matches_alembic(graph, ScriptDirectory.from_config(Config(str(ini))))
    assert {n.path.parent.name for n in graph.values()} >= {"part_0", "part_1", "versions_1"}


def test_non_recursive_location_ignores_subfolders(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    write_history(versions, 30, 5)
    sub = versions / "archive"
    sub.mkdir()
    (sub / "aaaa0000_extra.py").write_text(_source("aaaa0000", None))
    graph = load_graph_from_locations([versions], loader=RevisionLoader())
    assert "aaaa0000" not in graph
    assert_matches_alembic(graph, alembic_script([versions]))
    deep = load_graph_from_locations([versions], recursive=True, loader=RevisionLoader())
    assert "aaaa0000" in deep and "aaaa0000" in deep.bases


def test_file_name_rules_match_alembic(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "base_1.py").write_text(_source("1111aaaa", None, "first"))
    (versions / "_underscore.py").write_text(_source("2222bbbb", "1111aaaa", "underscore"))
    (versions / ".hidden.py").write_text(_source("3333cccc", "2222bbbb", "hidden"))
    (versions / "__init__.py").write_text(_source("4444dddd", "3333cccc"))
    (versions / ".#lock.py").write_text(_source("5555eeee", "3333cccc"))
    (versions / "old.pyc").write_bytes(b"\x00\x01")
    (versions / "README").write_text("revision = 'x'\n")
    graph = load_graph_from_locations([versions], loader=RevisionLoader())
    assert set(graph) == {"1111aaaa", "2222bbbb", "3333cccc"}
    assert_matches_alembic(graph, alembic_script([versions]))


def test_missing_location_is_a_problem_not_a_failure(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    write_history(versions, 10, 1)
    graph = load_graph_from_locations([versions, tmp_path / "nowhere"], loader=RevisionLoader())
    assert len(graph) == 10
    assert any("nowhere" in p and "does not exist" in p for p in graph.problems)


def test_overlapping_locations_read_each_file_once(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    write_history(versions, 10, 1)
    graph = load_graph_from_locations([versions, versions], loader=RevisionLoader())
    assert len(graph) == 10 and not graph.broken
    assert any("more than one version location" in p for p in graph.problems)


# --------------------------------------------------------------------------------------------
# Reading files exactly as an import would


def _source(rev: str, down: str | None, message: str = "a revision") -> str:
    return textwrap.dedent(f'''\
        """{message}

        Revision ID: {rev}
        Revises: {down or ''}
        Create Date: 2024-05-06 07:08:09.123456

        """
        from alembic import op
        import sqlalchemy as sa


        # revision identifiers, used by Alembic.
        revision = {rev!r}
        down_revision = {down!r}
        branch_labels = None
        depends_on = None


        def upgrade():
            pass


        def downgrade():
            pass
        ''')


def _imported(path: Path) -> dict[str, object]:
    """What alembic sees: the module imported for real."""
    module = load_python_file(str(path.parent), path.name)
    return {
        "revision": module.revision,
        "down_revisions": to_tuple(module.down_revision, default=()),
        "branch_labels": to_tuple(getattr(module, "branch_labels", None), default=()),
        "depends_on": to_tuple(getattr(module, "depends_on", None), default=()),
        "doc": (module.__doc__ or "").strip(),
    }


def _read(file: RevisionFile) -> dict[str, object]:
    return {
        "revision": file.revision,
        "down_revisions": file.down_revisions,
        "branch_labels": file.branch_labels,
        "depends_on": file.depends_on,
        "doc": file.doc,
    }


def test_every_shape_reads_as_imported(tmp_path: Path) -> None:
    """All the generator's shapes (canonical, general fast path, parser) agree with an import."""
    versions = tmp_path / "versions"
    write_history(versions, 300, 7, HistoryShape(exotic=1.0, label=0.2, depends_on=0.3))
    paths = sorted(versions.iterdir())
    tiers = {"canonical": 0, "general": 0, "parser": 0}
    for path in paths:
        data = path.read_bytes()
        file = parse_revision_source(data, path)
        assert file.error is None, file.error
        assert _read(file) == _imported(path), path.name
        checked = parse_revision_source(data, path, check_syntax=True)
        assert _read(checked) == _read(file) and checked.syntax_checked
        text = revisions._decode(data)
        if text is not None and revisions._canonical_extract(text) is not None:
            tiers["canonical"] += 1
        elif text is not None and revisions._general_extract(text) is not None:
            tiers["general"] += 1
        else:
            tiers["parser"] += 1
    assert all(tiers.values()), tiers  # every tier was exercised


TRICKY = {
    "annotated_only_then_assigned": '''
        revision: str
        revision = "abc1"
        down_revision: str | None = None
        ''',
    "docstring_holds_fake_assignments": '''
        """message

        revision = 'fake'
        depends_on = 'fake'
        """
        revision = "abc1"
        down_revision = None
        ''',
    "sql_string_at_column_zero": '''
        revision = "abc1"
        down_revision = None


        def upgrade():
            op.execute("""
        UPDATE meta SET
        depends_on = 'fake',
        revision = 'fake'
        """)
        ''',
    "keyword_argument_at_column_zero": '''
        revision = "abc1"
        down_revision = None
        x = dict(
        depends_on="fake",
        )
        ''',
    "keyword_after_comment_line": '''
        revision = "abc1"
        down_revision = None
        x = dict(  # a comment
        # another
        branch_labels="fake")
        ''',
    "reassigned_last_wins": '''
        revision = "first"
        down_revision = None
        revision = "abc1"
        ''',
    "unpacking": '''
        revision, down_revision = "abc1", ("p1", "p2")
        ''',
    "chained": '''
        revision = "abc1"
        down_revision = branch_labels = None
        ''',
    "function_local_is_ignored": '''
        revision = "abc1"
        down_revision = None


        def upgrade():
            revision = "local"
            depends_on = ["local"]
        ''',
    "class_attribute_is_ignored": '''
        revision = "abc1"
        down_revision = None


        class Helper:
            branch_labels = ("not", "module")
        ''',
    "attribute_assignment_is_ignored": '''
        import types
        ns = types.SimpleNamespace()
        ns.revision = "nope"
        revision = "abc1"
        down_revision = None
        ''',
    "comments_with_quotes": '''
        # don't touch: this revision's id is fixed
        revision = "abc1"  # it's the id
        down_revision = None  # "base"
        ''',
    "multiline_tuple_with_comments": '''
        revision = "abc1"
        down_revision = (
            "p1",  # first parent
            "p2",
        )
        ''',
    "u_prefix_and_list": '''
        revision = u"abc1"
        down_revision = [u"p1", "p2"]
        branch_labels = ["one", "two"]
        depends_on = "p3",
        ''',
    "paren_scalar_and_empty_tuple": '''
        revision = ("abc1")
        down_revision = ()
        depends_on = []
        ''',
    "single_quoted_docstring": '''
        'just a title'
        revision = "abc1"
        down_revision = None
        ''',
    "escaped_docstring": '''
        """title \\u2014 with escapes\\n\\nRevision ID: abc1\\nCreate Date: 2024-01-01"""
        revision = "abc1"
        down_revision = None
        ''',
    "raw_docstring": '''
        r"""C:\\path\\to\\file

        Create Date: 2024-01-01 10:00:00
        """
        revision = "abc1"
        down_revision = None
        ''',
    "fstring_is_not_a_docstring": '''
        f"""not a docstring"""
        revision = "abc1"
        down_revision = None
        ''',
    "bytes_is_not_a_docstring": '''
        b"""not a docstring"""
        revision = "abc1"
        down_revision = None
        ''',
    "parenthesised_docstring": '''
        ("""a docstring
        all the same""")
        revision = "abc1"
        down_revision = None
        ''',
    "future_import_and_type_checking": '''
        """doc"""
        from __future__ import annotations

        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from typing import Sequence

        revision: str = "abc1"
        down_revision: str | Sequence[str] | None = "p1"
        ''',
    "walrus_in_comprehension_is_module_level": '''
        revision = "abc1"
        down_revision = None
        _ = [(depends_on := x) for x in ["dep"]]
        ''',
    "comprehension_target_is_local": '''
        revision = "abc1"
        down_revision = None
        _ = [revision for revision in ["local"]]
        ''',
    "semicolons": '''
        revision = "abc1"; down_revision = None
        ''',
    "set_labels": '''
        revision = "abc1"
        down_revision = None
        branch_labels = {"solo"}
        ''',
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_source_reads_as_imported(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(TRICKY[name]).lstrip("\n"), encoding="utf-8")
    imported = _imported(path)
    file = parse_revision_source(path.read_bytes(), path)
    if name == "walrus_in_comprehension_is_module_level":
        # a binding inside an expression is not a literal: reported, not guessed
        assert file.error is not None and "depends_on" in file.error
        return
    assert file.error is None, file.error
    assert _read(file) == imported


@pytest.mark.parametrize("encoding_case", ["crlf", "bom", "latin1_cookie", "tabs_ff"])
def test_encodings_and_line_endings(tmp_path: Path, encoding_case: str) -> None:
    text = '"""Caf\u00e9 au lait\n\nCreate Date: 2024-01-01\n"""\nrevision = "abc1"\n' \
           'down_revision = None\n'
    if encoding_case == "crlf":
        data = text.replace("\n", "\r\n").encode("utf-8")
    elif encoding_case == "bom":
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    elif encoding_case == "latin1_cookie":
        data = ("# -*- coding: latin-1 -*-\n" + text).encode("latin-1")
    else:
        data = ("\f\n\t# tabbed comment\n" + text).encode("utf-8")
    path = tmp_path / "enc.py"
    path.write_bytes(data)
    file = parse_revision_source(data, path)
    assert file.error is None
    assert _read(file) == _imported(path)
    assert file.message == "Caf\u00e9 au lait" and file.create_date == "2024-01-01"


def test_docstring_fields() -> None:
    source = textwrap.dedent('''\
        """Add users
        and their emails

        A longer explanation.

        Revision ID: 3fa2c1d4e5f6
        Revises: 1234abcd
        Create Date: 2024-05-06 07:08:09.123456

        """
        revision = "3fa2c1d4e5f6"
        down_revision = "1234abcd"
        ''').encode()
    file = parse_revision_source(source, "x.py")
    assert file.message == "Add users\nand their emails"  # alembic's Script.doc: 1st paragraph
    assert file.doc.startswith("Add users") and file.doc.endswith(".123456")
    assert file.doc_revision_id == "3fa2c1d4e5f6"
    assert file.create_date == "2024-05-06 07:08:09.123456"
    bare = parse_revision_source(b"revision = 'a1b2'\ndown_revision = None\n", "y.py")
    assert (bare.message, bare.doc, bare.create_date, bare.doc_revision_id) == ("", "", None, None)


@pytest.mark.parametrize(("source", "expected"), [
    ("revision = make_id()\ndown_revision = None\n", "'revision' is not a literal"),
    ("revision = 'abc1'\ndown_revision = parent()\n", "'down_revision' is not a literal"),
    ("revision = 123\ndown_revision = None\n", "'revision' must be a string, not int"),
    ("revision = 'ab-c1'\ndown_revision = None\n", "character(s) '-' not allowed"),
    ("revision = 'abc1'\n", "no 'down_revision = ...' assignment"),
    ("down_revision = None\n", "no 'revision = \"...\"' assignment"),
    ("revision = 'abc1'\ndown_revision = 'abc1'\n", "lists itself as its down_revision"),
    ("revision = 'abc1'\ndown_revision = None\ndepends_on = 'abc1'\n", "depends on itself"),
    ("revision = 'abc1'\ndown_revision = 5\n", "must be a string, a tuple or list"),
    ("revision = 'abc1'\ndown_revision = None\nif True:\n    branch_labels = 'x'\n",
     "inside a module-level 'if' block"),
    ("from somewhere import revision\ndown_revision = None\n", "Migrator does not evaluate"),
    ("revision = 'abc1'\ndown_revision = None\ndef upgrade(:\n    pass\n", "SyntaxError"),
    ("revision = 'abc1\ndown_revision = None\n", "SyntaxError"),
])
def test_unreadable_files_say_why(source: str, expected: str) -> None:
    file = parse_revision_source(source.encode(), "/v/not_hex.py", check_syntax=True)
    assert file.error is not None and expected in file.error, file.error
    assert file.error.startswith("/v/not_hex.py")  # "f.py" would be a legacy id: f


def test_legacy_file_name_gives_the_revision(tmp_path: Path) -> None:
    path = tmp_path / "abc123.py"
    path.write_text("down_revision = None\n")
    assert parse_revision_source(path.read_bytes(), path).revision == "abc123"
    graph = load_graph_from_locations([tmp_path], loader=RevisionLoader())
    assert graph.heads == ("abc123",) == tuple(alembic_script([tmp_path]).get_heads())


# --------------------------------------------------------------------------------------------
# Broken files, dangling references, duplicates


def _healthy_copy(src: Path, dst: Path, skip: set[str]) -> Path:
    dst.mkdir()
    for path in src.iterdir():
        if path.name not in skip:
            shutil.copy2(path, dst / path.name)
    return dst


def test_broken_files_do_not_stop_the_load(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    revs = write_history(versions, 60, 3)
    leaf = revs[-1].revision
    (versions / "zz_syntax.py").write_text(
        "revision = 'b0rk3d01'\ndown_revision = " + repr(leaf) + "\nbranch_labels = (\n")
    (versions / "zz_nonliteral.py").write_text(
        "import uuid\nrevision = uuid.uuid4().hex\ndown_revision = " + repr(leaf) + "\n")
    (versions / "zz_body_error.py").write_text(
        _source("b0rk3d03", leaf).replace("def upgrade():\n    pass", "def upgrade(:\n    pass"))
    graph = load_graph_from_locations([versions], loader=RevisionLoader())

    broken = {n.revision: n for n in graph.broken}
    assert set(broken) == {"b0rk3d01", "zz_nonliteral"}  # literal id recovered, else file stem
    assert "zz_syntax.py, line 3: SyntaxError" in (broken["b0rk3d01"].error or "")
    assert "zz_nonliteral.py, line 2: 'revision' is not a literal" in (
        broken["zz_nonliteral"].error or "")
    # the recovered parent keeps the broken file in its place in the graph
    assert broken["b0rk3d01"].down_revisions == (leaf,)
    assert "b0rk3d01" in graph.children(leaf)
    assert "b0rk3d01" in graph.topological_order()
    # the rest is exactly what alembic loads once the unreadable files are gone (alembic cannot
    # import the body error either: its fixed copy stands in for it)
    healthy = _healthy_copy(versions, tmp_path / "healthy", {"zz_syntax.py", "zz_nonliteral.py"})
    (healthy / "zz_body_error.py").write_text(_source("b0rk3d03", leaf))
    expected = alembic_script([healthy])
    assert graph.heads == tuple(expected.get_heads())
    assert graph.bases == tuple(expected.get_bases())
    assert len(graph) == len(list(expected.walk_revisions())) + 2
    assert graph["b0rk3d03"].error is None  # the fast path does not compile the body...

    checked = load_graph_from_locations([versions], check_syntax=True, loader=RevisionLoader())
    error = checked["b0rk3d03"].error or ""  # ... a checked load does
    assert "zz_body_error.py, line 19: SyntaxError" in error
    assert leaf in checked.heads and "b0rk3d03" not in checked.heads


def test_healthy_child_of_a_broken_file(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "a.py").write_text(_source("aaaa1111", None))
    (versions / "b.py").write_text(
        "revision = 'bbbb2222'\ndown_revision = 'aaaa1111'\nbranch_labels = (\n")
    (versions / "c.py").write_text(_source("cccc3333", "bbbb2222"))
    graph = load_graph_from_locations([versions], loader=RevisionLoader())
    assert [n.revision for n in graph.broken] == ["bbbb2222"]
    assert graph["cccc3333"].error is None
    # heads are computed over healthy revisions only (as if b.py were removed)
    assert graph.heads == ("aaaa1111", "cccc3333") and graph.bases == ("aaaa1111",)
    assert graph.children("aaaa1111") == ("bbbb2222",)
    assert graph.ancestors(["cccc3333"]) == {"aaaa1111", "bbbb2222", "cccc3333"}
    assert graph.topological_order() == ("cccc3333", "bbbb2222", "aaaa1111")
    with pytest.raises(RevisionLoadError, match="broken"):
        graph.revision_map()


def test_dangling_down_revision_breaks_only_that_revision(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "a.py").write_text(_source("aaaa1111", None))
    (versions / "b.py").write_text(_source("bbbb2222", "aaaa1111"))
    (versions / "c.py").write_text(_source("cccc3333", "ffff9999"))
    (versions / "d.py").write_text(_source("dddd4444", "cccc3333"))
    graph = load_graph_from_locations([versions], loader=RevisionLoader())
    error = graph["cccc3333"].error or ""
    assert "c.py, line 14: down_revision 'ffff9999' is not present" in error
    assert [n.revision for n in graph.broken] == ["cccc3333"]
    assert graph["dddd4444"].error is None
    assert graph.heads == ("bbbb2222", "dddd4444")
    assert graph.bases == ("aaaa1111",)
    with warnings.catch_warnings(), pytest.raises(KeyError):  # alembic refuses the whole tree
        warnings.simplefilter("ignore")
        alembic_script([versions]).get_heads()


def test_dangling_dependency_and_label_as_parent(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "a.py").write_text(_source("aaaa1111", None).replace(
        "branch_labels = None", "branch_labels = 'core'"))
    (versions / "b.py").write_text(_source("bbbb2222", "aaaa1111").replace(
        "depends_on = None", "depends_on = ('core', 'nothere')"))
    (versions / "c.py").write_text(_source("cccc3333", "core"))
    graph = load_graph_from_locations([versions], loader=RevisionLoader())
    assert "depends_on 'nothere' is not present" in (graph["bbbb2222"].error or "")
    assert graph["bbbb2222"].dependencies == ("aaaa1111",)  # the label resolved
    assert "'core' is a branch label; write the revision id aaaa1111" in (
        graph["cccc3333"].error or "")
    assert graph.heads == ("aaaa1111",)


def test_duplicate_revision_id(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "a_first.py").write_text(_source("aaaa1111", None, "first"))
    (versions / "b_second.py").write_text(_source("aaaa1111", None, "second"))
    (versions / "c_child.py").write_text(_source("cccc3333", "aaaa1111"))
    graph = load_graph_from_locations([versions], loader=RevisionLoader())
    assert graph["aaaa1111"].message == "first"
    assert graph["b_second"].message == "second"
    assert "duplicate revision id aaaa1111" in (graph["b_second"].error or "")
    assert any("declared by two files" in p for p in graph.problems)
    assert graph.heads == ("cccc3333",) and graph.bases == ("aaaa1111",)


def test_broken_ids_are_unique(tmp_path: Path) -> None:
    files = [
        RevisionFile(path=Path("/v/x.py"), revision=None, error="bad"),
        RevisionFile(path=Path("/w/x.py"), revision=None, error="bad"),
        RevisionFile(path=Path("/v/x~2.py"), revision="x~2", down_revisions=()),
    ]
    graph = RevisionGraph.from_files(files)
    assert list(graph) == ["x", "x~3", "x~2"]
    assert graph.bases == ("x~2",)


def test_label_clashes_and_cycles_are_problems() -> None:
    def f(rev: str, down: tuple[str, ...] = (), labels: tuple[str, ...] = ()) -> RevisionFile:
        return RevisionFile(path=Path(f"/v/{rev}.py"), revision=rev, down_revisions=down,
                            branch_labels=labels)

    graph = RevisionGraph.from_files([
        f("base1", labels=("main",)), f("r2", ("base1",), ("main", "base1")),
        f("c1", ("c3",)), f("c2", ("c1",)), f("c3", ("c2",)), f("top", ("c3",)),
    ])
    assert any("'main' of revision r2 is already used by revision base1" in p
               for p in graph.problems)
    assert any("'base1' of revision r2 is also a revision id" in p for p in graph.problems)
    assert any("c1, c2, c3 form a cycle" in p for p in graph.problems)
    assert {n.revision for n in graph.broken} == {"c1", "c2", "c3"}
    assert graph.heads == ("r2", "top") and graph.bases == ("base1",)
    assert graph.resolve("main") == "base1"
    order = graph.topological_order()
    assert sorted(order) == sorted(graph) and order.index("top") < order.index("c3")


# --------------------------------------------------------------------------------------------
# Cache


def _bump(path: Path, text: str, seconds: float) -> None:
    st = path.stat()
    path.write_text(text)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + int(seconds * 1e9)))


def _age(folder: Path, seconds: float = 3600) -> None:
    """Make every file old enough for its (size, mtime) to be trusted."""
    old = time.time_ns() - int(seconds * 1e9)
    for path in folder.rglob("*.py"):
        os.utime(path, ns=(old, old))


def test_cache_reuses_unchanged_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    versions = tmp_path / "versions"
    revs = write_history(versions, 80, 9)
    _age(versions)
    loader = RevisionLoader()
    first = loader.load([versions])
    assert (loader.files_parsed, loader.files_reused) == (80, 0)

    reads: list[str] = []
    real_read = revisions._read
    monkeypatch.setattr(revisions, "_read", lambda p, s: reads.append(p) or real_read(p, s))
    again = loader.load([versions])
    assert again is first  # unchanged tree: the same graph, files only stat-ed
    assert (loader.files_parsed, loader.files_reused) == (80, 80) and reads == []

    target = next(p for p in versions.iterdir() if revs[10].revision in p.name)
    _bump(target, target.read_text().replace(revs[10].message, "edited message", 1), 5)
    edited = loader.load([versions])
    assert edited is not first
    assert loader.files_parsed == 81 and reads == [str(target)]
    assert edited[revs[10].revision].message == "edited message"
    assert edited.heads == first.heads

    (versions / "zzzz_new.py").write_text(_source("eeee5555", revs[-1].revision))
    grown = loader.load([versions])
    assert loader.files_parsed == 82 and "eeee5555" in grown
    target.unlink()
    shrunk = loader.load([versions])
    assert loader.files_parsed == 82 and revs[10].revision not in shrunk

    loader.clear()
    loader.load([versions])
    assert loader.files_parsed == 82 + len(shrunk)


def test_cache_sees_same_size_same_mtime_rewrites_of_recent_files(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    path = versions / "a.py"
    path.write_text(_source("aaaa1111", None, "one"))
    loader = RevisionLoader()
    assert loader.load([versions])["aaaa1111"].message == "one"
    st = path.stat()
    path.write_text(_source("aaaa1111", None, "two"))  # same size, then the same mtime
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert loader.load([versions])["aaaa1111"].message == "two"


def test_default_loader_and_clear_cache(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    write_history(versions, 5, 2)
    _age(versions)
    graph = load_graph_from_locations([versions])
    assert load_graph_from_locations([versions]) is graph
    revisions.clear_cache()
    assert load_graph_from_locations([versions]) is not graph


# --------------------------------------------------------------------------------------------
# Queries against alembic's RevisionMap


@pytest.fixture(scope="module", params=[21, 22, 23])
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[RevisionGraph, ScriptDirectory]:
    versions = tmp_path_factory.mktemp(f"hist{request.param}") / "versions"
    write_history(versions, 200, request.param)
    sys.dont_write_bytecode, saved = True, sys.dont_write_bytecode
    try:
        script = alembic_script([versions])
        script.revision_map.heads  # noqa: B018 - import the files now
    finally:
        sys.dont_write_bytecode = saved
    return load_graph_from_locations([versions], loader=RevisionLoader()), script


def test_ancestors_match_alembic(generated: tuple[RevisionGraph, ScriptDirectory]) -> None:
    graph, script = generated
    rmap = script.revision_map
    rng = random.Random(5)
    ids = sorted(graph)
    for rev in rng.sample(ids, 40):
        expected = {r.revision for r in rmap.iterate_revisions(rev, "base")}
        assert graph.ancestors([rev]) == expected
        assert graph.ancestors(rev) == expected
    for _ in range(15):
        revs = rng.sample(ids, 3)  # may overlap, which iterate_revisions refuses: take the union
        expected = set().union(*({r.revision for r in rmap.iterate_revisions(rev, "base")}
                                 for rev in revs))
        assert graph.ancestors(iter(revs)) == expected
    assert graph.ancestors(graph.heads) == set(graph)
    assert graph.ancestors([]) == frozenset()


def test_descendants_mirror_ancestors(generated: tuple[RevisionGraph, ScriptDirectory]) -> None:
    graph, _ = generated
    for rev in random.Random(6).sample(sorted(graph), 25):
        below = graph.descendants([rev])
        assert below == {r for r in graph if rev in graph.ancestors([r])}


def test_topological_order(generated: tuple[RevisionGraph, ScriptDirectory]) -> None:
    graph, script = generated
    order = graph.topological_order()
    assert sorted(order) == sorted(sc.revision for sc in script.walk_revisions())
    position = {rev: i for i, rev in enumerate(order)}
    for rev in graph:  # newest first: every revision before its parents and dependencies
        for parent in graph.parents(rev):
            assert position[rev] < position[parent]
    assert order[0] in graph.heads
    assert graph.topological_order() is order  # cached
    again = load_graph_from_locations([graph[order[0]].path.parent], loader=RevisionLoader())
    assert again.topological_order() == order  # deterministic


def test_topological_order_tie_break() -> None:
    def f(rev: str, down: tuple[str, ...], date: str | None) -> RevisionFile:
        return RevisionFile(path=Path(f"/v/{rev}.py"), revision=rev, down_revisions=down,
                            create_date=date)

    graph = RevisionGraph.from_files([
        f("base", (), "2024-01-01"),
        f("old", ("base",), "2024-01-02"),
        f("new", ("base",), "2024-03-01"),
        f("same_b", ("base",), "2024-02-01"),
        f("same_a", ("base",), "2024-02-01"),
        f("nodate", ("base",), None),
    ])
    assert graph.topological_order() == ("new", "same_b", "same_a", "old", "nodate", "base")


def test_resolve_matches_alembic(generated: tuple[RevisionGraph, ScriptDirectory]) -> None:
    graph, script = generated
    rmap = script.revision_map
    rng = random.Random(7)
    identifiers = set(graph.branch_labels)
    for rev in rng.sample(sorted(graph), 30):
        identifiers.update(rev[:k] for k in range(1, 9))
        identifiers.add(rev)
    identifiers.update(["zzzz", "lin", "line_", "lbl", "ffffffffffff"])
    for identifier in sorted(identifiers):
        try:
            found = rmap.get_revision(identifier)
            expected: str | None = found.revision if found is not None else None
        except (ResolutionError, MultipleHeads, RevisionError):
            expected = None
        if expected is None:
            with pytest.raises(RevisionResolutionError):
                graph.resolve(identifier)
        else:
            assert graph.resolve(identifier) == expected, identifier


def test_resolve_messages() -> None:
    files = [RevisionFile(path=Path(f"/v/{r}.py"), revision=r, down_revisions=d,
                          branch_labels=lab)
             for r, d, lab in [("abc123", (), ("core",)), ("abd456", ("abc123",), ()),
                               ("abd789", ("abc123",), ())]]
    graph = RevisionGraph.from_files(files)
    assert graph.resolve("core") == "abc123"
    assert graph.resolve("abc1") == "abc123"
    assert graph.resolve("abd4") == "abd456"
    with pytest.raises(RevisionResolutionError, match="ambiguous: 2 revisions") as err:
        graph.resolve("abd")
    assert err.value.candidates == ("abd456", "abd789")
    assert isinstance(err.value, MigratorError) and isinstance(err.value, LookupError)
    with pytest.raises(RevisionResolutionError, match="at least four characters"):
        graph.resolve("x")
    with pytest.raises(RevisionResolutionError, match="2 heads"):
        graph.resolve("head")
    with pytest.raises(RevisionResolutionError, match="not one revision"):
        graph.resolve("heads")
    with pytest.raises(RevisionResolutionError):
        graph.resolve("")


def test_revision_map_is_alembics(generated: tuple[RevisionGraph, ScriptDirectory]) -> None:
    graph, script = generated
    rmap = graph.revision_map()
    assert set(rmap.heads) == set(script.get_heads())
    assert set(rmap.bases) == set(script.get_bases())
    assert graph.revision_map() is rmap
    head = graph.heads[0]
    assert {r.revision for r in rmap.iterate_revisions(head, "base")} == graph.ancestors([head])


# --------------------------------------------------------------------------------------------
# In memory (core takes data as arguments)


def test_graph_from_files_in_memory() -> None:
    def f(rev: str, down: tuple[str, ...] = (), deps: tuple[str, ...] = (),
          labels: tuple[str, ...] = ()) -> RevisionFile:
        return RevisionFile(path=Path(f"/v/{rev}.py"), revision=rev, down_revisions=down,
                            depends_on=deps, branch_labels=labels, message=f"msg {rev}")

    graph = RevisionGraph.from_files([
        f("a"), f("b", ("a",)), f("c", ("a",)), f("d", ("b", "c")),
        f("x", labels=("other",)), f("y", ("x",), deps=("other", "b")),
    ])
    assert len(graph) == 6 and "d" in graph and "q" not in graph
    assert list(graph) == ["a", "b", "c", "d", "x", "y"]
    assert graph.heads == ("d", "y") and graph.bases == ("a", "x")
    assert graph["a"].is_branch_point and graph["d"].is_merge and not graph["d"].is_branch_point
    assert graph.children("a") == ("b", "c")
    assert graph["y"].dependencies == ("x", "b")
    assert graph.dependents("b") == ("y",)
    assert graph.parents("y") == ("x", "b")
    assert graph.ancestors(["y"]) == {"y", "x", "b", "a"}
    assert graph.descendants(["b"]) == {"b", "d", "y"}
    assert graph.broken == () and graph.problems == ()
    assert graph["d"].message == "msg d"
    with pytest.raises(KeyError):
        graph["nope"]
    with pytest.raises(RevisionResolutionError):
        graph.ancestors(["nope"])
