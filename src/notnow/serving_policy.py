"""The room's decisions, apart from any server: how many kernels the pool wants, whose turn a start is, when the
pool shrinks, the room's cap on kernels and each visitor's pace of new ones.

Pure: the clock is injected (`clock`, seconds, monotonic), so every rule is tested without Voila, a kernel or a
sleep (tests/unit/test_serving_policy.py). `notnow.serving.RoomKernelManager` asks this policy and does what
it says; it holds no rule of its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = ["Admission", "RoomPace", "RoomPolicy", "Upkeep", "room_kernel_cap", "room_pool_target"]

Admission = Literal["ok", "full", "busy"]  # a page may have its kernel / the room is full / too many from here
Upkeep = Literal["shrink", "top_up", "rest"]
_MAX_CLIENTS = 10_000  # visitors remembered for their pace; beyond it, those back at a full allowance are dropped


def room_pool_target(room: int, participants: int, standby: int, idle: int | None = None) -> int:
    """How many kernels a room's pool should hold: what the room still needs, but `standby` at least.

    >>> room_pool_target(30, 0, 2), room_pool_target(30, 12, 2), room_pool_target(30, 29, 2)
    (30, 18, 2)

    Never more than the room. `idle`: nobody has been here for a while, keep that many (1 at least).
    """
    if idle is not None:
        return max(0, min(room, max(1, idle)))
    return max(0, min(room, max(standby, room - participants)))


def room_kernel_cap(room: int, standby: int) -> int:
    """The most kernels a room's server ever holds: the room, its standby and a margin for reloads.

    >>> room_kernel_cap(3, 2), room_kernel_cap(30, 2), room_kernel_cap(100, 2)
    (7, 35, 112)
    """
    return room + max(0, standby) + max(2, room // 10)


@dataclass(frozen=True)
class RoomPace:
    """The room's settings (serve/workshop/voila.json, `RoomKernelManager`), in seconds where a time."""

    room: int
    standby: int = 2
    start_interval: float = 3.0
    refill_delay: float = 30.0
    pool_idle_timeout: float = 1800.0
    idle_pool_size: int = 1
    client_burst: int = 6
    client_interval: float = 10.0


class RoomPolicy:
    """The decisions for one room, remembered between calls: arrivals, pool starts, quiet spells, visitors' pace."""

    def __init__(self, pace: RoomPace, clock: Callable[[], float] = time.monotonic) -> None:
        self.pace = pace
        self._clock = clock
        self._last_arrival = -float("inf")
        self._last_pool_start = -float("inf")
        self._last_present = clock()  # the start counts: an unused pool is kept pool_idle_timeout from then
        self._dormant = False
        self._allowance: dict[str, tuple[float, float]] = {}  # visitor → (new kernels left, when counted)

    @property
    def cap(self) -> int:
        """The most kernels the server may hold (`room_kernel_cap`)."""
        return room_kernel_cap(self.pace.room, self.pace.standby)

    @property
    def dormant(self) -> bool:
        """Nobody has been here for pool_idle_timeout: the pool keeps idle_pool_size until the next visitor."""
        return self._dormant

    def pool_target(self, participants: int) -> int:
        """How many kernels the pool should hold with `participants` here."""
        idle = self.pace.idle_pool_size if self._dormant else None
        return room_pool_target(self.pace.room, participants, self.pace.standby, idle)

    def arrived(self) -> bool:
        """A visitor took a pool kernel just now; True when that ends a quiet spell (the pool fills again)."""
        self._last_arrival = self._clock()
        woke, self._dormant = self._dormant, False
        return woke

    def pool_start(self, pool_size: int, participants: int, kernels: int) -> float | None:
        """May a pool start waiting in a pool of `pool_size` go, with `kernels` on the server (running or starting)?

        None: drop it (the room no longer needs it, or the server is at its cap). 0: go now (counted as the latest
        start). Otherwise the seconds until its turn: ask again then, or sooner (a visitor may take it meanwhile).
        """
        if pool_size > self.pool_target(participants) or kernels >= self.cap:
            return None
        now = self._clock()
        turn = max(self._last_arrival + self.pace.refill_delay, self._last_pool_start + self.pace.start_interval)
        if now >= turn:
            self._last_pool_start = now
            return 0.0
        return turn - now

    def may_start(self, kernels: int) -> bool:
        """Whether one more kernel fits under the cap, with `kernels` running or starting."""
        return kernels < self.cap

    def upkeep(self, participants: int) -> Upkeep:
        """The culler's round: shrink the pool after a quiet spell, else top it up (or rest while dormant)."""
        now = self._clock()
        if participants:
            self._last_present = now
        if not self._dormant and 0 < self.pace.pool_idle_timeout <= self.quiet_for():
            self._dormant = True
            return "shrink"
        return "rest" if self._dormant else "top_up"

    def quiet_for(self) -> float:
        """Seconds since anyone was here (a participant's kernel running, or an arrival)."""
        return self._clock() - max(self._last_present, self._last_arrival)

    def admit(self, client: str, kernels_in_pool: int, kernels: int) -> Admission:
        """May `client` (their address) open a page now, which takes a kernel from the pool or starts one?

        "full": the pool has no kernel started for them and the server is at its cap. "busy": this client took
        `client_burst` kernels in quick succession; one more comes free every `client_interval` seconds.
        """
        if kernels_in_pool <= 0 and kernels >= self.cap:
            return "full"
        now = self._clock()
        burst, interval = max(1, self.pace.client_burst), max(self.pace.client_interval, 1e-9)
        left, since = self._allowance.get(client, (float(burst), now))
        left = min(float(burst), left + (now - since) / interval)
        if left < 1:
            self._allowance[client] = (left, now)
            return "busy"
        self._allowance[client] = (left - 1, now)
        if len(self._allowance) > _MAX_CLIENTS:
            self._forget_rested(now, burst, interval)
        return "ok"

    def _forget_rested(self, now: float, burst: int, interval: float) -> None:
        rested = [who for who, (left, since) in self._allowance.items() if left + (now - since) / interval >= burst]
        for who in rested:
            del self._allowance[who]
