"""notnow: say "not now" to a client request without losing the client.

The logic layer: pure, typed, never imports ipywidgets. The widgets live in notnow.ui.
"""

from notnow.assessment import OFFERS, OUTCOMES, STEPS, Assessment
from notnow.calendar import WorkCalendar, earliest_finish, free_hours, overtime_hours_available
from notnow.errors import InputError
from notnow.honesty import REASONS, Flag, check_honesty
from notnow.profile import Profile
from notnow.referral import Colleague, Referral, classify_referral
from notnow.reply import available_offers, compose_reply
from notnow.request import Request
from notnow.rush import RushPolicy, RushQuote, RushTier, quote_rush
from notnow.split import Part, SplitPlan, plan_split

__all__ = [
    "OFFERS",
    "OUTCOMES",
    "REASONS",
    "STEPS",
    "Assessment",
    "Colleague",
    "Flag",
    "InputError",
    "Part",
    "Profile",
    "Referral",
    "Request",
    "RushPolicy",
    "RushQuote",
    "RushTier",
    "SplitPlan",
    "Store",
    "WorkCalendar",
    "available_offers",
    "check_honesty",
    "classify_referral",
    "compose_reply",
    "earliest_finish",
    "free_hours",
    "overtime_hours_available",
    "plan_split",
    "quote_rush",
]


def __getattr__(name: str) -> object:
    # The store pulls in sqlite3 and platformdirs; load it only when someone asks for it.
    if name == "Store":
        from notnow.store import Store  # late: sqlite3 and platformdirs, only for those who store

        return Store
    raise AttributeError(f"module 'notnow' has no attribute {name!r}")
