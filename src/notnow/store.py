"""Saved cases: one SQLite file, one row per case, so a user can stop now and resume later.

Why SQLite from the standard library: nothing to install or run, atomic transactions (a crash loses
at most the unsaved edit) and safe for two kernels writing at once (WAL + a busy timeout). The full
case is kept as JSON (the `Assessment`'s stable format); the other columns only feed the history list.
The user's standing set-up (`Profile`) is kept in the same file, one per owner.

In a workshop every participant gets a private `owner` code, made by the server
(`issue_owner_code`); it scopes every list, load, save and delete, so nobody sees another
participant's cases. The file keeps only a SHA-256 of each code: the codes are 128 random bits, so a
plain hash can't be reversed by guessing, and whoever reads the file can't use it to open a link.

When the file can't be used the store says why instead of failing: every error is one `StoreError`
(an `InputError` on the field "store", with a code per cause and a message in both languages). A
store it can't write (read-only file or folder, NOTNOW_HOME a file, …) still opens: `writable` is
False, `problem` says why and what to do, and the cases saved in it can still be listed and opened
when SQLite can read the file. Nothing saved is ever touched by a failure: a read-only file is never
set aside, migrated or half-written, and a failed save leaves the earlier version intact.

Private by default: a folder the store creates is 0700, the file (and SQLite's -wal/-shm next to it,
which copy its mode) 0600. An existing folder's mode is left alone (it may be shared on purpose,
e.g. a home folder), but an existing store file that others can read is narrowed to the owner only:
it holds clients' names, rates and private notes, and a store belongs to one account.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import secrets
import sqlite3
import stat
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from notnow.assessment import Assessment
from notnow.errors import InputError, StoreError
from notnow.profile import Profile

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BUSY_TIMEOUT_S", "FILE_NAME", "STORE_ERROR_CODES", "Store", "StoreError", "default_path", "owner_key"]

FILE_NAME = "notnow.sqlite3"
BUSY_TIMEOUT_S = 10.0
MAX_BUSY_TIMEOUT_S = 600.0
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
_OWNER = re.compile(r"[A-Za-z0-9_-]{0,64}")
_COMPANIONS = ("-wal", "-shm", "-journal")
# A file this close to the process's file-size limit can't take another save: "no room", not "I/O error".
_SIZE_LIMIT_MARGIN = 64 * 1024

# Every code a StoreError can carry (messages in data/content/*/store.toml, damaged_store in errors.toml).
STORE_ERROR_CODES: tuple[str, ...] = (
    "store_read_only_file",
    "store_read_only_folder",
    "store_locked",
    "store_disk_full",
    "store_home_is_file",
    "store_home_cannot_create",
    "store_io_error",
    "store_unreadable",
    "store_damaged_read_only",
    "store_corrupt",
    "store_failed",
    "damaged_store",
    "store_damaged_profile",
    "store_newer_version",
)
# Causes that switch saving off until the user changes something (the others are about one attempt).
_SAVING_OFF = frozenset(
    {
        "store_read_only_file",
        "store_read_only_folder",
        "store_home_is_file",
        "store_home_cannot_create",
        "store_unreadable",
        "store_damaged_read_only",
        "store_newer_version",
    }
)
# Causes after which there is no file of ours to read from.
_NOTHING_TO_READ = frozenset(
    {
        "store_home_is_file",
        "store_home_cannot_create",
        "store_unreadable",
        "store_damaged_read_only",
        "store_newer_version",  # its layout may be anything: left untouched, not guessed at
    }
)


def owner_key(code: str) -> str:
    """What the file keeps for a workshop code: its SHA-256 (hex); the solo user's empty code stays empty."""
    if not code:
        return ""
    return hashlib.sha256(b"notnow owner code\x00" + code.encode("utf-8")).hexdigest()


def _hash_owners(conn: sqlite3.Connection) -> None:
    """Schema step 3: every owner code becomes its hash, and counts as issued (its cases stay reachable)."""
    now = _now()
    for table in ("cases", "profiles"):
        owners = [row[0] for row in conn.execute(f"SELECT DISTINCT owner FROM {table} WHERE owner != ''")]
        for owner in owners:
            key = owner_key(str(owner))
            conn.execute(f"UPDATE {table} SET owner = ? WHERE owner = ?", (key, owner))
            conn.execute("INSERT OR IGNORE INTO owner_codes (key, issued_at) VALUES (?, ?)", (key, now))


# Each step brings the schema from version i to i + 1 (PRAGMA user_version); append, never edit.
# A step is SQL statements, or a function for what SQL alone can't do; all run in one transaction.
# IF NOT EXISTS lets step 1 adopt a v1 table that exists in a file still at version 0.
_MIGRATIONS: list[tuple[str, ...] | Callable[[sqlite3.Connection], None]] = [
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
    (
        "CREATE TABLE IF NOT EXISTS profiles (owner TEXT PRIMARY KEY, saved_at TEXT NOT NULL, json TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS owner_codes (key TEXT PRIMARY KEY, issued_at TEXT NOT NULL)",
    ),
    _hash_owners,
]
_PROFILES_SINCE = 2  # the schema version that has the profiles and owner_codes tables
_HASHED_SINCE = 3  # the schema version from which owner holds owner_key(code)
# Columns every version since 1 has: a file that lacks one of them is not ours.
_V1_COLUMNS = frozenset(
    {
        "id",
        "owner",
        "client",
        "saved_at",
        "created_at",
        "outcome",
        "follow_up",
        "step",
        "lang",
        "received",
        "deadline",
        "notice_days",
        "hours",
        "rush_total",
        "json",
    }
)
# What cases() returns, in this order.
CASE_COLUMNS: tuple[str, ...] = (
    "id",
    "client",
    "saved_at",
    "outcome",
    "follow_up",
    "step",
    "lang",
    "received",
    "deadline",
    "notice_days",
    "hours",
    "rush_total",
    "created_at",
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


def _check_timeout(seconds: object) -> float:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 0 <= seconds <= MAX_BUSY_TIMEOUT_S:
        raise InputError("busy_timeout", "between", min=0, max=int(MAX_BUSY_TIMEOUT_S))
    return float(seconds)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    """Errors that mean "this file is not a sound SQLite database" (as opposed to busy, locked, I/O)."""
    name = str(getattr(error, "sqlite_errorname", ""))
    return name == "SQLITE_NOTADB" or name.startswith("SQLITE_CORRUPT")


def _exists(path: Path) -> bool:
    """Whether something is at path; True when we may not even look (it is there, just not ours to read)."""
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True
    return True


def _may_write(path: Path) -> bool:
    """os.access honours what binds root too (immutable files, read-only mounts), unlike the mode bits."""
    if os.access in os.supports_effective_ids:
        return os.access(path, os.W_OK, effective_ids=True)
    return os.access(path, os.W_OK)


def _file_size_limit() -> int | None:
    """The process's file-size limit in bytes (ulimit -f), None when there is none or no way to know."""
    try:
        import resource  # late and optional: a POSIX-only module
    except ImportError:  # not on POSIX
        return None
    soft = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    return None if soft == resource.RLIM_INFINITY else int(soft)


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
    import pandas as pd  # late: see Store.cases

    return pd.to_datetime(column, utc=True, format="ISO8601").astype("datetime64[us, UTC]")


def _wall_times(column: pd.Series[Any]) -> pd.Series[pd.Timestamp]:
    import pandas as pd  # late: see Store.cases

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
    """The promised rush total of a job accepted at the rush rate (for the history list); None when the reply
    promised no rush price (`reply.promises`, the one plan every surface reads)."""
    if a.outcome != "accepted_rush":
        return None
    from notnow.reply import promises  # late: the reply module is not needed to open a store

    try:
        total = promises(a).rush_total
    except (InputError, ArithmeticError):
        return None
    return None if total is None else str(total)


def _check_in(a: Assessment) -> str | None:
    """The check-in the plan holds (the user's date, or the suggested working day), for the history's list."""
    from notnow.reply import promises  # late: see _rush_total

    try:
        check_in = promises(a).check_in
    except (InputError, ArithmeticError):
        check_in = a.follow_up
    return check_in.isoformat() if check_in else None


class Store:
    """The saved cases and profile of one owner in one SQLite file.

    `notice` is set when something happened that the user should hear about once: the file found at
    `path` was damaged or foreign and was moved aside (bytes untouched) for a fresh store, or the saved
    profile could not be read. `problem` is set while saving is off (`writable` is False); it says why
    and what to do. Every method raises only `StoreError` for a file that fails and `InputError` for a
    bad argument; the constructor raises only for a bad argument.
    """

    def __init__(
        self, path: str | os.PathLike[str] | None = None, owner: str = "", busy_timeout: float = BUSY_TIMEOUT_S
    ) -> None:
        self.owner = _check_owner(owner)
        self.busy_timeout = _check_timeout(busy_timeout)
        self.path = Path(path).expanduser() if path is not None else default_path()
        self.notice: StoreError | None = None
        self.problem: StoreError | None = None
        self._writable = False
        self._version = len(_MIGRATIONS)  # the open file's schema (older only when read as it is)
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._pid = os.getpid()
        self._inherited: list[sqlite3.Connection] = []
        with self._lock:
            self._open()

    @staticmethod
    def new_owner_code() -> str:
        """A fresh unguessable code (128 random bits), not yet recorded: see issue_owner_code()."""
        return secrets.token_urlsafe(16)

    @property
    def writable(self) -> bool:
        """Whether saving works (as far as the store knows); when False, `problem` says why."""
        return self._writable

    # --- opening -------------------------------------------------------------------------------

    def _open(self) -> None:
        """Open read-write when possible; else keep what can be read, with `problem` saying why. Never raises
        StoreError: a store that can't save still lets the workbook start."""
        self._drop_connection()
        try:
            self._conn = self._open_read_write()
        except StoreError as error:
            self.problem = error
            if error.code not in _NOTHING_TO_READ:
                self._conn = self._open_read_only()
            return
        self._writable, self._version, self.problem = True, len(_MIGRATIONS), None

    def _open_read_write(self) -> sqlite3.Connection:
        try:
            self._make_folder()
            damaged = self._inspect()
            blocked = self._write_blocker()
            if damaged is not None:
                if blocked is not None:  # not ours to move: leave it exactly as it is
                    raise StoreError("store_damaged_read_only", path=str(self.path))
                aside = self._set_aside(damaged)
                if aside is not None:
                    self.notice = StoreError("damaged_store", path=str(aside))
            elif blocked is not None:
                raise blocked
            self._create_file()
            conn = self._connect_read_write()
        except (OSError, sqlite3.Error) as error:
            raise self._classify(error) from error
        self._make_private()
        return conn

    def _make_folder(self) -> None:
        """Create the missing folders, each 0700; a file in the way or a folder we can't make is a StoreError."""
        folder = self.path.parent
        missing: list[Path] = []
        probe = folder
        try:
            while not probe.is_dir():
                if _exists(probe) or probe.is_symlink():
                    raise StoreError("store_home_is_file", path=str(probe))
                missing.append(probe)
                if probe.parent == probe:
                    break
                probe = probe.parent
            for part in reversed(missing):
                try:
                    part.mkdir(mode=PRIVATE_FOLDER)
                except FileExistsError:
                    if not part.is_dir():  # a file appeared (else another kernel made the folder: fine)
                        raise StoreError("store_home_is_file", path=str(part)) from None
        except OSError as error:
            raise StoreError("store_home_cannot_create", path=str(folder)) from error
        if self.path.is_dir():
            raise StoreError("store_unreadable", path=str(self.path))

    def _write_blocker(self) -> StoreError | None:
        """Why we may not write the store, or None. Checked before any write, so a read-only store is never
        moved, migrated or half-written. SQLite needs the folder too (for its -wal and -shm files)."""
        if _exists(self.path) and not _may_write(self.path):
            return StoreError("store_read_only_file", path=str(self.path))
        if not _may_write(self.path.parent):
            return StoreError("store_read_only_folder", path=str(self.path.parent))
        return None

    def _create_file(self) -> None:
        """Create the store file 0600 ourselves: SQLite would make it 0644, and copies its mode to -wal/-shm."""
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE)
        except FileExistsError:
            return
        os.close(fd)

    def _connect_read_write(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a save that returned survives a power cut too, not only a killed kernel.
            conn.execute("PRAGMA synchronous = FULL")
            self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _make_private(self) -> None:
        """Narrow an existing store that others may read to owner-only (see the module docstring)."""
        if os.name != "posix":
            return
        for file in (self.path, *(Path(f"{self.path}{suffix}") for suffix in _COMPANIONS)):
            with suppress(OSError):  # not there, or not ours to change: nothing to narrow
                mode = os.stat(file).st_mode
                if stat.S_IMODE(mode) & 0o077:
                    os.chmod(file, stat.S_IMODE(mode) & 0o700)

    def _connect_read_only(self) -> sqlite3.Connection:
        """A connection that can't write. In a read-only folder SQLite can't make the -shm a WAL store needs;
        then the file is read as last checkpointed (immutable=1), which for a store closed cleanly is all of it."""
        uri = self.path.resolve().as_uri()
        for query in ("mode=ro", "mode=ro&immutable=1"):
            conn = sqlite3.connect(
                f"{uri}?{query}", uri=True, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False
            )
            try:
                conn.execute("PRAGMA user_version").fetchone()
                return conn
            except sqlite3.OperationalError as error:
                conn.close()
                name = str(getattr(error, "sqlite_errorname", ""))
                if "immutable" in query or not name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _open_read_only(self) -> sqlite3.Connection | None:
        """The store read as it is (any schema version of ours, never migrated); None when there is nothing
        of ours to read."""
        try:
            conn = self._connect_read_only() if self.path.is_file() else None
        except (OSError, sqlite3.Error):
            conn = None
        if conn is None:
            return None
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            columns = {str(row[1]) for row in conn.execute("PRAGMA table_info(cases)")}
        except sqlite3.Error:
            conn.close()
            return None
        if version > len(_MIGRATIONS) or not _V1_COLUMNS.issubset(columns):
            conn.close()
            return None
        self._version = max(version, 1)  # a version-0 file with our table is a version-1 store
        return conn

    def _inspect(self) -> os.stat_result | None:
        """The file's stat when it exists but is not a store we can use; None when it is fine or new.

        Read-only, so a foreign file is never changed by looking at it. A store of a newer notnow raises StoreError.
        """
        try:
            seen = self.path.stat()
        except FileNotFoundError:
            return None
        if seen.st_size == 0:
            return None  # SQLite treats an empty file as an empty database (also: another kernel creating it)
        try:
            check = self._connect_read_only()
        except sqlite3.DatabaseError as error:
            if _is_damage(error):
                return seen
            raise
        try:
            if check.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
                return seen
            version = int(check.execute("PRAGMA user_version").fetchone()[0])
            tables = {
                str(name)
                for (name,) in check.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                if not str(name).startswith("sqlite_")
            }
            columns = {str(row[1]) for row in check.execute("PRAGMA table_info(cases)")}
        except sqlite3.DatabaseError as error:
            if _is_damage(error):
                return seen
            raise
        finally:
            check.close()
        if version > len(_MIGRATIONS):
            # written by a newer notnow: not damaged, and not ours to read or move; the page says to update
            raise StoreError("store_newer_version", path=str(self.path), version=version)
        if version == 0 and not tables:
            return None  # a new, empty database
        if "cases" not in tables or not _V1_COLUMNS.issubset(columns):
            return seen  # another program's database, or ours with the table gone
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
        for suffix in _COMPANIONS:
            companion = Path(f"{self.path}{suffix}")
            if companion.exists():
                os.rename(companion, Path(f"{aside}{suffix}"))
        return aside

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        """Bring the schema up to date in one transaction (two kernels starting at once: one does it)."""
        if int(conn.execute("PRAGMA user_version").fetchone()[0]) >= len(_MIGRATIONS):
            return
        # Owner codes replaced by their hash must leave no copy behind: zero what is freed, then rebuild.
        secure_delete = int(conn.execute("PRAGMA secure_delete").fetchone()[0])
        conn.execute("PRAGMA secure_delete = ON")
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                for step in _MIGRATIONS[version:]:
                    if callable(step):
                        step(conn)
                    else:
                        for sql in step:
                            conn.execute(sql)
                if version < len(_MIGRATIONS):
                    conn.execute(f"PRAGMA user_version = {len(_MIGRATIONS)}")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
        finally:
            with suppress(sqlite3.Error):
                conn.execute(f"PRAGMA secure_delete = {secure_delete}")  # back to what this SQLite build does
        if version < _HASHED_SINCE:
            with suppress(sqlite3.Error):  # best effort: another kernel reading may hold the old pages a while
                conn.execute("VACUUM")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # --- the connection ------------------------------------------------------------------------

    def _drop_connection(self) -> None:
        if self._conn is not None and os.getpid() == self._pid:
            with suppress(sqlite3.Error):
                self._conn.close()
        self._conn, self._writable = None, False

    def _ensure_open(self) -> None:
        """Reopen after close() and in a forked child, and retry a store that had nothing to read."""
        if self._conn is not None and os.getpid() != self._pid:
            # A connection must not cross fork(); keep the parent's object alive (closing it here
            # could disturb the parent's locks) and open our own.
            self._inherited.append(self._conn)
            self._conn = None
        if self._conn is None:
            self._pid = os.getpid()
            self._open()

    @contextmanager
    def _reading(self, strict: bool = True) -> Iterator[sqlite3.Connection | None]:
        """The connection for a read, one caller at a time; None when there is nothing to read.

        strict: a file that is there but can't be read raises `problem` (else the caller reports "nothing").
        """
        with self._lock:
            self._ensure_open()
            if self._conn is None and strict and self.problem is not None and _exists(self.path):
                raise self.problem
            try:
                yield self._conn
            except (OSError, sqlite3.Error) as error:
                raise self._classify(error) from error

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: take the write lock up front so a busy store waits, not fails.

        A failure rolls back (SQLite may have done so already) and raises one StoreError.
        """
        with self._lock:
            self._ensure_open()
            if not self._writable:
                self._open()  # the user may have fixed the cause since: try again before refusing
            conn = self._conn
            if not self._writable or conn is None:
                raise self.problem or StoreError("store_failed", path=str(self.path))
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        with suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                    raise
            except (OSError, sqlite3.Error) as error:
                problem = self._classify(error)
                if problem.code in _SAVING_OFF:
                    self.problem, self._writable = problem, False
                raise problem from error

    def _classify(self, error: BaseException) -> StoreError:
        """The one StoreError that says what went wrong, from SQLite's error name or the system's errno."""
        if isinstance(error, StoreError):
            return error
        path = str(self.path)
        if isinstance(error, sqlite3.Error):
            name = str(getattr(error, "sqlite_errorname", ""))
            if name.startswith("SQLITE_READONLY"):
                return self._write_blocker() or StoreError(
                    "store_read_only_folder" if name == "SQLITE_READONLY_DIRECTORY" else "store_read_only_file",
                    path=str(self.path.parent) if name == "SQLITE_READONLY_DIRECTORY" else path,
                )
            if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
                return StoreError("store_locked", path=path)
            if name == "SQLITE_FULL" or (name.startswith("SQLITE_IOERR") and self._at_size_limit()):
                return StoreError("store_disk_full", path=path)
            if name.startswith("SQLITE_IOERR"):
                return StoreError("store_io_error", path=path)
            if name in ("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH"):
                return StoreError("store_unreadable", path=path)
            if isinstance(error, sqlite3.DatabaseError) and _is_damage(error):
                return StoreError("store_corrupt", path=path)
            return StoreError("store_failed", path=path)
        if isinstance(error, OSError):
            if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                return self._write_blocker() or StoreError("store_unreadable", path=path)
            if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
                return StoreError("store_disk_full", path=path)
            return StoreError("store_io_error", path=path)
        return StoreError("store_failed", path=path)

    def _at_size_limit(self) -> bool:
        """Whether a store file has (nearly) reached the process's file-size limit: SQLite reports the
        refused write (EFBIG) as an I/O error, but for the user it means "no room"."""
        limit = _file_size_limit()
        if limit is None:
            return False
        sizes = []
        for file in (self.path, *(Path(f"{self.path}{suffix}") for suffix in _COMPANIONS)):
            with suppress(OSError):
                sizes.append(os.stat(file).st_size)
        return bool(sizes) and max(sizes) + _SIZE_LIMIT_MARGIN > limit

    @property
    def _owner_value(self) -> str:
        """The owner column's value for this store's code in the open file (a hash since schema 3)."""
        return owner_key(self.owner) if self._version >= _HASHED_SINCE else self.owner

    def close(self) -> None:
        """Release the file (tests, a kernel that switches stores); the next call opens it again."""
        with self._lock:
            writable = self._writable
            self._drop_connection()
            self._writable = writable

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}, owner={'<set>' if self.owner else ''!r})"

    # --- cases ---------------------------------------------------------------------------------

    def save(self, a: Assessment) -> str:
        """Insert or update the case; returns its id once committed (a case saved before keeps its id).

        The case itself is not changed (it is immutable): the caller keeps `a.replace(case_id=…)`.
        An id that belongs to another owner is never overwritten: the case is saved under a new id.
        A save that fails raises StoreError and leaves the version saved before intact.
        """
        if not isinstance(a, Assessment):
            raise InputError("saved_case", "required")
        r = a.request
        rush_total = _rush_total(a)
        now = _now()
        with self._transaction() as conn:
            owner = self._owner_value
            case_id = a.case_id or uuid.uuid4().hex
            row = conn.execute("SELECT owner FROM cases WHERE id = ?", (case_id,)).fetchone()
            while row is not None and row[0] != owner:
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
                (
                    case_id,
                    owner,
                    r.client,
                    now,
                    now,
                    a.outcome,
                    _check_in(a),
                    a.step,
                    a.lang,
                    r.received.isoformat(),
                    r.deadline.isoformat(),
                    r.notice_days,
                    r.hours,
                    rush_total,
                    _json(a, case_id),
                ),
            )
        return case_id

    def load(self, case_id: str) -> Assessment:
        """The saved case; InputError when it isn't this owner's or its JSON is damaged."""
        with self._reading() as conn:
            row = (
                None
                if conn is None
                else conn.execute(
                    "SELECT json FROM cases WHERE id = ? AND owner = ?", (str(case_id), self._owner_value)
                ).fetchone()
            )
        if row is None:
            raise InputError("case_id", "not_found", value=case_id)
        return _case(row[0], case_id)

    def delete(self, case_id: str) -> None:
        """Remove one of this owner's cases; InputError when there is no such case."""
        with self._transaction() as conn:
            gone = conn.execute(
                "DELETE FROM cases WHERE id = ? AND owner = ?", (str(case_id), self._owner_value)
            ).rowcount
        if gone == 0:
            raise InputError("case_id", "not_found", value=case_id)

    def latest(self) -> Assessment | None:
        """The most recently saved case that still loads ("resume where you left off"); None if none.

        A row whose JSON is damaged is skipped here, and a store with nothing readable gives None (its
        `problem` says why), so neither stops the workbook starting.
        """
        with self._reading(strict=False) as conn:
            rows = (
                []
                if conn is None
                else conn.execute(
                    "SELECT id, json FROM cases WHERE owner = ? ORDER BY saved_at DESC, rowid DESC LIMIT 20",
                    (self._owner_value,),
                ).fetchall()
            )
        for case_id, text in rows:
            try:
                return _case(text, case_id)
            except InputError:
                continue
        return None

    def case_list(self, limit: int = 500) -> list[tuple[str, str, datetime | None]]:
        """(id, client, saved at in UTC) of this owner's cases, newest save first: the "open a case" list.

        The same rows as `cases()`, without pandas: the first page shows it, and must not wait for pandas.
        """
        with self._reading() as conn:
            rows = (
                []
                if conn is None
                else conn.execute(
                    "SELECT id, client, saved_at FROM cases WHERE owner = ? ORDER BY saved_at DESC, rowid DESC LIMIT ?",
                    (self._owner_value, int(limit)),
                ).fetchall()
            )
        listed = []
        for case_id, client, saved_at in rows:
            try:
                moment: datetime | None = datetime.fromisoformat(str(saved_at))
            except ValueError:
                moment = None
            listed.append((str(case_id), str(client), moment))
        return listed

    def cases(self) -> pd.DataFrame:
        """The history list: one row per case of this owner, newest save first (no JSON parsing).

        Same dtypes whether empty or not: saved_at/created_at in UTC, received/deadline as entered.
        Empty when nothing was ever saved here; StoreError when the file is there but can't be read.
        """
        import pandas as pd  # late: a second to import; the dashboard's first page lists cases without it

        with self._reading() as conn:
            rows = (
                []
                if conn is None
                else conn.execute(
                    f"SELECT {', '.join(CASE_COLUMNS)} FROM cases WHERE owner = ? ORDER BY saved_at DESC, rowid DESC",
                    (self._owner_value,),
                ).fetchall()
            )
        raw = pd.DataFrame(rows, columns=list(CASE_COLUMNS), dtype=object)
        return pd.DataFrame(
            {
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
            }
        )

    # --- the profile -----------------------------------------------------------------------------

    def save_profile(self, profile: Profile) -> None:
        """Keep this owner's standing set-up (replacing the one saved before); StoreError when it can't."""
        if not isinstance(profile, Profile):
            raise InputError("profile", "required")
        text = profile.to_json()
        with self._transaction() as conn:
            conn.execute(
                """INSERT INTO profiles (owner, saved_at, json) VALUES (?, ?, ?)
                   ON CONFLICT (owner) DO UPDATE SET saved_at = excluded.saved_at, json = excluded.json""",
                (self._owner_value, _now(), text),
            )

    def load_profile(self) -> Profile | None:
        """This owner's saved set-up; None when there is none, or it can't be read (then `notice` says so).

        Never raises for a damaged row or an unreadable store, so a new case can always start (from defaults).
        """
        with self._reading(strict=False) as conn:
            row = (
                None
                if conn is None or self._version < _PROFILES_SINCE
                else conn.execute("SELECT json FROM profiles WHERE owner = ?", (self._owner_value,)).fetchone()
            )
        if row is None:
            return None
        try:
            return Profile.from_json(row[0])
        except (ValueError, TypeError, LookupError, AttributeError, ArithmeticError):
            # InputError is a ValueError; the others: a row edited by hand into a shape Profile doesn't expect.
            self.notice = StoreError("store_damaged_profile")
            return None

    # --- workshop codes --------------------------------------------------------------------------

    def issue_owner_code(self) -> str:
        """A fresh unguessable code, recorded (as its hash) as made by this server; StoreError when it can't be."""
        code = self.new_owner_code()
        with self._transaction() as conn:
            conn.execute("INSERT INTO owner_codes (key, issued_at) VALUES (?, ?)", (owner_key(code), _now()))
        return code

    def is_issued(self, code: str) -> bool:
        """Whether this server made `code` (issue_owner_code), so a made-up or guessed code is never used.

        False for anything that isn't a code, and when the store can't be read.
        """
        if not isinstance(code, str) or not code or not _OWNER.fullmatch(code):
            return False
        with self._reading(strict=False) as conn:
            if conn is None:
                return False
            if self._version >= _HASHED_SINCE:
                row = conn.execute("SELECT 1 FROM owner_codes WHERE key = ?", (owner_key(code),)).fetchone()
            else:  # an older file read as it is: the upgrade will count every code in use as issued
                row = conn.execute("SELECT 1 FROM cases WHERE owner = ? LIMIT 1", (code,)).fetchone()
        return row is not None
