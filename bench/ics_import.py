"""How fast a year-long diary is read into busy hours, next to plain parsing in the same run (not a test).

Run: .venv/bin/python bench/ics_import.py  — prints medians over a few rounds. Budget: the import ≤ 1 s.
The diary has 2,000 events made deterministically: single meetings in UTC, with a TZID, with an Outlook
(Windows) TZID and floating; weekly RRULE series, some with EXDATE; all-day days off and free all-day notes;
cancelled and free meetings; overnight events.

Run with --bounded for the upload path instead: the bounded reader (a child process with a time and memory
limit, notnow.ics.read_busy_bounded) next to read_busy in this process, for the real exports in
tests/unit/ics and the year diary (median wall time, ratio), and each hostile probe file's time to its error.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
import recurring_ical_events

from notnow import InputError
from notnow.ics import read_busy, read_busy_bounded

N_EVENTS = 2000
ROUNDS = 5
YEAR_START, YEAR_END = date(2026, 1, 1), date(2026, 12, 31)

OUTLOOK_ZONE = """BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE"""


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _timed(rng: random.Random, start: datetime, minutes: int) -> list[str]:
    """DTSTART/DTEND in one of four styles: UTC, Olson TZID, Outlook's Windows TZID, floating."""
    end = start + timedelta(minutes=minutes)
    style = rng.randrange(4)
    if style == 0:
        shift = timedelta(hours=1)  # roughly Amsterdam → UTC; exactness does not matter for speed
        return [f"DTSTART:{_stamp(start - shift)}Z", f"DTEND:{_stamp(end - shift)}Z"]
    if style == 1:
        return [f"DTSTART;TZID=Europe/Amsterdam:{_stamp(start)}", f"DTEND;TZID=Europe/Amsterdam:{_stamp(end)}"]
    if style == 2:
        zone = 'TZID="W. Europe Standard Time"'
        return [f"DTSTART;{zone}:{_stamp(start)}", f"DTEND;{zone}:{_stamp(end)}"]
    return [f"DTSTART:{_stamp(start)}", f"DTEND:{_stamp(end)}"]


def diary(seed: int = 2026) -> bytes:
    """A year of 2,000 events, the same bytes on every run."""
    rng = random.Random(seed)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//notnow//bench//EN", *OUTLOOK_ZONE.splitlines()]
    for index in range(N_EVENTS):
        day = YEAR_START + timedelta(days=rng.randrange(365))
        start = datetime(day.year, day.month, day.day, rng.randrange(7, 19), rng.choice((0, 15, 30, 45)))
        kind = rng.random()
        body: list[str]
        if kind < 0.55:  # a single meeting
            body = _timed(rng, start, rng.choice((15, 30, 45, 60, 90, 120, 180)))
        elif kind < 0.70:  # a weekly series, sometimes with a skipped week
            body = _timed(rng, start, rng.choice((15, 30, 60)))
            body.append(f"RRULE:FREQ=WEEKLY;COUNT={rng.randrange(4, 53)}")
            if rng.random() < 0.3:
                skipped = start + timedelta(weeks=rng.randrange(1, 4))
                body.append(f"EXDATE;TZID=Europe/Amsterdam:{_stamp(skipped)}")
                body = [line.replace("DTSTART:", "DTSTART;TZID=Europe/Amsterdam:", 1) for line in body]
                body = [line.replace("DTEND:", "DTEND;TZID=Europe/Amsterdam:", 1).replace("Z", "") for line in body]
        elif kind < 0.85:  # all-day: leave (opaque) or a note (free)
            days = rng.randrange(1, 6)
            body = [f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{day + timedelta(days=days):%Y%m%d}"]
            if rng.random() < 0.5:
                body.append("TRANSP:TRANSPARENT")
        elif kind < 0.95:  # cancelled or free meetings
            body = _timed(rng, start, 60)
            body.append(rng.choice(("STATUS:CANCELLED", "TRANSP:TRANSPARENT")))
        else:  # overnight
            body = _timed(rng, start.replace(hour=20), rng.choice((600, 900, 1500)))
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{index}@notnow",
            "DTSTAMP:20260101T000000Z",
            f"SUMMARY:Event {index}",
            *body,
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def medians(action: Callable[[], object], rounds: int = ROUNDS) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of `action`; on a busy shared machine the CPU time is the steadier."""
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    data = diary()
    booked, days_off = read_busy(data, YEAR_START, YEAR_END)  # warm-up, and a sanity check of the output
    parse = medians(lambda: icalendar.Calendar.from_ical(data))
    unfold = medians(
        lambda: recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between(
            YEAR_START, YEAR_END + timedelta(days=1)
        )
    )
    read = medians(lambda: read_busy(data, YEAR_START, YEAR_END))
    print(
        f"notnow ics import bench: {N_EVENTS} events over {YEAR_START.year}, {len(data) / 1024:.0f} KiB, "
        f"{ROUNDS} rounds, medians (Python {sys.version.split()[0]}, icalendar {icalendar.__version__}, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
    )
    print(f"  result: {sum(booked.values()):.1f} booked hours on {len(booked)} days, {len(days_off)} days off")
    print("                                                   wall ms    CPU ms")
    for label, (wall, cpu) in (
        ("baseline icalendar.Calendar.from_ical", parse),
        ("baseline from_ical + recurring_ical_events", unfold),
        ("read_busy over the year (budget 1000 ms)", read),
    ):
        print(f"  {label:<47} {wall * 1000:8.1f}  {cpu * 1000:8.1f}")
    print(f"  ratio read_busy / from_ical (CPU):              {read[1] / parse[1]:8.2f}")
    print(f"  ratio read_busy / (from_ical + unfolding) (CPU): {read[1] / unfold[1]:7.2f}")
    print(f"  within budget (CPU time): {'yes' if read[1] <= 1.0 else 'NO'}")


FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "unit" / "ics"
REAL_EXPORTS = ("apple.ics", "google.ics", "outlook.ics")
PROBES = (
    "interval_0.ics",
    "vtimezone_minutely.ics",
    "vtimezone_secondly.ics",
    "tzid_300_chars.ics",
    "x_wr_timezone_300_chars.ics",
)
WEEK = (date(2026, 11, 23), date(2026, 11, 29))  # the week the real exports cover


def time_to_answer(read: Callable[..., object], data: bytes, first: date, last: date) -> tuple[float, str]:
    """Seconds until `read` answers, and what it answered (the error code, or "read")."""
    start = time.perf_counter()
    try:
        read(data, first, last)
        outcome = "read"
    except InputError as error:
        outcome = error.code
    return time.perf_counter() - start, outcome


def bounded() -> None:
    print(
        f"notnow bounded calendar reading: a child process per read vs read_busy in this process, {ROUNDS} rounds, "
        f"median wall ms (Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores)"
    )
    print(f"  {'file':<28} {'in-process':>10} {'bounded':>9} {'ratio':>6} {'+ ms':>7}")
    cases = [(name, (FIXTURES / name).read_bytes(), *WEEK) for name in REAL_EXPORTS]
    cases.append(("year diary (2,000 events)", diary(), YEAR_START, YEAR_END))
    for name, data, first, last in cases:
        inner = statistics.median(time_to_answer(read_busy, data, first, last)[0] for _ in range(ROUNDS))
        child = statistics.median(time_to_answer(read_busy_bounded, data, first, last)[0] for _ in range(ROUNDS))
        print(
            f"  {name:<28} {inner * 1000:10.1f} {child * 1000:9.1f} {child / inner:6.1f} {(child - inner) * 1000:7.1f}"
        )
    print("  hostile probes (issue 13), time to the error:")
    print(f"  {'file':<28} {'in-process':>10} {'bounded':>9}  error")
    for name in PROBES:
        data = (FIXTURES / name).read_bytes()
        inner, code = time_to_answer(read_busy, data, *WEEK)
        child, child_code = time_to_answer(read_busy_bounded, data, *WEEK)
        same = "" if code == child_code else f" (bounded: {child_code})"
        print(f"  {name:<28} {inner * 1000:10.1f} {child * 1000:9.1f}  {code}{same}")


if __name__ == "__main__":
    bounded() if "--bounded" in sys.argv[1:] else main()
