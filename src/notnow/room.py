"""The room's picture for a workshop host: how far the room is and what it chose, as counts only.

Read from the room's store (the same SQLite file the participants' kernels write), never from a kernel, and
read-only: the host's page can't change or lock anyone's case. Each participant counts once, with the case
they saved last. Nothing personal is shown: no client, contact, amount of one person or free text, and any
figure that fewer than `MIN_GROUP` participants contribute to is withheld (None; the page says "fewer than
3"), so a count can't point at one person in a small room.
"""

from __future__ import annotations

import sqlite3
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

import pandas as pd
from babel.dates import format_time

from notnow import content
from notnow.assessment import OFFERS, STEPS, Assessment
from notnow.errors import InputError
from notnow.fmt import format_notice, format_pct, locale
from notnow.honesty import REASONS
from notnow.referral import CASES
from notnow.summary import render_page

__all__ = ["MIN_GROUP", "RoomPicture", "participant_rows", "read_room", "refusal_html", "room_html", "room_picture"]

MIN_GROUP = 3  # below this many contributors a figure is withheld
MAX_CASES_READ = 5000  # a room of 100 with 50 cases each; the host's page stays quick whatever the file holds

# One row per participant (their last saved case): what the picture is counted from.
ROW_COLUMNS: tuple[str, ...] = ("owner", "reached", "reason", "offers", "referral_case", "surcharge_pct", "notice_days")


@dataclass(frozen=True)
class RoomPicture:
    """The counts the host sees; None wherever fewer than MIN_GROUP participants stand behind a figure."""

    participants: int | None
    connected: int | None
    reached: tuple[tuple[str, int | None], ...]  # per step: how many got at least this far
    reasons: tuple[tuple[str, int | None], ...]
    offers: tuple[tuple[str, int | None], ...]
    referral_cases: tuple[tuple[str, int | None], ...]
    composed: int | None
    median_surcharge_pct: float | None
    median_notice_days: float | None
    withheld: frozenset[str] = field(default_factory=frozenset)  # figures left out as fewer than MIN_GROUP


def read_room(path: str | Path) -> pd.DataFrame:
    """Every participant's last saved case as one row (ROW_COLUMNS), read-only; empty when nothing is saved yet.

    A case that no longer loads (damaged, or written by another version) is passed over: the picture is about
    the room, and one bad row must not blank it.
    """
    file = Path(path)
    if not file.is_file():
        return pd.DataFrame(columns=list(ROW_COLUMNS))
    try:
        conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True, timeout=2.0)
    except sqlite3.Error:
        return pd.DataFrame(columns=list(ROW_COLUMNS))
    try:
        raw = conn.execute(
            "SELECT owner, saved_at, json FROM cases ORDER BY saved_at DESC LIMIT ?", (MAX_CASES_READ,)
        ).fetchall()
    except sqlite3.Error:  # no cases table yet, or a file that is not ours: nothing to count
        raw = []
    finally:
        conn.close()
    frame = pd.DataFrame(raw, columns=["owner", "saved_at", "json"])
    last = frame.sort_values("saved_at", kind="stable").groupby("owner", sort=False).tail(1)
    return pd.DataFrame(participant_rows(last["owner"], last["json"]), columns=list(ROW_COLUMNS))


def participant_rows(owners: Iterable[str], texts: Iterable[str]) -> list[tuple[object, ...]]:
    """(owner, case JSON) pairs to rows of ROW_COLUMNS; cases that don't load are left out."""
    rows: list[tuple[object, ...]] = []
    for owner, text in zip(owners, texts, strict=True):
        try:
            a = Assessment.from_json(text)
        except (InputError, TypeError, ValueError, KeyError):
            continue
        rows.append((owner, STEPS.index(a.reached), a.reason, tuple(a.offers), *_referral_and_rush(a)))
    return rows


def _referral_and_rush(a: Assessment) -> tuple[str, float | None, float | None]:
    """The referral case once a skill is named, and the rush quote's surcharge and notice once it has one."""
    case = ""
    if a.request.skill.strip() and STEPS.index(a.reached) >= STEPS.index("referral"):
        try:
            case = a.referral().case
        except InputError:
            case = ""
    surcharge = notice = None
    if STEPS.index(a.reached) >= STEPS.index("rush"):
        try:
            quote = a.quote()
        except InputError:
            pass
        else:
            surcharge, notice = float(quote.surcharge_pct), float(quote.notice_days)
    return case, surcharge, notice


def _shown(count: int) -> int | None:
    return count if count >= MIN_GROUP else None


def _counted(keys: Sequence[str], values: Iterable[str]) -> tuple[tuple[str, int | None], ...]:
    tally = pd.Series(list(values), dtype="object").value_counts()
    return tuple((key, _shown(int(tally.get(key, 0)))) for key in keys)


def _median(values: pd.Series) -> float | None:
    present = [float(v) for v in values if v is not None and not pd.isna(v)]
    return float(statistics.median(present)) if len(present) >= MIN_GROUP else None


def room_picture(rows: pd.DataFrame, connected: int | None = None) -> RoomPicture:
    """The host's counts from `read_room`'s rows (one per participant) and the pages open now (`connected`)."""
    reached: list[int] = [int(step) for step in rows["reached"]]
    offers = [offer for chosen in rows["offers"] for offer in chosen]
    picture = RoomPicture(
        participants=_shown(len(rows)),
        connected=None if connected is None else _shown(connected),
        reached=tuple((step, _shown(sum(r >= i for r in reached))) for i, step in enumerate(STEPS)),
        reasons=_counted(REASONS, (r for r in rows["reason"] if r)),
        offers=_counted(OFFERS, offers),
        referral_cases=_counted(CASES, (c for c in rows["referral_case"] if c)),
        composed=_shown(sum(r >= STEPS.index("reply") for r in reached)),
        median_surcharge_pct=_median(rows["surcharge_pct"]),
        median_notice_days=_median(rows["notice_days"]),
    )
    withheld = {
        name
        for name, value in (
            ("participants", picture.participants),
            ("composed", picture.composed),
            ("median_surcharge_pct", picture.median_surcharge_pct),
            ("median_notice_days", picture.median_notice_days),
        )
        if value is None
    }
    return RoomPicture(**{**picture.__dict__, "withheld": frozenset(withheld)})


def room_html(
    picture: RoomPicture,
    lang: str,
    *,
    refresh: int = 0,
    exports: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> str:
    """The room view as one page: the host's screen (`refresh` seconds, links to the `exports`) or, with
    neither, the debrief picture as printed. Labels come from the workbook's own texts."""
    lang = content.check_lang(lang)
    shown_counts = [v for _, v in (*picture.reached, *picture.reasons, *picture.offers, *picture.referral_cases)]
    most = max([v for v in shown_counts if v is not None] or [0])
    when = now or datetime.now()
    return render_page(
        "room.html.j2",
        lang,
        r=partial(_r, lang),
        picture=picture,
        most=most,
        reached=[(content.text(lang, f"steps.{k}.title"), v) for k, v in picture.reached],
        reasons=[(content.text(lang, f"honesty.reasons.{k}.label"), v) for k, v in picture.reasons],
        offers=[(content.text(lang, f"offers.{k}.label"), v) for k, v in picture.offers],
        cases=[(content.text(lang, f"referral.cases.{k}.label"), v) for k, v in picture.referral_cases],
        notice=None if picture.median_notice_days is None else format_notice(picture.median_notice_days, lang),
        surcharge=None if picture.median_surcharge_pct is None else format_pct(picture.median_surcharge_pct, lang),
        updated=format_time(when, format="short", locale=locale(lang)),
        refresh=refresh,
        exports=exports,
    )


def refusal_html(lang: str, title: str, message: str) -> str:
    """The plain page a link that is not the host's gets instead of the room."""
    return render_page("room_refused.html.j2", content.check_lang(lang), title=title, message=message)


def _r(lang: str, key: str, **values: object) -> str:
    return content.text(lang, f"room.{key}", **values)
