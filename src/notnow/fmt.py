"""How numbers, money, dates, counts and error messages are written, in the user's language.

One module for it, so every other module (reply, honesty, summary, the widgets) writes "€ 2.090,00",
"woensdag 25 november 2026" or "1 hour" the same way, and the plural choice is made in one place (CLDR's rule
for the language, through Babel).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import get_day_names
from babel.numbers import format_currency, format_decimal, format_percent

from notnow import content
from notnow.errors import InputError


@lru_cache(maxsize=len(content.LANGS))
def locale(lang: str) -> Locale:
    """The Babel locale of one of our languages (en → en_GB, nl → nl_NL)."""
    return Locale.parse(content.text(lang, "fmt.locale"))


def format_money(amount: Decimal, currency: str, lang: str) -> str:
    """€2,090.00 (en, British) or € 2.090,00 (nl)."""
    text = str(format_currency(amount, currency, locale=locale(lang)))
    return text.replace("\xa0", " ")  # a plain space: the reply is pasted into mail clients and forms


def format_date(day: date, lang: str) -> str:
    """Wednesday, 25 November 2026 (en) or woensdag 25 november 2026 (nl)."""
    return str(babel_format_date(day, content.text(lang, "fmt.date_format"), locale=locale(lang)))


def format_short_date(day: date, lang: str) -> str:
    """Wed 25 Nov (en) or wo 25 nov (nl): for tables and lists."""
    return str(babel_format_date(day, content.text(lang, "fmt.short_date_format"), locale=locale(lang)))


def weekday_names(lang: str) -> list[str]:
    """Abbreviated weekday names, Monday first."""
    names = get_day_names("abbreviated", locale=locale(lang))
    return [str(names[i]) for i in range(7)]


def format_number(value: float, lang: str) -> str:
    """12 or 12.5 (en) / 12,5 (nl): without needless decimals, at most two."""
    return str(format_decimal(round(value, 2), format="#,##0.##", locale=locale(lang)))


format_hours = format_number  # hours are written as plain numbers


def plural(lang: str, key: str, n: float, **values: object) -> str:
    """The text `<key>_one` or `<key>_other`, whichever CLDR's plural rule of the language picks for n."""
    form = locale(lang).plural_form(abs(round(n, 2)))
    return content.text(lang, f"{key}_{'one' if form == 'one' else 'other'}", n=format_number(n, lang), **values)


def format_hours_unit(hours: float, lang: str) -> str:
    """ "1 hour", "2.5 hours" / "1 uur", "2,5 uur"."""
    return plural(lang, "fmt.hour", hours)


def count(lang: str, unit: str, n: float) -> str:
    """ "1 day", "6 working days", "2 weeks" (unit: hour, day, week, working_day, day_off)."""
    return plural(lang, f"fmt.{unit}", n)


def format_notice(days: float, lang: str) -> str:
    """Notice as whole days and hours: "5 days 7 hours", "5 dagen en 7 uur", "1 day", "3 hours"."""
    total_hours = max(0, round(days * 24))
    whole_days, hours = divmod(total_hours, 24)
    if not whole_days:
        return count(lang, "hour", hours)
    if not hours:
        return count(lang, "day", whole_days)
    return content.text(
        lang, "fmt.notice_days_hours", days=count(lang, "day", whole_days), hours=count(lang, "hour", hours)
    )


def format_pct(pct: float, lang: str) -> str:
    """A percentage given as a number (50 → "50%"), written the way the language writes it."""
    return str(format_percent(Decimal(repr(float(pct))) / 100, format="#,##0.##%", locale=locale(lang)))


def join_names(names: Sequence[str], lang: str) -> str:
    """Sanne, Tom and Priya / Sanne, Tom en Priya."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {content.text(lang, 'fmt.list_and')} {names[-1]}"


def field_label(field: str, lang: str) -> str:
    """A field's name as the user knows it ("estimated hours"); the code itself when we have no name for it."""
    labels = content.get(lang, "fields")
    return str(labels.get(field, field))


def error_text(error: InputError, lang: str) -> str:
    """The message of an InputError in `lang`, with the field's name filled in.

    Resolved here, where it is shown, so InputError itself needs no content (and no import cycle).
    """
    label = field_label(error.field, lang)
    try:
        template = content.text(lang, f"errors.{error.code}")
        return template.format(field=label, **{k: str(v) for k, v in error.params.items()})
    except (KeyError, IndexError, ValueError):
        # Content is tested to have every code with its placeholders; this only guards a broken install.
        return content.text(lang, "fmt.error_fallback", field=label)
