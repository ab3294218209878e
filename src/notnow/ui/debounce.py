"""One debounced timer: run an action once input pauses (a chart, the summary link, an autosave).

In a Jupyter kernel the action runs `delay` seconds after the last `schedule`; outside one (tests, scripts:
nothing would run a timer) it runs at once, so every result is there when the call returns. `flush` runs a
pending action now; `cancel` drops it. Exceptions never leave the action (it runs guarded).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable

from notnow.ui.guard import Reporter, guarded


def kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The running event loop (a Jupyter kernel has one), where debouncing pays off; None in plain scripts
    and tests, which then get every result at once. Another library's loop (Playwright's, in a test run) is
    not a kernel's: nothing there would run a timer for us."""
    kernelbase = sys.modules.get("ipykernel.kernelbase")  # not imported: certainly no kernel
    if kernelbase is None or not kernelbase.Kernel.initialized():
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Debouncer:
    """A timer that restarts on every `schedule`; the last scheduled action is the one that runs."""

    def __init__(
        self, action: Callable[[], object] | None = None, delay: float = 0.25, reporter: Reporter | None = None
    ) -> None:
        self._action = action
        self._delay = delay
        self._reporter = reporter
        self._pending: Callable[[], object] | None = None
        self._timer: asyncio.TimerHandle | None = None

    @property
    def pending(self) -> bool:
        """Whether an action waits for its timer."""
        return self._timer is not None

    def schedule(self, action: Callable[[], object] | None = None, delay: float | None = None) -> None:
        """Run `action` (or the one given at construction) once `delay` seconds pass without another call."""
        chosen = action or self._action
        if chosen is None:
            raise ValueError("Debouncer.schedule needs an action")
        self.cancel()
        loop = kernel_loop()
        if loop is None:
            guarded(chosen, self._reporter)()
            return
        self._pending = chosen
        self._timer = loop.call_later(self._delay if delay is None else delay, self._fire)

    def flush(self) -> bool:
        """Run the pending action now (not again when its timer ends); True when there was one."""
        action = self._pending
        self.cancel()
        if action is None:
            return False
        guarded(action, self._reporter)()
        return True

    def cancel(self) -> None:
        """Drop the pending action, if any."""
        if self._timer is not None:
            self._timer.cancel()
        self._timer = None
        self._pending = None

    def _fire(self) -> None:
        action, self._pending, self._timer = self._pending, None, None
        if action is not None:
            guarded(action, self._reporter)()
