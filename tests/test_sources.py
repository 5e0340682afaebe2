"""Sources and who holds a fact: web addresses, dates at any precision, unnamed attribution, errors from code."""

from __future__ import annotations

import sqlite3
import warnings
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
import pytest
from pydantic import ValidationError

import openai_kb
from openai_kb import Claim, DataError, Evidence, KnowledgeBase, Money, Problem, Source, Valuation
from openai_kb.errors import ProblemLog
from openai_kb.models import RECORD_TYPES
from openai_kb.models.sources import MAX_WEB_ADDRESS
from openai_kb.outputs._render.values import where
from openai_kb.outputs.exports.json_ld import jsonld_document
from openai_kb.reading._checks import Located


def _source(**fields: Any) -> Source:
    return Source(id="source:x", title="X", language="en", **fields)


def _problems(error: pytest.ExceptionInfo[DataError]) -> list[str]:
    return [str(problem) for problem in error.value.problems]


# -- url ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/news/openai-round",
        "http://example.com",
        "https://example.com:8443/a/b?c=1&d=2#e",
        "https://例子.中国/新闻?问=答#第二段",
        "https://[2001:db8::1]/x",
        "HTTPS://EXAMPLE.COM",
        "hTTp://example.com/",
        "https://example.com:/a",
        "https://example.com?q=1",
        "https://example.com#top",
        "https://example.com/a%5Cb/%22quoted%22/~user/(x);y=1,2!$&'*+@:",
        "https://example.com/search?q=\ue000",
        "https://example.com/🚀",
        "https://example.com/" + "a" * (MAX_WEB_ADDRESS - 20),
    ],
    ids=[
        "path",
        "http",
        "port-query-fragment",
        "chinese",
        "ipv6",
        "upper-case",
        "mixed-case",
        "empty-port",
        "query-only",
        "fragment-only",
        "sub-delims-and-escapes",
        "private-use-in-query",
        "emoji",
        "longest",
    ],
)
def test_urls_are_kept_as_given(url: str) -> None:
    """An http(s) IRI with a host, the scheme in any case, of at most 2,048 characters, is kept exactly as given."""
    assert _source(url=url).url == url


def _encoding(char: str) -> str:
    return "".join(f"%{byte:02X}" for byte in char.encode())


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("javascript:alert(1)", "a web address starts with https:// or http:// (got 'javascript:alert(1)')"),
        ("data:text/html,<b>x</b>", "a web address starts with https:// or http:// (got 'data:text/html,<b>x</b>')"),
        ("example.com/news", "a web address starts with https:// or http:// (got 'example.com/news')"),
        ("https:/example.com", "a web address starts with https:// or http:// (got 'https:/example.com')"),
        (
            "https://example.com/a b",
            "a web address holds no spaces or invisible characters: ' ' at position 21 is white space; "
            "percent-encode it (a space is %20) (got 'https://example.com/a b')",
        ),
        (
            "https://example.com/\n",
            "a web address holds no spaces or invisible characters: '\\n' at position 20 is white space; "
            "percent-encode it (a space is %20) (got 'https://example.com/\\n')",
        ),
        (
            "https://example.com/\x07",
            "a web address holds no spaces or invisible characters: '\\x07' at position 20 is a control "
            "character; percent-encode it (a space is %20) (got 'https://example.com/\\x07')",
        ),
        (
            "https://example.com/\u202egnp.exe",
            "a web address holds no spaces or invisible characters: '\\u202e' at position 20 is an invisible "
            "format character; percent-encode it (a space is %20) (got 'https://example.com/\\u202egnp.exe')",
        ),
        (
            "https:///news",
            "a web address names a host after the //, such as https://example.com/news (got 'https:///news')",
        ),
        (
            "https://example.com:99999/",
            "the port 99999 is out of range: a port is at most 65535 (got 'https://example.com:99999/')",
        ),
        (
            "https://example.com:8o8o/",
            "the port '8o8o' is no number: a port is digits, such as https://example.com:8443/ "
            "(got 'https://example.com:8o8o/')",
        ),
        (
            "https://[::1/",
            "'[::1' after the // is no host: an IPv6 address goes between [ and ], alone (got 'https://[::1/')",
        ),
        (
            "https://exa[mple].com/",
            "'exa[mple].com' after the // is no host: an IPv6 address goes between [ and ], alone "
            "(got 'https://exa[mple].com/')",
        ),
        (
            "https://evil.example\\@good.example/",
            "'\\\\' at position 20 is not allowed in a web address (browsers read it as '/'); percent-encode it as %5C "
            "(got 'https://evil.example\\\\@good.example/')",
        ),
        (
            "https://good.example@evil.example/",
            "'@' at position 20 puts a user name before the host; browsers and other readers disagree on which host "
            "such an address names (RFC 9110 forbids sending one): give the address without it "
            "(got 'https://good.example@evil.example/')",
        ),
        (
            "https://example.com/100%",
            "'%' at position 23 starts no percent-encoding (% and two hex digits); write a % itself as %25 "
            "(got 'https://example.com/100%')",
        ),
        (
            "https://example.com/[1]",
            "'[' at position 20 is allowed only around an IPv6 host, not in the path; percent-encode it as %5B "
            "(got 'https://example.com/[1]')",
        ),
        (
            "https://example.com/a#b#c",
            "'#' at position 23 is allowed only once, to start the fragment, not in the fragment; "
            "percent-encode it as %23 (got 'https://example.com/a#b#c')",
        ),
        (
            "https://example.com/\ue000",
            "'\\ue000' at position 20 is a private-use character, allowed only in the query (after ?); "
            "percent-encode it as %EE%80%80 (got 'https://example.com/\\ue000')",
        ),
        (
            "https://example.com/\ufffe",
            "'\\ufffe' at position 20 is not allowed in a web address (RFC 3987 allows it in no part of an address); "
            "percent-encode it as %EF%BF%BE (got 'https://example.com/\\ufffe')",
        ),
        (
            "https://example.com/" + "a" * (MAX_WEB_ADDRESS - 19),
            "a web address has at most 2,048 characters, and this one has 2,049; give the page's shorter address "
            "(got 'https://example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...)",
        ),
        *(
            (
                f"https://example.com/a{char}b",
                f"{char!r} at position 21 is not allowed in a web address (RFC 3987 allows it in no part of an "
                f"address); percent-encode it as {_encoding(char)} (got {f'https://example.com/a{char}b'!r})",
            )
            for char in '"<>{}|^`'
        ),
    ],
)
def test_urls_that_are_no_web_address_are_refused(url: str, reason: str) -> None:
    """Only http(s) IRIs: other schemes, missing hosts, user names, characters no IRI holds (each named with its
    percent-encoding), a bad port, % without two hex digits and addresses over 2,048 characters are refused."""
    with pytest.raises(DataError) as error:
        _source(url=url)
    assert _problems(error) == [f"Source(...): record 'source:x' at $.url: {reason}"]


def test_a_lone_surrogate_in_a_url_is_refused_as_half_a_character() -> None:
    """A lone surrogate is named as what it is (as in every text field), not given a percent-encoding (it has none)."""
    with pytest.raises(DataError) as error:
        _source(url="https://example.com/\ud800")
    assert _problems(error)[0].startswith(
        "Source(...): record 'source:x' at $.url: '\\ud800' at position 20 is a lone surrogate: half of a character, "
        "not text, so no file or export can hold it; give text decoded from UTF-8"
    )


def _unchecked(url: str) -> KnowledgeBase:
    """A knowledge base holding a source whose url was never checked, as a cache or an older file could give one."""
    source = Source.model_construct(id="source:x", title="X", language="en", url=url)
    return KnowledgeBase._from_located(
        [Located(source, "<older file>", "$.records[0]")], ProblemLog(), (), RECORD_TYPES
    )


def _triples(kb: KnowledgeBase, form: str) -> Any:
    """The JSON-LD export parsed by rdflib, written as ``form`` (N-Triples, Turtle) and read back."""
    rdflib = pytest.importorskip("rdflib")
    with warnings.catch_warnings():  # rdflib 7's JSON-LD parser builds the graph class it deprecates
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        graph = rdflib.Graph().parse(data=kb.export("jsonld"), format="json-ld")
    return rdflib.Graph().parse(data=graph.serialize(format=form), format=form)


@pytest.mark.parametrize("form", ["nt", "turtle"])
@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example\\@good.example/",
        'https://example.com/"><x>{a}|b^c`d',
        "https://example.com/a b",
        "ftp://x",
    ],
    ids=["backslash-at", "quotes-brackets", "space", "ftp"],
)
def test_jsonld_writes_an_unchecked_bad_url_as_text_so_rdflib_writes_every_triple(url: str, form: str) -> None:
    """A url that validation refuses, in a record never validated, becomes a plain string in JSON-LD, not a node:
    rdflib writes the graph as N-Triples and Turtle and reads back the url's exact text."""
    schema_url = pytest.importorskip("rdflib").URIRef("https://schema.org/url")
    triples = _triples(_unchecked(url), form)
    assert [str(value) for value in triples.objects(predicate=schema_url)] == [url]
    assert all(type(value).__name__ == "Literal" for value in triples.objects(predicate=schema_url))
    assert len(triples) == 6


@pytest.mark.parametrize("form", ["nt", "turtle"])
def test_jsonld_writes_a_valid_url_as_a_node(form: str) -> None:
    """A valid url, in any case, stays the node schema:url names, through N-Triples and Turtle."""
    rdflib = pytest.importorskip("rdflib")
    for url in ("HTTPS://example.com/news/x?q=1#top", "https://例子.中国/新闻"):
        triples = _triples(KnowledgeBase.from_records([_source(url=url)]), form)
        assert list(triples.objects(predicate=rdflib.URIRef("https://schema.org/url"))) == [rdflib.URIRef(url)]


@pytest.mark.slow
def test_every_url_the_model_accepts_rdflib_writes_as_an_iri() -> None:
    """For generated addresses of every kind of character, one the model accepts is one rdflib writes as an IRI."""
    hypothesis = pytest.importorskip("hypothesis")
    rdflib = pytest.importorskip("rdflib")
    st = hypothesis.strategies
    tail = st.text(st.sampled_from([*"aZ09-._~!$&'()*+,;=:@/?#[]%<>\"{}|^` \\", "例", "🚀", "\ue000"]), max_size=20)

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(
        st.sampled_from(["https://", "HTTP://"]), st.sampled_from(["example.com", "[::1]", "例子.中国"]), tail
    )
    def check(scheme: str, host: str, rest: str) -> None:
        url = scheme + host + rest
        try:
            source = _source(url=url)
        except DataError:
            return
        triples = _triples(KnowledgeBase.from_records([source]), "nt")
        assert list(triples.objects(predicate=rdflib.URIRef("https://schema.org/url"))) == [rdflib.URIRef(url)]

    check()


# -- published ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2024", "2024-10", "2024-10-03", "2024-02-29"])
def test_published_dates_keep_their_precision(value: str) -> None:
    """A year, a month or a day is kept as the text given: no day or time is invented."""
    assert _source(published=value).published == value


def test_published_takes_a_date_object_as_its_day() -> None:
    """A ``datetime.date`` is a day."""
    assert _source(published=date(2024, 10, 3)).published == "2024-10-03"


def test_published_times_keep_their_offset() -> None:
    """A date and time with its UTC offset stays a datetime, as the bundled source's does."""
    published = _source(published="2024-10-14T09:31:00+08:00").published
    assert published == datetime(2024, 10, 14, 9, 31, tzinfo=timezone(timedelta(hours=8)))


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (
            "2024-10-14T09:31:00",
            "a date and time needs its UTC offset, such as 2024-10-14T09:31:00+08:00 or ...Z "
            "(got '2024-10-14T09:31:00')",
        ),
        (
            datetime(2024, 10, 14, 9, 31),
            "a date and time needs its UTC offset, such as 2024-10-14T09:31:00+08:00 or ...Z",
        ),
        (
            "yesterday",
            "expected a date (YYYY, YYYY-MM or YYYY-MM-DD) or a date and time with its UTC offset "
            "(2024-10-14T09:31:00+08:00) (got 'yesterday')",
        ),
        ("2023-02-29", "day 29 does not exist in 2023-02 (got '2023-02-29')"),
        ("2024-13", "month 13 is not between 01 and 12 (got '2024-13')"),
        ("2024-1", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD (got '2024-1')"),
        (2024, 'a date is text, not a number: write "2024" for a year'),
    ],
)
def test_published_refuses_with_one_reason(value: object, reason: str) -> None:
    """A bad date gets one reason in the library's words, not one per kind of date pydantic tried."""
    with pytest.raises(DataError) as error:
        _source(published=value)
    assert _problems(error) == [f"Source(...): record 'source:x' at $.published: {reason}"]


def test_a_data_file_with_a_day_only_source_loads_and_saves(tmp_path: Path) -> None:
    """A file's source may give a day, a month or a year; it loads, and saving writes it back the same."""
    records = [
        {"type": "source", "id": "source:day", "title": "D", "language": "en", "published": "2024-10-03"},
        {"type": "source", "id": "source:month", "title": "M", "language": "en", "published": "2024-10"},
        {"type": "source", "id": "source:url", "title": "U", "language": "en", "url": "https://example.com/a"},
    ]
    path = tmp_path / "sources.json"
    path.write_bytes(orjson.dumps({"records": records}))
    loaded = openai_kb.load(path)
    assert [source.published for source in loaded.sources] == ["2024-10-03", "2024-10", None]
    loaded.save(tmp_path / "again.json")
    assert openai_kb.load(tmp_path / "again.json") == loaded
    assert orjson.loads((tmp_path / "again.json").read_bytes())["records"] == records


def test_a_data_file_with_a_naive_time_says_so(tmp_path: Path) -> None:
    """Loading words a naive time as building one in code does, with the file and path."""
    record = {"type": "source", "id": "source:x", "title": "X", "language": "en", "published": "yesterday"}
    path = tmp_path / "bad.json"
    path.write_bytes(orjson.dumps({"records": [record]}))
    with pytest.raises(DataError) as error:
        openai_kb.load(path)
    assert _problems(error) == [
        f"{path}: record 'source:x' at $.records[0].published: expected a date (YYYY, YYYY-MM or YYYY-MM-DD) "
        "or a date and time with its UTC offset (2024-10-14T09:31:00+08:00) (got 'yesterday')"
    ]


# -- where the source shows -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "shown"),
    [
        ("2024-10-03", "Daily, 2024-10-03"),
        ("2024-10", "Daily, 2024-10"),
        ("2024", "Daily, 2024"),
        ("2024-10-14T09:31:00+08:00", "Daily, 2024-10-14 09:31"),
        (None, "Daily"),
    ],
)
def test_citations_show_the_date_at_its_precision(published: str | None, shown: str) -> None:
    """Where a quote comes from: a date-only source shows its date as precise as it is, a time to the minute."""
    assert where(_source(publisher="Daily", published=published), "source:x") == shown


def _small(**source_fields: Any) -> KnowledgeBase:
    source = Source(id="source:note", title="A note", language="en", length=22, **source_fields)
    valuation = Valuation(
        id="valuation:acme",
        company="org:acme",
        basis="market",
        amount=Money(amount=Decimal(5_000_000), currency="USD"),
        assertion="attributed",
        attribution="people familiar with the matter",
        evidence=[Evidence(source=source, quote="Globex led a $5M round", start=0, end=22)],
    )
    return KnowledgeBase.from_records([source, openai_kb.Organization(id="org:acme", name="Acme"), valuation])


def test_views_show_the_url_and_the_attribution() -> None:
    """Text and HTML views show a source's url (HTML links it) and a fact's attribution; labels are unchanged."""
    small = _small(url="https://example.com/note?a=1&b=2", published="2024-10-03")
    source_text = str(small.about("source:note"))
    assert "  url: https://example.com/note?a=1&b=2" in source_text
    assert "  published: 2024-10-03" in source_text
    link = '<a href="https://example.com/note?a=1&amp;b=2">https://example.com/note?a=1&amp;b=2</a>'
    assert link in small.about("source:note")._repr_html_()
    assert link in small._repr_html_()
    fact_text = str(small.about("valuation:acme"))
    assert "  attribution: people familiar with the matter" in fact_text
    assert "A note, 2024-10-03 [chars 0-22]" in fact_text
    assert "people familiar with the matter" in small.about("valuation:acme")._repr_html_()
    assert small.label(small["valuation:acme"]) == "Acme valued at US$5 million (market)"


def test_tables_and_sqlite_hold_dates_and_times_as_iso_text(tmp_path: Path) -> None:
    """The published cell holds the date's text or the datetime; CSV and SQLite hold ISO 8601 text."""
    day = _small(published="2024-10-03", url="https://example.com/n")
    column = next(c for c in openai_kb.outputs._tabular.columns("sources") if c.name == "published")
    assert (column.kind, column.holds) == ("value", "date_or_datetime")
    row = day.table("sources")[0]
    assert (row["published"], row["url"]) == ("2024-10-03", "https://example.com/n")
    assert day.table("valuations")[0]["attribution"] == "people familiar with the matter"
    timed = _small(published="2024-10-14T09:31:00+08:00")
    for small, expected in ((day, "2024-10-03"), (timed, "2024-10-14T09:31:00+08:00")):
        assert f",{expected}," in small.export("csv", kind="sources")
        database = tmp_path / f"{len(expected)}.sqlite"
        small.export("sqlite", database)
        with sqlite3.connect(database) as connection:
            assert connection.execute("SELECT published, url FROM sources").fetchone()[0] == expected


@pytest.mark.parametrize(
    ("published", "literal"),
    [
        ("2024", {"@value": "2024", "@type": "xsd:gYear"}),
        ("2024-10", {"@value": "2024-10", "@type": "xsd:gYearMonth"}),
        ("2024-10-03", {"@value": "2024-10-03", "@type": "xsd:date"}),
        ("2024-10-14T09:31:00+08:00", {"@value": "2024-10-14T09:31:00+08:00", "@type": "xsd:dateTime"}),
    ],
)
def test_jsonld_types_the_publication_date_by_its_precision(published: str, literal: dict[str, str]) -> None:
    """schema:datePublished is a gYear, gYearMonth, date or dateTime; schema:url is a node; attribution has a term."""
    graph = jsonld_document(_small(published=published, url="https://example.com/n"))["@graph"]
    source = next(node for node in graph if node["schema:identifier"] == "source:note")
    assert source["schema:datePublished"] == literal
    assert source["schema:url"] == {"@id": "https://example.com/n"}
    valuation = next(node for node in graph if node["schema:identifier"] == "valuation:acme")
    assert valuation["kb:attribution"] == "people familiar with the matter"


# -- unnamed attribution --------------------------------------------------------------------------

_CLAIM: dict[str, Any] = {
    "id": "claim:x",
    "kind": "context",
    "subject": "org:x",
    "statement": "s",
    "evidence": [{"source": "source:note", "quote": "Globex led", "start": 0, "end": 10}],
}


@pytest.mark.parametrize(
    "holder",
    [
        {"attributed_to": "person:x"},
        {"attribution": "people familiar with the matter"},
        {"attributed_to": "org:x", "attribution": "a person close to the company"},
    ],
    ids=["party", "words", "both"],
)
def test_an_attributed_fact_names_its_holder_as_a_party_or_in_words(holder: dict[str, str]) -> None:
    """``attributed_to``, ``attribution`` or both: each says who holds an attributed fact."""
    claim = Claim(**_CLAIM, assertion="attributed", **holder)
    assert (claim.attributed_to, claim.attribution) == (holder.get("attributed_to"), holder.get("attribution"))


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        (
            {"assertion": "attributed"},
            "an attributed fact says who holds it: attributed_to (a person or organization) or, when the source "
            "names nobody, attribution (its words, such as 'people familiar with the matter')",
        ),
        (
            {"attribution": "people familiar with the matter"},
            "attribution is set but assertion is 'stated': make it 'attributed', or remove it",
        ),
        (
            {"assertion": "expected", "attributed_to": "person:x"},
            "attributed_to is set but assertion is 'expected': make it 'attributed', or remove it",
        ),
        (
            {"assertion": "opinion", "attributed_to": "person:x", "attribution": "insiders"},
            "attributed_to and attribution are set but assertion is 'opinion': make it 'attributed', or remove them",
        ),
        ({"assertion": "attributed", "attribution": ""}, "String should have at least 1 character (got '')"),
    ],
    ids=["nobody", "words-but-stated", "party-but-expected", "both-but-opinion", "empty-words"],
)
def test_attribution_rules(fields: dict[str, str], reason: str) -> None:
    """Attributed needs a holder; a holder needs 'attributed'; each message says what to change."""
    with pytest.raises(DataError) as error:
        Claim(**_CLAIM, **fields)
    path = "$.attribution" if fields.get("attribution") == "" else "$"
    assert _problems(error) == [f"Claim(...): record 'claim:x' at {path}: {reason}"]


def test_the_bundled_attribution_is_unchanged(kb: KnowledgeBase) -> None:
    """The bundled data names its holders as parties and gives no attribution words."""
    attributed = [fact for fact in kb if getattr(fact, "assertion", None) == "attributed"]
    assert attributed
    assert all(fact.attributed_to is not None and fact.attribution is None for fact in attributed)  # type: ignore[attr-defined]


# -- errors from building in code -----------------------------------------------------------------


def test_building_in_code_raises_the_librarys_data_error() -> None:
    """``Source(published="yesterday")`` is a DataError naming the model, the record, the field and the reason."""
    with pytest.raises(DataError) as error:
        Source(id="source:x", title="X", language="en", published="yesterday")
    assert error.value.problems == (
        Problem(
            "Source(...)",
            "source:x",
            "$.published",
            "expected a date (YYYY, YYYY-MM or YYYY-MM-DD) or a date and time with its UTC offset "
            "(2024-10-14T09:31:00+08:00) (got 'yesterday')",
        ),
    )
    assert str(error.value) == (
        "1 problem in the data:\n"
        "  - Source(...): record 'source:x' at $.published: expected a date (YYYY, YYYY-MM or YYYY-MM-DD) or a "
        "date and time with its UTC offset (2024-10-14T09:31:00+08:00) (got 'yesterday')"
    )
    assert error.value.__cause__ is None
    assert error.value.__suppress_context__  # no pydantic text in the traceback


def test_every_problem_is_listed_with_its_path() -> None:
    """Every problem, nested ones too, at its JSON path in the model's field order; a model without an id names none."""
    with pytest.raises(DataError) as error:
        Valuation(
            id="valuation:x",
            company="org:x",
            basis="worth",  # type: ignore[arg-type]
            amount={"amount": "-1", "currency": "usd"},  # type: ignore[arg-type]
            evidence=[{"source": "source:x", "quote": "abc", "start": 0, "end": 4}],  # type: ignore[list-item]
            nmae="x",  # type: ignore[call-arg]
        )
    assert _problems(error) == [
        "Valuation(...): record 'valuation:x' at $.evidence[0]: the span 0:4 is 4 characters long but the quote has 3",
        "Valuation(...): record 'valuation:x' at $.amount.amount: Input should be greater than or equal to 0 "
        "(got '-1')",
        "Valuation(...): record 'valuation:x' at $.amount.currency: 'usd' is not an ISO 4217 currency code "
        "(such as 'USD', 'CNY', 'EUR')",
        "Valuation(...): record 'valuation:x' at $.basis: Input should be 'post_money', 'pre_money', 'conversion', "
        "'market' or 'other' (got 'worth')",
        "Valuation(...): record 'valuation:x' at $.nmae: unknown field (not part of the model; check the spelling)",
    ]
    with pytest.raises(DataError) as money:
        Money(amount=Decimal(1), currency="usd")
    assert _problems(money) == [
        "Money(...): at $.currency: 'usd' is not an ISO 4217 currency code (such as 'USD', 'CNY', 'EUR')"
    ]


def test_only_the_outermost_constructor_converts() -> None:
    """A nested model that fails is reported once, by the model being built, never as a DataError in a DataError."""
    with pytest.raises(DataError) as error:
        Claim(**{**_CLAIM, "evidence": [{"source": "source:x", "quote": "", "start": 0, "end": 1}]})
    assert len(error.value.problems) == 1
    assert "problem in the data" not in error.value.problems[0].message


def test_a_data_error_is_still_a_value_error() -> None:
    """``except ValueError`` keeps working, as it did for pydantic's ValidationError."""
    with pytest.raises(ValueError, match=r"Evidence\(\.\.\.\): at \$: start \(3\) must be less than end \(1\)"):
        Evidence(source="source:x", quote="ab", start=3, end=1)


def test_model_validate_stays_pydantics() -> None:
    """``model_validate`` is pydantic's own API and raises its ValidationError (still a ValueError)."""
    with pytest.raises(ValidationError, match="expected a date"):
        Source.model_validate({"id": "source:x", "title": "X", "language": "en", "published": "yesterday"})


def test_the_bundled_source_is_unchanged(kb: KnowledgeBase) -> None:
    """The bundled article keeps its time with its offset, and has no url."""
    source = kb.sources[0]
    assert isinstance(source.published, datetime)
    assert source.published.isoformat() == "2024-10-14T09:31:00+08:00"
    assert source.url is None


def test_loading_and_nested_models_never_run_the_constructor(monkeypatch: pytest.MonkeyPatch, mini: Path) -> None:
    """Pydantic builds nested models and loaded records without calling ``__init__``: loading costs nothing more."""

    def refuse(self: object, /, **data: object) -> None:
        raise AssertionError("__init__ ran")

    for model in (Money, Evidence, Source, Valuation, openai_kb.Person):
        monkeypatch.setattr(model, "__init__", refuse)
    assert len(openai_kb.load(mini)) > 0
    assert len(openai_kb.load()) == 52
    valuation = {
        "type": "valuation",
        "id": "valuation:x",
        "company": "org:x",
        "basis": "market",
        "amount": {"amount": "1", "currency": "USD"},
        "evidence": [{"source": "source:x", "quote": "abc", "start": 0, "end": 3}],
    }
    assert Valuation.model_validate(valuation).amount.amount == Decimal(1)
