"""The one source of truth the widgets share: a value (the open case, the profile) replaced, never mutated.

Modelled on solara's `Reactive` (a value that is replaced and notifies, so no `commit()` can be forgotten)
and traitlets: `update(**changes)` validates through the value's own `replace`, swaps it in, and tells each
listener which fields changed, so a step only redraws what it shows and no step can write back a stale copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

import traitlets

from notnow.assessment import Assessment
from notnow.profile import Profile
from notnow.split import follow_hours, rename_urgent

ALL = frozenset({"*"})  # "every field": a whole other value was swapped in

Listener = Callable[[frozenset[str]], None]
V = TypeVar("V")
# Fields whose change is not the user's work on the case: the language shown, the step open, the id given.
NOT_WORK = frozenset({"lang", "step", "reached", "case_id"})


class Reactive(traitlets.HasTraits, Generic[V]):
    """A frozen value object of type V (it has `replace(**changes)`) that is swapped, never changed in place."""

    value = traitlets.Any(read_only=True)
    revision = traitlets.Int(0, read_only=True)

    def __init__(self, value: V) -> None:
        super().__init__()
        self._listeners: list[tuple[frozenset[str] | None, Listener]] = []
        self.set_trait("value", value)

    def update(self, **changes: Any) -> frozenset[str]:
        """Validate and swap in the value with these fields changed; returns the fields that really changed.

        An InputError (naming the bad field) leaves the value as it was.
        """
        old = self.value
        new = old.replace(**changes)
        changed = frozenset(name for name in changes if getattr(old, name) != getattr(new, name))
        if changed:
            self._swap(new, changed)
        return changed

    def get(self) -> V:
        """The value now, typed."""
        value: V = self.value
        return value

    def set(self, value: V) -> None:
        """Swap in a whole other value: every listener refreshes."""
        self._swap(value, ALL)

    def _swap(self, value: V, changed: frozenset[str]) -> None:
        self.set_trait("value", value)
        self.set_trait("revision", self.revision + 1)
        for fields, listener in list(self._listeners):
            if fields is None or changed is ALL or fields & changed:
                listener(changed)

    def watch(self, listener: Listener, fields: Iterable[str] | None = None) -> Callable[[], None]:
        """Call `listener(changed_fields)` after every change to one of `fields` (any field when None).
        Returns the call that stops it (a panel closed, a component replaced)."""
        entry = (frozenset(fields) if fields is not None else None, listener)
        self._listeners.append(entry)

        def unsubscribe() -> None:
            self._listeners = [e for e in self._listeners if e is not entry]

        return unsubscribe

    def unwatch(self, listener: Listener) -> None:
        self._listeners = [(f, cb) for f, cb in self._listeners if cb is not listener]


class CaseState(Reactive[Assessment]):
    """The open case. `fresh` marks a new case whose request the user has not filled in yet (nothing worth
    saving); `problem` is set when a callback failed unexpectedly, so the app shell can say so."""

    fresh = traitlets.Bool(False)
    problem = traitlets.Unicode("")
    # The user has worked on this case since it was opened (a field typed, a row edited): from then on the
    # set-up no longer flows into it by itself, the profile panel offers it instead.
    touched = traitlets.Bool(False)

    def __init__(self, case: Assessment, fresh: bool = False) -> None:
        super().__init__(case)
        self.fresh = fresh
        # The user's saved cases (Store.cases()), when there is a store: the rush step reads a client's habit.
        self.past_cases: Callable[[], Any] | None = None

    @property
    def case(self) -> Assessment:
        return self.get()

    @property
    def lang(self) -> str:
        return self.case.lang

    def update_request(self, **changes: Any) -> frozenset[str]:
        """Change fields of the request (validated together: the deadline against the received moment).

        One fact, one entry: the split's first urgent part is the request's urgent part (a new text renames
        it), and parts the user never edited follow the hours (20 → 16 hours turns 6 + 14 into 6 + 10).
        """
        case = self.case
        request = case.request.replace(**changes)
        parts = rename_urgent(case.parts, case.request.urgent_part, request.urgent_part)
        if not case.parts_edited and request.hours != case.request.hours:
            parts = follow_hours(parts, request.hours)
        if tuple(parts) == tuple(case.parts):
            return self.update(request=request)
        return self.update(request=request, parts=parts)

    def update_calendar(self, **changes: Any) -> frozenset[str]:
        return self.update(calendar=self.case.calendar.replace(**changes))

    def replace(self, case: Assessment, fresh: bool = False) -> None:
        """Swap in a whole other case (a saved one, the example, a new one): every listener refreshes."""
        self.fresh = fresh
        self.touched = False
        self.set(case)

    def _swap(self, value: Assessment, changed: frozenset[str]) -> None:
        if changed is not ALL and changed - NOT_WORK:
            self.touched = True
        super()._swap(value, changed)

    def report(self, error: BaseException) -> None:
        """A guarded callback failed (already logged by notnow.ui.guard): let the page say so."""
        self.problem = type(error).__name__


class ProfileState(Reactive[Profile]):
    """The user's set-up being edited in the profile panel."""

    def __init__(self, profile: Profile) -> None:
        super().__init__(profile)

    @property
    def profile(self) -> Profile:
        return self.get()

    def update_calendar(self, **changes: Any) -> frozenset[str]:
        return self.update(calendar=self.profile.calendar.replace(**changes))
