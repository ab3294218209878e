"""Step 3: the real reason, held against the calendar; flags warn but never block."""

from __future__ import annotations

import ipywidgets as widgets
from markupsafe import Markup

from notnow.errors import InputError
from notnow.fmt import error_text
from notnow.honesty import REASONS
from notnow.reply import detail_holds, input_example, register_slip_note, user_phrase
from notnow.ui.base import ERROR_COLOUR, OK_COLOUR, StepView, markdown_html, method_box, method_html, note_html

WORK_ITSELF = frozenset({"dont_want", "not_my_focus"})  # a no to the work, not to the timing


class HonestyStep(StepView):
    """Reason (radio buttons), its explanation, a detail text, the flags from the logic, and the tips."""

    key = "honesty"
    reads = frozenset({"reason", "reason_detail", "request", "calendar", "lang"})

    def _build(self) -> list[widgets.Widget]:
        self._reason = widgets.RadioButtons(
            options=[(code, code) for code in REASONS], index=None, layout=widgets.Layout(width="auto")
        )
        reason = self.bind(
            "reason",
            self._reason,
            lambda case: case.reason or None,
            lambda value: self._state.update(reason=value or ""),
        )
        detail = self.bind(
            "detail",
            widgets.Textarea(layout=widgets.Layout(width="480px", height="64px")),
            lambda case: case.reason_detail,
            lambda text: self._state.update(reason_detail=text),
            label_key="honesty.detail_label",
            help_key="reply_inputs.reason_detail.help",
        )
        self._explain = widgets.HTML()
        self._explain.add_class("nn-reason-explain")
        self._career = method_box()
        self._flags = widgets.HTML()
        self._flags.add_class("nn-honesty-flags")
        self._tips = widgets.HTML()
        self._tips.add_class("nn-honesty-tips")
        return [reason, self._explain, self._career, detail, self._flags, self._tips]

    def _own_valid(self) -> bool:
        return bool(self.case.reason)

    def _relabel(self) -> None:
        with self._quietly():  # new option labels reset the selection: put it back
            self._reason.options = [(self.t(f"honesty.reasons.{code}.label"), code) for code in REASONS]
            self._reason.value = self.case.reason or None
        self.field_named("detail").control.placeholder = self.t(
            "ui.example_hint", example=input_example(self.case.reply_lang, "reason_detail", self.case.address)
        )
        self._tips.value = (
            Markup("<h4>{}</h4>").format(self.t("ui.honesty.tips_heading"))
            + markdown_html("💡 " + self.t("honesty.tip_firm"))
            + markdown_html("🚫 " + self.t("honesty.never_lie"))
        )

    def _refresh(self) -> None:
        case = self.case
        notes = [register_slip_note(case.reason_detail, case.address, case.reply_lang, self.lang)]  # "je" in a u case
        if case.reason_detail and not detail_holds(case):  # written for another reason: kept, asked about
            notes.append(self.t("reply_notes.detail_other_reason", detail=user_phrase(case.reason_detail)))
        self.field_named("detail").set_note(" ".join(n for n in notes if n))
        reason = self.case.reason
        if not reason:
            self._explain.value = Markup("<p><i>{}</i></p>").format(self.t("ui.honesty.choose_reason"))
            self._flags.value = ""
            self._career.value = ""
            return
        self._explain.value = Markup(
            "<div style='background:#f5f5f5;padding:4px 12px;border-radius:4px'>{}</div>"
        ).format(markdown_html(self.t(f"honesty.reasons.{reason}.explain")))
        self._career.value = method_html(self.lang, ["career_fit"]) if reason in WORK_ITSELF else ""
        try:
            flags = self.case.honesty_flags()
        except InputError as error:
            self._flags.value = note_html(error_text(error, self.lang), ERROR_COLOUR, "⚠")
            return
        if flags:
            items = Markup("").join(
                Markup(
                    "<div class='nn-flag nn-flag-{}' style='background:#fff3e0;"
                    "border-left:4px solid #e65100;padding:6px 12px;margin:4px 0'>⚠ <b>{}</b></div>"
                ).format(flag.code, flag.message)
                for flag in flags
            )
            self._flags.value = Markup("<h4>{}</h4>{}").format(self.t("ui.honesty.flags_heading"), items)
        else:
            self._flags.value = Markup(f"<p class='nn-flag-ok' style='color:{OK_COLOUR}'>✔ {{}}</p>").format(
                self.t("honesty.flags.ok")
            )
