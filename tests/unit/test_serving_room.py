"""The room's pool, decided in-process: how many kernels it wants, whose turn a start is, when it shrinks.

The same manager runs in a real Voila in tests/serving/test_room.py; here its decisions are checked one by one,
with Voila's pool (a list of start tasks per notebook) stood in for by finished tasks that hold a kernel id.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Coroutine
from typing import Any

import pytest

from notnow.serving import RoomKernelManager


def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """On a loop of its own, in a thread of its own (under `make test` Playwright keeps one running here)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=30)


def room(size: int, **settings: Any) -> RoomKernelManager:
    manager = RoomKernelManager(**settings)
    manager.kernel_pools_config = {"default": {"pool_size": size}}
    manager._pools = {"workbook.ipynb": []}
    return manager


async def ready(kernel_id: str) -> asyncio.Task[Any]:
    """A pool entry whose kernel has started (as Voila's start task leaves it)."""

    async def started() -> dict[str, str]:
        return {"kernel_id": kernel_id}

    task = asyncio.ensure_future(started())
    await task
    return task


def test_with_nobody_here_the_pool_wants_the_whole_room_and_when_dormant_one():
    manager = room(3, standby=2, idle_pool_size=1)
    assert manager.pool_target("workbook.ipynb") == 3  # 3 − 0 participants, at least the standby 2
    manager._dormant = True
    assert manager.pool_target("workbook.ipynb") == 1


def test_a_start_the_room_no_longer_needs_is_dropped_before_it_starts():
    manager = room(3, standby=2, refill_delay=0, start_interval=0)

    async def scene() -> tuple[bool, int]:
        pool = manager._pools["workbook.ipynb"]
        pool.extend([await ready("a"), await ready("b"), await ready("c")])
        this = asyncio.current_task()
        pool.append(this)  # a fourth start while the pool already holds the room's three
        try:
            await manager._wait_for_turn(this)
        except asyncio.CancelledError:
            asyncio.current_task().uncancel()
            return True, len(pool)
        return False, len(pool)

    dropped, left = run(scene())
    assert dropped
    assert left == 3


def test_a_refill_waits_until_nobody_arrived_for_the_refill_delay():
    manager = room(3, standby=2, refill_delay=0.3, start_interval=0)

    async def scene() -> float:
        this = asyncio.current_task()
        manager._pools["workbook.ipynb"].append(this)
        manager._arrived()  # a visitor just now
        began = time.monotonic()
        await manager._wait_for_turn(this)
        return time.monotonic() - began

    waited = run(scene())
    assert waited >= 0.3 - 0.01


def test_a_pool_nobody_used_for_the_idle_timeout_shrinks_to_one_kernel():
    manager = room(3, standby=2, idle_pool_size=1, pool_idle_timeout=1)
    stopped: list[str] = []

    async def shutdown_kernel(kernel_id: str, now: bool = False) -> None:
        stopped.append(kernel_id)

    manager.shutdown_kernel = shutdown_kernel  # no real kernels here: record what would be stopped
    manager._last_present = time.monotonic() - 5  # nobody for 5 s, with a timeout of 1 s

    async def scene() -> int:
        manager._pools["workbook.ipynb"].extend([await ready("a"), await ready("b"), await ready("c")])
        await manager.tend_pool()
        return len(manager._pools["workbook.ipynb"])

    assert run(scene()) == 1
    assert stopped == ["b", "c"]  # the first kept, the rest stopped
    assert manager._dormant


@pytest.mark.parametrize("kernel_ids", [set(), {"x"}])
def test_participants_are_running_kernels_outside_the_pool(kernel_ids, monkeypatch):
    manager = room(3)
    monkeypatch.setattr(manager, "list_kernel_ids", lambda: [*kernel_ids, "a"])

    async def scene() -> set[str]:
        manager._pools["workbook.ipynb"].append(await ready("a"))
        return manager.participant_ids()

    assert run(scene()) == kernel_ids
