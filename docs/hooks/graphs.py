"""MkDocs hook: the site draws the graph offline, and its search reads Chinese as words.

A ``mermaid`` block on a page (docs/notebooks.md shows the article's graph as Mermaid text, which
GitHub draws) would need mermaid.js from the web to draw on the site. So each such block that is the
bundled graph (``openai_kb.load().to_mermaid()``, which a test keeps the page equal to) becomes its
SVG when the site is built: Graphviz's drawing where ``dot`` is installed, else openai_kb's own.
Any other Mermaid block fails the build, saying so, rather than showing its source text offline.

Material's search plugin segments Chinese with jieba (in the docs extra), whose dictionary splits
transliterated names (``穆拉蒂`` into ``穆拉`` and ``蒂``), so a search for a name would miss the pages
holding it. The knowledge base's own Chinese names are added to jieba's words, from the data.
"""

from __future__ import annotations

import re
from functools import cache

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from tour import svg_block  # the tour hook beside this one: MkDocs puts this folder on the path while loading

import openai_kb

_MERMAID = re.compile(r"^```mermaid\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_HAN = re.compile(r"[\u3400-\u9fff]")


@cache
def _bundled() -> openai_kb.KnowledgeBase:
    return openai_kb.load()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Teach jieba the knowledge base's Chinese names, so the search index keeps each one whole."""
    try:
        import jieba
    except ImportError:  # Material's search then indexes Chinese unsegmented
        return config
    jieba.setLogLevel(60)  # its "Building prefix dict" lines are no warnings of the build
    for word in chinese_names(_bundled()):
        jieba.add_word(word)
    return config


def chinese_names(kb: openai_kb.KnowledgeBase) -> list[str]:
    """Every Chinese name of the knowledge base's records, split at its dots (米拉·穆拉蒂: 米拉, 穆拉蒂), once each."""
    words: dict[str, None] = {}
    for record in kb:
        for name in getattr(record, "names", ()):
            text = getattr(name, "text", "")
            if _HAN.search(text):
                words.update(dict.fromkeys(part for part in re.split(r"[·・\s]+", text) if _HAN.search(part)))
    return list(words)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Each Mermaid block of the bundled graph as its SVG; any other Mermaid block is an error."""
    def drawn(found: re.Match[str]) -> str:
        if found[1] != _bundled().to_mermaid():
            raise PluginError(
                f"{page.file.src_uri}: a mermaid block that is not the bundled graph cannot be drawn offline; "
                "draw it with kb.graph().to_svg() into the page, or update it to openai_kb.load().to_mermaid()"
            )
        return svg_block(_bundled().graph().to_svg())

    return _MERMAID.sub(drawn, markdown)

