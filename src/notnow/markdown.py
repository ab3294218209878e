"""The one markdown renderer for our teaching text, in the widgets and on the printable pages.

CommonMark by markdown-it-py with raw HTML switched off, so a `<script>` or `<img onerror>` in a text
shows as text instead of becoming markup. The result is `markupsafe.Markup`: Jinja (autoescape) and the
widgets insert it as it is, while everything else stays escaped.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

__all__ = ["markdown", "markdown_inline"]

# Images are off too: a printed page must stay self-contained, with nothing fetched from elsewhere.
_RENDERER = MarkdownIt("commonmark", {"html": False}).disable("image")


@lru_cache(maxsize=1024)  # the same few dozen content texts are rendered on every page and every relabel
def markdown(text: str) -> Markup:
    """Paragraphs, lists, **bold** and *italic* as HTML."""
    return Markup(_RENDERER.render(text.strip()))


@lru_cache(maxsize=1024)
def markdown_inline(text: str) -> Markup:
    """The same, without paragraph tags: for a text that sits inside a line, a list item or a table cell."""
    return Markup(_RENDERER.renderInline(" ".join(text.split())))
