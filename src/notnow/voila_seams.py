"""The one adapter for Voila's and jupyter_server's private parts: everything notnow's serving needs from them.

Voila 0.5 has no public way to pace its preheated pool, to know which kernels wait for their visitor, or to
replace one of its handlers; jupyter_server has none to reach a kernel's record. What notnow does there goes
through the functions below, and nowhere else. `contract_problems()` checks every part this module relies on
(names, signatures, class attributes) and says what changed: `tests/unit/test_voila_seams.py` runs it, so an
upgrade of Voila or jupyter_server that moves one of them fails there, by name, not in a workshop.

The parts, in Voila 0.5 (voila/voila_kernel_manager.py, request_info_handler.py, app.py):

- `VoilaKernelManager._pools`: per notebook, a list of tasks, each starting one pool kernel; a finished
  task's result is a dict with `kernel_id`, `task` (the render) and `renderer`.
- `VoilaKernelManager._initialize(notebook_path, kernel_id=None, **kwargs)`: what every pool start runs.
- `VoilaKernelManager.get_rendered_notebook(notebook_name, extra_kernel_env_variables={}, **kwargs)`: what a
  page load calls to take a pool kernel; returns `(render_task, rendered_cache, kernel_id)`.
- `RequestInfoSocketHandler._waiters` / `_cache`: kernel id → the kernel's waiting socket / the visitor's
  request info not yet asked for; `send_updates` (a class method the page handler calls) uses both.
- `Voila.init_handlers()`: the list of (pattern, handler class[, kwargs]) the app serves.
- jupyter_server's `MultiKernelManager._kernels`: kernel id → the kernel's own manager (`last_activity`).

No widgets here: this runs in the Voila server process.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

__all__ = [
    "VOILA_SERIES",
    "claim_waiter",
    "contract_problems",
    "pool_tasks",
    "release_waiter",
    "replace_handlers",
    "route_handouts",
    "route_pool_starts",
    "running_kernel",
    "take_request_info",
    "waiting_kernel_ids",
]

VOILA_SERIES = "0.5."  # the Voila this adapter was written against


# --- the pool ------------------------------------------------------------------------------------------------
def pool_tasks(manager: object) -> dict[str, list[asyncio.Task[Any]]]:
    """Voila's pool: per notebook, the tasks that start (or have started) one pool kernel each."""
    pools = getattr(manager, "_pools", None)
    return pools if isinstance(pools, dict) else {}


def route_pool_starts(manager: object, gate: Callable[..., Awaitable[Any]]) -> bool:
    """Every pool start runs `gate(voila_initialize, notebook_path, kernel_id, **kwargs)` instead.

    False when the manager has no preheated pool (then there is nothing to route).
    """
    initialize: Callable[..., Awaitable[Any]] | None = getattr(manager, "_initialize", None)
    if initialize is None:
        return False

    @functools.wraps(initialize)
    async def gated(notebook_path: str, kernel_id: str | None = None, **kwargs: Any) -> Any:
        return await gate(initialize, notebook_path, kernel_id, **kwargs)

    manager._initialize = gated  # type: ignore[attr-defined]
    return True


def route_handouts(manager: object, on_handout: Callable[[str], None]) -> bool:
    """`on_handout(kernel_id)` once a page load has taken a pool kernel (in the page request's own task)."""
    take: Callable[..., Awaitable[Any]] | None = getattr(manager, "get_rendered_notebook", None)
    if take is None:
        return False

    @functools.wraps(take)
    async def taken(*args: Any, **kwargs: Any) -> Any:
        result = await take(*args, **kwargs)
        on_handout(str(result[2]))  # (render_task, rendered_cache, kernel_id)
        return result

    manager.get_rendered_notebook = taken  # type: ignore[attr-defined]
    return True


def running_kernel(manager: object, kernel_id: str) -> Any | None:
    """jupyter_server's record of a running kernel (its own manager), or None."""
    kernels = getattr(manager, "_kernels", None)
    return kernels.get(kernel_id) if isinstance(kernels, dict) else None


def pool_result(task: asyncio.Task[Any]) -> dict[str, Any] | None:
    """What a finished pool task holds (kernel_id, the render task); None while it starts, or if it failed."""
    if not task.done() or task.cancelled() or task.exception() is not None:
        return None
    result = task.result()
    return result if isinstance(result, dict) and result.get("kernel_id") else None


# --- the kernels waiting for their visitor (Voila's /voila/query) ----------------------------------------------
def _request_info_handler() -> Any:
    # late: Voila's modules load jupyter_server and nbconvert; only the server process needs them
    from voila.request_info_handler import RequestInfoSocketHandler

    return RequestInfoSocketHandler


def waiting_kernel_ids() -> set[str]:
    """The kernels whose socket is open, waiting for their visitor's request."""
    return set(_request_info_handler()._waiters)


def claim_waiter(kernel_id: str, socket: object) -> bool:
    """Register `socket` as the one waiting for `kernel_id`'s visitor; False when one already is."""
    waiters: dict[str, object] = _request_info_handler()._waiters
    if kernel_id in waiters:
        return False
    waiters[kernel_id] = socket
    return True


def release_waiter(kernel_id: str, socket: object) -> None:
    """Remove `socket`'s own entry, and only that (Voila's on_close removes the last entry when it has none)."""
    waiters: dict[str, object] = _request_info_handler()._waiters
    if waiters.get(kernel_id) is socket:
        del waiters[kernel_id]


def take_request_info(kernel_id: str) -> Any | None:
    """The visitor's request info that came before its kernel asked (then forgotten: it holds their link)."""
    cache: dict[str, Any] = _request_info_handler()._cache
    return cache.pop(kernel_id, None)


def forget_request_info(kernel_id: str) -> None:
    """Drop what Voila keeps for a kernel that is gone (Voila itself never does)."""
    _request_info_handler()._cache.pop(kernel_id, None)


# --- the app's handlers ----------------------------------------------------------------------------------------
def _unreplaced_init_handlers(voila_app: Any) -> Callable[..., Any]:
    """Voila's own init_handlers, whether or not replace_handlers has wrapped it."""
    init_handlers: Callable[..., Any] = getattr(voila_app.init_handlers, "__notnow_original__", voila_app.init_handlers)
    return init_handlers


def replace_handlers(replacements: Mapping[type, type]) -> None:
    """Voila serves each handler class in `replacements` by its replacement (same pattern, same arguments).

    Called from a voila.py config, before the app builds its handlers; calling it again replaces the mapping.
    """
    from voila.app import Voila  # late: the whole Voila app, only for a server's config

    original = _unreplaced_init_handlers(Voila)

    @functools.wraps(original)
    def init_handlers(self: Any) -> list[Any]:
        handlers = []
        for spec in original(self):
            pattern, handler, *rest = spec
            handlers.append((pattern, replacements.get(handler, handler), *rest))
        return handlers

    init_handlers.__notnow_original__ = original  # type: ignore[attr-defined]
    Voila.init_handlers = init_handlers


# --- the contract ----------------------------------------------------------------------------------------------
def _parameters(function: Callable[..., Any]) -> list[str]:
    return [
        f"{'*' if p.kind is p.VAR_POSITIONAL else '**' if p.kind is p.VAR_KEYWORD else ''}{p.name}"
        for p in inspect.signature(function).parameters.values()
    ]


def contract_problems() -> list[str]:
    """What no longer holds of the parts above in the installed Voila and jupyter_server; [] when all holds."""
    # late: all of Voila and jupyter_server, only for this check
    import voila
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from voila.app import Voila
    from voila.handler import VoilaHandler
    from voila.static_file_handler import TemplateStaticFileHandler
    from voila.tornado.handler import TornadoVoilaHandler
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    problems: list[str] = []

    def expect(what: str, found: list[str], wanted: list[str]) -> None:
        if found != wanted:
            problems.append(f"{what}: parameters now {found}, notnow expects {wanted}")

    if not str(voila.__version__).startswith(VOILA_SERIES):
        problems.append(f"voila {voila.__version__}: this adapter was written for {VOILA_SERIES}x")
    pool_class: Any = voila_kernel_manager_factory(AsyncMappingKernelManager, True, 1)
    for name, wanted in (
        ("_initialize", ["self", "notebook_path", "kernel_id", "**kwargs"]),
        ("get_rendered_notebook", ["self", "notebook_name", "extra_kernel_env_variables", "**kwargs"]),
        ("fill_if_needed", ["self", "delay", "notebook_name", "extra_kernel_env_variables", "**kwargs"]),
        ("shutdown_kernel", ["self", "kernel_id", "*args", "**kwargs"]),
    ):
        method = getattr(pool_class, name, None)
        if method is None:
            problems.append(f"VoilaKernelManager.{name} is gone")
        else:
            expect(f"VoilaKernelManager.{name}", _parameters(method), wanted)
    if "self._pools" not in inspect.getsource(pool_class.__init__):
        problems.append("VoilaKernelManager no longer keeps its pool in self._pools")
    if "kernel_id" not in inspect.getsource(pool_class._initialize).split("return")[-1]:
        problems.append("VoilaKernelManager._initialize no longer returns a dict with kernel_id")
    handler = _request_info_handler()
    for name in ("_waiters", "_cache"):
        if not isinstance(getattr(handler, name, None), dict):
            problems.append(f"RequestInfoSocketHandler.{name} is no longer a class-level dict")
    if not inspect.ismethod(getattr(handler, "send_updates", None)):
        problems.append("RequestInfoSocketHandler.send_updates is no longer a class method")
    elif "RequestInfoSocketHandler.send_updates" not in inspect.getsource(VoilaHandler.get_generator):
        problems.append("VoilaHandler.get_generator no longer hands the visitor's request to send_updates")
    voila_init_handlers = _unreplaced_init_handlers(Voila)
    expect("Voila.init_handlers", _parameters(voila_init_handlers), ["self"])
    routes = inspect.getsource(voila_init_handlers)
    for routed in ("KernelHandler", "VoilaKernelWebsocketHandler", "VoilaShutdownKernelHandler"):
        if routed not in routes:  # serving_handlers puts a visitor check in place of each
            problems.append(f"Voila.init_handlers no longer routes to {routed}")
    expect("VoilaHandler.get_generator", _parameters(VoilaHandler.get_generator), ["self", "path"])
    expect("TornadoVoilaHandler.get", _parameters(TornadoVoilaHandler.get), ["self", "path"])
    expect(
        "TemplateStaticFileHandler.get_absolute_path",
        _parameters(TemplateStaticFileHandler.get_absolute_path),
        ["root", "path"],
    )
    if not isinstance(getattr(AsyncMappingKernelManager(), "_kernels", None), dict):  # type: ignore[no-untyped-call]
        problems.append("jupyter_server's kernel manager no longer keeps its kernels in _kernels")
    return problems
