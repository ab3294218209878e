"""Step 8: the reply — tick the offers, pick email or phone, edit the composed text, copy or download it."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

import ipywidgets as widgets

from notnow import coerce
from notnow.assessment import CHANNELS, OFFERS, OUTCOMES
from notnow.reply import available_offers, compose_reply
from notnow.ui.base import StepView

# Offers the earlier steps may rule out; the others (think, senior) are always possible.
WHY_UNAVAILABLE: frozenset[str] = frozenset({"split", "later", "rush", "referral", "reversal"})
BUTTON_STYLE = ("display:inline-block;box-sizing:border-box;height:28px;line-height:28px;padding:0 12px;"
                "margin:2px 8px 2px 0;border:none;border-radius:0;background:#eeeeee;color:rgba(0,0,0,.8);"
                "text-decoration:none;"
                "font-family:inherit;font-size:13px;cursor:pointer")


def copy_button_html(label: str, copied: str) -> str:
    """A browser-side Copy button: copies the reply textarea of the same step to the clipboard.

    Inline handlers run in an HTML widget (scripts in innerHTML don't). Clipboard API first, then the old
    execCommand('copy') for pages that are not a secure context.
    """
    js = ("var b=this,r=b.closest('.nn-step-reply')||document,t=r.querySelector('.nn-reply-text textarea');"
          "if(!t){return false;}var s=t.value;"
          f"var ok=function(){{b.textContent={json.dumps(copied)};"
          f"setTimeout(function(){{b.textContent={json.dumps(label)};}},1500);}};"
          "var old=function(){t.focus();t.select();try{document.execCommand('copy');ok();}catch(e){}};"
          "if(navigator.clipboard&&navigator.clipboard.writeText){navigator.clipboard.writeText(s).then(ok,old);}"
          "else{old();}return false;")
    return (f'<button type="button" class="nn-copy-reply" style="{BUTTON_STYLE}" '
            f'onclick="{html.escape(js, quote=True)}">{html.escape(label)}</button>')


def download_filename(client: str) -> str:
    """reply-<client>.txt with only letters, digits, _ and - from the client's name."""
    name = re.sub(r"[^\w-]+", "-", client).strip("-_")[:60].strip("-_")
    return f"reply-{name or 'client'}.txt"


def download_link_html(text: str, client: str, label: str) -> str:
    """A link that saves `text` as a .txt file, as a data URI (no server round trip)."""
    href = "data:text/plain;charset=utf-8," + quote(text, safe="")
    return (f'<a class="nn-download-reply" style="{BUTTON_STYLE}" '
            f'download="{html.escape(download_filename(client), quote=True)}" '
            f'href="{html.escape(href, quote=True)}">{html.escape(label)}</a>')


class ReplyStep(StepView):
    """The reply composed from the case; the user's own edits are kept until they ask to compose again."""

    key = "reply"

    def _build(self) -> list[widgets.Widget]:
        self._quiet = False
        self._typing = False
        self._basis = ""  # the composed text the user started editing from
        self._composed_now = ""  # the text composed from the case as it is now
        self._offer_boxes = {o: widgets.Checkbox(indent=False, layout=widgets.Layout(width="230px"))
                             for o in OFFERS}
        self._offer_notes = {o: widgets.HTML() for o in OFFERS}
        offer_rows = []
        for offer in OFFERS:
            box = self._offer_boxes[offer]
            box.add_class(f"nn-offer-{offer}")
            box.observe(self._on_offer, "value")
            offer_rows.append(widgets.HBox([box, self._offer_notes[offer]]))
        self._offers_box = widgets.VBox(offer_rows)
        self._offers_field = self.field("offers", self._offers_box)
        self._no_offer = widgets.HTML()
        self._no_offer.add_class("nn-no-offer")

        self._channel = widgets.ToggleButtons(options=[(c, c) for c in CHANNELS], value="email")
        self._channel_field = self.field("channel", self._channel)
        self._channel.observe(self._on_channel, "value")

        self._text_help = widgets.HTML()
        self._text = widgets.Textarea(layout=widgets.Layout(width="680px", height="460px"))
        self._text_field = self.field("reply_text", self._text, label_key="ui.reply.text_title")
        self._text.observe(self._on_text, "value")
        self._edited_note = widgets.HTML()
        self._edited_note.add_class("nn-reply-edited")
        self._compose_again = widgets.Button(icon="refresh", layout=widgets.Layout(width="auto"))
        self._compose_again.add_class("nn-compose-again")
        self._compose_again.on_click(self._on_compose_again)
        self._copy = widgets.HTML()
        self._download = widgets.HTML()
        actions = widgets.HBox([self._copy, self._download, self._compose_again])

        self._outcome = widgets.Dropdown(options=[("", "")], value="")
        self._outcome_field = self.field("outcome", self._outcome)
        self._outcome.observe(self._on_outcome, "value")
        self._outcome_help = widgets.HTML()
        return [self._offers_field, self._no_offer, self._channel_field, self._text_help, self._text_field,
                self._edited_note, actions, self._outcome_field, self._outcome_help]

    # --- texts --------------------------------------------------------------------------------
    def _relabel(self) -> None:
        with self._quietly():
            for offer, box in self._offer_boxes.items():
                box.description = self.t(f"offers.{offer}.label")
            channel = self._channel.value
            self._channel.options = [(self.t(f"ui.reply.channel_{c}"), c) for c in CHANNELS]
            self._channel.value = channel
            outcome = self._outcome.value
            self._outcome.options = ([(f"— {self.t('ui.reply.not_decided')} —", "")]
                                     + [(self.t(f"outcomes.{o}"), o) for o in OUTCOMES])
            self._outcome.value = outcome
        self._no_offer.value = f'<span style="color:#b35c00">⚠ {html.escape(self.t("ui.reply.no_offer"))}</span>'
        self._text_help.value = f"<small>{html.escape(self.t('ui.reply.text_help'))}</small>"
        self._compose_again.description = self.t("ui.reply.compose_again")
        self._copy.value = copy_button_html(self.t("ui.reply.copy"), self.t("ui.reply.copied"))
        self._outcome_help.value = f"<small>{html.escape(self.t('ui.reply.outcome_help'))}</small>"

    # --- case → inputs ------------------------------------------------------------------------
    def _load(self) -> None:
        case = self.case
        with self._quietly():
            self._channel.value = case.channel
            self._outcome.value = case.outcome
            self._composed_now = self._basis = self._compose()
            self._text.value = case.reply_text or self._composed_now

    def _compose(self) -> str:
        return compose_reply(self.case, self.lang, self.case.channel)

    # --- inputs → case ------------------------------------------------------------------------
    def _on_offer(self, _change: object) -> None:
        if self._quiet:
            return
        case = self.case
        # Ticked offers that are possible, plus earlier choices that are not possible right now (kept for later).
        chosen = [o for o in OFFERS if (self._offer_boxes[o].value and not self._offer_boxes[o].disabled)
                  or (self._offer_boxes[o].disabled and o in case.offers)]

        def write() -> None:
            case.offers = [coerce.choice("offers", o, OFFERS) for o in chosen]

        if self.attempt(self._offers_field, write):
            self.commit()

    def _on_channel(self, _change: object) -> None:
        if self._quiet:
            return
        value = self._channel.value

        def write() -> None:
            self.case.channel = coerce.choice("channel", value, CHANNELS)

        if self.attempt(self._channel_field, write):
            self.commit()

    def _on_outcome(self, _change: object) -> None:
        if self._quiet:
            return
        value = self._outcome.value or ""

        def write() -> None:
            self.case.outcome = coerce.choice("outcome", value, OUTCOMES) if value else ""

        if self.attempt(self._outcome_field, write):
            self.commit()

    def _on_text(self, _change: object) -> None:
        if self._quiet:
            return
        text = self._text.value
        composed = self._composed_now
        if not self.case.reply_text:
            self._basis = composed  # the user starts editing from what was shown

        def write() -> None:
            self.case.reply_text = "" if text == composed else coerce.text("reply_text", text, max_len=20_000)

        if self.attempt(self._text_field, write):
            self._typing = True
            try:
                self.commit()
            finally:
                self._typing = False
        self._show_edit_state()
        self._download.value = download_link_html(text, self.case.request.client, self.t("ui.reply.download"))

    def _on_compose_again(self, _button: object) -> None:
        self.case.reply_text = ""
        self._text_field.show(None, self.lang)
        self.commit()
        if not self._active:
            self._refresh()

    # --- results ------------------------------------------------------------------------------
    def _refresh(self) -> None:
        case = self.case
        if not self._typing:
            self._refresh_offers()
            with self._quietly():
                if self._channel.value != case.channel:
                    self._channel.value = case.channel
                if self._outcome.value != case.outcome:
                    self._outcome.value = case.outcome
            self._composed_now = self._compose()
            if not case.reply_text and self._text_field.error is None:  # not edited: follow the choices
                self._basis = self._composed_now
                if self._text.value != self._composed_now:
                    with self._quietly():
                        self._text.value = self._composed_now
        self._show_edit_state()
        self._download.value = download_link_html(self._text.value, case.request.client,
                                                  self.t("ui.reply.download"))
        self._set_valid(True)  # the note below warns about a bare no; it doesn't block

    def _refresh_offers(self) -> None:
        case = self.case
        available = available_offers(case)
        with self._quietly():
            for offer, box in self._offer_boxes.items():
                possible = offer in available
                box.disabled = not possible
                box.value = possible and offer in case.offers
                note = self._offer_notes[offer]
                if possible:
                    note.value = f"<small>{html.escape(self.t(f'offers.{offer}.explain'))}</small>"
                elif offer in WHY_UNAVAILABLE:
                    why = self.t("ui.reply.not_available", why=self.t(f"ui.reply.why_{offer}"))
                    note.value = f'<small style="color:#777">{html.escape(why)}</small>'
                else:
                    note.value = ""
        chosen = [o for o in case.offers if o in available]
        self._no_offer.layout.display = "none" if chosen else None

    def _show_edit_state(self) -> None:
        edited = bool(self.case.reply_text)
        self._compose_again.layout.display = None if edited else "none"
        if not edited:
            self._edited_note.value = ""
            self._edited_note.layout.display = "none"
            return
        key = "ui.reply.options_changed" if self._composed_now != self._basis else "ui.reply.edited"
        self._edited_note.value = f'<span style="color:#b35c00">{html.escape(self.t(key))}</span>'
        self._edited_note.layout.display = None
