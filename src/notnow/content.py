"""One loader for every user-facing text and shipped table in data/.

Works from a checkout (reads ../../data) and from an installed wheel (reads notnow/_data).
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from notnow.errors import InputError

LANGS: tuple[str, ...] = ("en", "nl")
DEFAULT_LANG = "en"


def data_dir() -> Path:
    """The folder with the shipped content, wherever notnow is installed."""
    packaged = Path(__file__).resolve().parent / "_data"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "data"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("notnow's data folder is missing: reinstall the package")


def check_lang(lang: str) -> str:
    """Return `lang` when we have texts for it; otherwise InputError."""
    if lang not in LANGS:
        raise InputError("language", "choice", allowed=", ".join(LANGS))
    return lang


@lru_cache(maxsize=len(LANGS))
def load(lang: str) -> Mapping[str, Any]:
    """All texts of one language: the TOML files of data/content/<lang>/ merged into one tree."""
    check_lang(lang)
    tree: dict[str, Any] = {}
    for path in sorted((data_dir() / "content" / lang).glob("*.toml")):
        with path.open("rb") as fh:
            _merge(tree, tomllib.load(fh), path.name)
    return tree


def _merge(into: dict[str, Any], part: Mapping[str, Any], source: str, prefix: str = "") -> None:
    """Tables may be spread over files (ui.toml, ui_split.toml, …); a text may be defined only once."""
    for key, value in part.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            _merge(into[key], value, source, f"{prefix}{key}.")
        elif key in into:
            raise ValueError(f"{source} defines {prefix}{key} again")
        else:
            into[key] = dict(value) if isinstance(value, Mapping) else value


def get(lang: str, key: str) -> Any:
    """The value at a dotted key, e.g. get("nl", "steps.split.title")."""
    node: Any = load(lang)
    for part in key.split("."):
        node = node[part]
    return node


def text(lang: str, key: str, **values: object) -> str:
    """A text at a dotted key, with its {placeholders} filled in when values are given."""
    raw = get(lang, key)
    if not isinstance(raw, str):
        raise TypeError(f"{key} is not a text")
    return raw.format(**values) if values else raw


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of a shipped CSV table (e.g. rush_tiers.csv) as dicts."""
    with (data_dir() / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def read_json_text(name: str) -> str:
    """A shipped JSON file (e.g. an example case) as text."""
    return (data_dir() / name).read_text(encoding="utf-8")
