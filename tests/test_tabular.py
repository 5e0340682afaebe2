"""Tables: one flat row per record, stable column names, exact amounts, and the DataFrame on top."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import ClassVar, Literal

import orjson
import pytest

import openai_kb
from openai_kb import Evidence, KnowledgeBase, QueryError
from openai_kb.cli.list import records_of
from openai_kb.models import RECORD_TYPES
from openai_kb.outputs._tabular import FAMILIES, cell_text, columns, family_of

from .kinds import unknown_kind

FAMILY_NAMES = list(FAMILIES)


def test_families_cover_every_record_type(kb: KnowledgeBase) -> None:
    """FAMILIES names every record type once, each family after the KnowledgeBase property that lists it."""
    assert sorted(FAMILIES.values()) == sorted(RECORD_TYPES)
    for family, type_name in FAMILIES.items():
        assert all(record.type == type_name for record in getattr(kb, family))
    assert sum(len(getattr(kb, family)) for family in FAMILIES) == len(kb) == 52


def test_list_command_uses_the_same_families(kb: KnowledgeBase) -> None:
    """The CLI's list resolves families through the shared mapping."""
    assert records_of(kb, "investors") == kb.investors
    assert records_of(kb, "person") == kb.people


@pytest.mark.parametrize("family", FAMILY_NAMES)
def test_rows_have_the_family_columns_in_order(kb: KnowledgeBase, family: str) -> None:
    """One row per record, in load order, each with exactly the family's columns, id first."""
    rows = kb.table(family)
    names = [column.name for column in columns(family)]
    assert [row["id"] for row in rows] == [record.id for record in getattr(kb, family)]
    assert all(list(row) == names for row in rows)
    assert names[0] == "id"
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("family", FAMILY_NAMES)
def test_reference_columns_split_back_to_the_ids(kb: KnowledgeBase, family: str) -> None:
    """An id column holds the ids, joined by '; ', and its label column their labels in the same order."""
    for record, row in zip(getattr(kb, family), kb.table(family), strict=True):
        for column in columns(family):
            if column.targets is None or column.kind == "evidence":
                continue
            value = getattr(record, column.field)
            ids = list(value) if isinstance(value, tuple) else ([] if value is None else [value])
            assert (row[column.name] or "").split("; ") == (ids or [""])
            labels = row[f"{column.name}_label"]
            assert labels == ("; ".join(kb.label(i) for i in ids) if ids else None)


def test_investor_row(kb: KnowledgeBase) -> None:
    """The lead investor's row: the investor and round with labels, the flag, no amount, the first quote."""
    assert kb.table("investors")[0] == {
        "id": "investment:thrive-capital-openai-2024-10",
        "organization": "org:thrive-capital",
        "organization_label": "Thrive Capital",
        "round": "round:openai-2024-10",
        "round_label": "OpenAI funding round of US$6.6 billion",
        "lead": True,
        "amount": None,
        "amount_currency": None,
        "amount_qualifier": None,
        "amount_text": None,
        "evidence_quote": "由纽约创投机构 Thrive Capital 领衔",
        "evidence_translation": "led by New York venture firm Thrive Capital",
        "evidence_start": 164,
        "evidence_end": 189,
        "evidence_source": "source:huaxia-2024-10-14-openai",
        "evidence_count": 1,
        "evidence_quotes": "由纽约创投机构 Thrive Capital 领衔",
        "evidence_json": (
            '[{"source":"source:huaxia-2024-10-14-openai","quote":"由纽约创投机构 Thrive Capital 领衔",'
            '"start":164,"end":189,"translation":"led by New York venture firm Thrive Capital",'
            '"prefix":",570 亿美元的惊人高度。这笔","suffix":",微软、辉达等科技巨头共同参与的"}]'
        ),
        "assertion": "stated",
        "attributed_to": None,
        "attributed_to_label": None,
        "attribution": None,
    }


@pytest.mark.parametrize("family", FAMILY_NAMES)
def test_evidence_json_keeps_every_quote(kb: KnowledgeBase, family: str) -> None:
    """evidence_json is every span of the record, as a JSON array that reads back to the very evidence."""
    if "evidence_json" not in [column.name for column in columns(family)]:
        assert family == "sources"  # the one family without evidence
        return
    for record, row in zip(getattr(kb, family), kb.table(family), strict=True):
        evidence = getattr(record, "evidence", ())
        if not evidence:
            assert (row["evidence_json"], row["evidence_count"]) == (None, 0)
            continue
        spans = orjson.loads(row["evidence_json"])
        assert tuple(Evidence.model_validate(span) for span in spans) == evidence
        assert len(spans) == row["evidence_count"]
        assert (spans[0]["quote"], spans[0]["start"]) == (row["evidence_quote"], row["evidence_start"])


def test_evidence_json_of_a_round_with_three_quotes(kb: KnowledgeBase) -> None:
    """The round cites three passages: the first-quote columns give one, evidence_quotes and evidence_json all three."""
    row = kb.table("funding_rounds")[0]
    quotes = [span["quote"] for span in orjson.loads(row["evidence_json"])]
    assert len(quotes) == row["evidence_count"] == 3
    assert quotes[0] == row["evidence_quote"]
    assert quotes == [e.quote for e in kb.funding_rounds[0].evidence]
    assert row["evidence_quotes"] == (
        "由纽约创投机构 Thrive Capital 领衔,微软、辉达等科技巨头共同参与的 66 亿美元投资 | "
        "将公司估值推升至 1,570 亿美元 | 在OpenAI最新一轮高达66亿美元的融资中"
    )


def test_evidence_table_has_a_row_per_quote(kb: KnowledgeBase) -> None:
    """kb.table("evidence"): every quote of every record, a term's too, with its record, place, span and source."""
    rows = kb.table("evidence")
    spans = sum(len(getattr(record, "evidence", ())) for record in kb)
    terms = sum(len(term.evidence) for round_ in kb.funding_rounds for term in round_.terms)
    assert len(rows) == spans + terms == 49
    assert [column.name for column in columns("evidence")] == list(rows[0])
    of_round = [row for row in rows if row["record"] == "round:openai-2024-10"]
    assert [(row["path"], row["position"], row["start"]) for row in of_round] == [
        ("$.evidence", 0, 164),
        ("$.evidence", 1, 138),
        ("$.evidence", 2, 1066),
        ("$.terms[0].evidence", 0, 1101),
    ]
    first = of_round[0]
    assert first["record_label"] == "OpenAI funding round of US$6.6 billion"
    assert first["quote"] == "由纽约创投机构 Thrive Capital 领衔,微软、辉达等科技巨头共同参与的 66 亿美元投资"
    assert (first["source"], first["source_label"]) == (
        "source:huaxia-2024-10-14-openai",
        "66 亿美元的灵魂拷问,OpenAI 会不会变成 AI 界的巨无霸?",
    )
    assert (first["end"], first["translation"]) == (214, kb.funding_rounds[0].evidence[0].translation)


def test_a_family_named_evidence_keeps_its_name(kb: KnowledgeBase) -> None:
    """The name "evidence" is the table of quotes only while no record type takes that name for its family."""

    class Exhibit(openai_kb.Record):
        type: Literal["exhibit"] = "exhibit"
        family: ClassVar[str] = "evidence"

    grown = KnowledgeBase.from_records([]).add(Exhibit(id="exhibit:a"))
    assert grown.table("evidence") == [{"id": "exhibit:a"}]
    assert [column.name for column in columns("evidence", grown.types)] == ["id"]


def test_round_row_keeps_amounts_exact(kb: KnowledgeBase) -> None:
    """Amounts are the Decimal itself with currency, qualifier and text beside it; participants are listed."""
    row = kb.table("funding_rounds")[0]
    assert type(row["amount"]) is Decimal
    assert (row["amount"], row["amount_currency"], row["amount_qualifier"], row["amount_text"]) == (
        Decimal("6600000000"),
        "USD",
        "exact",
        "66 亿美元",
    )
    assert row["post_money_valuation"] == Decimal("157000000000")
    assert (row["lead_investors"], row["lead_investors_label"]) == ("org:thrive-capital", "Thrive Capital")
    assert (row["participants"], row["participants_label"]) == ("org:microsoft; org:nvidia", "Microsoft; Nvidia")
    assert row["participants_complete"] is False
    assert row["terms"] == "Investors must not invest in OpenAI's competitors, Anthropic and xAI among them."
    assert row["evidence_count"] == 3


def test_metric_value_is_a_quantity(kb: KnowledgeBase) -> None:
    """A Quantity spreads like Money, with its unit in place of a currency."""
    row = kb.table("metrics")[0]
    assert (row["value"], row["value_unit"], row["value_qualifier"], row["value_text"]) == (
        Decimal("250000000"),
        "users",
        "more_than",
        "超过2.5亿名",
    )


def test_names_as_columns(kb: KnowledgeBase) -> None:
    """The English name, the first Simplified and Traditional ones, and every other name as aliases."""
    people = {row["id"]: row for row in kb.table("people")}
    murati = people["person:mira-murati"]
    assert (murati["name"], murati["name_zh_hans"], murati["name_zh_hant"], murati["name_aliases"]) == (
        "Mira Murati",
        "米拉·穆拉蒂",
        "米拉·穆拉蒂",
        None,
    )
    assert people["person:ilya-sutskever"]["name_aliases"] == "伊尔亚·苏茨克维; 伊爾亞·蘇茨克維"
    nvidia = next(row for row in kb.table("organizations") if row["id"] == "org:nvidia")
    assert (nvidia["name_zh_hans"], nvidia["name_zh_hant"]) == ("英伟达", "英偉達")
    assert nvidia["name_aliases"] == "NVIDIA; NVDA; 輝達; 辉达"


def test_title_names_as_columns(kb: KnowledgeBase) -> None:
    """A departure's title spreads like a name: English, as printed, Simplified, Traditional, the rest."""
    row = kb.table("departed_executives")[0]
    assert {key: row[key] for key in ("person_label", "title", "title_zh", "title_zh_hans", "title_zh_hant")} == {
        "person_label": "Mira Murati",
        "title": "Chief Technology Officer",
        "title_zh": "首席技术长",
        "title_zh_hans": "首席技术长",
        "title_zh_hant": "首席技術長",
    }
    assert row["title_aliases"] == "CTO; 首席技术官; 首席技術官; 技术长"


def test_entity_without_evidence(kb: KnowledgeBase) -> None:
    """An entity the source never describes has no quote and an evidence count of 0."""
    row = kb.table("people")[0]
    assert (row["evidence_quote"], row["evidence_start"], row["evidence_count"]) == (None, None, 0)


def test_type_name_works_as_kind(kb: KnowledgeBase) -> None:
    """A record type names its family: table('person') is table('people')."""
    assert kb.table("person") == kb.table("people")
    assert kb.table("investment") == kb.table("investors")


def test_own_data_with_datetimes_and_missing_values(mini: Path) -> None:
    """A small knowledge base: a source's time stays a datetime; absent values are None."""
    small = openai_kb.load(mini)
    source = small.table("sources")[0]
    assert source["published"] == datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(0)))
    assert (source["publisher"], source["length"]) == (None, 69)
    ada = small.table("people")[0]
    assert (ada["name"], ada["name_zh_hans"], ada["name_aliases"]) == ("Ada Lovelace", None, None)
    assert small.table("claims") == []


def test_unknown_kind_lists_the_kinds(kb: KnowledgeBase) -> None:
    """An unknown kind is a QueryError that suggests the closest and lists every type and family, and evidence."""
    with pytest.raises(QueryError) as caught:
        kb.table("investr")
    assert str(caught.value) == unknown_kind("investr", "investor", evidence=True)
    with pytest.raises(QueryError) as caught:
        kb.table("zzz")
    assert str(caught.value) == unknown_kind("zzz", evidence=True)


def test_kind_must_be_a_str(kb: KnowledgeBase) -> None:
    """A kind that is no str is a TypeError naming what was passed."""
    with pytest.raises(TypeError, match=r"^table\(\) expects the kind as a str, not int$"):
        kb.table(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError) as caught:
        kb.table(openai_kb.Person)  # type: ignore[arg-type]
    assert str(caught.value) == "table() expects the kind as a str, not the class Person: pass 'person'"
    with pytest.raises(TypeError, match=r"^to_pandas\(\) expects the kind as a str, not NoneType$"):
        kb.to_pandas(None)  # type: ignore[arg-type]


def test_family_of() -> None:
    """family_of turns a family or a record type, singular or plural, into the family."""
    assert [family_of("people"), family_of("persons"), family_of("claim")] == ["people", "people", "claims"]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (Decimal("6.6E+9"), "6600000000"),
        (Decimal("0.10"), "0.10"),
        (7, "7"),
        (datetime(2024, 10, 14, 9, 31, tzinfo=timezone(timedelta(hours=8))), "2024-10-14T09:31:00+08:00"),
        ("66 亿美元", "66 亿美元"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    """Cells as CSV text: empty for None, lower-case flags, decimals in full, ISO 8601 times."""
    assert cell_text(value) == text


def test_to_pandas_amounts_are_numbers(kb: KnowledgeBase) -> None:
    """Amounts and quantities are float64 by default, so they sort, sum and describe as numbers."""
    pytest.importorskip("pandas")
    valuations = kb.to_pandas("valuations")
    assert str(valuations["amount"].dtype) == "float64"
    assert valuations.sort_values("amount", ascending=False)["amount"].tolist() == [157e9, 150e9, 150e9]
    assert valuations["amount"].sum() == 457e9
    summary = valuations.describe()
    assert "amount" in summary.columns
    assert (summary.loc["count", "amount"], summary.loc["max", "amount"]) == (3, 157e9)
    metrics = kb.to_pandas("metrics")
    assert str(metrics["value"].dtype) == "float64"
    assert metrics.loc[0, "value"] == 250_000_000
    investors = kb.to_pandas("investors")  # no investor's amount is given: NaN, still a float column
    assert str(investors["amount"].dtype) == "float64"
    assert investors["amount"].isna().all()


def test_to_pandas_exact_keeps_decimals(kb: KnowledgeBase) -> None:
    """exact=True keeps every amount as its Decimal (object dtype): sums are exact."""
    pytest.importorskip("pandas")
    frame = kb.to_pandas("funding_rounds", exact=True)
    assert frame["amount"].dtype == object
    assert type(frame.loc[0, "amount"]) is Decimal
    assert frame["amount"].sum() == Decimal("6600000000")
    assert kb.to_pandas("valuations", exact=True)["amount"].tolist() == [
        Decimal("157000000000"),
        Decimal("150000000000"),
        Decimal("150000000000"),
    ]
    with pytest.raises(TypeError, match=r"^to_pandas\(\) expects exact as a bool, not str$"):
        kb.to_pandas("valuations", exact="yes")  # type: ignore[arg-type]


def test_a_float_amount_is_the_nearest_to_the_exact_one() -> None:
    """A fractional amount becomes the float nearest its Decimal; exact=True gives the Decimal back."""
    pytest.importorskip("pandas")
    source = {"type": "source", "id": "source:s", "title": "S", "language": "en"}
    org = {"type": "organization", "id": "org:a", "name": "A"}
    money = {"currency": "USD", "text": "$0.1"}
    evidence = [{"source": "source:s", "quote": "A is worth $0.1", "start": 0, "end": 15}]
    valuation = {"type": "valuation", "id": "valuation:a", "company": "org:a", "basis": "market", "evidence": evidence}
    small = KnowledgeBase.from_records([source, org, {**valuation, "amount": {**money, "amount": "0.1"}}])
    assert small.to_pandas("valuations")["amount"].tolist() == [0.1]
    assert small.to_pandas("valuations", exact=True)["amount"].tolist() == [Decimal("0.1")]


def test_a_bar_plot_of_amounts_draws_to_a_file(kb: KnowledgeBase, tmp_path: Path) -> None:
    """kb.to_pandas("valuations").plot.bar(x="id", y="amount") draws (matplotlib's Agg backend) to a PNG."""
    pytest.importorskip("pandas")
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from matplotlib import pyplot

    axes = kb.to_pandas("valuations").plot.bar(x="id", y="amount")
    try:
        assert [bar.get_height() for bar in axes.patches] == [157e9, 150e9, 150e9]
        axes.figure.savefig(tmp_path / "valuations.png")
    finally:
        pyplot.close(axes.figure)
    assert (tmp_path / "valuations.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_to_pandas_of_the_evidence_table(kb: KnowledgeBase) -> None:
    """The evidence table as a frame: one row per quote, offsets as nullable integers."""
    pytest.importorskip("pandas")
    frame = kb.to_pandas("evidence")
    assert len(frame) == 49
    assert (str(frame["start"].dtype), str(frame["position"].dtype)) == ("Int64", "Int64")
    assert frame.groupby("record").size()["round:openai-2024-10"] == 4


def test_to_pandas_keeps_nullable_counts(kb: KnowledgeBase) -> None:
    """The DataFrame has the table's columns, each amount's _exact after it; offsets and counts are nullable
    integers."""
    pytest.importorskip("pandas")
    frame = kb.to_pandas("funding_rounds")
    names = [column.name for column in columns("funding_rounds")]
    amount, valuation = names.index("amount"), names.index("post_money_valuation")
    assert list(frame.columns) == [
        *names[: amount + 1],
        "amount_exact",
        *names[amount + 1 : valuation + 1],
        "post_money_valuation_exact",
        *names[valuation + 1 :],
    ]
    organizations = kb.to_pandas("organizations")
    assert str(organizations["evidence_start"].dtype) == "Int64"
    assert organizations.set_index("id").loc["org:openai", "evidence_start"] == 534
    people = kb.to_pandas("person")
    assert len(people) == 7
    assert people["evidence_start"].isna().all()


def test_to_pandas_of_an_empty_family(mini: Path) -> None:
    """A family with no records gives an empty frame that still has its columns."""
    pytest.importorskip("pandas")
    frame = openai_kb.load(mini).to_pandas("claims")
    assert frame.empty
    assert list(frame.columns) == [column.name for column in columns("claims")]


def test_to_pandas_without_pandas(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, to_pandas says how to install it."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError) as caught:
        kb.to_pandas("investors")
    assert str(caught.value) == "kb.to_pandas() needs pandas: pip install 'openai-kb[pandas]'"
