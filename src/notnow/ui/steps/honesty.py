"""Step 3: the real reason, held against the calendar; flags warn but never block."""

from __future__ import annotations

import html

import ipywidgets as widgets

from notnow import coerce
from notnow.errors import InputError
from notnow.fmt import error_text
from notnow.honesty import REASONS
from notnow.ui.base import StepView, markdown_html

MAX_DETAIL = 2000  # as Assessment and check_honesty check it


class HonestyStep(StepView):
    """Reason (radio buttons), its explanation, a detail text, the flags from the logic, and two tips."""

    key = "honesty"

    def _build(self) -> list[widgets.Widget]:
        self._loading = False
        self._reason = widgets.RadioButtons(options=[(code, code) for code in REASONS], index=None,
                                            layout=widgets.Layout(width="auto"))
        self._reason_field = self.field("reason", self._reason)
        self._explain = widgets.HTML()
        self._explain.add_class("nn-reason-explain")
        self._detail = widgets.Textarea(layout=widgets.Layout(width="480px", height="64px"))
        self._detail_field = self.field("detail", self._detail, label_key="honesty.detail_label")
        self._flags = widgets.HTML()
        self._flags.add_class("nn-honesty-flags")
        self._tips = widgets.HTML()
        self._tips.add_class("nn-honesty-tips")
        self._reason.observe(self._on_reason, "value")
        self._detail.observe(self._on_detail, "value")
        return [self._reason_field, self._explain, self._detail_field, self._flags, self._tips]

    def _relabel(self) -> None:
        chosen = self._reason.value
        self._loading = True
        try:  # new option labels reset the selection: put it back
            self._reason.options = [(self.t(f"honesty.reasons.{code}.label"), code) for code in REASONS]
            self._reason.value = chosen
        finally:
            self._loading = False
        self._detail.placeholder = self.t("ui.honesty.detail_placeholder")
        self._tips.value = (
            f"<h4>{html.escape(self.t('ui.honesty.tips_heading'))}</h4>"
            + markdown_html("💡 " + self.t("honesty.tip_firm"))
            + markdown_html("🚫 " + self.t("honesty.never_lie")))

    def _load(self) -> None:
        self._loading = True
        try:
            self._reason.value = self.case.reason or None
            self._detail.value = self.case.reason_detail
        finally:
            self._loading = False
        self._update_valid()

    def _update_valid(self) -> None:
        self._set_valid(bool(self.case.reason) and self._reason_field.error is None
                        and self._detail_field.error is None)

    def _on_reason(self, _change: object) -> None:
        if self._loading or self._reason.value is None:
            return
        value = self._reason.value

        def write() -> None:
            self.case.reason = coerce.choice("reason", value, REASONS)

        written = self.attempt(self._reason_field, write)
        self._update_valid()
        if written:
            self.commit()

    def _on_detail(self, _change: object) -> None:
        if self._loading:
            return
        text = self._detail.value

        def write() -> None:
            self.case.reason_detail = coerce.text("detail", text, max_len=MAX_DETAIL)

        written = self.attempt(self._detail_field, write)
        self._update_valid()
        if written:
            self.commit()

    def _refresh(self) -> None:
        reason = self.case.reason
        if not reason:
            self._explain.value = f"<p><i>{html.escape(self.t('ui.honesty.choose_reason'))}</i></p>"
            self._flags.value = ""
            self._update_valid()
            return
        self._explain.value = (f"<div style='background:#f5f5f5;padding:4px 12px;border-radius:4px'>"
                               f"{markdown_html(self.t(f'honesty.reasons.{reason}.explain'))}</div>")
        try:
            flags = self.case.honesty_flags()
        except InputError as error:
            self._flags.value = (f"<p style='color:#b00020'>⚠ {html.escape(error_text(error, self.lang))}</p>")
            self._update_valid()
            return
        if flags:
            items = "".join(
                f"<div class='nn-flag nn-flag-{html.escape(flag.code)}' style='background:#fff3e0;"
                f"border-left:4px solid #e65100;padding:6px 12px;margin:4px 0'>⚠ <b>{html.escape(flag.message)}</b>"
                "</div>" for flag in flags)
            self._flags.value = f"<h4>{html.escape(self.t('ui.honesty.flags_heading'))}</h4>{items}"
        else:
            self._flags.value = (f"<p class='nn-flag-ok' style='color:#1b5e20'>✔ "
                                 f"{html.escape(self.t('honesty.flags.ok'))}</p>")
        self._update_valid()
