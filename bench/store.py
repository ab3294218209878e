"""How fast the store saves and loads, next to raw SQLite inserts in the same run (not a test).

Run: .venv/bin/python bench/store.py  — prints medians over a few rounds of 1,000 cases each.
The ratio store/baseline is the figure to watch: absolute times depend on the disk (fsync).
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from notnow.assessment import OUTCOMES, Assessment
from notnow.store import Store

N = 1000
ROUNDS = 5


def variations(n: int) -> list[Assessment]:
    """n cases like the worked example, differing in client, hours and outcome (some quote a rush)."""
    base = Assessment.example("en").to_dict()
    cases = []
    for i in range(n):
        data = dict(base)
        data["request"] = {**base["request"], "client": f"Client {i}", "hours": 4 + i % 30}
        data["outcome"] = OUTCOMES[i % len(OUTCOMES)]
        cases.append(Assessment.from_dict(data))
    return cases


def store_round(folder: Path, cases: list[Assessment]) -> tuple[float, float, float]:
    """Seconds to save all, load all, and list them (cases())."""
    with Store(folder / "notnow.sqlite3") as store:
        t0 = time.perf_counter()
        ids = [store.save(a) for a in cases]
        t1 = time.perf_counter()
        for case_id in ids:
            store.load(case_id)
        t2 = time.perf_counter()
        listed = store.cases()
        t3 = time.perf_counter()
    assert len(listed) == len(cases)
    return t1 - t0, t2 - t1, t3 - t2


def baseline_round(folder: Path, texts: list[str], *, like_store: bool) -> tuple[float, float]:
    """Raw INSERTs of the same JSON, each committed, in one connection; then a SELECT per row.

    like_store: the same journal settings as the store (WAL, synchronous FULL); else SQLite's defaults.
    """
    conn = sqlite3.connect(folder / "raw.sqlite3", isolation_level=None)
    try:
        if like_store:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
        conn.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY, json TEXT NOT NULL)")
        t0 = time.perf_counter()
        for text in texts:
            conn.execute("BEGIN")
            conn.execute("INSERT INTO cases (json) VALUES (?)", (text,))
            conn.execute("COMMIT")
        t1 = time.perf_counter()
        for row_id in range(1, len(texts) + 1):
            conn.execute("SELECT json FROM cases WHERE id = ?", (row_id,)).fetchone()
        t2 = time.perf_counter()
    finally:
        conn.close()
    return t1 - t0, t2 - t1


def main() -> None:
    cases = variations(N)
    texts = [a.to_json() for a in cases]
    saves, loads, lists, raw_saves, raw_loads, default_saves = [], [], [], [], [], []
    for _ in range(ROUNDS):
        with tempfile.TemporaryDirectory(prefix="notnow-bench-") as tmp:
            save, load, listing = store_round(Path(tmp), cases)
        with tempfile.TemporaryDirectory(prefix="notnow-bench-") as tmp:
            raw_save, raw_load = baseline_round(Path(tmp), texts, like_store=True)
        with tempfile.TemporaryDirectory(prefix="notnow-bench-") as tmp:
            default_save, _ = baseline_round(Path(tmp), texts, like_store=False)
        saves.append(save)
        loads.append(load)
        lists.append(listing)
        raw_saves.append(raw_save)
        raw_loads.append(raw_load)
        default_saves.append(default_save)

    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000

    print(
        f"notnow store bench: {N} cases × {ROUNDS} rounds, medians (SQLite {sqlite3.sqlite_version}, "
        f"Python {sys.version.split()[0]}, temp dir {tempfile.gettempdir()})"
    )
    print(f"  save {N}:             {ms(saves):9.1f} ms   {ms(saves) / N:7.3f} ms/case")
    print(f"  load {N}:             {ms(loads):9.1f} ms   {ms(loads) / N:7.3f} ms/case")
    print(f"  cases() {N} rows:     {ms(lists):9.1f} ms")
    print(
        f"  baseline raw INSERT {N} (WAL, sync FULL, each committed): "
        f"{ms(raw_saves):9.1f} ms   {ms(raw_saves) / N:7.3f} ms/row"
    )
    print(f"  baseline raw SELECT {N}:  {ms(raw_loads):9.1f} ms   {ms(raw_loads) / N:7.3f} ms/row")
    print(
        f"  baseline raw INSERT {N} (SQLite defaults: rollback journal): "
        f"{ms(default_saves):9.1f} ms   {ms(default_saves) / N:7.3f} ms/row"
    )
    print(f"  ratio save store/baseline (same settings): {ms(saves) / ms(raw_saves):6.2f}")
    print(f"  ratio save store/baseline (SQLite defaults): {ms(saves) / ms(default_saves):6.2f}")
    print(
        f"  ratio load store/baseline:  {ms(loads) / ms(raw_loads):6.2f}  "
        "(the store parses and validates each case; the baseline only fetches text)"
    )


if __name__ == "__main__":
    main()
