"""The doctor: what is wrong with a database's version table, and the repairs, SQL first.

Pure: takes the revision graph and the facts the service read from the database
(:class:`DatabaseFacts`) and returns :class:`Finding` objects, each with a plain explanation, the
evidence, and :class:`Repair` proposals. A repair that changes the version table carries the
exact statements it will run (the preview *is* what runs); one that is an operation (an upgrade
plan, a merge revision, a stamp to a revision the user picks) names it instead.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from migrator_gui.core.status import GraphLike
from migrator_gui.core.text import QT_TRANSLATE_NOOP

__all__ = [
    "ALEMBIC_ID_LENGTH",
    "DatabaseFacts",
    "Finding",
    "FindingKind",
    "Repair",
    "create_version_table_sql",
    "diagnose",
    "drift_finding",
    "replace_rows_sql",
    "start_over_finding",
    "widen_column_sql",
]

ALEMBIC_ID_LENGTH = 32
"""alembic's default ``version_num`` width, ``VARCHAR(32)``."""

_SAFE_ID = re.compile(r"^[A-Za-z0-9_.\-]+$")


class FindingKind(enum.Enum):
    UNKNOWN_REVISION = "unknown_revision"
    BEHIND = "behind"
    REDUNDANT_ROWS = "redundant_rows"
    MULTIPLE_HEADS = "multiple_heads"
    NO_VERSION_TABLE = "no_version_table"
    VERSION_COLUMN_TOO_SHORT = "version_column_too_short"
    DRIFT = "drift"
    START_OVER = "start_over"


@dataclass(frozen=True)
class DatabaseFacts:
    """What the doctor read from the database (through env.py's version table settings)."""

    dialect: str
    """``sqlite``, ``postgresql``, ``mysql`` or ``mariadb``."""
    table_exists: bool
    rows: tuple[str, ...] = ()
    version_table: str = "alembic_version"
    version_table_schema: str | None = None
    version_column_length: int | None = ALEMBIC_ID_LENGTH
    """``VARCHAR(n)`` of ``version_num``; None: not limited (SQLite) or unknown."""
    other_tables: tuple[str, ...] = ()
    """The schema's tables besides the version table."""
    git_evidence: dict[str, str] = field(default_factory=dict)
    """For an unknown revision: what git history knows of the file that defined it."""


@dataclass(frozen=True)
class Repair:
    """One way to fix a finding."""

    kind: str
    """``replace_rows`` (the statements set the version table's rows), ``widen_column``,
    ``create_table``, or an operation: ``upgrade`` (the Plan tab), ``merge`` (a merge revision),
    ``pick_and_stamp`` (stamp a revision the user picks on the graph), ``stamp_at`` (stamp
    ``target``, through the Plan tab), ``find_match`` (compare the schema with the revisions'
    schemas, built on a scratch database)."""
    label: str
    description: str
    statements: tuple[str, ...] = ()
    """The exact SQL, in order, run in one transaction (empty for an operation)."""
    rows_after: tuple[str, ...] | None = None
    """The version table's rows once it ran (None: unchanged or not known beforehand)."""
    target: str = ""
    """For ``upgrade``/``merge``: the target, or the heads to merge."""


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    severity: str
    """``error`` (alembic refuses to work), ``warning`` (it works but not as expected), ``info``."""
    title: str
    explanation: str
    evidence: tuple[str, ...]
    repairs: tuple[Repair, ...] = ()


def _find_match_repair() -> Repair:
    return Repair(
        "find_match",
        QT_TRANSLATE_NOOP("Doctor", "Find the revision whose schema matches…"),
        QT_TRANSLATE_NOOP(
            "Doctor",
            "Build each revision's schema on a scratch database (a temporary SQLite "
            "file, or a throwaway database on the same server) and compare it with "
            "this database; the live database is only read.",
        ),
    )


def diagnose(graph: GraphLike, facts: DatabaseFacts) -> list[Finding]:
    """Every finding for ``facts`` against ``graph``, most urgent first."""
    findings: list[Finding] = []
    table = _table_label(facts)
    heads = tuple(graph.heads)
    rows = facts.rows

    if len(heads) > 1:
        findings.append(Finding(
            FindingKind.MULTIPLE_HEADS,
            "warning",
            QT_TRANSLATE_NOOP("Doctor", "versions/ has {count} heads").format(count=len(heads)),
            QT_TRANSLATE_NOOP(
                "Doctor",
                "Two branches of revisions were never merged: 'alembic upgrade head' refuses to "
                "choose (\"Multiple head revisions are present\"). A merge revision joins them; "
                "it changes no schema.",
            ),
            tuple(QT_TRANSLATE_NOOP("Doctor", "head {revision}").format(revision=h)
                  for h in heads),
            (Repair("merge", QT_TRANSLATE_NOOP("Doctor", "Create merge revision…"),
                    QT_TRANSLATE_NOOP(
                        "Doctor",
                        "Write a revision whose parents are all the heads (alembic merge), then "
                        "select it in the graph.",
                    ),
                    target=",".join(heads)),),
        ))

    if not facts.table_exists:
        if facts.other_tables:
            findings.append(Finding(
                FindingKind.NO_VERSION_TABLE,
                "warning",
                QT_TRANSLATE_NOOP(
                    "Doctor", "No {table} table, but the database has {count} table(s)"
                ).format(table=table, count=len(facts.other_tables)),
                QT_TRANSLATE_NOOP(
                    "Doctor",
                    "The schema was made without alembic (create_all, by hand, a dump): alembic "
                    "would run every migration from the start and fail on tables that exist. "
                    "Stamp it (a baseline) at the revision whose schema it has.",
                ),
                tuple(QT_TRANSLATE_NOOP("Doctor", "table {table}").format(table=t)
                      for t in facts.other_tables[:20]),
                (Repair("pick_and_stamp",
                        QT_TRANSLATE_NOOP("Doctor", "Stamp (baseline) at a revision…"),
                        QT_TRANSLATE_NOOP(
                            "Doctor",
                            "Create the version table and write the revision you pick on the "
                            "graph; no migration runs.",
                        )),
                 _find_match_repair()),
            ))
        return findings

    known = [r for r in rows if r in graph]
    unknown = [r for r in rows if r not in graph]
    if unknown:
        evidence = []
        for rev in unknown:
            if rev in facts.git_evidence:
                line = QT_TRANSLATE_NOOP(
                    "Doctor", "row {revision}: no file in versions/ defines it (git: {git})"
                ).format(revision=rev, git=facts.git_evidence[rev])
            else:
                line = QT_TRANSLATE_NOOP(
                    "Doctor", "row {revision}: no file in versions/ defines it"
                ).format(revision=rev)
            evidence.append(line)
        if len(unknown) > 1:
            remove = QT_TRANSLATE_NOOP("Doctor", "Remove the rows")
        else:
            remove = QT_TRANSLATE_NOOP("Doctor", "Remove the row")
        findings.append(Finding(
            FindingKind.UNKNOWN_REVISION,
            "error",
            QT_TRANSLATE_NOOP(
                "Doctor", "The database is at {revisions}, which is not in versions/"
            ).format(revisions=", ".join(unknown)),
            QT_TRANSLATE_NOOP(
                "Doctor",
                "alembic stops with \"Can't locate revision identified by …\": the file of that "
                "revision was deleted, renamed, or belongs to another branch of the code. Stamp "
                "the revision whose schema the database really has, or remove the row.",
            ),
            tuple(evidence),
            (
                Repair("pick_and_stamp", QT_TRANSLATE_NOOP("Doctor", "Stamp a revision you pick…"),
                       QT_TRANSLATE_NOOP(
                           "Doctor",
                           "Replace the version table's rows with the revision you select on "
                           "the graph; no migration runs.",
                       )),
                _find_match_repair(),
                Repair("replace_rows", remove,
                       QT_TRANSLATE_NOOP(
                           "Doctor", "Delete the unknown row(s); the other rows stay."
                       ),
                       statements=replace_rows_sql(facts, known),
                       rows_after=tuple(known)),
            ),
        ))
        return findings  # everything else depends on knowing where the database is

    redundant = [r for r in known if r in graph.ancestors(k for k in known if k != r)]
    duplicates = sorted({r for r in rows if rows.count(r) > 1})
    if redundant or duplicates:
        minimal = tuple(dict.fromkeys(r for r in known if r not in redundant))
        findings.append(Finding(
            FindingKind.REDUNDANT_ROWS,
            "warning",
            QT_TRANSLATE_NOOP("Doctor", "{table} has {rows} rows where {minimal} would do").format(
                table=table, rows=len(rows), minimal=len(minimal)
            ),
            QT_TRANSLATE_NOOP(
                "Doctor",
                "Some rows are ancestors of other rows (or appear twice): alembic never writes "
                "that, and its upgrades and downgrades may then do the wrong thing. Keep the "
                "minimal set of heads.",
            ),
            tuple(
                [QT_TRANSLATE_NOOP("Doctor", "row {revision} is an ancestor of another row")
                 .format(revision=r) for r in redundant]
                + [QT_TRANSLATE_NOOP("Doctor", "row {revision} appears twice").format(revision=r)
                   for r in duplicates]
            ),
            (Repair("replace_rows", QT_TRANSLATE_NOOP("Doctor", "Keep the minimal rows"),
                    QT_TRANSLATE_NOOP("Doctor", "Keep {revisions}.").format(
                        revisions=", ".join(minimal)
                    ),
                    statements=replace_rows_sql(facts, minimal),
                    rows_after=minimal),),
        ))

    applied = graph.ancestors(known) if known else frozenset()
    pending = [r for r in graph.topological_order() if r not in applied]
    if pending:
        findings.append(Finding(
            FindingKind.BEHIND,
            "info",
            QT_TRANSLATE_NOOP("Doctor", "{count} revision(s) pending").format(count=len(pending)),
            QT_TRANSLATE_NOOP(
                "Doctor",
                "The database is behind versions/: 'alembic revision --autogenerate' refuses "
                "(\"Target database is not up to date\") until it is upgraded.",
            ),
            tuple(QT_TRANSLATE_NOOP("Doctor", "pending {revision}").format(revision=r)
                  for r in reversed(pending)),
            (Repair("upgrade", QT_TRANSLATE_NOOP("Doctor", "Plan the upgrade…"),
                    QT_TRANSLATE_NOOP(
                        "Doctor",
                        "Show the upgrade to the heads in the Plan tab, with its SQL, then run it.",
                    ),
                    target="heads"),),
        ))

    limit = facts.version_column_length
    if limit is not None and facts.dialect != "sqlite":
        every = graph.topological_order()
        longest = max((len(r) for r in every), default=0)
        if longest > limit:
            long_ids = sorted((r for r in every if len(r) > limit), key=len, reverse=True)
            wider = max(longest, 64)
            findings.append(Finding(
                FindingKind.VERSION_COLUMN_TOO_SHORT,
                "error",
                QT_TRANSLATE_NOOP(
                    "Doctor",
                    "{table}.version_num is VARCHAR({limit:d}), revision ids need {longest}",
                ).format(table=table, limit=limit, longest=longest),
                QT_TRANSLATE_NOOP(
                    "Doctor",
                    "Upgrading to a revision with a longer id fails when alembic writes it "
                    "(\"value too long\" / \"Data too long\"). Widen the column.",
                ),
                tuple(QT_TRANSLATE_NOOP("Doctor", "revision {revision} has {count} characters")
                      .format(revision=r, count=len(r)) for r in long_ids[:10]),
                (Repair("widen_column",
                        QT_TRANSLATE_NOOP("Doctor", "Widen version_num to VARCHAR({length:d})")
                        .format(length=wider),
                        QT_TRANSLATE_NOOP("Doctor", "Alter the column; the rows stay."),
                        statements=widen_column_sql(facts, wider)),),
            ))
    return findings


def drift_finding(
    recorded: Sequence[str],
    differences: Sequence[str],
    scores: Sequence[tuple[str, int]],
    best: str | None,
) -> Finding | None:
    """The finding of a drift check (``services/drift.py``): the live schema against the
    schema of its recorded revision, and the revision that matches best. None when the schema
    is the recorded revision's exactly."""
    at: str = ", ".join(r[:12] for r in recorded) or QT_TRANSLATE_NOOP("Doctor", "base")
    counts = dict(scores)
    if not differences and best is not None and best in recorded:
        return None
    evidence = [
        QT_TRANSLATE_NOOP("Doctor", "the database is at {revision}, but {difference}").format(
            revision=at, difference=d
        )
        for d in differences
    ]
    evidence += [
        QT_TRANSLATE_NOOP("Doctor", "{revision}: {count} difference(s)").format(
            revision=rev[:12], count=count
        )
        for rev, count in scores
    ]
    repairs: tuple[Repair, ...] = ()
    if best is not None and best not in recorded:
        repairs = (Repair("stamp_at",
                          QT_TRANSLATE_NOOP("Doctor", "Stamp {revision} (its schema matches best)")
                          .format(revision=best[:12]),
                          QT_TRANSLATE_NOOP(
                              "Doctor",
                              "Set the version table to the revision whose schema is closest to "
                              "the database's; no migration runs.",
                          ),
                          target=best),)
    if differences:
        title = QT_TRANSLATE_NOOP("Doctor", "The schema differs from revision {revision}").format(
            revision=at
        )
    elif best:
        title = QT_TRANSLATE_NOOP("Doctor", "The schema best matches {revision}").format(
            revision=best[:12]
        )
    else:
        title = QT_TRANSLATE_NOOP("Doctor", "No revision matches")
    if best:
        explanation = QT_TRANSLATE_NOOP(
            "Doctor",
            "The tables and columns the database has are not what its recorded revision creates "
            "(changes made by hand, create_all, a restored dump, or a stamp at the wrong "
            "revision). Revision {revision} matches best ({count} difference(s)).",
        ).format(revision=best, count=counts.get(best, 0))
    else:
        explanation = QT_TRANSLATE_NOOP(
            "Doctor",
            "The tables and columns the database has are not what its recorded revision creates "
            "(changes made by hand, create_all, a restored dump, or a stamp at the wrong "
            "revision).",
        )
    return Finding(
        FindingKind.DRIFT,
        "warning",
        title,
        explanation,
        tuple(evidence),
        repairs,
    )


def start_over_finding(
    facts: DatabaseFacts,
    revision: str,
    archive: str,
    differences: Sequence[str],
    scratch: str,
) -> Finding:
    """The outcome of a start over (``services/start_over.py``): the new base, proven or not,
    with the stamp of this database at it (its SQL) and the way back."""
    restore = Repair(
        "restore_archive",
        QT_TRANSLATE_NOOP("Doctor", "Put the old revisions back"),
        QT_TRANSLATE_NOOP(
            "Doctor",
            "Delete the new base file and move the archived revisions back from {archive}.",
        ).format(archive=archive),
    )
    if differences:
        return Finding(
            FindingKind.START_OVER,
            "error",
            QT_TRANSLATE_NOOP(
                "Doctor", "The new base {revision} does not produce this database's schema"
            ).format(revision=revision[:12]),
            QT_TRANSLATE_NOOP(
                "Doctor",
                "Built on {scratch}, the new base differs from the live schema: the models do "
                "not describe the database. Fix the models (or the database) and start over "
                "again; nothing was stamped.",
            ).format(scratch=scratch),
            tuple(differences),
            (restore,),
        )
    if facts.table_exists:
        statements = replace_rows_sql(facts, [revision])
    else:
        statements = create_version_table_sql(facts, [revision])
    stamp = Repair("replace_rows",
                   QT_TRANSLATE_NOOP("Doctor", "Stamp this database at {revision}").format(
                       revision=revision[:12]
                   ),
                   QT_TRANSLATE_NOOP(
                       "Doctor", "Set the version table to the new base; no migration runs."
                   ),
                   statements=statements, rows_after=(revision,))
    return Finding(
        FindingKind.START_OVER,
        "info",
        QT_TRANSLATE_NOOP("Doctor", "New base {revision} written and proven").format(
            revision=revision[:12]
        ),
        QT_TRANSLATE_NOOP(
            "Doctor",
            "The old revisions are in {archive}. Built on {scratch}, the new base produces "
            "exactly this database's schema. Stamp each database of this project at it (the "
            "other profiles: select them, open the Doctor, stamp).",
        ).format(archive=archive, scratch=scratch),
        (
            QT_TRANSLATE_NOOP("Doctor", "revision {revision}").format(revision=revision),
            QT_TRANSLATE_NOOP("Doctor", "archive {archive}").format(archive=archive),
        ),
        (stamp, restore),
    )


# --------------------------------------------------------------------------------------------
# SQL of the repairs (exactly what runs)


def _quote_identifier(name: str, dialect: str) -> str:
    if re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        return name
    if dialect in ("mysql", "mariadb"):
        return "`" + name.replace("`", "``") + "`"
    return '"' + name.replace('"', '""') + '"'


def _table_sql(facts: DatabaseFacts) -> str:
    table = _quote_identifier(facts.version_table, facts.dialect)
    if facts.version_table_schema:
        return f"{_quote_identifier(facts.version_table_schema, facts.dialect)}.{table}"
    return table


def _table_label(facts: DatabaseFacts) -> str:
    if facts.version_table_schema:
        return f"{facts.version_table_schema}.{facts.version_table}"
    return facts.version_table


def _literal(revision: str) -> str:
    if not _SAFE_ID.match(revision):
        raise ValueError(f"Not a revision id: {revision!r}")
    return f"'{revision}'"


def replace_rows_sql(facts: DatabaseFacts, rows: Iterable[str]) -> tuple[str, ...]:
    """Empty the version table, then write ``rows`` (what a stamp with purge writes)."""
    table = _table_sql(facts)
    statements = [f"DELETE FROM {table}"]
    statements += [
        f"INSERT INTO {table} (version_num) VALUES ({_literal(r)})"
        for r in dict.fromkeys(rows)
    ]
    return tuple(statements)


def create_version_table_sql(facts: DatabaseFacts, rows: Sequence[str]) -> tuple[str, ...]:
    """alembic's version table (``VARCHAR(32)``, primary key ``<table>_pkc``) and ``rows``."""
    table = _table_sql(facts)
    pkc = _quote_identifier(f"{facts.version_table}_pkc", facts.dialect)
    create = (
        f"CREATE TABLE {table} (version_num VARCHAR({ALEMBIC_ID_LENGTH}) NOT NULL, "
        f"CONSTRAINT {pkc} PRIMARY KEY (version_num))"
    )
    return (create, *[f"INSERT INTO {table} (version_num) VALUES ({_literal(r)})" for r in rows])


def widen_column_sql(facts: DatabaseFacts, length: int) -> tuple[str, ...]:
    table = _table_sql(facts)
    if facts.dialect in ("mysql", "mariadb"):
        return (f"ALTER TABLE {table} MODIFY version_num VARCHAR({int(length)}) NOT NULL",)
    return (f"ALTER TABLE {table} ALTER COLUMN version_num TYPE VARCHAR({int(length)})",)
