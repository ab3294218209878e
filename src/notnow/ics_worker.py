"""The child process that reads an uploaded calendar for notnow.ics.read_diary_bounded (not for use by hand).

Protocol: on stdin one JSON line of settings (start, end, day_start, hours_per_day, tz, memory_mb,
cpu_seconds), then the file's bytes; on stdout one JSON object: {"booked": {iso day: hours}, "days_off":
[iso day, …], "events": n}, or {"error": {"field", "code", "params"}} for an InputError, or
{"stopped": "memory"} when the memory limit was reached. The limits are set before the file is read.

Run as `python -m notnow.ics_worker`.
"""

from __future__ import annotations

import json
import resource
import sys
from datetime import date, time
from typing import Any

MAX_SETTINGS_BYTES = 4096
MEMORY_EXIT_CODE = 3


def limit(memory_mb: int, cpu_seconds: int) -> None:
    """At most `memory_mb` MB of address space and `cpu_seconds` of CPU (SIGXCPU, then SIGKILL a second later)."""
    memory = int(memory_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    seconds = max(1, int(cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))


def answer(settings: dict[str, Any], data: bytes) -> dict[str, Any]:
    """What read_diary says about `data`, as JSON-ready values."""
    from notnow.errors import InputError  # imported here: after the limits are set
    from notnow.ics import read_diary

    try:
        diary = read_diary(
            data,
            date.fromisoformat(settings["start"]),
            date.fromisoformat(settings["end"]),
            day_start=time.fromisoformat(settings["day_start"]),
            hours_per_day=float(settings["hours_per_day"]),
            tz=str(settings["tz"]),
        )
    except InputError as error:
        params = {key: value if isinstance(value, int | float) else str(value) for key, value in error.params.items()}
        return {"error": {"field": error.field, "code": error.code, "params": params}}
    return {
        "booked": {day.isoformat(): hours for day, hours in sorted(diary.booked.items())},
        "days_off": sorted(day.isoformat() for day in diary.days_off),
        "events": diary.events,
    }


def main() -> int:
    settings = json.loads(sys.stdin.buffer.readline(MAX_SETTINGS_BYTES))
    limit(settings["memory_mb"], settings["cpu_seconds"])
    try:
        result = answer(settings, sys.stdin.buffer.read())
    except MemoryError:
        result = {"stopped": "memory"}
        sys.stdout.write(json.dumps(result))
        return MEMORY_EXIT_CODE
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
