"""The one markdown renderer: CommonMark for our teaching text, with raw HTML shown as text."""

from __future__ import annotations

import re
from html import unescape

import pytest
from markupsafe import Markup, escape

from notnow import content
from notnow.markdown import markdown, markdown_inline

ATTACKS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">x</a>')


def test_bold_italic_and_paragraphs_become_html():
    assert markdown("A **firm** no.\n\nThen *kindly* a date.") == (
        "<p>A <strong>firm</strong> no.</p>\n<p>Then <em>kindly</em> a date.</p>\n"
    )


def test_dash_and_numbered_lines_become_lists():
    assert markdown("- one\n- two") == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
    assert markdown("1. **First**: the request\n2. Empathy") == (
        "<ol>\n<li><strong>First</strong>: the request</li>\n<li>Empathy</li>\n</ol>\n"
    )


def test_the_result_is_markup_so_templates_do_not_escape_it_again():
    html = markdown("**bold**")
    assert isinstance(html, Markup)
    assert escape(html) == html


def test_inline_has_no_paragraph_tags_and_joins_lines():
    assert markdown_inline("Say *no*\nto the timing,\n\nnot to the client.") == (
        "Say <em>no</em> to the timing, not to the client."
    )


@pytest.mark.parametrize("attack", ATTACKS)
def test_html_in_the_text_is_shown_as_text_not_markup(attack):
    for render in (markdown, markdown_inline):
        html = render(f"Before {attack} after **bold**")
        assert re.search(r"<(script|img|a)\b", html) is None
        assert attack in unescape(re.sub(r"<[^>]+>", "", html))  # the reader sees the characters, harmless
        assert "<strong>bold</strong>" in html


def test_a_javascript_link_in_markdown_syntax_is_not_linked():
    html = markdown("[click](javascript:alert(1))")
    assert "href" not in html


def test_images_are_not_embedded_so_pages_stay_self_contained():
    html = markdown("![logo](https://example.com/logo.png)")
    assert "<img" not in html
    assert "src=" not in html


@pytest.mark.parametrize("lang", content.LANGS)
def test_every_teaching_text_renders_without_leftover_markdown_marks(lang):
    """Our content uses bold, italics and lists only: none of their marks may survive as literal text."""
    texts = []

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            texts.append(node)

    walk(content.load(lang))
    assert len(texts) > 300
    for text in texts:
        html = markdown(text)
        assert "**" not in html, text
        assert not re.search(r"(^|\s)\*\S", re.sub(r"<[^>]+>", "", html)), text


def test_the_widgets_get_markup_and_compose_it_with_markup_so_their_own_tags_survive():
    """The widgets build their HTML with Markup: a heading from a Markup template keeps its tags, and the
    rendered text goes in as it is (never escaped twice), while a plain str added to it is escaped."""
    from markupsafe import Markup

    from notnow.ui.base import markdown_html

    html = markdown_html("Say **no** to the timing")
    assert isinstance(html, Markup)
    assert html == markdown("Say **no** to the timing")
    composed = Markup("<h3>{}</h3>").format("Title & more") + html
    assert composed.startswith("<h3>Title &amp; more</h3><p>Say <strong>no</strong>")
    assert Markup("<div>{}</div>").format(html) == f"<div>{html}</div>"  # inserted as it is
    assert ("<h3>" + html).startswith("&lt;h3&gt;")  # why the widgets never add a plain str to Markup
