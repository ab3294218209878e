"""Step 7: referral — the skill asked, the colleagues table, the A–D case with its script, and four options."""

from __future__ import annotations

from datetime import date
from typing import Any

import ipywidgets as widgets
from babel.dates import format_date
from markupsafe import Markup

from notnow import content
from notnow.fmt import format_hours_unit, join_names, locale
from notnow.referral import TRUST_LEVELS, Colleague, closest_text
from notnow.reply import input_example, register_slip_note
from notnow.ui.base import StepView, markdown_html, method_box, method_html
from notnow.ui.rows import Column, EditableRows

OPTIONS: tuple[str, ...] = ("name_what_is", "reversal", "senior_role", "ask_time")
SCRIPT_STYLE = 'style="margin:4px 0 8px 0;padding:6px 10px;border-left:3px solid #6a8caf;background:#f4f7fa"'


def trust_choices(lang: str) -> list[tuple[str, str]]:
    return [(content.text(lang, f"referral.trust.{t}"), t) for t in TRUST_LEVELS]


COLLEAGUE_COLUMNS = (
    Column("name", "text", "200px", "ui.referral.col_name", "ui.referral.name_placeholder"),
    Column("skills", "text", "220px", "ui.referral.col_skills", "ui.referral.skills_placeholder"),
    Column("trust", "choice", "190px", "ui.referral.col_trust", choices=trust_choices, default="untested"),
    Column(
        "available",
        "check",
        "160px",
        "ui.referral.col_available",
        "ui.referral.available",
        default=False,  # nobody has room until the user asked them
        caption=lambda values, lang: availability_caption(values, lang),
    ),
)


def availability_caption(values: dict[str, Any], lang: str) -> str:
    """The available box says when it was ticked ("asked on 2 Dec"), so an old answer shows its age."""
    asked = values.get("asked_on") if values.get("available") else None
    if asked:
        day = asked if isinstance(asked, date) else date.fromisoformat(str(asked))
        return content.text(lang, "ui.referral.asked_on", date=str(format_date(day, "d MMM", locale=locale(lang))))
    return content.text(lang, "ui.referral.available")


def colleague_values(colleague: Colleague) -> dict[str, Any]:
    return {
        "name": colleague.name,
        "skills": ", ".join(colleague.skills),
        "trust": colleague.trust,
        "available": colleague.available,
        "asked_on": colleague.asked_on,
    }


def parse_colleague(values: dict[str, Any], today: date | None = None) -> Colleague:
    """A row as a colleague; ticking "available" now dates it today, a tick kept keeps its date."""
    available = bool(values["available"])
    asked = (values.get("asked_on") or today or date.today()) if available else None
    return Colleague(values["name"], values["skills"], values["trust"] or "untested", available, asked)


def script_html(text: str) -> Markup:
    """A script to say out loud (may contain user text: escaped here)."""
    return Markup(f"<div {SCRIPT_STYLE}>{{}}</div>").format(text)  # SCRIPT_STYLE: our constant


class ReferralStep(StepView):
    """Who else could do it: the A–D case for the skill asked, its script, and the extra options."""

    key = "referral"
    reads = frozenset({"request", "colleagues", "reversal_example", "reversal_confirmed", "senior_hours", "lang"})

    def _build(self) -> list[widgets.Widget]:
        s = self._state
        skill = self.bind(
            "skill",
            widgets.Text(layout=widgets.Layout(width="360px")),
            lambda case: case.request.skill,
            lambda text: s.update_request(skill=text),
            help_key="ui.referral.skill_help",
        )
        self._colleagues_title = widgets.HTML()
        self._colleagues_help = widgets.HTML()
        self._rows = EditableRows(
            "colleague",
            COLLEAGUE_COLUMNS,
            parse_colleague,
            colleague_values,
            lambda items: s.update(colleagues=items),
            "ui.referral.add",
            "ui.referral.remove",
            self.lang,
            s.report,
        )
        self._rows.set_items(self.case.colleagues)
        self.on(self._rows, lambda _change: self._update_valid(), "valid")
        self._result = widgets.HTML()
        self._result.add_class("nn-referral-result")
        self._tips = widgets.HTML()
        self._tips.add_class("nn-referral-tips")
        self._method = method_box()
        self._options_title = widgets.HTML()
        self._option_texts = {o: widgets.HTML() for o in OPTIONS}
        for name, box in self._option_texts.items():
            box.add_class(f"nn-option-{name.replace('_', '-')}")
        reversal = self.bind(
            "reversal_example",
            widgets.Textarea(layout=widgets.Layout(width="460px", height="70px")),
            lambda case: case.reversal_example,
            lambda text: s.update(reversal_example=text),
            help_key="reply_inputs.reversal_example.help",
        )
        confirmed = widgets.Checkbox(indent=False)
        confirmed.add_class("nn-reversal-confirmed")
        self._confirmed = confirmed
        confirm = self.bind(
            "reversal_confirmed",
            confirmed,
            lambda case: bool(case.reversal_confirmed),
            lambda value: s.update(reversal_confirmed=bool(value)),
            label_key="",
        )
        self._reversal_script = widgets.HTML()
        self._reversal_script.add_class("nn-reversal-script")
        senior = self.bind(
            "senior_hours",
            widgets.BoundedFloatText(min=0, max=200, step=0.5, layout=widgets.Layout(width="120px")),
            lambda case: float(case.senior_hours),
            lambda value: s.update(senior_hours=value),
        )
        self._senior_script = widgets.HTML()
        self._senior_script.add_class("nn-senior-script")
        options = widgets.VBox(
            [
                self._options_title,
                self._option_texts["name_what_is"],
                self._option_texts["reversal"],
                reversal,
                confirm,
                self._reversal_script,
                self._option_texts["senior_role"],
                senior,
                self._senior_script,
                self._option_texts["ask_time"],
            ]
        )
        return [
            skill,
            self._colleagues_title,
            self._colleagues_help,
            self._rows,
            self._result,
            self._tips,
            self._method,
            options,
        ]

    def _own_valid(self) -> bool:
        return self._rows.valid

    def error_entries(self) -> list[tuple[str, widgets.Widget]]:
        return [*super().error_entries(), *self._rows.error_entries()]

    def _on_case(self, changed: frozenset[str]) -> None:
        if "*" in changed or "colleagues" in changed:
            self._rows.set_items(self.case.colleagues, force="*" in changed)
        super()._on_case(changed)

    # --- texts --------------------------------------------------------------------------------
    def _relabel(self) -> None:
        self._colleagues_title.value = Markup("<h4>{}</h4>").format(self.t("ui.referral.colleagues_title"))
        self._colleagues_help.value = Markup("<small>{}</small>").format(self.t("ui.referral.colleagues_help"))
        self._rows.relabel(self.lang)
        self._tips.value = (
            Markup("<h4>{}</h4>").format(self.t("ui.referral.tips_title"))
            + markdown_html(self.t("referral.prepare"))
            + markdown_html(self.t("referral.bad_news_then_solution"))
        )
        self._method.value = method_html(self.lang, ["formal_intake", "career_fit"])
        self._options_title.value = Markup("<h4>{}</h4>").format(self.t("ui.referral.options_title"))
        for name, box in self._option_texts.items():
            text = Markup("<b>{}</b>").format(self.t(f"referral.options.{name}.label")) + markdown_html(
                self.t(f"referral.options.{name}.explain")
            )
            if name in ("name_what_is", "ask_time"):
                text += script_html(self.t(f"referral.options.{name}.script"))
            box.value = text
        self.field_named("reversal_example").control.placeholder = self.t(
            "ui.example_hint", example=input_example(self.case.reply_lang, "reversal_example", self.case.address)
        )
        self._confirmed.description = self.t("ui.referral.really_happened")

    # --- results ------------------------------------------------------------------------------
    def _refresh(self) -> None:
        case = self.case
        note = register_slip_note(case.reversal_example, case.address, case.reply_lang, self.lang)
        self.field_named("reversal_example").set_note(note)  # a "je" typed into a "u" case
        self._result.value = self._result_html()
        if case.reversal_confirmed and case.reversal_example:
            self._reversal_script.value = Markup("<i>{}</i>").format(
                self.t("ui.referral.reversal_possible")
            ) + script_html(self.t("referral.options.reversal.script", example=case.reversal_example))
        else:
            self._reversal_script.value = Markup("<i>{}</i>").format(self.t("ui.referral.reversal_needs_confirm"))
        self._senior_script.value = script_html(
            self.t("referral.options.senior_role.script", hours=format_hours_unit(case.senior_hours, self.lang))
        )

    def _result_html(self) -> Markup:
        referral = self.case.referral()
        names = join_names(referral.candidates, self.lang)
        key = f"referral.cases.{referral.case}"
        who = (
            self.t("ui.referral.candidates", names=names)
            if referral.candidates
            else closest_text(referral, self.case.colleagues, self.lang) or self.t("ui.referral.no_candidates")
        )
        return Markup(
            '<h4>{}</h4><p class="nn-referral-case"><b>{}</b></p>{}<p class="nn-referral-candidates">{}</p><b>{}</b>{}'
        ).format(
            self.t("ui.referral.result_title"),
            self.t(f"{key}.label"),
            markdown_html(self.t(f"{key}.explain")),
            who,
            self.t("ui.referral.script_title"),
            script_html(self.t(f"{key}.script", names=names)),
        )
