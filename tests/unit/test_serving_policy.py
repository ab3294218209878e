"""The room's decisions (notnow.serving_policy), with a hand-driven clock: no server, no kernel, no sleep.

The same rules run in a real Voila in tests/serving/test_room.py and test_cap.py; here each one alone, with the
expected numbers worked out by hand in the comments.
"""

from __future__ import annotations

import pytest

from notnow.serving_policy import RoomPace, RoomPolicy, room_kernel_cap, room_pool_target


class Clock:
    """Seconds that pass only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def policy(room: int = 3, **pace: float) -> tuple[RoomPolicy, Clock]:
    clock = Clock()
    return RoomPolicy(RoomPace(room=room, **pace), clock=clock), clock  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("room", "participants", "standby", "idle", "expected"),
    [
        (30, 0, 2, None, 30),  # nobody here: the whole room
        (30, 12, 2, None, 18),  # 30 − 12
        (30, 29, 2, None, 2),  # 30 − 29 = 1, but the standby 2 at least
        (3, 5, 2, None, 2),  # more participants than the room: still the standby
        (2, 0, 5, None, 2),  # never more than the room
        (30, 0, 2, 1, 1),  # dormant: the idle size
        (30, 0, 2, 0, 1),  # dormant keeps 1 at least
    ],
)
def test_the_pool_holds_what_the_room_still_needs_but_the_standby_at_least(room, participants, standby, idle, expected):
    """The pool's size from the room, the participants here, the standby and (dormant) the idle size."""
    assert room_pool_target(room, participants, standby, idle) == expected


@pytest.mark.parametrize(("room", "standby", "expected"), [(3, 2, 7), (12, 2, 16), (30, 2, 35), (100, 2, 112)])
def test_the_cap_is_the_room_its_standby_and_a_tenth_of_the_room_but_two_at_least(room, standby, expected):
    """ROOM + standby + max(2, ROOM // 10): 3+2+2, 12+2+2, 30+2+3, 100+2+10."""
    assert room_kernel_cap(room, standby) == expected
    assert RoomPolicy(RoomPace(room=room, standby=standby)).cap == expected


def test_a_pool_start_the_room_no_longer_needs_is_dropped():
    """Room 3 with nobody here wants 3: a fourth start (pool of 4) is dropped; the third (pool of 3) may go."""
    rules, _clock = policy(3, standby=2, refill_delay=0, start_interval=0)
    assert rules.pool_start(pool_size=4, participants=0, kernels=3) is None
    assert rules.pool_start(pool_size=3, participants=0, kernels=2) == 0


def test_a_pool_start_past_the_cap_is_dropped_even_when_the_pool_wants_it():
    """Room 3 (cap 7) with 7 kernels held: no start, however empty the pool."""
    rules, _clock = policy(3, standby=2, refill_delay=0, start_interval=0)
    assert rules.pool_start(pool_size=1, participants=6, kernels=7) is None
    assert rules.pool_start(pool_size=1, participants=5, kernels=6) == 0


def test_a_refill_waits_until_nobody_arrived_for_the_refill_delay():
    """An arrival at t, refill_delay 30: a start is told to wait 30 s, at t+29 1 s, at t+30 it goes."""
    rules, clock = policy(3, standby=2, refill_delay=30, start_interval=3)
    rules.arrived()
    assert rules.pool_start(pool_size=1, participants=1, kernels=2) == 30
    clock.now += 29
    assert rules.pool_start(pool_size=1, participants=1, kernels=2) == 1
    clock.now += 1
    assert rules.pool_start(pool_size=1, participants=1, kernels=2) == 0


def test_pool_starts_go_one_at_a_time_start_interval_apart():
    """start_interval 3: a start goes; the next one right after waits 3 s; 3 s later it goes."""
    rules, clock = policy(3, standby=2, refill_delay=0, start_interval=3)
    assert rules.pool_start(pool_size=1, participants=0, kernels=0) == 0
    assert rules.pool_start(pool_size=2, participants=0, kernels=1) == 3
    clock.now += 3
    assert rules.pool_start(pool_size=2, participants=0, kernels=1) == 0


def test_a_pool_nobody_used_for_the_idle_timeout_shrinks_once_then_rests_until_a_visitor():
    """pool_idle_timeout 60: 59 s quiet a top-up, 60 s a shrink to the idle size, then rest; an arrival wakes it."""
    rules, clock = policy(3, standby=2, pool_idle_timeout=60, idle_pool_size=1)
    clock.now += 59
    assert rules.upkeep(participants=0) == "top_up"
    clock.now += 1
    assert rules.upkeep(participants=0) == "shrink"
    assert rules.dormant and rules.pool_target(participants=0) == 1
    assert rules.upkeep(participants=0) == "rest"
    assert rules.arrived() is True  # the end of a quiet spell
    assert not rules.dormant and rules.pool_target(participants=1) == 2  # max(2, 3 − 1)
    assert rules.arrived() is False


def test_participants_still_here_keep_the_pool_from_shrinking():
    """A participant present at every round: 2 hours pass and the pool never shrinks."""
    rules, clock = policy(3, pool_idle_timeout=60)
    for _ in range(120):
        clock.now += 60
        assert rules.upkeep(participants=1) == "top_up"


def test_a_pool_idle_timeout_of_zero_never_shrinks():
    """pool_idle_timeout 0 means never."""
    rules, clock = policy(3, pool_idle_timeout=0)
    clock.now += 100_000
    assert rules.upkeep(participants=0) == "top_up"


def test_a_page_past_the_cap_with_no_kernel_in_the_pool_finds_the_room_full():
    """Cap 7: with 7 held and none in the pool, full; with one in the pool (taking it adds none), admitted."""
    rules, _clock = policy(3, standby=2)
    assert rules.admit("10.0.0.1", kernels_in_pool=0, kernels=7) == "full"
    assert rules.admit("10.0.0.1", kernels_in_pool=1, kernels=7) == "ok"
    assert rules.admit("10.0.0.1", kernels_in_pool=0, kernels=6) == "ok"


def test_one_address_gets_its_burst_then_one_kernel_per_interval():
    """Burst 3, interval 10 s: three pages at once, the fourth busy; 10 s later one more, then busy again."""
    rules, clock = policy(30, client_burst=3, client_interval=10)
    assert [rules.admit("10.0.0.1", 1, 0) for _ in range(4)] == ["ok", "ok", "ok", "busy"]
    assert rules.admit("10.0.0.2", 1, 0) == "ok"  # another address has its own allowance
    clock.now += 10
    assert rules.admit("10.0.0.1", 1, 0) == "ok"
    assert rules.admit("10.0.0.1", 1, 0) == "busy"
    clock.now += 30  # back to the full burst, never more
    assert [rules.admit("10.0.0.1", 1, 0) for _ in range(4)] == ["ok", "ok", "ok", "busy"]


def test_a_full_room_does_not_use_up_a_visitors_allowance():
    """Burst 1: a page refused as full leaves the one new kernel for when a place is free."""
    rules, _clock = policy(3, client_burst=1)
    assert rules.admit("10.0.0.1", kernels_in_pool=0, kernels=7) == "full"
    assert rules.admit("10.0.0.1", kernels_in_pool=0, kernels=6) == "ok"


def test_may_start_only_under_the_cap():
    """Cap 7: a seventh kernel may start (6 held), an eighth not."""
    rules, _clock = policy(3, standby=2)
    assert rules.may_start(6) and not rules.may_start(7)
