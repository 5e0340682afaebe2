"""A record shown on its own in a notebook names what it refers to beside the ids."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from openai_kb import KnowledgeBase, Organization
from openai_kb._showing import holding

from .test_html import HOSTILE, Page, assert_safe

SOURCE = {"type": "source", "id": "source:s", "title": "t", "language": "en"}
CITED = {"evidence": [{"source": "source:s", "quote": "x", "start": 0, "end": 1}]}


def test_record_from_a_knowledge_base_names_its_references(kb: KnowledgeBase) -> None:
    """kb.investors[0] reads "Thrive Capital: lead investor in ...", each reference as name and id."""
    page = Page(kb.investors[0]._repr_html_())
    assert_safe(page)
    assert page.all_text.startswith(
        "Thrive Capital: lead investor in OpenAI funding round of US$6.6 billion "
        "investment:thrive-capital-openai-2024-10 investment"
    )
    assert ["organization", "Thrive Capital org:thrive-capital"] in page.rows
    assert ["round", "OpenAI funding round of US$6.6 billion round:openai-2024-10"] in page.rows
    assert "华夏传媒网, 2024-10-14 09:31 [chars 164-189]" in page.all_text
    assert "source:huaxia" not in page.all_text


def test_record_by_id_names_its_references(kb: KnowledgeBase) -> None:
    """kb[id] shows names too: a departure names the person and the organization."""
    page = Page(kb["departure:mira-murati"]._repr_html_())
    assert page.all_text.startswith("Mira Murati left OpenAI (Chief Technology Officer) departure:mira-murati")
    assert ["person", "Mira Murati person:mira-murati"] in page.rows
    assert ["organization", "OpenAI org:openai"] in page.rows


def test_names_come_from_the_knowledge_base_that_holds_the_record() -> None:
    """A record in two knowledge bases is named by the newest one holding that very object."""
    first = KnowledgeBase.from_records(
        [
            SOURCE,
            {"type": "organization", "id": "org:a", "name": "Acme"},
            {
                "type": "partnership",
                "id": "partnership:ab",
                "organizations": ["org:a", "org:b"],
                "nature": "joint",
                **CITED,
            },
            {"type": "organization", "id": "org:b", "name": "Beta"},
        ]
    )
    partnership = first["partnership:ab"]
    assert holding(partnership) is first
    renamed = first.replace(Organization(id="org:b", name="Beta Renamed"))
    assert renamed["partnership:ab"] is partnership  # the same object, now in both
    assert holding(partnership) is renamed
    assert ["organizations", "Acme org:a, Beta Renamed org:b"] in Page(partnership._repr_html_()).rows
    del renamed
    gc.collect()
    assert holding(partnership) is first  # the newest one still alive
    assert ["organizations", "Acme org:a, Beta org:b"] in Page(partnership._repr_html_()).rows


def test_a_record_no_knowledge_base_holds_shows_ids() -> None:
    """A record built in code and never added shows the ids it refers to, as it must."""
    built = Organization(id="org:own", name="Own")
    assert holding(built) is None
    kb = KnowledgeBase.from_records([built.model_copy()])  # an equal record, not this object
    assert holding(built) is None
    assert holding(kb["org:own"]) is kb


def test_a_knowledge_base_is_not_kept_alive_for_display() -> None:
    """Showing records never keeps a knowledge base in memory: it is held weakly."""
    kb = KnowledgeBase.from_records([{"type": "organization", "id": "org:gone", "name": "Gone"}])
    record = kb["org:gone"]
    record._repr_html_()
    del kb
    gc.collect()
    assert holding(record) is None


def test_names_from_the_data_are_escaped_in_the_record_view() -> None:
    """A hostile name shown beside an id is text, not markup."""
    kb = KnowledgeBase.from_records(
        [
            SOURCE,
            {"type": "organization", "id": "org:evil", "name": HOSTILE},
            {"type": "organization", "id": "org:fine", "name": "Fine"},
            {
                "type": "partnership",
                "id": "partnership:x",
                "organizations": ["org:evil", "org:fine"],
                "nature": "n",
                **CITED,
            },
        ]
    )
    page = Page(kb["partnership:x"]._repr_html_())
    assert_safe(page)
    assert ["organizations", f"{HOSTILE} org:evil, Fine org:fine"] in page.rows


@pytest.mark.slow
def test_import_pays_for_no_notebook_extra() -> None:
    """import openai_kb, load, search and the HTML views import no matplotlib, pandas, networkx, IPython, tqdm or
    the drawing modules: the cold start does not grow with what notebooks may use."""
    code = (
        "import sys, openai_kb\n"
        "kb = openai_kb.load()\n"
        "kb.investors[0]._repr_html_(); kb.search('Thrive')._repr_html_(); str(kb.search('Thrive'))\n"
        "heavy = ('matplotlib', 'pandas', 'networkx', 'IPython', 'subprocess', 'tqdm', 'ipywidgets')\n"
        "heavy += ('openai_kb.outputs._graph', 'openai_kb.outputs._graph_svg', 'openai_kb.outputs._plotting')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
