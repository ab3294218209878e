"""`python -m notnow demo`: the worked example end to end, in Dutch and English, on the terminal.
`python -m notnow replies [--out DIR]`: write the gallery of replies (every combination) to docs/replies/."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path

from notnow import content
from notnow.assessment import Assessment
from notnow.fmt import format_date, format_hours, format_money, format_notice, format_pct
from notnow.gallery import write_gallery
from notnow.referral import closest_text
from notnow.reply import compose_reply, split_as_promised
from notnow.rush import verdict

GALLERY = Path("docs/replies")  # from the project's root, where the gallery is committed


def demo(lang: str) -> str:
    """The example case: quote, split plan, earliest date, referral case and the composed reply."""
    a = Assessment.example(lang)
    r = a.request
    q = a.quote()
    plan = split_as_promised(a)[0]  # the schedule the reply promises (one truth with the mail and the .ics)
    earliest = a.earliest()
    ref = a.referral()

    def money(amount: Decimal) -> str:
        return format_money(amount, r.currency, lang)

    def t(key: str) -> str:
        return content.text(lang, key)

    out = [f"=== {content.text(lang, 'app.title')} — {content.text(lang, 'app.language_name')} ===", ""]
    out.append(
        f"{r.client}: {r.asked} ({format_hours(r.hours, lang)} h, "
        f"{format_date(r.received.date(), lang)} → {format_date(r.deadline.date(), lang)})"
    )
    out += [
        "",
        f"## {t('steps.rush.title')}",
        f"  notice {format_notice(q.notice_days, lang)} · surcharge {format_pct(q.surcharge_pct, lang)}"
        f" · free {format_hours(q.free_hours, lang)} h"
        f" · overtime {format_hours(q.overtime_hours, lang)} h",
    ]
    if verdict(q) == "impossible":
        out.append("  verdict: impossible — no quote for what cannot be done")
    else:
        out += [
            f"  base {money(q.base_fee)} + rush {money(q.rush_fee)} + overtime {money(q.overtime_fee)}"
            f" = {money(q.total)}",
            f"  verdict: {verdict(q)}",
        ]
    flags = a.honesty_flags()
    out += ["", f"## {t('steps.honesty.title')}"] + [f"  {f.code}: {f.message}" for f in flags or []]
    if plan is not None:
        out += ["", f"## {t('steps.split.title')}"]
        out += ["  " + line for line in plan.schedule.to_string(index=False).splitlines()]
        out.append(
            f"  urgent done: {format_date(plan.urgent_done, lang) if plan.urgent_done else '—'}"
            f" · all done: {format_date(plan.all_done, lang) if plan.all_done else '—'}"
            f" · meets deadline: {plan.meets_deadline}"
        )
    out += ["", f"## {t('steps.when.title')}", f"  {format_date(earliest, lang) if earliest else '—'}"]
    out += [
        "",
        f"## {t('steps.referral.title')}",
        f"  {content.text(lang, f'referral.cases.{ref.case}.label')}: {', '.join(ref.candidates) or '—'}",
    ]
    if ref.closest:
        out.append(f"  {closest_text(ref, a.colleagues, lang)}")
    out += ["", f"## {t('steps.reply.title')}", compose_reply(a, lang, "email"), compose_reply(a, lang, "phone")]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="notnow", description="Say 'not now' without losing the client.")
    parser.add_argument(
        "command",
        choices=["demo", "replies"],
        help="demo: print the worked example end to end; replies: write the gallery of replies",
    )
    parser.add_argument("--lang", choices=[*content.LANGS, "both"], default="both")
    parser.add_argument("--out", type=Path, default=GALLERY, help="replies: the folder to write (docs/replies)")
    args = parser.parse_args(argv)
    if args.command == "replies":
        written = write_gallery(args.out)
        print(f"{len(written)} files written to {args.out}")
        return 0
    langs = content.LANGS if args.lang == "both" else (args.lang,)
    print("\n\n".join(demo(lang) for lang in langs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
