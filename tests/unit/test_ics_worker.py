"""The calendar reader's child process (notnow.ics_worker), its protocol driven in this process.

The bounded reader (tests/unit/test_ics.py) runs it as a real child; here the same `main` reads its settings
line and the file from a stand-in stdin, so the protocol's answers are checked one by one. The resource limits
are replaced by a recorder: set for real they would bind this test process.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from notnow import ics_worker

ICS = Path(__file__).resolve().parent / "ics"
SETTINGS = {
    "start": "2026-11-23",
    "end": "2026-12-31",
    "day_start": "09:00",
    "hours_per_day": 8,
    "tz": "Europe/Amsterdam",
    "memory_mb": 400,
    "cpu_seconds": 10,
}


def run(monkeypatch, data: bytes, settings: dict | None = None) -> tuple[int, dict, list[tuple[int, int]]]:
    limits: list[tuple[int, int]] = []
    monkeypatch.setattr(ics_worker, "limit", lambda memory_mb, cpu_seconds: limits.append((memory_mb, cpu_seconds)))
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps(settings or SETTINGS).encode() + b"\n" + data))
    stdout = io.StringIO()
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", stdout)
    code = ics_worker.main()
    return code, json.loads(stdout.getvalue()), limits


def test_the_limits_are_set_from_the_settings_before_the_file_is_read(monkeypatch):
    """400 MB and 10 s, as the parent asked, once."""
    _, _, limits = run(monkeypatch, (ICS / "google.ics").read_bytes())
    assert limits == [(400, 10)]


@pytest.mark.parametrize("name", ["google.ics", "outlook.ics", "apple.ics"])
def test_a_calendar_answers_what_the_reader_in_this_process_reads_as_iso_days(monkeypatch, name):
    """A real export: exit 0, and the same busy hours, days off and event count as read_diary here, as JSON."""
    from datetime import date, time

    from notnow.ics import read_diary

    data = (ICS / name).read_bytes()
    here = read_diary(data, date(2026, 11, 23), date(2026, 12, 31), day_start=time(9), hours_per_day=8)
    code, answer, _ = run(monkeypatch, data)
    assert code == 0
    assert answer == {
        "booked": {day.isoformat(): hours for day, hours in sorted(here.booked.items())},
        "days_off": sorted(day.isoformat() for day in here.days_off),
        "events": here.events,
    }


def test_a_hostile_file_answers_with_the_input_error_it_raised(monkeypatch):
    """INTERVAL=0: the child says which field and code, the parent turns it back into an InputError."""
    code, answer, _ = run(monkeypatch, (ICS / "interval_0.ics").read_bytes())
    assert code == 0
    assert answer["error"]["code"] == "repeat_interval"


def test_running_out_of_memory_is_answered_as_stopped_with_its_own_exit_code(monkeypatch):
    """A MemoryError while reading (the address-space limit hit) → {"stopped": "memory"}, exit 3."""

    def out_of_memory(_settings, _data):
        raise MemoryError

    monkeypatch.setattr(ics_worker, "answer", out_of_memory)
    code, answer, _ = run(monkeypatch, b"BEGIN:VCALENDAR")
    assert (code, answer) == (ics_worker.MEMORY_EXIT_CODE, {"stopped": "memory"})


def test_the_real_limit_call_sets_both_resource_limits(monkeypatch):
    """limit(400, 10): address space 400 MiB, CPU 10 s soft and 11 s hard."""
    calls = []
    monkeypatch.setattr(ics_worker.resource, "setrlimit", lambda which, values: calls.append((which, values)))
    ics_worker.limit(400, 10)
    mib = 400 * 1024 * 1024
    assert calls == [(ics_worker.resource.RLIMIT_AS, (mib, mib)), (ics_worker.resource.RLIMIT_CPU, (10, 11))]


@pytest.mark.parametrize("seconds", [0, 0.4])
def test_a_cpu_limit_under_a_second_still_gives_the_child_one(monkeypatch, seconds):
    """The CPU limit is whole seconds, at least 1 (0 would kill the child before it starts)."""
    calls = []
    monkeypatch.setattr(ics_worker.resource, "setrlimit", lambda which, values: calls.append((which, values)))
    ics_worker.limit(100, seconds)
    assert calls[-1] == (ics_worker.resource.RLIMIT_CPU, (1, 2))
