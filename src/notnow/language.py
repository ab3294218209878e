"""Which of our languages a visitor gets: `lang=` in the link, else the browser's Accept-Language, else English.

The dashboard's kernel (notnow.ui.page) and the server's own pages (the host's room view) choose alike.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from notnow import content

__all__ = ["negotiate_language", "parse_accept_language", "supported_language"]


def parse_accept_language(header: str | None) -> list[str]:
    """The language tags of an Accept-Language header, most preferred first (q=0 and bad entries dropped).

    >>> parse_accept_language("nl-NL,nl;q=0.9,en;q=0.8,*;q=0.1")
    ['nl-NL', 'nl', 'en', '*']
    """
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate((header or "").split(",")):
        tag, *params = (part.strip() for part in item.split(";"))
        if not tag or len(tag) > 64:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = -1.0
        if 0 < quality <= 1:
            ranked.append((-quality, position, tag))
    return [tag for _q, _pos, tag in sorted(ranked)]


def supported_language(tag: str) -> str | None:
    """Our language for a tag ("nl-BE" → "nl"), or None when we have none for it."""
    primary = tag.replace("_", "-").split("-")[0].lower()
    return primary if primary in content.LANGS else None


def negotiate_language(
    query_string: str | None = None, accept_language: str | None = None, default: str = content.DEFAULT_LANG
) -> str:
    """The starting language: `lang=` in the query string, else the best Accept-Language match, else `default`."""
    for value in parse_qs(query_string or "").get("lang", []):
        lang = supported_language(value)
        if lang is not None:
            return lang
    for tag in parse_accept_language(accept_language):
        lang = supported_language(tag)
        if lang is not None:
            return lang
    return default
