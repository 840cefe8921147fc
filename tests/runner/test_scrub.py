"""protocol.Scrubber: the password hidden in free text, identifiers never touched."""

from __future__ import annotations

import json
from urllib.parse import quote, quote_plus, unquote

import pytest
import sqlalchemy as sa

from migrator_gui.core import protocol
from migrator_gui.core.protocol import Scrubber, scrub_event, secret_forms, url_password

PASSWORDS = ["p@ss:w/rd%", "pä ss", "a", "postgres", 'x"y\\z', "it's", "a+b c", "密码123"]


@pytest.mark.parametrize("password", PASSWORDS)
def test_the_encoders_match_urllib_and_sqlalchemy(password: str) -> None:
    assert protocol._quote(password) == quote(password, safe="")
    assert protocol._quote(password, "/") == quote(password)
    assert protocol._quote_plus(password) == quote_plus(password, safe="")
    assert protocol._unquote(quote(password)) == password
    url = sa.make_url("postgresql+psycopg2://u@h/db").set(password=password)
    rendered = url.render_as_string(hide_password=False)
    assert url_password(rendered) == password == sa.make_url(rendered).password
    assert rendered.split("://u:", 1)[1].rsplit("@h/", 1)[0] in secret_forms(password)


@pytest.mark.parametrize(
    "url",
    [
        "mysql://u@x:pw@h/db",
        "sqlite:///x.db",
        "postgresql://h:5432/db",
        "postgresql://u:@h/db",
        "postgresql://u:a/b@h/db",
        "postgresql://u:%zz%4@h/db",
    ],
)
def test_url_password_parses_like_make_url(url: str) -> None:
    expected = sa.make_url(url).password
    assert url_password(url) == (None if expected is None else unquote(str(expected)))


@pytest.mark.parametrize("password", [p for p in PASSWORDS if len(p) >= 6])
def test_a_long_password_is_hidden_in_every_spelling(password: str) -> None:
    url = sa.make_url("postgresql+psycopg2://u@h/db").set(password=password)
    rendered = url.render_as_string(hide_password=False)
    scrubber = Scrubber.for_url(rendered)
    texts = [
        f"DEBUG using {rendered}",
        f"password is {password}!",
        repr({"password": password}),
        repr(rendered),
        json.dumps({"u": password}),
        json.dumps({"u": password}, ensure_ascii=False),
        repr(password.encode()),
        password.encode("unicode_escape").decode(),
        quote_plus(password),
    ]
    for text in texts:
        cleaned = scrubber.scrub(text)
        assert "***" in cleaned, text
        for form in (password, quote(password, safe=""), quote(password, safe=" +")):
            assert form not in cleaned, (text, cleaned)


@pytest.mark.parametrize("password", ["a", "pg", "postgres"])
def test_a_short_password_is_hidden_where_unambiguous(password: str) -> None:
    rendered = f"postgresql+psycopg2://postgres:{password}@127.0.0.1/app"
    scrubber = Scrubber.for_url(rendered)
    text = f"at {rendered}; heads d19fb7a35f68; dialect postgresql; password={password}, x"
    cleaned = scrubber.scrub(text)
    assert "postgresql+psycopg2://postgres:***@127.0.0.1/app" in cleaned or len(password) >= 6
    assert f":{password}@" not in cleaned and f"password={password}" not in cleaned
    if len(password) < protocol.MIN_SUBSTRING_SECRET:
        assert "d19fb7a35f68" in cleaned and "dialect postgresql" in cleaned


def test_other_urls_and_password_values_are_hidden_too() -> None:
    scrubber = Scrubber()  # no known password: the generic rules still apply
    assert scrubber.scrub("mysql://root:zzz@h/x and 'password': 'abc'") == (
        "mysql://root:***@h/x and 'password': '***'"
    )
    assert scrubber.scrub("http://host:8080/path, user@example.com") == (
        "http://host:8080/path, user@example.com"
    )
    query = Scrubber.for_url("postgresql://u@h/db?password=hunter22&x=1")
    assert query.scrub("connect postgresql://u@h/db?password=hunter22&x=1 'hunter22'") == (
        "connect postgresql://u@h/db?password=***&x=1 '***'"
    )


def test_identifier_fields_are_never_scrubbed() -> None:
    scrubber = Scrubber.for_url("postgresql://postgres:postgres@h/db")
    backend = protocol.Backend(dialect="postgresql", session_id="4242")
    assert scrub_event(backend, scrubber) is backend
    short = Scrubber.for_url("postgresql://postgres:a@h/db")
    result = protocol.Result(heads=["d19fb7a35f68"], version_table="alembic_version")
    assert scrub_event(result, short) is result
    step = protocol.Step(
        revision="d19fb7a35f68",
        up_revisions=["d19fb7a35f68"],
        down_revisions=["57dfd2b6a3a0"],
        is_upgrade=True,
        is_stamp=False,
        description="add a column",
        heads_after=["d19fb7a35f68"],
        elapsed=0.1,
    )
    assert scrub_event(step, short) == step
    plan = protocol.Plan(steps=["upgrade 57dfd2b6a3a0 -> d19fb7a35f68, add isbn"])
    assert scrub_event(plan, short) == plan
    log = protocol.Log(level="INFO", logger="app", message="url postgresql://postgres:a@h/db")
    assert scrub_event(log, short).message == "url postgresql://postgres:***@h/db"
    error = protocol.Error(type="E", message="postgres", traceback="x postgres y")
    assert scrub_event(error, scrubber) == protocol.Error(
        type="E", message="***", traceback="x *** y"
    )
