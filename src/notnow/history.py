"""What your saved cases tell you: outcomes, rush income, how much notice clients give, who to check in with.

Pure functions over `Store.cases()`'s DataFrame (columns id, client, saved_at, outcome, follow_up, notice_days,
rush_total, …), so they work the same on a store, a CSV export or a hand-built frame in a test.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd

from notnow import coerce, content
from notnow.assessment import OUTCOMES
from notnow.fmt import count, format_hours, plural
from notnow.rush import RushPolicy

UNDECIDED = ""  # the outcome code of a case whose outcome is not known yet
OUTCOME_CODES: tuple[str, ...] = (*OUTCOMES, UNDECIDED)
FOLLOW_UP_WINDOW_DAYS = 7
CENT = Decimal("0.01")


def _outcomes(df: pd.DataFrame) -> pd.Series[str]:
    """The outcome column with anything that isn't a known code (None, NaN, "None", typos) as undecided."""
    if "outcome" not in df or df.empty:
        return pd.Series([], dtype=str)
    return pd.Series(
        [v if isinstance(v, str) and v in OUTCOMES else UNDECIDED for v in df["outcome"]], index=df.index, dtype=str
    )


def outcome_counts(df: pd.DataFrame) -> pd.DataFrame:
    """How many cases ended how: one row per code of `notnow.OUTCOMES` plus "" (undecided), 0 where none.

    Columns: outcome (the code), count (int). Rows in the order of OUTCOME_CODES.
    """
    counts = _outcomes(df).value_counts()
    return pd.DataFrame(
        {
            "outcome": list(OUTCOME_CODES),
            "count": [int(counts.get(code, 0)) for code in OUTCOME_CODES],
        }
    )


def _money(value: Any) -> Decimal:
    """A stored amount (float, text or Decimal) as Decimal cents; 0 for missing or unreadable values."""
    if value is None or isinstance(value, bool):
        return Decimal(0).quantize(CENT)
    if isinstance(value, float):  # also numpy's float64
        if not math.isfinite(value):
            return Decimal(0).quantize(CENT)
        value = repr(float(value))  # 2090.0 → "2090.0", not the binary expansion (nor "np.float64(2090.0)")
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        return Decimal(0).quantize(CENT)
    if not amount.is_finite():
        return Decimal(0).quantize(CENT)
    return amount.quantize(CENT)


def rush_income(df: pd.DataFrame) -> Decimal:
    """The sum of the quoted totals of the cases accepted at the rush rate (the store fills rush_total
    only for those), in cents. The store keeps no currency per case: mixed currencies are added as is."""
    if "rush_total" not in df:
        return Decimal(0).quantize(CENT)
    return sum((_money(v) for v in df["rush_total"]), Decimal(0).quantize(CENT))


@dataclass(frozen=True)
class NoticeSummary:
    """How much notice (days between request and deadline) the saved cases gave.

    `bins` has one row per band with columns low, high (days; high is inf for the last band) and count.
    A band holds notice ≥ low and < high, the same "under" rule the rush tiers use.
    """

    count: int
    median: float | None
    mean: float | None
    minimum: float | None
    bins: pd.DataFrame = field(compare=False)

    def band_counts(self) -> list[int]:
        return [int(n) for n in self.bins["count"]]


def notice_edges(policy: RushPolicy | None = None) -> list[float]:
    """The band edges: 0, each rush tier's threshold (shortest first, duplicates dropped), infinity."""
    tiers = (policy or RushPolicy()).tiers
    inner = sorted({t.under_days for t in tiers if t.under_days > 0})
    return [0.0, *inner, math.inf]


def notice_summary(df: pd.DataFrame, policy: RushPolicy | None = None) -> NoticeSummary:
    """Median, mean and shortest notice in days, and a count per band (edges from the rush tiers:
    by default under 1 day, 1–3, 3–7, 7 and more)."""
    edges = notice_edges(policy)
    values = (
        []
        if "notice_days" not in df
        else [float(v) for v in pd.to_numeric(df["notice_days"], errors="coerce") if pd.notna(v)]
    )
    values = [v for v in values if math.isfinite(v)]
    counts = [0] * (len(edges) - 1)
    for v in values:
        # The first band whose upper edge the notice is under (a negative notice, which the logic
        # never stores, lands in the first band rather than nowhere).
        band = next(i for i, high in enumerate(edges[1:]) if v < high)
        counts[band] += 1
    bins = pd.DataFrame({"low": edges[:-1], "high": edges[1:], "count": counts})
    if not values:
        return NoticeSummary(0, None, None, None, bins)
    series = pd.Series(values, dtype=float)
    return NoticeSummary(len(values), float(series.median()), float(series.mean()), float(series.min()), bins)


def notice_band_label(low: float, high: float, lang: str) -> str:
    """A band (or rush tier) as words: "under 1 day", "1–3 days", "7 days or more" (nl likewise)."""
    if low <= 0:
        return plural(lang, "summary.band_under", high, high=format_hours(high, lang))
    if math.isinf(high):
        return content.text(lang, "summary.band_over", low=format_hours(low, lang))
    return content.text(lang, "summary.band_range", low=format_hours(low, lang), high=format_hours(high, lang))


def _client_key(name: object) -> str:
    """Group "Bloom & Co" and " bloom & co" together: the same client typed twice."""
    return " ".join(str(name).split()).casefold()


def per_client(df: pd.DataFrame) -> pd.DataFrame:
    """One row per client: cases, a count per outcome code, rush income and the last save.

    Columns: client (the spelling of the newest save), cases, one int column per code in OUTCOMES,
    undecided, rush_income (Decimal), last_saved. Most cases first, then by name.
    """
    columns = ["client", "cases", *OUTCOMES, "undecided", "rush_income", "last_saved"]
    if df.empty:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    outcomes = _outcomes(df)
    saved = df["saved_at"] if "saved_at" in df else pd.Series([pd.NaT] * len(df), index=df.index)
    rush = df["rush_total"] if "rush_total" in df else pd.Series([None] * len(df), index=df.index)
    groups: dict[str, dict[str, Any]] = {}
    order = saved.sort_values(ascending=False, na_position="last").index  # newest first: its spelling wins
    for i in order:
        name = str(df.at[i, "client"])
        row = groups.setdefault(
            _client_key(name),
            {
                "client": name,
                "cases": 0,
                **dict.fromkeys(OUTCOMES, 0),
                "undecided": 0,
                "rush_income": Decimal(0).quantize(CENT),
                "last_saved": saved.at[i],
            },
        )
        row["cases"] += 1
        code = str(outcomes.at[i])
        row[code or "undecided"] += 1
        row["rush_income"] += _money(rush.at[i])
    rows = sorted(groups.values(), key=lambda r: (-r["cases"], _client_key(r["client"]), r["client"]))
    frame = pd.DataFrame(rows, columns=columns)
    for c in ("cases", *OUTCOMES, "undecided"):
        frame[c] = frame[c].astype(int)
    return frame


def _as_date(value: object) -> date | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def follow_ups_due(
    df: pd.DataFrame, today: date | None = None, within_days: int = FOLLOW_UP_WINDOW_DAYS
) -> pd.DataFrame:
    """Cases with a check-in date on or before today + `within_days` (overdue ones included), soonest first.

    Columns: id, client, outcome, follow_up (date), days (follow_up − today; negative when overdue).
    """
    columns: Sequence[str] = ("id", "client", "outcome", "follow_up", "days")
    today = today or date.today()
    last = today + timedelta(days=within_days)
    if df.empty or "follow_up" not in df:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    outcomes = _outcomes(df)
    rows = []
    for i in df.index:
        when = _as_date(df.at[i, "follow_up"])
        if when is not None and when <= last:
            rows.append(
                {
                    "id": str(df.at[i, "id"]) if "id" in df else "",
                    "client": str(df.at[i, "client"]),
                    "outcome": outcomes.at[i],
                    "follow_up": when,
                    "days": (when - today).days,
                }
            )
    rows.sort(key=lambda r: (r["follow_up"], _client_key(r["client"])))
    if not rows:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    frame = pd.DataFrame(rows, columns=list(columns))
    frame["days"] = frame["days"].astype(int)
    return frame


@dataclass(frozen=True)
class Habit:
    """How often a client came to you before, and how often at short notice: the pattern a rush rate answers."""

    requests: int
    short_notice: int


def client_habit(
    df: pd.DataFrame,
    client: str,
    within_days: int = 365,
    short_notice_days: float = 7,
    today: date | None = None,
    exclude_id: str = "",
) -> Habit:
    """This client's requests received in the `within_days` up to and including `today`, and how many of them
    gave less than `short_notice_days` of notice (the same "under" rule as the rush tiers).

    Client names match the way `per_client` groups them (case and spaces ignored). The case being answered
    is left out by its id (`exclude_id`); a row without a received time counts by its save date.
    """
    days = int(coerce.number("within_days", within_days, high=36_500, allow_zero=False))
    short = coerce.number("short_notice_days", short_notice_days, high=3650, allow_zero=False)
    today = today or date.today()
    first = today - timedelta(days=days)
    if df.empty or "client" not in df:
        return Habit(0, 0)
    wanted = _client_key(client)
    notices = (
        pd.to_numeric(df["notice_days"], errors="coerce").to_numpy(dtype=float)
        if "notice_days" in df
        else [math.nan] * len(df)
    )
    requests = short_notice = 0
    for position, i in enumerate(df.index):
        if _client_key(df.at[i, "client"]) != wanted:
            continue
        if exclude_id and "id" in df and str(df.at[i, "id"]) == exclude_id:
            continue
        when = _as_date(df.at[i, "received"]) if "received" in df else None
        if when is None and "saved_at" in df:
            when = _as_date(df.at[i, "saved_at"])
        if when is None or not first <= when <= today:
            continue
        requests += 1
        notice = float(notices[position])
        if math.isfinite(notice) and notice < short:
            short_notice += 1
    return Habit(requests, short_notice)


def habit_text(habit: Habit, client: str, lang: str, within_days: int = 365, short_notice_days: float = 7) -> str:
    """The habit as one sentence for the rush step ("In the past 365 days, Acme sent you 3 requests, 2 of them
    with a deadline within 7 days.")."""
    values = {
        "client": client,
        "period": count(lang, "day", within_days),
        "notice": count(lang, "day", short_notice_days),
    }
    if not habit.requests:
        return content.text(lang, "habit.none", **values)
    requests = plural(lang, "habit.request", habit.requests)
    key = "habit.summary" if habit.short_notice else "habit.summary_no_short"
    return content.text(lang, key, requests=requests, short=format_hours(habit.short_notice, lang), **values)
