"""Who else could do it? The A–D case for the asked skill among the user's colleagues."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from notnow import coerce, content
from notnow.fmt import join_names

TRUST_LEVELS: tuple[str, ...] = ("trusted", "untested", "unsuitable")
CASES: tuple[str, ...] = ("A", "B", "C", "D")
CLOSEST_REASONS: tuple[str, ...] = ("not_available", "partial_skill", "other_skills")
ROOM_DAYS = 14  # an answer "I have room" holds this long: after that, ask again before the mail says so

# Skills are lists people type: "editorial / print design", "copywriting, editing", "print- en webdesign".
_TERM_SEPARATORS = re.compile(r"\s*[,/;+&|]\s*|\s+(?:and|en)\s+", re.IGNORECASE)
_WORD = re.compile(r"\w[\w'’-]*-?|\w")


def _skills(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, Iterable):
        return ()
    return tuple(s for s in (coerce.text("skills", v, max_len=100) for v in value) if s)


def skill_terms(text: str) -> tuple[frozenset[str], ...]:
    """A skill text as its terms, each a set of lower-case words.

    "editorial / print design" → ({"editorial"}, {"print", "design"}). A word ending in "-" ("print-" in
    "print- en webdesign") stays a prefix: it matches any word that starts with it.
    """
    terms = []
    for part in _TERM_SEPARATORS.split(text):
        words = frozenset(w.casefold() for w in _WORD.findall(part))
        if words:
            terms.append(words)
    return tuple(terms)


def _word_matches(wanted: str, offered: str) -> bool:
    if wanted.endswith("-") and len(wanted) > 1:
        return offered.startswith(wanted[:-1])
    return wanted == offered.rstrip("-")


def _term_covered(wanted: frozenset[str], offered: frozenset[str]) -> bool:
    """Every word of the asked term is among one offered term's words ("design" is covered by
    "print design"; "print design" is not covered by "design")."""
    return all(any(_word_matches(w, o) for o in offered) for w in wanted)


@dataclass(frozen=True, init=False)
class Colleague:
    """Someone the user could refer the client to. Skills may be given as a comma-separated text."""

    name: str
    skills: tuple[str, ...]
    trust: str
    available: bool
    asked_on: date | None  # when the user ticked "available" (asked the colleague); None: not known

    def __init__(
        self,
        name: str,
        skills: Iterable[str] | str = (),
        trust: str = "untested",
        available: bool = True,
        asked_on: date | str | None = None,
    ) -> None:
        object.__setattr__(self, "name", coerce.text("colleague_name", name, required=True, max_len=200))
        object.__setattr__(self, "skills", _skills(skills))
        object.__setattr__(self, "trust", coerce.choice("trust", trust, TRUST_LEVELS))
        object.__setattr__(self, "available", bool(available))
        asked = coerce.a_date("asked_on", asked_on) if asked_on not in (None, "") else None
        object.__setattr__(self, "asked_on", asked if available else None)

    def _terms(self) -> tuple[frozenset[str], ...]:
        return tuple(t for s in self.skills for t in skill_terms(s))

    def has_skill(self, skill: str) -> bool:
        """Whether every term of the asked skill is one of this colleague's skills, matched by words and
        whatever the case ("editorial / print design" matches "print design, editorial design")."""
        wanted = skill_terms(skill)
        offered = self._terms()
        return bool(wanted) and all(any(_term_covered(w, o) for o in offered) for w in wanted)

    def coverage(self, skill: str) -> float:
        """The share of the asked skill's words this colleague's skills contain (0 to 1)."""
        wanted = [w for term in skill_terms(skill) for w in term]
        offered = [o for term in self._terms() for o in term]
        if not wanted:
            return 0.0
        return sum(any(_word_matches(w, o) for o in offered) for w in wanted) / len(wanted)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "skills": list(self.skills),
            "trust": self.trust,
            "available": self.available,
        }
        if self.asked_on is not None:
            data["asked_on"] = self.asked_on.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Colleague:
        return cls(
            data.get("name", ""),
            data.get("skills", ()),
            data.get("trust", "untested"),
            bool(data.get("available", True)),
            data.get("asked_on"),
        )


def available_now(colleague: Colleague, today: date) -> bool:
    """Whether the mail may say this colleague has room: "available" was ticked (asked) in the last ROOM_DAYS
    days. Ticked without a date (a case saved before dates were kept) or longer ago: ask again first."""
    asked = colleague.asked_on
    return colleague.available and asked is not None and 0 <= (today - asked).days <= ROOM_DAYS


def room_confirmed(referral: Referral, colleagues: Iterable[Colleague], today: date) -> bool:
    """Whether every colleague the referral names was asked recently enough to say "there is room now"."""
    by_name = {c.name: c for c in colleagues}
    return bool(referral.candidates) and all(
        name in by_name and available_now(by_name[name], today) for name in referral.candidates
    )


@dataclass(frozen=True)
class Referral:
    """The case (A–D), the names behind it, and, when nobody fits (C or D), who came closest and why:
    (name, reason code), the code one of CLOSEST_REASONS."""

    case: str
    candidates: tuple[str, ...]
    closest: tuple[str, str] | None = None


def classify_referral(colleagues: Iterable[Colleague], skill: str) -> Referral:
    """Among available colleagues with the skill: any trusted → A; untested → B; unsuitable → C; else D."""
    wanted = coerce.text("skill", skill, max_len=200)
    everyone = list(colleagues)
    fitting = [c for c in everyone if c.available and wanted and c.has_skill(wanted)]
    for trust, case in zip(TRUST_LEVELS, CASES, strict=False):
        names = tuple(c.name for c in fitting if c.trust == trust)
        if names:
            return Referral(case, names, _closest(everyone, wanted) if case == "C" else None)
    return Referral("D", (), _closest(everyone, wanted))


def _closest(colleagues: Sequence[Colleague], skill: str) -> tuple[str, str] | None:
    """The colleague nearest to fitting, leaving out those the user finds unsuitable: someone with the
    skill who is busy, then someone available with part of it, then someone available with other skills.
    Trusted before untested, more of the skill first, then the order of the list."""
    if not skill:
        return None
    ranked: list[tuple[int, int, float, int, str, str]] = []
    for order, c in enumerate(colleagues):
        if c.trust == "unsuitable":
            continue
        share = c.coverage(skill)
        if c.has_skill(skill) and not c.available:
            reason = "not_available"
        elif c.available and share > 0:
            reason = "partial_skill"
        elif c.available and c.skills:
            reason = "other_skills"
        else:
            continue
        ranked.append((CLOSEST_REASONS.index(reason), TRUST_LEVELS.index(c.trust), -share, order, c.name, reason))
    if not ranked:
        return None
    best = min(ranked)
    return best[4], best[5]


def closest_text(referral: Referral, colleagues: Iterable[Colleague], lang: str) -> str:
    """Who came closest and why, as a sentence for the referral step ("" when nobody did)."""
    content.check_lang(lang)
    if referral.closest is None:
        return ""
    name, reason = referral.closest
    skills = next((c.skills for c in colleagues if c.name == name), ())
    return content.text(lang, f"referral_closest.{reason}", name=name, skills=join_names(list(skills), lang))
