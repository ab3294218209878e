"""Step 7: referral — the skill asked, the colleagues table, the A–D case with its script, and four options."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from notnow import coerce, content
from notnow.errors import InputError
from notnow.fmt import error_text, format_hours_unit, join_names
from notnow.referral import TRUST_LEVELS, Colleague
from notnow.request import Request
from notnow.ui.base import StepView, markdown_html

OPTIONS: tuple[str, ...] = ("name_what_is", "reversal", "senior_role", "ask_time")
ERROR_STYLE = 'style="color:#b00020"'
SCRIPT_STYLE = 'style="margin:4px 0 8px 0;padding:6px 10px;border-left:3px solid #6a8caf;background:#f4f7fa"'


def _script_html(text: str) -> str:
    """A script to say out loud (may contain user text: escaped here)."""
    return f"<div {SCRIPT_STYLE}>{html.escape(text)}</div>"


class _ColleagueRow:
    """One editable row of the colleagues table, with its message beside it."""

    def __init__(self, colleague: Colleague | None, on_change: Callable[[_ColleagueRow], None],
                 on_remove: Callable[[_ColleagueRow], None]) -> None:
        self.touched = colleague is not None  # a freshly added blank row shows no message until edited
        self.error: InputError | None = None
        self.name = widgets.Text(value=colleague.name if colleague else "", layout=widgets.Layout(width="200px"))
        self.name.add_class("nn-colleague-name")
        self.skills = widgets.Text(value=", ".join(colleague.skills) if colleague else "",
                                   layout=widgets.Layout(width="220px"))
        self.skills.add_class("nn-colleague-skills")
        self.trust = widgets.Dropdown(options=[(t, t) for t in TRUST_LEVELS],
                                      value=colleague.trust if colleague else "untested",
                                      layout=widgets.Layout(width="190px"))
        self.trust.add_class("nn-colleague-trust")
        self.available = widgets.Checkbox(value=colleague.available if colleague else True, indent=False,
                                          layout=widgets.Layout(width="120px"))
        self.available.add_class("nn-colleague-available")
        self.remove = widgets.Button(icon="trash", layout=widgets.Layout(width="auto"))
        self.remove.add_class("nn-remove-colleague")
        self.message = widgets.HTML(layout=widgets.Layout(display="none"))
        self.message.add_class("nn-error")
        self.box = widgets.VBox([widgets.HBox([self.name, self.skills, self.trust, self.available, self.remove]),
                                 self.message])
        self.box.add_class("nn-colleague-row")
        self._quiet = False

        def changed(_change: object) -> None:
            if not self._quiet:
                self.touched = True
                on_change(self)

        for control in (self.name, self.skills, self.trust, self.available):
            control.observe(changed, "value")
        self.remove.on_click(lambda _button: on_remove(self))

    def colleague(self) -> Colleague:
        """The colleague this row describes; InputError when a value is not allowed."""
        return Colleague(self.name.value, self.skills.value, self.trust.value, self.available.value)

    def close(self) -> None:
        """Free the row's widgets (rows come and go while the user edits the table)."""
        for w in (self.name, self.skills, self.trust, self.available, self.remove, self.message, self.box):
            w.close()

    def relabel(self, lang: str) -> None:
        self._quiet = True
        try:
            value = self.trust.value
            self.trust.options = [(content.text(lang, f"referral.trust.{t}"), t) for t in TRUST_LEVELS]
            self.trust.value = value
        finally:
            self._quiet = False
        self.name.placeholder = content.text(lang, "ui.referral.name_placeholder")
        self.skills.placeholder = content.text(lang, "ui.referral.skills_placeholder")
        self.available.description = content.text(lang, "ui.referral.available")
        self.remove.tooltip = content.text(lang, "ui.referral.remove")
        self.remove.description = content.text(lang, "ui.referral.remove")
        self.show(self.error, lang)

    def show(self, error: InputError | None, lang: str) -> None:
        self.error = error
        if error is None:
            self.message.value = ""
            self.message.layout.display = "none"
        else:
            self.message.value = f"<span {ERROR_STYLE}>⚠ {html.escape(error_text(error, lang))}</span>"
            self.message.layout.display = None


class ReferralStep(StepView):
    """Who else could do it: the A–D case for the skill asked, its script, and the extra options."""

    key = "referral"

    def _build(self) -> list[widgets.Widget]:
        self._quiet = False
        self._skill = widgets.Text(layout=widgets.Layout(width="360px"))
        self._skill_field = self.field("skill", self._skill)
        self._skill_help = widgets.HTML()

        self._colleagues_title = widgets.HTML()
        self._colleagues_help = widgets.HTML()
        self._header_cells = [widgets.HTML(layout=widgets.Layout(width=w))
                              for w in ("200px", "220px", "190px", "120px")]
        self._header = widgets.HBox(self._header_cells)
        self._rows: list[_ColleagueRow] = []
        self._rows_box = widgets.VBox()
        self._rows_box.add_class("nn-colleagues")
        self._no_colleagues = widgets.HTML()
        self._add_colleague = widgets.Button(icon="plus", layout=widgets.Layout(width="auto"))
        self._add_colleague.add_class("nn-add-colleague")
        self._add_colleague.on_click(self._on_add)

        self._result = widgets.HTML()
        self._result.add_class("nn-referral-result")
        self._tips = widgets.HTML()
        self._tips.add_class("nn-referral-tips")

        self._options_title = widgets.HTML()
        self._option_texts = {o: widgets.HTML() for o in OPTIONS}
        for name, box in self._option_texts.items():
            box.add_class(f"nn-option-{name.replace('_', '-')}")
        self._reversal_example = widgets.Textarea(layout=widgets.Layout(width="460px", height="70px"))
        self._reversal_field = self.field("reversal_example", self._reversal_example)
        self._reversal_confirmed = widgets.Checkbox(indent=False)
        self._reversal_confirmed.add_class("nn-reversal-confirmed")
        self._reversal_script = widgets.HTML()
        self._reversal_script.add_class("nn-reversal-script")
        self._senior_hours = widgets.FloatText(step=0.5, layout=widgets.Layout(width="120px"))
        self._senior_field = self.field("senior_hours", self._senior_hours)
        self._senior_script = widgets.HTML()
        self._senior_script.add_class("nn-senior-script")

        self._skill.observe(self._on_skill, "value")
        self._reversal_example.observe(self._on_reversal, "value")
        self._reversal_confirmed.observe(self._on_reversal, "value")
        self._senior_hours.observe(self._on_senior, "value")

        options = widgets.VBox([
            self._options_title,
            self._option_texts["name_what_is"],
            self._option_texts["reversal"], self._reversal_field, self._reversal_confirmed, self._reversal_script,
            self._option_texts["senior_role"], self._senior_field, self._senior_script,
            self._option_texts["ask_time"],
        ])
        return [self._skill_field, self._skill_help,
                self._colleagues_title, self._colleagues_help, self._header, self._rows_box, self._no_colleagues,
                widgets.HBox([self._add_colleague]), self._result, self._tips, options]

    # --- texts --------------------------------------------------------------------------------
    def _relabel(self) -> None:
        self._skill_help.value = f"<small>{html.escape(self.t('ui.referral.skill_help'))}</small>"
        self._colleagues_title.value = f"<h4>{html.escape(self.t('ui.referral.colleagues_title'))}</h4>"
        self._colleagues_help.value = f"<small>{html.escape(self.t('ui.referral.colleagues_help'))}</small>"
        for cell, key in zip(self._header_cells, ("col_name", "col_skills", "col_trust", "col_available"),
                             strict=True):
            cell.value = f"<b>{html.escape(self.t(f'ui.referral.{key}'))}</b>"
        self._no_colleagues.value = f"<i>{html.escape(self.t('ui.referral.no_colleagues'))}</i>"
        self._add_colleague.description = self.t("ui.referral.add")
        for row in self._rows:
            row.relabel(self.lang)
        self._tips.value = (f"<h4>{html.escape(self.t('ui.referral.tips_title'))}</h4>"
                            + markdown_html(self.t("referral.prepare"))
                            + markdown_html(self.t("referral.bad_news_then_solution")))
        self._options_title.value = f"<h4>{html.escape(self.t('ui.referral.options_title'))}</h4>"
        for name, box in self._option_texts.items():
            text = (f"<b>{html.escape(self.t(f'referral.options.{name}.label'))}</b>"
                    + markdown_html(self.t(f"referral.options.{name}.explain")))
            if name in ("name_what_is", "ask_time"):
                text += _script_html(self.t(f"referral.options.{name}.script"))
            box.value = text
        self._reversal_example.placeholder = self.t("ui.referral.reversal_placeholder")
        self._reversal_confirmed.description = self.t("ui.referral.really_happened")

    # --- case → inputs ------------------------------------------------------------------------
    def _load(self) -> None:
        case = self.case
        with self._quietly():
            self._skill.value = case.request.skill
            self._reversal_example.value = case.reversal_example
            self._reversal_confirmed.value = bool(case.reversal_confirmed)
            self._senior_hours.value = float(case.senior_hours)
        for row in self._rows:
            row.close()
        self._rows = [self._new_row(c) for c in case.colleagues]
        self._show_rows()

    def _new_row(self, colleague: Colleague | None) -> _ColleagueRow:
        row = _ColleagueRow(colleague, self._on_row_change, self._on_remove)
        row.relabel(self.lang)
        return row

    def _show_rows(self) -> None:
        self._rows_box.children = [row.box for row in self._rows]
        self._header.layout.display = None if self._rows else "none"
        self._no_colleagues.layout.display = "none" if self._rows else None

    # --- inputs → case ------------------------------------------------------------------------
    def _on_skill(self, _change: object) -> None:
        if self._quiet:
            return
        value = self._skill.value

        def write() -> None:
            request = self.case.request
            self.case.request = Request(**{**request.to_dict(), "skill": value})

        if self.attempt(self._skill_field, write):
            self.commit()

    def _on_add(self, _button: object) -> None:
        self._rows.append(self._new_row(None))
        self._show_rows()

    def _on_remove(self, row: _ColleagueRow) -> None:
        if row in self._rows:
            self._rows.remove(row)
        self._show_rows()
        row.close()
        self._write_colleagues()

    def _on_row_change(self, _row: _ColleagueRow) -> None:
        self._write_colleagues()

    def _write_colleagues(self) -> None:
        """Every valid row goes into the case; an invalid row keeps its message beside it and stays out."""
        colleagues: list[Colleague] = []
        for row in self._rows:
            try:
                colleagues.append(row.colleague())
            except InputError as error:
                row.show(error if row.touched else None, self.lang)
            else:
                row.show(None, self.lang)
        self.case.colleagues = colleagues
        self.commit()

    def _on_reversal(self, _change: object) -> None:
        if self._quiet:
            return
        example, confirmed = self._reversal_example.value, bool(self._reversal_confirmed.value)

        def write() -> None:
            self.case.reversal_example = coerce.text("reversal_example", example)
            self.case.reversal_confirmed = confirmed

        if self.attempt(self._reversal_field, write):
            self.commit()

    def _on_senior(self, _change: object) -> None:
        if self._quiet:
            return
        value = self._senior_hours.value

        def write() -> None:
            self.case.senior_hours = coerce.number("senior_hours", value, high=200)

        if self.attempt(self._senior_field, write):
            self.commit()

    # --- results ------------------------------------------------------------------------------
    def _refresh(self) -> None:
        case = self.case
        if self._skill_field.error is None and self._skill.value.strip() != case.request.skill:
            with self._quietly():  # the skill was changed in the request step
                self._skill.value = case.request.skill
        self._result.value = self._result_html(case)
        if case.reversal_confirmed and case.reversal_example:
            self._reversal_script.value = (
                f"<i>{html.escape(self.t('ui.referral.reversal_possible'))}</i>"
                + _script_html(self.t("referral.options.reversal.script", example=case.reversal_example)))
        else:
            self._reversal_script.value = f"<i>{html.escape(self.t('ui.referral.reversal_needs_confirm'))}</i>"
        self._senior_script.value = _script_html(
            self.t("referral.options.senior_role.script", hours=format_hours_unit(case.senior_hours, self.lang)))
        self._set_valid(True)  # a referral is optional

    def _result_html(self, case: Any) -> str:
        referral = case.referral()
        names = join_names(referral.candidates, self.lang)
        key = f"referral.cases.{referral.case}"
        who = (self.t("ui.referral.candidates", names=names) if referral.candidates
               else self.t("ui.referral.no_candidates"))
        return (f"<h4>{html.escape(self.t('ui.referral.result_title'))}</h4>"
                f'<p class="nn-referral-case"><b>{html.escape(self.t(f"{key}.label"))}</b></p>'
                + markdown_html(self.t(f"{key}.explain"))
                + f'<p class="nn-referral-candidates">{html.escape(who)}</p>'
                f"<b>{html.escape(self.t('ui.referral.script_title'))}</b>"
                + _script_html(self.t(f"{key}.script", names=names)))
