"""Step 8: the reply — tick the offers, pick email or phone, edit the composed text, copy or download it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from urllib.parse import quote

import ipywidgets as widgets
import traitlets
from markupsafe import Markup

from notnow import content
from notnow.assessment import CHANNELS, OFFERS, OUTCOMES, VAT_CHOICES, Assessment
from notnow.errors import InputError
from notnow.fmt import error_text
from notnow.outbox import data_uri, eml_draft, mail_parts, mailto_link, plan_entries, plan_ics, reply_subject
from notnow.reply import available_offers, compose_reply, reply_blocker, reply_notes, why_unavailable
from notnow.ui.base import CAUTION_COLOUR, StepView, method_box, method_html, note_html

BUTTON_STYLE = (
    "display:inline-block;box-sizing:border-box;height:28px;line-height:28px;padding:0 12px;"
    "margin:2px 8px 2px 0;border:none;border-radius:0;background:#eeeeee;color:rgba(0,0,0,.8);"
    "text-decoration:none;"
    "font-family:inherit;font-size:13px;cursor:pointer"
)


def copy_button_html(label: str, copied: str) -> Markup:
    """A browser-side Copy button: copies the reply textarea of the same step to the clipboard.

    Inline handlers run in an HTML widget (scripts in innerHTML don't). Clipboard API first, then the old
    execCommand('copy') for pages that are not a secure context.
    """
    js = (
        "var b=this,r=b.closest('.nn-step-reply')||document,t=r.querySelector('.nn-reply-text textarea');"
        "if(!t){return false;}var s=t.value;"
        f"var ok=function(){{b.textContent={json.dumps(copied)};"
        f"setTimeout(function(){{b.textContent={json.dumps(label)};}},1500);}};"
        "var old=function(){t.focus();t.select();try{document.execCommand('copy');ok();}catch(e){}};"
        "if(navigator.clipboard&&navigator.clipboard.writeText){navigator.clipboard.writeText(s).then(ok,old);}"
        "else{old();}return false;"
    )
    return Markup(
        f'<button type="button" class="nn-copy-reply" style="{BUTTON_STYLE}" onclick="{{}}">{{}}</button>'
    ).format(js, label)


def download_filename(client: str, suffix: str = "txt") -> str:
    """reply-<client>.<suffix> with only letters, digits, _ and - from the client's name."""
    name = re.sub(r"[^\w-]+", "-", client).strip("-_")[:60].strip("-_")
    return f"reply-{name or 'client'}.{suffix}"


def download_link_html(text: str, client: str, label: str) -> Markup:
    """A link that saves `text` as a .txt file, as a data URI (no server round trip)."""
    href = "data:text/plain;charset=utf-8," + quote(text, safe="")
    return Markup(f'<a class="nn-download-reply" style="{BUTTON_STYLE}" download="{{}}" href="{{}}">{{}}</a>').format(
        download_filename(client), href, label
    )


def _link(css: str, href: str, label: str, filename: str = "") -> Markup:
    download = Markup(' download="{}"').format(filename) if filename else Markup("")
    return Markup(
        f'<a class="{{}}" style="{BUTTON_STYLE}"{{}} href="{{}}" target="_blank" rel="noopener noreferrer">{{}}</a>'
    ).format(css, download, href, label)


def downloads_html(case: Assessment, text: str, t: Callable[[str], str]) -> Markup:
    """The reply and the plan as files (data URIs: Voila serves no files): an email draft (.eml) and a mailto:
    link for an email, the text (.txt) for either channel, and the plan's dates for the user's calendar (.ics)."""
    client = case.request.client
    links = [download_link_html(text, client, t("ui.reply.download"))]
    if case.channel == "email":
        try:
            subject, body = mail_parts(text)
            # back in the client's thread when the case came from their mail (notnow.intake): to them, "Re: …"
            subject = reply_subject(case.mail_subject) if case.mail_subject else subject
            to, thread = case.client_email, case.message_id
            links.append(
                _link(
                    "nn-download-eml",
                    data_uri(eml_draft(subject, body, to=to, in_reply_to=thread), "message/rfc822"),
                    t("ui.reply.download_eml"),
                    download_filename(client, "eml"),
                )
            )
            links.append(_link("nn-mailto", mailto_link(subject, body, to=to), t("ui.reply.mailto")))
        except InputError:  # a text too long for a mail link: the .txt still works
            pass
    entries = plan_entries(case, case.lang)
    if entries:
        plan = data_uri(plan_ics(entries, lang=case.lang), "text/calendar")
        links.append(_link("nn-download-plan", plan, t("ui.reply.download_plan"), download_filename(client, "ics")))
    return Markup("").join(links)


class OfferPicker(widgets.VBox):
    """A checkbox per offer; `value` is the tuple of ticked offers. Offers not possible now are greyed out."""

    value = traitlets.Tuple()

    def __init__(self) -> None:
        self.boxes = {o: widgets.Checkbox(indent=False, layout=widgets.Layout(width="230px")) for o in OFFERS}
        self.notes = {o: widgets.HTML() for o in OFFERS}
        for offer, box in self.boxes.items():
            box.add_class(f"nn-offer-{offer}")
            box.observe(self._from_boxes, "value")
        super().__init__([widgets.HBox([self.boxes[o], self.notes[o]]) for o in OFFERS])
        self._syncing = False
        self._kept: tuple[str, ...] = ()  # chosen earlier but not possible now: kept for when they are again

    def _from_boxes(self, _change: object) -> None:
        if not self._syncing:
            ticked = [o for o, box in self.boxes.items() if box.value and not box.disabled]
            self.value = tuple(o for o in OFFERS if o in ticked or o in self._kept)

    def show(self, chosen: tuple[str, ...], possible: list[str]) -> None:
        self._syncing = True
        try:
            self._kept = tuple(o for o in chosen if o not in possible)
            for offer, box in self.boxes.items():
                box.disabled = offer not in possible
                box.value = offer in possible and offer in chosen
            self.value = tuple(chosen)
        finally:
            self._syncing = False


class ReplyStep(StepView):
    """The reply composed from the case; the user's own edits are kept until they ask to compose again."""

    key = "reply"
    reads = None  # the reply draws on every answer

    def _build(self) -> list[widgets.Widget]:
        s = self._state
        self._basis = ""  # the composed text the user started editing from
        self._offers = OfferPicker()
        offers = self.bind(
            "offers", self._offers, lambda case: tuple(case.offers), lambda value: s.update(offers=value)
        )
        self._no_offer = widgets.HTML()
        self._no_offer.add_class("nn-no-offer")
        self._notes = widgets.HTML()
        self._notes.add_class("nn-reply-notes")
        self._channel = widgets.ToggleButtons(options=[(c, c) for c in CHANNELS])
        channel = self.bind("channel", self._channel, lambda case: case.channel, lambda value: s.update(channel=value))
        # The reply's own language and the VAT words: the page's language changes labels only.
        self._reply_lang = widgets.ToggleButtons(
            options=[(content.text(lang, "app.language_name"), lang) for lang in content.LANGS]
        )
        reply_lang = self.bind(
            "reply_lang",
            self._reply_lang,
            lambda case: case.reply_lang,
            lambda value: s.update(reply_lang=value),
            label_key="ui.reply_lang.label",
        )
        self._vat = widgets.ToggleButtons(options=[(v, v) for v in VAT_CHOICES])
        vat = self.bind(
            "vat",
            self._vat,
            lambda case: case.vat,
            lambda value: s.update(vat=value),
            label_key="ui.reply_lang.vat_label",
        )
        self._blocked = widgets.HTML()
        self._blocked.add_class("nn-reply-blocked")
        self._text_help = widgets.HTML()
        self._text = widgets.Textarea(layout=widgets.Layout(width="680px", height="460px"))
        text = self.bind(
            "reply_text",
            self._text,
            self._shown_text,
            self._write_text,
            label_key="ui.reply.text_title",
            keep_invalid=True,
        )
        self._edited_note = widgets.HTML()
        self._edited_note.add_class("nn-reply-edited")
        self._compose_again = widgets.Button(icon="refresh", layout=widgets.Layout(width="auto"))
        self._compose_again.add_class("nn-compose-again")
        self.on_click(self._compose_again, lambda: s.update(reply_text=""))
        self._copy = widgets.HTML()
        self._download = widgets.HTML()
        self._outcome = widgets.Dropdown(options=[("", "")], value="", layout=widgets.Layout(width="300px"))
        outcome = self.bind(
            "outcome", self._outcome, lambda case: case.outcome, lambda value: s.update(outcome=value or "")
        )
        self._outcome_help = widgets.HTML()
        self._method = method_box()
        actions = widgets.HBox([self._copy, self._download, self._compose_again])
        return [
            self._method,
            offers,
            self._no_offer,
            channel,
            reply_lang,
            vat,
            self._blocked,
            self._text_help,
            text,
            self._notes,
            self._edited_note,
            actions,
            outcome,
            self._outcome_help,
        ]

    # --- the text ------------------------------------------------------------------------------
    def _compose(self, case: Assessment) -> str:
        """The reply in the case's own language; "" when the calendar contradicts the reason (the note beside
        the text says what to fix)."""
        try:
            return compose_reply(case, channel=case.channel)
        except InputError:
            return ""

    def _shown_text(self, case: Assessment) -> str:
        return case.reply_text or self._compose(case)

    def _write_text(self, text: str) -> None:
        composed = self._compose(self.case)
        if not self.case.reply_text:
            self._basis = composed  # the user starts editing from what was shown
        self._state.update(reply_text="" if text == composed else text)

    # --- texts --------------------------------------------------------------------------------
    def _relabel(self) -> None:
        with self._quietly():
            for offer, box in self._offers.boxes.items():
                box.description = self.t(f"offers.{offer}.label")
            self._channel.options = [(self.t(f"ui.reply.channel_{c}"), c) for c in CHANNELS]
            self._channel.value = self.case.channel
            self._vat.options = [(self.t(f"ui.reply_lang.vat_{v}"), v) for v in VAT_CHOICES]
            self._vat.value = self.case.vat
            self._outcome.options = [(f"— {self.t('ui.reply.not_decided')} —", "")] + [
                (self.t(f"outcomes.{o}"), o) for o in OUTCOMES
            ]
            self._outcome.value = self.case.outcome
        self._no_offer.value = Markup('<span style="color:#b35c00">⚠ {}</span>').format(self.t("ui.reply.no_offer"))
        self._text_help.value = Markup("<small>{}</small>").format(self.t("ui.reply.text_help"))
        self._compose_again.description = self.t("ui.reply.compose_again")
        self._copy.value = copy_button_html(self.t("ui.reply.copy"), self.t("ui.reply.copied"))
        self._outcome_help.value = Markup("<small>{}</small>").format(self.t("ui.reply.outcome_help"))
        self._method.value = method_html(self.lang, ["availability_early", "ask_dont_push"])

    # --- results ------------------------------------------------------------------------------
    def _refresh(self) -> None:
        case = self.case
        possible = available_offers(case)
        why = why_unavailable(case, self.lang)
        self._offers.show(tuple(case.offers), possible)
        for offer, note in self._offers.notes.items():
            if offer in possible:
                note.value = Markup("<small>{}</small>").format(self.t(f"offers.{offer}.explain"))
            else:
                text = self.t("ui.reply.not_available", why=why[offer]) if offer in why else ""
                note.value = Markup('<small style="color:#5f5f5f">{}</small>').format(text)  # AA contrast on white
        blocker = reply_blocker(case)
        if blocker is not None:
            self._blocked.value = Markup(f'<span style="color:{CAUTION_COLOUR}">⚠ <b>{{}}</b> {{}}</span>').format(
                self.t("ui.reply_lang.blocked"), error_text(blocker, self.lang)
            )
            self._blocked.layout.display = None
        else:
            self._blocked.value, self._blocked.layout.display = "", "none"
        notes = reply_notes(case, self.lang)
        self._notes.value = Markup("").join(note_html(n, "#555", "ℹ") for n in notes)
        self._no_offer.layout.display = "none" if any(o in possible for o in case.offers) else None
        edited = bool(case.reply_text)
        self._compose_again.layout.display = None if edited else "none"
        if edited:
            changed_since = bool(self._basis) and self._compose(case) != self._basis
            key = "ui.reply.options_changed" if changed_since else "ui.reply.edited"
            self._edited_note.value = Markup(f'<span style="color:{CAUTION_COLOUR}">{{}}</span>').format(self.t(key))
            self._edited_note.layout.display = None
        else:
            self._edited_note.value, self._edited_note.layout.display = "", "none"
        shown = self._text.value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")  # no half emoji
        self._download.value = downloads_html(case, shown, self.t) if shown.strip() else ""
