"""Write alembic-style revision histories to disk: linear runs, branch points, merges, several
roots, branch labels, ``depends_on`` (ids and labels), in the many shapes real files come in.

Shared by ``tests/core/test_revisions.py``, ``test_layout.py``, ``test_graph_matches_alembic.py``
and the benchmarks (``load_graph.py``, ``layout.py``, ``graph_view.py`` import it by path), so the
benchmarks measure the same kind of files the tests check against alembic.
:func:`generate_featured_history` / ``write_alembic_project(..., featured=True)`` append a block
that surely holds every shape (several bases, three-parent merges, a label on a merge,
``depends_on`` by id and by label, files in every version location).

Everything is driven by one ``random.Random(seed)``: a seed always writes the same files.
"""

from __future__ import annotations

import datetime as _dt
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "FEATURE_LABELS",
    "GeneratedRevision",
    "HistoryShape",
    "add_feature_block",
    "generate_featured_history",
    "generate_history",
    "write_alembic_project",
    "write_history",
    "write_revisions",
]


@dataclass(frozen=True)
class HistoryShape:
    """How branchy a history is. Probabilities are per new revision."""

    new_root: float = 0.004
    """Start another independent root (``down_revision = None``)."""
    branch: float = 0.12
    """Fork off a recent revision that already has a child (a branch point)."""
    merge: float = 0.08
    """Merge two (sometimes three) heads."""
    max_heads: int = 12
    """Merge whenever there are more heads than this."""
    label: float = 0.05
    """Give a branch label to a revision that starts a root or a branch."""
    depends_on: float = 0.04
    """Depend on an earlier revision (or its label) besides ``down_revision``."""
    exotic: float = 0.15
    """Write the file in an unusual but valid shape (see ``_render``)."""
    body_lines: int = 6
    """Operations in upgrade()/downgrade(), for a realistic file size."""


BENCHMARK_SHAPE = HistoryShape(label=0.002, depends_on=0.01, exotic=0.05)
"""Branchy, with few labels: what a large real project looks like."""


@dataclass(frozen=True)
class GeneratedRevision:
    revision: str
    down_revisions: tuple[str, ...]
    branch_labels: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    message: str = ""
    create_date: str = ""
    style: str = "annotated"
    subdir: str = ""
    """Folder below the version location (for recursive_version_locations)."""
    location: int = 0
    """Index of the version location the file is written to."""
    extra: dict[str, str] = field(default_factory=dict, compare=False)


_WORDS = ("add", "drop", "user", "order", "index", "table", "column", "email", "invoice",
          "customer", "product", "status", "rename", "audit", "report", "tenant", "price")


def generate_history(n: int, seed: int, shape: HistoryShape = HistoryShape(), *,
                     locations: int = 1, subdirs: int = 0) -> list[GeneratedRevision]:
    """The revisions of a random history (in creation order); nothing is written."""
    rng = random.Random(seed)
    revs: list[GeneratedRevision] = []
    ids: set[str] = set()
    heads: list[str] = []  # revisions with no child yet, oldest first
    has_child: set[str] = set()
    labels: dict[str, str] = {}  # label -> revision
    start = _dt.datetime(2020, 1, 1, 9, 0, 0)
    when = start
    for i in range(n):
        rev = _new_id(rng, ids)
        r = rng.random()
        starts_line = False
        if not revs or r < shape.new_root:
            down: tuple[str, ...] = ()
            starts_line = True
        elif len(heads) >= 2 and (r < shape.new_root + shape.merge or len(heads) > shape.max_heads):
            k = 3 if len(heads) >= 3 and rng.random() < 0.15 else 2
            down = tuple(rng.sample(heads, k))
        elif r < shape.new_root + shape.merge + shape.branch:
            recent = [g.revision for g in revs[-40:] if g.revision in has_child]
            parent = rng.choice(recent) if recent else rng.choice(revs[-40:]).revision
            down = (parent,)
            starts_line = True
        else:
            # extend a head, preferring recent ones
            parent = heads[-1 - min(int(rng.expovariate(0.7)), len(heads) - 1)]
            down = (parent,)
        for d in down:
            has_child.add(d)
            if d in heads:
                heads.remove(d)
        heads.append(rev)
        branch_labels: tuple[str, ...] = ()
        if starts_line and rng.random() < shape.label * 10:
            label = f"line_{i}"
            labels[label] = rev
            branch_labels = (label,)
            if rng.random() < 0.1:
                branch_labels += (f"alias_{i}",)
                labels[f"alias_{i}"] = rev
        elif rng.random() < shape.label:
            label = f"lbl_{i}"
            labels[label] = rev
            branch_labels = (label,)
        depends_on: tuple[str, ...] = ()
        if len(revs) > 5 and rng.random() < shape.depends_on:
            target = rng.choice(revs[: len(revs) - 1]).revision
            if target not in down:
                depends_on = (target,)
            if labels and rng.random() < 0.3:
                label = rng.choice(sorted(labels))
                if labels[label] != rev and labels[label] not in down:
                    depends_on = (*depends_on, label)
        # timestamps: mostly increasing, sometimes several revisions in the same second
        if rng.random() > 0.1:
            when = when + _dt.timedelta(minutes=rng.randint(1, 600), seconds=rng.randint(0, 59),
                                        microseconds=rng.randint(0, 999_999))
        message = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(2, 5)))
        style = _pick_style(rng, shape, down, depends_on, branch_labels)
        revs.append(GeneratedRevision(
            revision=rev,
            down_revisions=down,
            branch_labels=branch_labels,
            depends_on=depends_on,
            message=message,
            create_date=str(when),
            style=style,
            subdir=(f"part_{rng.randrange(subdirs)}" if subdirs and rng.random() < 0.7 else ""),
            location=rng.randrange(locations) if locations > 1 else 0,
        ))
    return revs


def _new_id(rng: random.Random, taken: set[str]) -> str:
    while True:
        rev = f"{rng.getrandbits(48):012x}"
        if rev not in taken:
            taken.add(rev)
            return rev


FEATURE_LABELS = ("feature_a", "feature_b", "merged_three")
"""The branch labels :func:`add_feature_block` declares (on a base, a base, and a merge)."""

_FEATURE_STYLES = ("annotated", "plain", "multiline_tuple", "label_list", "list_down",
                   "double_quotes", "pipe_annotation")


def add_feature_block(revs: list[GeneratedRevision], seed: int, *, locations: int = 1,
                      subdirs: int = 0) -> list[GeneratedRevision]:
    """``revs`` followed by revisions that surely hold every shape the alembic agreement tests
    need, whatever the random part drew (``revs`` may be empty)::

        fa0 (base, label feature_a) <- fa1 <- fa2 (depends_on an old revision id, or fa0)
        fb0 (base, label feature_b) <- fb1 (depends_on 'feature_a': by label)
        T (the newest revision of revs, or a third base) <- c1, c2, c3 (a branch point)
        m3 = merge(c1, fa2, fb1), label merged_three (a three-parent merge with a label)
        t1 <- m3, depends_on (c2 by id, 'feature_b' by label)
        u1 <- c2, depends_on 'merged_three' (a label on a merge, named by a dependency)
        top = merge(t1, u1, c3) (a second three-parent merge)
        side <- fa1 (a branch point on a line that started at another base; stays a head)

    The new files are spread round robin over the ``locations`` version locations (and over
    ``part_<k>`` subfolders with ``subdirs``), each location getting several of them.
    """
    rng = random.Random(seed * 104729 + 17)
    taken = {g.revision for g in revs}
    labels = {label for g in revs for label in g.branch_labels}
    clash = labels.intersection(FEATURE_LABELS)
    if clash:
        raise ValueError(f"the history already uses the labels {sorted(clash)}")
    last = max((g.create_date for g in revs), default="2020-01-01 09:00:00")
    when = _dt.datetime.fromisoformat(last)
    out = list(revs)
    made: list[GeneratedRevision] = []

    def add(down: tuple[str, ...], *, labels: tuple[str, ...] = (),
            depends_on: tuple[str, ...] = (), message: str) -> str:
        nonlocal when
        when += _dt.timedelta(minutes=rng.randint(1, 90), seconds=rng.randint(0, 59))
        k = len(made)
        style = _FEATURE_STYLES[k % len(_FEATURE_STYLES)]
        g = GeneratedRevision(
            revision=_new_id(rng, taken),
            down_revisions=down,
            branch_labels=labels,
            depends_on=depends_on,
            message=message,
            create_date=str(when),
            style=style,
            subdir=f"part_{k % subdirs}" if subdirs and k % 3 else "",
            location=k % locations if locations > 1 else 0,
        )
        made.append(g)
        return g.revision

    old_target = revs[len(revs) // 3].revision if revs else None
    fa0 = add((), labels=("feature_a",), message="feature a base")
    fa1 = add((fa0,), message="feature a table")
    fa2 = add((fa1,), depends_on=(old_target or fa0,) if old_target else (),
              message="feature a needs an old revision")
    fb0 = add((), labels=("feature_b",), message="feature b base")
    fb1 = add((fb0,), depends_on=("feature_a",), message="feature b needs feature a")
    tip = revs[-1].revision if revs else add((), message="a third base")
    c1 = add((tip,), message="first child of the tip")
    c2 = add((tip,), message="second child of the tip")
    c3 = add((tip,), message="third child of the tip")
    m3 = add((c1, fa2, fb1), labels=("merged_three",), message="merge three lines")
    t1 = add((m3,), depends_on=(c2, "feature_b"), message="after the merge")
    u1 = add((c2,), depends_on=("merged_three",), message="needs the labelled merge")
    add((t1, u1, c3), message="merge three heads")
    add((fa1,), message="a side branch of feature a")
    out.extend(made)
    return out


def generate_featured_history(n: int, seed: int, shape: HistoryShape = HistoryShape(), *,
                              locations: int = 1, subdirs: int = 0
                              ) -> list[GeneratedRevision]:
    """:func:`generate_history` followed by :func:`add_feature_block`."""
    revs = generate_history(n, seed, shape, locations=locations, subdirs=subdirs)
    return add_feature_block(revs, seed, locations=locations, subdirs=subdirs)


_EXOTIC = (
    "double_quotes", "list_down", "multiline_tuple", "bare_tuple", "paren_scalar",
    "comment_mentions", "sql_mentions", "reassigned", "unpacked", "escaped_doc", "no_doc",
    "two_paragraphs", "crlf", "coding_header", "u_prefix", "future_import", "pipe_annotation",
    "single_quote_doc", "trailing_comment", "label_list",
)


def _pick_style(rng: random.Random, shape: HistoryShape, down: tuple[str, ...],
                depends_on: tuple[str, ...], labels: tuple[str, ...]) -> str:
    if rng.random() < shape.exotic:
        style = rng.choice(_EXOTIC)
        if style == "bare_tuple" and len(down) < 2:
            return "plain"
        return style
    return "annotated" if rng.random() < 0.65 else "plain"


def _lit(value: tuple[str, ...], *, as_list: bool = False, q: str = "'") -> str:
    """A Python literal for an identifier list, as alembic's template writes it."""
    if not value:
        return "None"
    if len(value) == 1 and not as_list:
        return f"{q}{value[0]}{q}"
    inner = ", ".join(f"{q}{v}{q}" for v in value)
    return f"[{inner}]" if as_list else f"({inner})"


def _body(rng: random.Random, lines: int, table: str) -> tuple[str, str]:
    up = ["    # ### commands auto generated by Alembic - please adjust! ###"]
    down = ["    # ### commands auto generated by Alembic - please adjust! ###"]
    for j in range(lines):
        col = f"{rng.choice(_WORDS)}_{j}"
        up.append(f"    op.add_column('{table}', sa.Column('{col}', sa.String(length={rng.randint(8, 255)}), nullable=True))")  # noqa: E501
        down.insert(1, f"    op.drop_column('{table}', '{col}')")
    up.append("    # ### end Alembic commands ###")
    down.append("    # ### end Alembic commands ###")
    return "\n".join(up), "\n".join(down)


def _render(g: GeneratedRevision, rng: random.Random, body_lines: int) -> str:
    style = g.style
    q = '"' if style == "double_quotes" else "'"
    table = g.message.split()[-1]
    up, down = _body(rng, body_lines, table)
    revises = ", ".join(g.down_revisions)
    doc = f"{g.message}\n\nRevision ID: {g.revision}\nRevises: {revises}\nCreate Date: {g.create_date}\n\n"  # noqa: E501
    if style == "two_paragraphs":
        doc = f"{g.message}\nsecond line of the title\n\nA longer explanation.\n\n" + doc[
            len(g.message) + 2:]
    head = ""
    if style == "coding_header":
        head = "# -*- coding: utf-8 -*-\n"
    if style == "no_doc":
        docstring = "# no docstring in this one\n"
    elif style == "escaped_doc":
        docstring = f'"""{g.message} \\u2014 with an escape\\tand a tab\n\n' + doc[
            len(g.message) + 2:] + '"""\n'
    elif style == "single_quote_doc":
        docstring = f'"{g.message}"\n'
    else:
        docstring = f'"""{doc}"""\n'
    imports = "from typing import Sequence, Union\n\nfrom alembic import op\nimport sqlalchemy as sa\n"  # noqa: E501
    if style == "future_import":
        imports = "from __future__ import annotations\n\n" + imports
    down_lit = _lit(g.down_revisions, as_list=style == "list_down", q=q)
    labels_lit = _lit(g.branch_labels, as_list=style == "label_list", q=q)
    deps_lit = _lit(g.depends_on, as_list=style == "label_list", q=q)
    rev_lit = f"{q}{g.revision}{q}"
    if style == "u_prefix":
        rev_lit = f"u'{g.revision}'"
    if style == "multiline_tuple" and g.down_revisions:
        down_lit = "(\n" + "".join(f"    '{d}',\n" for d in g.down_revisions) + ")"
    if style == "bare_tuple":
        down_lit = ", ".join(f"'{d}'" for d in g.down_revisions)
    if style == "paren_scalar" and len(g.down_revisions) == 1:
        down_lit = f"('{g.down_revisions[0]}')"
    if style in ("plain", "double_quotes", "list_down", "bare_tuple", "unpacked", "label_list"):
        ident = (f"revision = {rev_lit}\ndown_revision = {down_lit}\n"
                 f"branch_labels = {labels_lit}\ndepends_on = {deps_lit}\n")
    elif style == "pipe_annotation":
        ident = (f"revision: str = {rev_lit}\ndown_revision: str | tuple[str, ...] | None = "
                 f"{down_lit}\nbranch_labels: str | None = {labels_lit}\n"
                 f"depends_on: str | None = {deps_lit}\n")
    else:
        ident = (f"revision: str = {rev_lit}\n"
                 f"down_revision: Union[str, Sequence[str], None] = {down_lit}\n"
                 f"branch_labels: Union[str, Sequence[str], None] = {labels_lit}\n"
                 f"depends_on: Union[str, Sequence[str], None] = {deps_lit}\n")
    if style == "unpacked":
        ident = (f"revision, down_revision = {rev_lit}, {down_lit}\n"
                 f"branch_labels = {labels_lit}\ndepends_on = {deps_lit}\n")
    if style == "reassigned":
        ident = f"revision = 'placeholder'\n{ident}"
    if style == "trailing_comment":
        ident = ident.replace(f"{rev_lit}\n", f"{rev_lit}  # don't edit: it's the id\n", 1)
    extra_up = ""
    if style == "comment_mentions":
        extra_up = "    # this revision's change is safe; the previous revision added the column\n"
    if style == "sql_mentions":
        extra_up = "    op.execute(\"UPDATE meta SET revision = 'x' WHERE depends_on IS NULL\")\n"
    text = (f"{head}{docstring}{imports}\n\n# revision identifiers, used by Alembic.\n{ident}\n\n"
            f"def upgrade() -> None:\n    \"\"\"Upgrade schema.\"\"\"\n{extra_up}{up}\n\n\n"
            f"def downgrade() -> None:\n    \"\"\"Downgrade schema.\"\"\"\n{down}\n")
    if style == "crlf":
        text = text.replace("\n", "\r\n")
    return text


def _slug(message: str) -> str:
    return "_".join(message.split())[:40]


def write_history(
    locations: Path | list[Path],
    n: int,
    seed: int,
    shape: HistoryShape = HistoryShape(),
    *,
    subdirs: int = 0,
) -> list[GeneratedRevision]:
    """Write a random history of ``n`` revisions into ``locations`` (one folder or several; with
    ``subdirs`` > 0 most files go into ``part_<k>`` subfolders). Returns what was written."""
    dirs = [locations] if isinstance(locations, Path) else list(locations)
    revs = generate_history(n, seed, shape, locations=len(dirs), subdirs=subdirs)
    write_revisions(dirs, revs, seed, body_lines=shape.body_lines)
    return revs


def write_revisions(
    locations: Path | list[Path],
    revs: list[GeneratedRevision],
    seed: int,
    *,
    body_lines: int = HistoryShape.body_lines,
) -> None:
    """Write already generated revisions (each into ``locations[g.location] / g.subdir``)."""
    dirs = [locations] if isinstance(locations, Path) else list(locations)
    rng = random.Random(seed * 7919 + 1)
    for g in revs:
        folder = dirs[g.location] / g.subdir if g.subdir else dirs[g.location]
        folder.mkdir(parents=True, exist_ok=True)
        text = _render(g, rng, body_lines)
        (folder / f"{g.revision}_{_slug(g.message)}.py").write_bytes(text.encode("utf-8"))


_INI = """\
[alembic]
script_location = %(here)s/migrations
{extra}
sqlalchemy.url = sqlite:///%(here)s/bench.db

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
"""

_ENV = '''\
"""Minimal env.py: enough for the alembic CLI (history needs no database)."""
from alembic import context
from sqlalchemy import create_engine

config = context.config


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''


def write_alembic_project(
    root: Path,
    n: int,
    seed: int,
    shape: HistoryShape = HistoryShape(),
    *,
    locations: int = 1,
    subdirs: int = 0,
    featured: bool = False,
) -> tuple[Path, list[GeneratedRevision]]:
    """A complete alembic project (alembic.ini, env.py, script.py.mako, versions) in ``root``
    holding a random history. Returns the alembic.ini path and the revisions.

    ``featured`` writes :func:`generate_featured_history` instead (``n`` random revisions plus
    the feature block), with ``version_locations`` listing the ``locations`` folders."""
    import alembic

    migrations = root / "migrations"
    migrations.mkdir(parents=True, exist_ok=True)
    (migrations / "env.py").write_text(_ENV, encoding="utf-8")
    template = Path(alembic.__file__).parent / "templates" / "generic" / "script.py.mako"
    shutil.copyfile(template, migrations / "script.py.mako")
    extra = []
    if locations > 1:
        dirs = [migrations / f"versions_{k}" for k in range(locations)]
        extra.append("version_locations = " + " ".join(f"%(here)s/migrations/{d.name}"
                                                       for d in dirs))
        extra.append("path_separator = space")
    else:
        dirs = [migrations / "versions"]
    if subdirs:
        extra.append("recursive_version_locations = true")
    for d in dirs:
        d.mkdir(parents=True, exist_ok=True)
    ini = root / "alembic.ini"
    ini.write_text(_INI.format(extra="\n".join(extra)), encoding="utf-8")
    if featured:
        revs = generate_featured_history(n, seed, shape, locations=len(dirs), subdirs=subdirs)
        write_revisions(dirs, revs, seed, body_lines=shape.body_lines)
    else:
        revs = write_history(dirs, n, seed, shape, subdirs=subdirs)
    return ini, revs
