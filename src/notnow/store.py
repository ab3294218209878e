"""Saved cases: one SQLite file, one row per case, so a user can stop now and resume later.

Why SQLite from the standard library: nothing to install or run, atomic transactions (a crash loses
at most the unsaved edit) and safe for two kernels writing at once (WAL + a busy timeout). The full
case is kept as JSON (the `Assessment`'s stable format); the other columns only feed the history list.

In a workshop every participant gets a private `owner` code; it scopes every list, load, save and
delete, so nobody sees another participant's cases.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd

from notnow.assessment import Assessment
from notnow.errors import InputError

FILE_NAME = "notnow.sqlite3"
BUSY_TIMEOUT_S = 10.0
_OWNER = re.compile(r"[A-Za-z0-9_-]{0,64}")

# Each step brings the schema from version i to i + 1 (PRAGMA user_version); append, never edit.
# IF NOT EXISTS lets step 1 adopt a v1 table that exists in a file still at version 0.
_MIGRATIONS: list[tuple[str, ...]] = [
    (
        """CREATE TABLE IF NOT EXISTS cases (
            id TEXT PRIMARY KEY,
            owner TEXT NOT NULL DEFAULT '',
            client TEXT,
            saved_at TEXT,
            created_at TEXT,
            outcome TEXT,
            follow_up TEXT,
            step TEXT,
            lang TEXT,
            received TEXT,
            deadline TEXT,
            notice_days REAL,
            hours REAL,
            rush_total TEXT,
            json TEXT NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS cases_owner_saved_at ON cases (owner, saved_at)",
    ),
]
# Columns every version since 1 has: a file that lacks one of them is not ours.
_V1_COLUMNS = frozenset({
    "id", "owner", "client", "saved_at", "created_at", "outcome", "follow_up", "step", "lang",
    "received", "deadline", "notice_days", "hours", "rush_total", "json",
})
# What cases() returns, in this order.
CASE_COLUMNS: tuple[str, ...] = (
    "id", "client", "saved_at", "outcome", "follow_up", "step", "lang", "received", "deadline",
    "notice_days", "hours", "rush_total", "created_at",
)

def default_path() -> Path:
    """$NOTNOW_HOME/notnow.sqlite3 when set (tests, shared servers), else the user's data folder."""
    home = os.environ.get("NOTNOW_HOME", "").strip()
    if home:
        return Path(home).expanduser() / FILE_NAME
    import platformdirs  # late: only the default location needs it

    return Path(str(platformdirs.user_data_dir("notnow"))) / FILE_NAME


def _check_owner(owner: object) -> str:
    if not isinstance(owner, str) or not _OWNER.fullmatch(owner):
        raise InputError("store", "choice", allowed="letters, digits, - and _")
    return owner


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    """Errors that mean "this file is not a sound SQLite database" (as opposed to busy, locked, I/O)."""
    name = str(getattr(error, "sqlite_errorname", ""))
    return name == "SQLITE_NOTADB" or name.startswith("SQLITE_CORRUPT")


def _wall_time(text: object) -> datetime | None:
    """A stored date-time as the user entered it (wall clock; an offset, if any, is dropped) so
    naive and aware requests fit in one datetime column."""
    if not isinstance(text, str) or not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


def _utc_times(column: pd.Series[Any]) -> pd.Series[pd.Timestamp]:
    return pd.to_datetime(column, utc=True, format="ISO8601").astype("datetime64[us, UTC]")


def _wall_times(column: pd.Series[Any]) -> pd.Series[pd.Timestamp]:
    return pd.to_datetime(pd.Series([_wall_time(v) for v in column], dtype=object)).astype("datetime64[us]")


def _a_date(text: object) -> date | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _json(a: Assessment, case_id: str) -> str:
    """The case's JSON under its id (same content as `a.to_json()`), compact: the C encoder only runs
    without indent, which makes a save about twice as fast; loading reads either form."""
    return json.dumps({**a.to_dict(), "case_id": case_id}, ensure_ascii=False, separators=(",", ":"))


def _case(text: str, case_id: object) -> Assessment:
    """A stored case under the id of its row (the row's id wins over whatever the JSON says)."""
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        raise InputError("saved_case", "bad_json") from None
    if not isinstance(data, dict):
        raise InputError("saved_case", "bad_json")
    return Assessment.from_dict({**data, "case_id": str(case_id)})


def _rush_total(a: Assessment) -> str | None:
    """The quoted total for an accepted rush job (for the history list); None when it can't be quoted."""
    if a.outcome != "accepted_rush":
        return None
    try:
        return str(a.quote().total)
    except (InputError, ArithmeticError):
        return None


class Store:
    """The saved cases of one owner in one SQLite file.

    `notice` is set when the file found at `path` was damaged or foreign: it was moved aside (bytes
    untouched) and a fresh store started, so the workbook still opens; the UI shows the notice.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, owner: str = "") -> None:
        self.owner = _check_owner(owner)
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.notice: InputError | None = None
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._pid = os.getpid()
        self._inherited: list[sqlite3.Connection] = []
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            self._open()

    @staticmethod
    def new_owner_code() -> str:
        """A fresh private workshop code (unguessable: it is the only key to a participant's cases)."""
        return secrets.token_urlsafe(16)

    # --- opening -------------------------------------------------------------------------------

    def _open(self) -> None:
        problem = self._inspect()
        if problem is not None:
            aside = self._set_aside(problem)
            if aside is not None:
                self.notice = InputError("store", "damaged_store", path=str(aside))
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a save that returned survives a power cut too, not only a killed kernel.
            conn.execute("PRAGMA synchronous = FULL")
            self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def _inspect(self) -> os.stat_result | None:
        """The file's stat when it exists but is not a store we can use; None when it is fine or new.

        Read-only, so a foreign file is never changed by looking at it.
        """
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        if stat.st_size == 0:
            return None  # SQLite treats an empty file as an empty database (also: another kernel creating it)
        try:
            check = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                    timeout=BUSY_TIMEOUT_S)
        except sqlite3.DatabaseError as error:
            if _is_damage(error):
                return stat
            raise
        try:
            if check.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                return stat
            version = int(check.execute("PRAGMA user_version").fetchone()[0])
            tables = {str(name) for (name,) in check.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'") if not str(name).startswith("sqlite_")}
            columns = {str(row[1]) for row in check.execute("PRAGMA table_info(cases)")}
        except sqlite3.DatabaseError as error:
            if _is_damage(error):
                return stat
            raise
        finally:
            check.close()
        if version > len(_MIGRATIONS):
            return stat  # written by a newer notnow: don't guess at its layout
        if version == 0 and not tables:
            return None  # a new, empty database
        if "cases" not in tables or not _V1_COLUMNS.issubset(columns):
            return stat  # another program's database, or ours with the table gone
        return None

    def _set_aside(self, seen: os.stat_result) -> Path | None:
        """Rename the file (and its WAL companions) to <name>.damaged-<UTC time>; bytes untouched.

        Returns None when another process moved or replaced it first (then there is nothing to report).
        """
        try:
            now = self.path.stat()
        except FileNotFoundError:
            return None
        if (now.st_ino, now.st_size, now.st_mtime_ns) != (seen.st_ino, seen.st_size, seen.st_mtime_ns):
            return None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        n = 1
        while aside.exists():
            aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{n}")
            n += 1
        try:
            os.rename(self.path, aside)
        except FileNotFoundError:
            return None
        for suffix in ("-wal", "-shm", "-journal"):
            companion = Path(f"{self.path}{suffix}")
            if companion.exists():
                os.rename(companion, Path(f"{aside}{suffix}"))
        return aside

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        """Bring the schema up to date in one transaction (two kernels starting at once: one does it)."""
        if int(conn.execute("PRAGMA user_version").fetchone()[0]) >= len(_MIGRATIONS):
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            for steps in _MIGRATIONS[version:]:
                for sql in steps:
                    conn.execute(sql)
            if version < len(_MIGRATIONS):
                conn.execute(f"PRAGMA user_version = {len(_MIGRATIONS)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """The store's connection, one caller at a time; reopened after close() and in a forked child."""
        with self._lock:
            if self._conn is not None and os.getpid() != self._pid:
                # A connection must not cross fork(); keep the parent's object alive (closing it here
                # could disturb the parent's locks) and open our own.
                self._inherited.append(self._conn)
                self._conn = None
            if self._conn is None:
                self._pid = os.getpid()
                self._open()
            assert self._conn is not None
            yield self._conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: take the write lock up front so a busy store waits, not fails."""
        with self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def close(self) -> None:
        """Release the file (tests, a kernel that switches stores); the next call opens it again."""
        with self._lock:
            if self._conn is not None and os.getpid() == self._pid:
                self._conn.close()
            self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}, owner={'<set>' if self.owner else ''!r})"

    # --- cases ---------------------------------------------------------------------------------

    def save(self, a: Assessment) -> str:
        """Insert or update the case; returns its id once committed (a case saved before keeps its id).

        The case itself is not changed (it is immutable): the caller keeps `a.replace(case_id=…)`.
        An id that belongs to another owner is never overwritten: the case is saved under a new id.
        """
        r = a.request
        rush_total = _rush_total(a)
        now = _now()
        with self._transaction() as conn:
            case_id = a.case_id or uuid.uuid4().hex
            row = conn.execute("SELECT owner FROM cases WHERE id = ?", (case_id,)).fetchone()
            while row is not None and row[0] != self.owner:
                case_id = uuid.uuid4().hex
                row = conn.execute("SELECT owner FROM cases WHERE id = ?", (case_id,)).fetchone()
            conn.execute(
                """INSERT INTO cases (id, owner, client, saved_at, created_at, outcome, follow_up,
                                      step, lang, received, deadline, notice_days, hours,
                                      rush_total, json)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                       ON CONFLICT (id) DO UPDATE SET
                       client = excluded.client, saved_at = excluded.saved_at,
                       outcome = excluded.outcome, follow_up = excluded.follow_up,
                       step = excluded.step, lang = excluded.lang, received = excluded.received,
                       deadline = excluded.deadline, notice_days = excluded.notice_days,
                       hours = excluded.hours, rush_total = excluded.rush_total, json = excluded.json
                   WHERE cases.owner = excluded.owner""",
                (case_id, self.owner, r.client, now, now, a.outcome,
                 a.follow_up.isoformat() if a.follow_up else None, a.step, a.lang,
                 r.received.isoformat(), r.deadline.isoformat(), r.notice_days, r.hours,
                 rush_total, _json(a, case_id)),
            )
        return case_id

    def load(self, case_id: str) -> Assessment:
        """The saved case; InputError when it isn't this owner's or its JSON is damaged."""
        with self._connection() as conn:
            row = conn.execute("SELECT json FROM cases WHERE id = ? AND owner = ?",
                               (str(case_id), self.owner)).fetchone()
        if row is None:
            raise InputError("case_id", "not_found", value=case_id)
        return _case(row[0], case_id)

    def delete(self, case_id: str) -> None:
        """Remove one of this owner's cases; InputError when there is no such case."""
        with self._transaction() as conn:
            gone = conn.execute("DELETE FROM cases WHERE id = ? AND owner = ?",
                                (str(case_id), self.owner)).rowcount
        if gone == 0:
            raise InputError("case_id", "not_found", value=case_id)

    def latest(self) -> Assessment | None:
        """The most recently saved case that still loads ("resume where you left off"); None if none.

        A row whose JSON is damaged is skipped here, so one bad row never stops the workbook starting.
        """
        with self._connection() as conn:
            rows = conn.execute("SELECT id, json FROM cases WHERE owner = ? ORDER BY saved_at DESC, "
                                "rowid DESC LIMIT 20", (self.owner,)).fetchall()
        for case_id, text in rows:
            try:
                return _case(text, case_id)
            except InputError:
                continue
        return None

    def cases(self) -> pd.DataFrame:
        """The history list: one row per case of this owner, newest save first (no JSON parsing).

        Same dtypes whether empty or not: saved_at/created_at in UTC, received/deadline as entered.
        """
        with self._connection() as conn:
            rows = conn.execute(
                f"SELECT {', '.join(CASE_COLUMNS)} FROM cases WHERE owner = ? "
                "ORDER BY saved_at DESC, rowid DESC", (self.owner,)).fetchall()
        raw = pd.DataFrame(rows, columns=list(CASE_COLUMNS), dtype=object)
        return pd.DataFrame({
            "id": raw["id"].astype(str),
            "client": raw["client"].astype(str),
            "saved_at": _utc_times(raw["saved_at"]),
            "outcome": raw["outcome"].astype(str),
            "follow_up": pd.Series([_a_date(v) for v in raw["follow_up"]], dtype=object),
            "step": raw["step"].astype(str),
            "lang": raw["lang"].astype(str),
            "received": _wall_times(raw["received"]),
            "deadline": _wall_times(raw["deadline"]),
            "notice_days": pd.to_numeric(raw["notice_days"], errors="coerce").astype(float),
            "hours": pd.to_numeric(raw["hours"], errors="coerce").astype(float),
            "rush_total": pd.to_numeric(raw["rush_total"], errors="coerce").astype(float),
            "created_at": _utc_times(raw["created_at"]),
        })
