"""Save after every change, debounced, and say honestly whether it was saved.

The status only says "saved at 14:02" once the store returned (the row is committed); while a save is pending
it says so, and when the store fails it says that plainly and keeps saying it until a save succeeds. A blank
new case (no client yet) is not saved: there is nothing of the user's in it. A save still waiting when the kernel
ends (the tab closed or reloaded within the delay: Voila then shuts the kernel down) is done on the way out.
"""

from __future__ import annotations

import atexit
import logging
import sqlite3
import weakref
from collections.abc import Callable
from datetime import datetime
from typing import Any

import traitlets

from notnow.errors import InputError
from notnow.ui.debounce import Debouncer, kernel_loop
from notnow.ui.guard import guarded
from notnow.ui.state import CaseState, ProfileState

log = logging.getLogger("notnow.ui")

DELAY_S = 0.5  # after the last change; well inside the second a user (or a killed kernel) gives us
STATUSES = ("blank", "pending", "saved", "failed", "off")
_SAVERS: weakref.WeakSet[Saver] = weakref.WeakSet()  # every live saver, for the flush at exit


class Saver(traitlets.HasTraits):
    """Debounced saving of one reactive value. `status` is one of STATUSES; `saved_at` "HH:MM" of the last
    save that returned; `error` the InputError of the last failure (None after a success)."""

    status = traitlets.Unicode("blank")
    saved_at = traitlets.Unicode("")

    def __init__(
        self,
        save: Callable[[], object] | None,
        *,
        skip: Callable[[], bool] = lambda: False,
        delay: float = DELAY_S,
        off_reason: InputError | None = None,
    ) -> None:
        super().__init__()
        self._save = save
        self._skip = skip
        self._delay = delay
        self._later = Debouncer(guarded(self.flush), delay)
        self.error: InputError | None = off_reason
        if save is None:
            self.status = "off"
        _SAVERS.add(self)

    def changed(self, _fields: Any = None) -> None:
        """Something changed: save soon (at once outside a kernel, where nothing would run it later)."""
        if self._save is None:
            return
        if self._skip():
            self.status = "blank"
            return
        loop = kernel_loop()
        if loop is None:
            self.flush()
            return
        self.status = "pending"
        self._later.schedule()

    def flush(self) -> bool:
        """Save now; True when it was saved."""
        self._later.cancel()
        if self._save is None:
            return False
        if self._skip():
            self.status = "blank"
            return False
        try:
            self._save()
        except InputError as error:
            self.error = error
            self.status = "failed"
            return False
        except (OSError, sqlite3.Error) as error:  # the store names its errors; this guards what it could not
            log.error("saving failed", exc_info=error)
            self.error = InputError("store", "store_io_error")
            self.status = "failed"
            return False
        self.error = None
        self.saved_at = datetime.now().strftime("%H:%M")
        self.status = "saved"
        return True


@atexit.register
def flush_waiting() -> None:
    """Save what still waits for its timer: a graceful kernel shutdown runs this (Voila asks for one when the
    page is closed or reloaded), so the last keystrokes before a reload are not lost."""
    for saver in list(_SAVERS):
        if saver._later.pending:
            guarded(saver.flush)()


def case_saver(state: CaseState, store: Any, off_reason: InputError | None = None) -> Saver:
    """Saves the open case on every change but its id (which a save itself sets)."""

    def save() -> None:
        case_id = store.save(state.case)
        if case_id != state.case.case_id:
            state.update(case_id=case_id)

    saver = Saver(save if store is not None else None, skip=lambda: state.fresh, off_reason=off_reason)
    state.watch(lambda changed: None if changed == {"case_id"} else saver.changed(changed))
    # A new case becomes worth saving the moment its request is filled in.
    state.observe(lambda change: None if change["new"] else saver.changed(), "fresh")
    return saver


def profile_saver(state: ProfileState, store: Any) -> Saver:
    saver = Saver((lambda: store.save_profile(state.profile)) if store is not None else None)
    state.watch(saver.changed)
    return saver
