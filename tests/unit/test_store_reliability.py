"""The store under stress: a kernel killed mid-save, and two kernels saving into one file at once.

Real processes, a real file: what a crash or a second browser tab does to the user's cases.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from notnow.assessment import Assessment
from notnow.store import Store

pytestmark = pytest.mark.slow

# A case whose client name and hours encode the loop index, so every saved row can be checked.
MAKE_CASE = """
from notnow.assessment import Assessment

BASE = Assessment.example("en").to_dict()


def make_case(tag, i):
    data = dict(BASE)
    data["request"] = {**BASE["request"], "client": f"{tag} {i} – “quoted” 🚀", "hours": 1 + i % 40}
    data["outcome"] = "accepted_rush" if i % 3 == 0 else "declined"
    data["case_id"] = ""
    return Assessment.from_dict(data)
"""

SAVE_FOREVER = (
    MAKE_CASE
    + """
import sys
from notnow.store import Store

store = Store(sys.argv[1])
i = 0
while True:
    case_id = store.save(make_case("kill", i))
    sys.stdout.write(f"{i} {case_id}\\n")
    sys.stdout.flush()
    i += 1
"""
)

SAVE_MANY = (
    MAKE_CASE
    + """
import sys
from notnow.store import Store

store = Store(sys.argv[1])
tag, count = sys.argv[2], int(sys.argv[3])
sys.stdout.write("ready\\n")
sys.stdout.flush()
sys.stdin.readline()  # start together
for i in range(count):
    sys.stdout.write(f"{i} {store.save(make_case(tag, i))}\\n")
store.close()
"""
)


def make_case(tag: str, i: int) -> Assessment:
    namespace: dict[str, object] = {}
    exec(MAKE_CASE, namespace)
    case = namespace["make_case"](tag, i)  # type: ignore[operator]
    assert isinstance(case, Assessment)
    return case


def spawn(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def assert_intact(path: Path, expected: dict[str, Assessment]) -> None:
    """Every committed case loads and equals what was saved; SQLite finds no damage."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    with Store(path) as store:
        assert store.notice is None
        for case_id, case in expected.items():
            assert store.load(case_id) == case.replace(case_id=case_id)


def test_a_killed_kernel_keeps_every_save_that_returned(tmp_path: Path) -> None:
    path = tmp_path / "notnow.sqlite3"
    proc = spawn(SAVE_FOREVER, str(path))
    lines: list[str] = []
    first = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.endswith("\n"):  # a line cut by the kill was never fully reported
                lines.append(line)
                first.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert first.wait(30), "the saving process never reported a save"
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline and len(lines) < 2000:
            time.sleep(0.01)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        reader.join(10)
    assert proc.returncode == -signal.SIGKILL
    assert len(lines) >= 20, f"too few saves before the kill: {len(lines)}"
    expected = {}
    for line in lines:
        index, case_id = line.split()
        expected[case_id] = make_case("kill", int(index))
    assert_intact(path, expected)
    with Store(path) as store:
        # The save in flight at the kill may or may not have committed; nothing else is extra.
        assert len(expected) <= len(store.cases()) <= len(expected) + 1


def test_two_kernels_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "notnow.sqlite3"
    count = 200
    procs = {tag: spawn(SAVE_MANY, str(path), tag, str(count)) for tag in ("left", "right")}
    try:
        for proc in procs.values():
            assert proc.stdout is not None
            assert proc.stdout.readline() == "ready\n"
        for proc in procs.values():
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        outputs = {tag: proc.communicate(timeout=60) for tag, proc in procs.items()}
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    expected = {}
    for tag, (out, err) in outputs.items():
        assert procs[tag].returncode == 0, err
        rows = out.splitlines()
        assert len(rows) == count
        for row in rows:
            index, case_id = row.split()
            expected[case_id] = make_case(tag, int(index))
    assert len(expected) == 2 * count
    with Store(path) as store:
        assert len(store.cases()) == 2 * count
        assert set(store.cases()["id"]) == set(expected)
    assert_intact(path, expected)
