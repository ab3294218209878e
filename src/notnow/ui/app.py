"""The app shell around the stepper: language, your set-up, saved cases, history, and the save status.

The stepper walks the steps; this shell owns what lies around them: the store (autosave, open a saved case,
the come-back link), the profile panel, the history panel, and the confirmation asked before the open case is
replaced. Nothing here holds case data of its own: it reads and replaces the one `CaseState`.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
from markupsafe import Markup

from notnow import content
from notnow.assessment import STEPS, Assessment
from notnow.errors import InputError
from notnow.fmt import error_text
from notnow.profile import PLACEHOLDER_CLIENT, Profile
from notnow.ui.autosave import Saver, case_saver, profile_saver
from notnow.ui.base import ERROR_COLOUR, OK_COLOUR, StepView, kernel_loop, tr
from notnow.ui.guard import guarded
from notnow.ui.state import CaseState, ProfileState
from notnow.ui.stepper import Stepper, StepSpec

if TYPE_CHECKING:
    from notnow.store import Store

log = logging.getLogger("notnow.ui")

STEP_CLASSES: dict[str, str] = {
    "request": "notnow.ui.steps.request:RequestStep",
    "empathy": "notnow.ui.steps.empathy:EmpathyStep",
    "honesty": "notnow.ui.steps.honesty:HonestyStep",
    "split": "notnow.ui.steps.split:SplitStep",
    "when": "notnow.ui.steps.when:WhenStep",
    "rush": "notnow.ui.steps.rush:RushStep",
    "referral": "notnow.ui.steps.referral:ReferralStep",
    "reply": "notnow.ui.steps.reply:ReplyStep",
    "after": "notnow.ui.steps.after:AfterStep",
}
STATUS_COLOUR = {"blank": "#555", "pending": "#555", "saved": OK_COLOUR, "failed": ERROR_COLOUR, "off": ERROR_COLOUR}
SUMMARY_DELAY_S = 1.0


def step_class(key: str) -> type[StepView]:
    """Import a step's component only when it is first shown (keeps the first page fast)."""
    module_name, class_name = STEP_CLASSES[key].split(":")
    cls: type[StepView] = getattr(importlib.import_module(module_name), class_name)
    return cls


def _build_step(key: str, state: CaseState) -> StepView:
    return step_class(key)(state)


def step_specs() -> list[StepSpec]:
    return [StepSpec(key, partial(_build_step, key)) for key in STEPS]


def is_blank(case: Assessment) -> bool:
    return case.request.client == PLACEHOLDER_CLIENT


class Workbook(widgets.VBox):
    """The whole workbook: `assessment` is the read-only result; `state` the shared case; `stepper` the steps."""

    def __init__(
        self,
        assessment: Assessment | None = None,
        lang: str | None = None,
        store: Store | None = None,
        come_back_link: str = "",
        profile: Profile | None = None,
        store_problem: InputError | None = None,
    ) -> None:
        super().__init__()
        self.add_class("nn-workbook")
        self._store: Store | None = None
        self._link = ""
        self._store_problem = store_problem
        start_lang = content.check_lang(lang or (assessment.lang if assessment else content.DEFAULT_LANG))
        self._profile_state = ProfileState(profile or Profile(lang=start_lang))
        fresh = assessment is None or is_blank(assessment)
        case = assessment or self._profile_state.profile.new_case(lang=start_lang)
        if case.lang != start_lang:
            case = case.replace(lang=start_lang)
        self._state = CaseState(case, fresh=fresh)
        state = self._state
        self._past: Any = None  # the saved cases as last read (the history frame); read again after a save

        # --- the parts ---
        self._title = widgets.HTML()
        self._language = widgets.ToggleButtons(
            options=[("Nederlands", "nl"), ("English", "en")], value=case.lang, style={"button_width": "100px"}
        )
        self._language.add_class("nn-language")
        self._language.observe(guarded(lambda c: state.update(lang=c["new"]), state.report), "value")
        self._new = self._button("file-o", "nn-new-case", lambda: self.ask_replace("new", self._new_case))
        self._example = self._button(
            "magic", "nn-load-example", lambda: self.ask_replace("example", lambda: Assessment.example(state.lang))
        )
        self._cases = widgets.Dropdown(layout=widgets.Layout(width="320px"))
        self._cases.add_class("nn-open-case")
        self._open = self._button("folder-open", "nn-open", self._open_chosen)
        # What the body shows: the steps, your set-up or your history (one toggle group: fewer widgets).
        self._view = widgets.ToggleButtons(options=[("steps", "steps")], value="steps", style={"button_width": "auto"})
        self._view.add_class("nn-view")
        self._summary = widgets.HTML()
        self._summary.add_class("nn-summary")
        # Rarely needed notices (a confirmation, an unexpected error, the come-back link) are built when first
        # needed, into this one box: every widget on the first page costs load time.
        self._notices = widgets.VBox()
        self._confirm: widgets.HBox | None = None
        self._problem: widgets.HTML | None = None
        self._link_box: widgets.HTML | None = None
        self._pending: Callable[[], Assessment] | None = None
        self._status = widgets.HTML()
        self._status.add_class("nn-save-status")
        self._save_now = self._button("save", "nn-save", self.save)
        self.stepper = Stepper(step_specs(), state)
        self._profile_panel: Any = None
        self._history_panel: Any = None
        self._body = widgets.VBox([self.stepper])
        self._summary_timer: Any = None

        # --- saving: off until a store is connected ---
        self._case_saver = Saver(None, off_reason=store_problem)
        self._profile_saver = Saver(None)
        state.watch(guarded(self._on_case, state.report))
        state.observe(guarded(lambda _c: self._show_problem(), state.report), "problem")
        state.observe(guarded(lambda _c: self._schedule_summary(), state.report), "fresh")  # now worth a summary
        self._view.observe(guarded(self._on_view, state.report), "value")

        toolbar = widgets.HBox(
            [self._new, self._example, self._cases, self._open, self._save_now, self._view],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )
        self.children = [
            widgets.HBox(
                [self._title, self._language],
                layout=widgets.Layout(justify_content="space-between", align_items="center"),
            ),
            toolbar,
            self._notices,
            widgets.HBox([self._status, self._summary]),
            self._body,
        ]
        if store is not None:
            self.connect(store, come_back_link, lang=lang, resume=assessment is None, profile=profile)
        else:
            self._link = come_back_link
            self._relabel()
            self._refresh_cases()
            self._show_status()
            self._refresh_summary()

    def connect(
        self,
        store: Store,
        come_back_link: str = "",
        lang: str | None = None,
        resume: bool = True,
        profile: Profile | None = None,
        fallback_lang: str | None = None,
    ) -> None:
        """Attach the visitor's store: their set-up, where they left off, autosave from now on.

        Separate from building the widgets so a preheated Voila kernel builds them before the visitor's
        request arrives, and only this part waits for it. Language: `lang` when given (the link said so),
        else the resumed case's, else the saved set-up's, else `fallback_lang` (the browser's preference).
        """
        self._store = store
        self._link = come_back_link
        state = self._state
        saved_profile = profile or self._load_profile()
        if saved_profile is not None:
            self._profile_state.set(saved_profile)
        resumed = self._latest() if resume else None
        if resumed is not None:
            state.replace(resumed if lang is None else resumed.replace(lang=content.check_lang(lang)))
        elif resume and saved_profile is not None:  # a new case that starts from the saved set-up
            state.replace(saved_profile.new_case(lang=lang or saved_profile.lang), fresh=True)
        elif (lang or fallback_lang) and (lang or fallback_lang) != state.lang:
            state.update(lang=content.check_lang(lang or fallback_lang or content.DEFAULT_LANG))
        state.past_cases = self._past_cases
        self._case_saver = case_saver(state, store, off_reason=self._store_problem)
        if store.problem is not None:  # read-only, locked, full, no folder: say so now
            self._case_saver.error = store.problem
            self._case_saver.status = "failed"
        self._profile_saver = profile_saver(self._profile_state, store)
        self._case_saver.observe(guarded(lambda _c: self._show_status(), state.report), ["status", "saved_at"])
        self._relabel()
        self._refresh_cases()
        if resumed is not None:
            self._announce("ui.app.resumed", client=resumed.request.client)
        elif store.notice is not None and store.problem is None:
            self._announce_error(store.notice)
        else:
            self._show_status()
        self._refresh_summary()

    # --- read-only results ----------------------------------------------------------------------
    @property
    def assessment(self) -> Assessment:
        return self._state.case

    @property
    def state(self) -> CaseState:
        return self._state

    @property
    def profile(self) -> Profile:
        return self._profile_state.profile

    @property
    def saver(self) -> Saver:
        return self._case_saver

    @property
    def step(self) -> str:
        return self.stepper.current

    def current(self) -> StepView:
        return self.stepper.view()

    # --- actions ----------------------------------------------------------------------------------
    def save(self) -> str | None:
        """Save now (the Save button does the same); the case id, or None when it was not saved."""
        return self._state.case.case_id if self._case_saver.flush() else None

    def go(self, key: str) -> None:
        self.stepper.go(key)

    def set_language(self, lang: str) -> None:
        self._language.value = content.check_lang(lang)

    def open_case(self, case: Assessment) -> None:
        """Swap in another case at once (after the user confirmed, or when nothing would be lost)."""
        self._case_saver.flush()
        self._past = None  # the saved cases as they are now, for the habit of the case opened
        self._state.replace(case, fresh=is_blank(case))
        self._view.value = "steps"

    def ask_replace(self, what: str, make: Callable[[], Assessment]) -> None:
        """Replace the open case with `make()`; ask first when it holds the user's work (a named client)."""
        if self._state.fresh:
            self.open_case(make())
            return
        self._pending = make
        confirm = self._confirm_bar()
        confirm.children[0].value = Markup.escape(
            tr(self._state.lang, f"ui.app.confirm_{what}", client=self._state.case.request.client)
        )
        confirm.layout.display = None

    def _confirm_bar(self) -> widgets.HBox:
        if self._confirm is None:
            yes = self._button("check", "nn-confirm-yes", self._confirmed, style="danger")
            no = self._button("times", "nn-confirm-no", self._cancel_confirm)
            self._confirm = widgets.HBox([widgets.HTML(), yes, no], layout=widgets.Layout(align_items="center"))
            self._confirm.add_class("nn-confirm")
            self._notices.children = (self._confirm, *self._notices.children)
            self._relabel()
        return self._confirm

    def _confirmed(self) -> None:
        make, self._pending = self._pending, None
        self._confirm_bar().layout.display = "none"
        if make is not None:
            self.open_case(make())

    def _cancel_confirm(self) -> None:
        self._pending = None
        self._confirm_bar().layout.display = "none"

    def _new_case(self) -> Assessment:
        return self._profile_state.profile.new_case(lang=self._state.lang)

    def _open_chosen(self) -> None:
        case_id = self._cases.value
        if not case_id or self._store is None:
            return
        try:
            case = self._store.load(case_id)
        except InputError as error:
            self._announce_error(error)
            return
        self.ask_replace("open", lambda: case)

    # --- panels ---------------------------------------------------------------------------------
    def _on_view(self, change: dict[str, Any]) -> None:
        """Show the steps, your set-up or your history (the panels are built when first opened)."""
        view = change["new"]
        if view == "profile":
            if self._profile_panel is None:
                from notnow.ui.profile import ProfilePanel  # late: built on first open, not on page load

                self._profile_panel = ProfilePanel(self._profile_state, lambda: self._state.lang, self._state.report)
                self._profile_panel.on_use = self._use_profile
                self._profile_panel.on_keep = self._keep_as_profile
            self._body.children = [self._profile_panel]
        elif view == "history" and self._store is not None:
            if self._history_panel is None:
                from notnow.ui.history import HistoryPanel  # late: pandas and charts, on first open

                self._history_panel = HistoryPanel(self._store, self._state.lang)
            self._history_panel.set_language(self._state.lang)
            self._history_panel.refresh()
            self._body.children = [self._history_panel]
        else:
            self._body.children = [self.stepper]

    def _use_profile(self) -> None:
        """Put the set-up into the open case (calendar, rates, tiers, colleagues, who signs)."""
        self._state.update(**self._profile_state.profile.case_settings())
        self._announce("ui.app.profile_used")

    def _keep_as_profile(self) -> None:
        self._profile_state.set(Profile.from_case(self._state.case, self._profile_state.profile))
        self._announce("ui.app.profile_kept")

    # --- the store ------------------------------------------------------------------------------
    def _load_profile(self) -> Profile | None:
        """The set-up saved in the store; None when there is none yet (or it can't be read)."""
        assert self._store is not None
        try:
            return self._store.load_profile()
        except InputError as error:
            log.warning("the profile could not be read: %s", error)
            return None

    def _latest(self) -> Assessment | None:
        assert self._store is not None
        try:
            return self._store.latest()
        except InputError as error:
            log.warning("the last case could not be read: %s", error)
            return None

    def _past_cases(self) -> Any:
        if self._past is None and self._store is not None:
            self._past = self._store.cases()
        return self._past

    def _refresh_cases(self) -> None:
        lang = self._state.lang
        options: list[tuple[str, str]] = [(tr(lang, "ui.save.open_placeholder"), "")]
        if self._store is not None:
            try:
                listed = self._store.case_list()
            except InputError as error:
                self._announce_error(error)
                listed = []
            for case_id, client, saved_at in listed:
                saved = saved_at.astimezone().strftime("%Y-%m-%d %H:%M") if saved_at is not None else ""
                options.append((f"{client} — {saved}", case_id))
        if len(options) == 1:
            options = [(tr(lang, "ui.save.nothing_saved"), "")]
        self._cases.options = options
        self._cases.value = ""
        self._cases.tooltip = tr(lang, "ui.access.open_case")  # its accessible name (the select's title)
        self._open.disabled = len(options) == 1

    # --- showing --------------------------------------------------------------------------------
    def _on_case(self, changed: frozenset[str]) -> None:
        if "lang" in changed or "*" in changed:
            if self._language.value != self._state.lang:
                self._language.value = self._state.lang
            self._relabel()
        if changed != {"case_id"}:
            self._schedule_summary()

    def _button(self, icon: str, css: str, action: Callable[[], object], style: str = "") -> widgets.Button:
        button = widgets.Button(icon=icon, button_style=style, layout=widgets.Layout(width="auto"))
        button.add_class(css)
        button.on_click(guarded(lambda _b: action(), self._report))
        return button

    def _report(self, error: BaseException) -> None:
        self._state.report(error)

    def _relabel(self) -> None:
        lang = self._state.lang
        for other in content.LANGS:  # the page's lost-connection banner speaks the language shown (serve/)
            self.remove_class(f"nn-lang-{other}")
        self.add_class(f"nn-lang-{lang}")
        self._title.value = Markup("<h2 style='margin:4px 0'>{}</h2><i>{}</i>").format(
            content.text(lang, "app.title"), content.text(lang, "app.tagline")
        )
        for button, key in (
            (self._new, "new_case"),
            (self._example, "example"),
            (self._open, "open"),
            (self._save_now, "save"),
        ):
            button.description = tr(lang, f"ui.app.{key}")
        if self._confirm is not None:
            for button, key in zip(self._confirm.children[1:], ("confirm_yes", "confirm_no"), strict=True):
                button.description = tr(lang, f"ui.app.{key}")
        views = [(tr(lang, "ui.app.steps"), "steps"), (tr(lang, "ui.app.profile"), "profile")]
        if self._store is not None:
            views.append((tr(lang, "ui.app.history"), "history"))
        if tuple(self._view.options) != tuple(views):
            shown = self._view.value if self._view.value in {v for _l, v in views} else "steps"
            self._view.options = views
            self._view.value = shown
        if self._link:
            if self._link_box is None:
                self._link_box = widgets.HTML()
                self._link_box.add_class("nn-come-back")
                self._notices.children = (*self._notices.children, self._link_box)
            self._link_box.value = Markup("<small>{} <a class='nn-link' href='{}'>{}</a></small>").format(
                tr(lang, "ui.save.come_back"), self._link, self._link
            )
        self._save_now.layout.display = "none" if self._store is None else None
        self._cases.layout.display = self._open.layout.display = "none" if self._store is None else None
        if self._profile_panel is not None:
            self._profile_panel.relabel()
        if self._history_panel is not None and self._view.value == "history":
            self._history_panel.set_language(lang)
        self._show_status()
        self._show_problem()

    def _show_status(self) -> None:
        saver = self._case_saver
        lang = self._state.lang
        status = saver.status
        if status == "saved":
            text = tr(lang, "ui.app.status_saved", time=saver.saved_at)
            self._refresh_cases()
        elif status in ("failed", "off"):
            reason = error_text(saver.error, lang) if saver.error is not None else ""
            text = tr(lang, f"ui.app.status_{status}", reason=reason)
        else:
            text = tr(lang, f"ui.app.status_{status}")
        self._status.value = Markup("<span style='color:{}'>{}</span>").format(STATUS_COLOUR[status], text)

    def _announce(self, key: str, **values: object) -> None:
        text = tr(self._state.lang, key, **values)
        self._status.value = Markup(f"<span style='color:{OK_COLOUR}'>{{}}</span>").format(text)

    def _announce_error(self, error: InputError) -> None:
        text = error_text(error, self._state.lang)
        self._status.value = Markup(f"<span style='color:{ERROR_COLOUR}'>⚠ {{}}</span>").format(text)

    def _show_problem(self) -> None:
        if not self._state.problem:
            if self._problem is not None:
                self._problem.layout.display = "none"
            return
        if self._problem is None:
            self._problem = widgets.HTML()
            self._problem.add_class("nn-problem")
            self._notices.children = (*self._notices.children, self._problem)
        self._problem.value = Markup(f"<span style='color:{ERROR_COLOUR}'>⚠ {{}}</span>").format(
            tr(self._state.lang, "ui.app.problem")
        )
        self._problem.layout.display = None

    def _schedule_summary(self) -> None:
        loop = kernel_loop()
        if loop is None:
            self._refresh_summary()
            return
        if self._summary_timer is not None:
            self._summary_timer.cancel()
        self._summary_timer = loop.call_later(SUMMARY_DELAY_S, guarded(self._refresh_summary, self._report))

    def _refresh_summary(self) -> None:
        """A data-URI link (Voila serves no local files) to the one-page HTML summary of the case."""
        if self._state.fresh:
            self._summary.value = ""
            return
        from notnow.summary import case_summary_html, summary_data_uri  # late: not needed for the first page

        case = self._state.case
        uri = summary_data_uri(case_summary_html(case, case.lang))
        name = "".join(ch for ch in case.request.client if ch.isalnum() or ch in "-_ ")[:40].strip() or "case"
        self._summary.value = Markup(
            "<a class='nn-summary-download' download='notnow-{}.html' href='{}'>⬇ {}</a>"
        ).format(name, uri, tr(case.lang, "ui.save.summary"))
