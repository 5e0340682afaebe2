"""The views of records, profiles, search results and knowledge bases: plain text and HTML.

One way to show a value (``values``), two skins over it (``text``, ``html``); ``links`` shows
``kb.link``'s links. Importing this package registers the views with ``openai_kb._showing``, so
``str(profile)`` and notebooks' ``_repr_html_`` find them; ``openai_kb`` imports it. A new view of
a class is one function here, registered below.
"""

from __future__ import annotations

from ..._showing import Quoted, as_html, as_text
from ...kb import KnowledgeBase
from ...linking import Links
from ...models import Record
from ...profile import Profile
from ...search._results import SearchResults
from .html import knowledge_base_html, profile_html, record_html, search_results_html
from .links import links_html
from .text import profile_text, quoted_text, search_results_text

__all__ = ["profile_text", "quoted_text", "search_results_text"]

as_text.register(Profile, profile_text)
as_text.register(SearchResults, search_results_text)
as_text.register(Quoted, quoted_text)
as_html.register(Record, record_html)
as_html.register(Profile, profile_html)
as_html.register(SearchResults, search_results_html)
as_html.register(KnowledgeBase, knowledge_base_html)
as_html.register(Links, links_html)
