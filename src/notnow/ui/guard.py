"""No exception ever leaves a widget callback.

An exception escaping an observer or a click handler would travel to the browser as a traceback with server
paths (Voila's `show_tracebacks: false` does not cover comm messages). Every callback the widgets wire goes
through `guarded`: bad input (InputError) is the caller's to show beside its field; anything else is logged
here, on the server, and the page gets one short sentence instead.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

log = logging.getLogger("notnow.ui")

F = TypeVar("F", bound=Callable[..., Any])

Reporter = Callable[[BaseException], None]


def report(error: BaseException, reporter: Reporter | None = None) -> None:
    """Log the error with its traceback (server side only) and tell the page in one sentence."""
    log.error("unexpected error in a widget callback", exc_info=error)
    if reporter is not None:
        try:
            reporter(error)
        except Exception:  # a broken reporter must not bring the callback down either
            log.exception("the error reporter failed")


def guarded(callback: F, reporter: Reporter | None = None) -> F:
    """`callback`, except that an exception is logged and reported instead of raised."""

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except Exception as error:
            report(error, reporter)
            return None

    return run  # type: ignore[return-value]
