"""Who else could do it? The A–D case for the asked skill among the user's colleagues."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from notnow import coerce

TRUST_LEVELS: tuple[str, ...] = ("trusted", "untested", "unsuitable")
CASES: tuple[str, ...] = ("A", "B", "C", "D")


def _skills(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, Iterable):
        return ()
    return tuple(s for s in (coerce.text("skills", v, max_len=100) for v in value) if s)


@dataclass(frozen=True, init=False)
class Colleague:
    """Someone the user could refer the client to. Skills may be given as a comma-separated text."""

    name: str
    skills: tuple[str, ...]
    trust: str
    available: bool

    def __init__(self, name: str, skills: Iterable[str] | str = (), trust: str = "untested",
                 available: bool = True) -> None:
        object.__setattr__(self, "name", coerce.text("colleague_name", name, required=True, max_len=200))
        object.__setattr__(self, "skills", _skills(skills))
        object.__setattr__(self, "trust", coerce.choice("trust", trust, TRUST_LEVELS))
        object.__setattr__(self, "available", bool(available))

    def has_skill(self, skill: str) -> bool:
        wanted = skill.strip().casefold()
        return any(s.casefold() == wanted for s in self.skills)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "skills": list(self.skills), "trust": self.trust,
                "available": self.available}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Colleague:
        return cls(data.get("name", ""), data.get("skills", ()), data.get("trust", "untested"),
                   bool(data.get("available", True)))


@dataclass(frozen=True)
class Referral:
    """The case (A–D) and the names behind it."""

    case: str
    candidates: tuple[str, ...]


def classify_referral(colleagues: Iterable[Colleague], skill: str) -> Referral:
    """Among available colleagues with the skill: any trusted → A; untested → B; unsuitable → C; else D."""
    wanted = coerce.text("skill", skill, max_len=200)
    fitting = [c for c in colleagues if c.available and wanted and c.has_skill(wanted)]
    for trust, case in zip(TRUST_LEVELS, CASES, strict=False):
        names = tuple(c.name for c in fitting if c.trust == trust)
        if names:
            return Referral(case, names)
    return Referral("D", ())
