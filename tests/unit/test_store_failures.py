"""When the case file can't do its job, the store says why in one StoreError and never harms what was saved.

Real files and real SQLite, no mocks. Read-only is made with permissions, which root ignores: as root (CI) the
scenario runs in a forked child that drops to the user `nobody`, which permissions bind; as a plain user,
chmod alone does it. A full disk is the process's file-size limit (RLIMIT_FSIZE, which binds root too) or,
where mounting works, a tiny tmpfs. A lock is a second real connection holding BEGIN EXCLUSIVE.
"""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import sqlite3
import stat
import subprocess
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest

from notnow import content
from notnow.assessment import Assessment
from notnow.errors import InputError
from notnow.fmt import error_text
from notnow.profile import Profile
from notnow.store import _MIGRATIONS, FILE_NAME, STORE_ERROR_CODES, Store, StoreError

pwd = pytest.importorskip("pwd", reason="permissions, fork and rlimits are POSIX")
resource = pytest.importorskip("resource", reason="permissions, fork and rlimits are POSIX")
AS_ROOT = os.geteuid() == 0


def _nobody() -> Any:
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        return None


NOBODY = _nobody()


def example(client: str = "Bloom & Co", **changes: object) -> Assessment:
    data = Assessment.example("en").to_dict()
    data["request"]["client"] = client
    data.update(changes)
    return Assessment.from_dict(data)


def as_other_user(work: Callable[[], Any]) -> Any:
    """Run `work` in a forked child that permissions bind, and return what it returns.

    As root the child drops to `nobody`. A fork, not a new interpreter: `nobody` may not be allowed to start
    the test's Python (installed under /root, say), and everything the child needs is imported already.
    """
    if AS_ROOT and NOBODY is None:
        pytest.skip("as root, read-only needs a user that permissions bind, and this system has no 'nobody'")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_end)
            try:
                if AS_ROOT:
                    os.setgroups([])
                    os.setgid(NOBODY.pw_gid)
                    os.setuid(NOBODY.pw_uid)
                payload = pickle.dumps(("ok", work()))
            except BaseException:
                payload = pickle.dumps(("error", traceback.format_exc()))
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    kind, value = pickle.loads(data)
    if kind != "ok":
        pytest.fail(f"the scenario failed in the child:\n{value}")
    return value


@pytest.fixture(scope="module", autouse=True)
def _warm(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Run every store path once in this process, so a child that dropped privileges imports nothing new."""
    folder = tmp_path_factory.mktemp("warm")
    with Store(folder / FILE_NAME, owner="warm") as store:
        case_id = store.save(example())
        store.load(case_id)
        store.cases()
        store.latest()
        store.save_profile(Profile())
        store.load_profile()
        store.is_issued(store.issue_owner_code())
    for lang in content.LANGS:
        error_text(StoreError("store_failed", path="x"), lang)


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder the child can reach (pytest's own tmp folders are private to the user who runs it)."""
    folder = Path(tempfile.mkdtemp(prefix="notnow-store-test-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if not path.is_symlink():
                with suppress(OSError):
                    path.chmod(0o700 if path.is_dir() else 0o600)
        shutil.rmtree(folder, ignore_errors=True)


def for_the_child(path: Path, mode: int) -> None:
    """Make path writable for the child: the child's own when we are root (it runs as nobody)."""
    if AS_ROOT and NOBODY is not None:
        os.chown(path, NOBODY.pw_uid, NOBODY.pw_gid)
    path.chmod(mode)


def read_only(path: Path) -> None:
    """Read-only for the child: no write bits (and, as root, not the child's: nobody may not chmod it back)."""
    path.chmod(0o555 if path.is_dir() else 0o444)


def saved_store(folder: Path, *clients: str) -> tuple[Path, list[str]]:
    """A store with one case per client, closed, then opened up so the child may read it."""
    path = folder / FILE_NAME
    with Store(path) as store:
        ids = [store.save(example(client)) for client in clients]
    folder.chmod(0o755)
    path.chmod(0o644)
    return path, ids


def code_of(error: StoreError | None) -> tuple[str, str] | None:
    return None if error is None else (error.code, str(error.params.get("path", "")))


def refused(action: Callable[[], object]) -> tuple[str, str] | str:
    """The StoreError's code and path when action raises one; "done" when it worked."""
    try:
        action()
    except StoreError as error:
        return code_of(error) or ""
    return "done"


def damaged_copies(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".damaged-" in p.name)


# --- read-only ---------------------------------------------------------------------------------------


def test_a_read_only_file_still_lists_and_opens_its_cases_but_refuses_to_save(shared: Path) -> None:
    folder = shared / "home"
    folder.mkdir()
    path, (first, _second) = saved_store(folder, "First", "Second")
    for_the_child(folder, 0o755)
    read_only(path)
    before = path.read_bytes()

    def scenario() -> dict[str, object]:
        store = Store(path)
        latest = store.latest()
        return {
            "writable": store.writable,
            "problem": code_of(store.problem),
            "clients": list(store.cases()["client"]),
            "opened": store.load(first).request.client,
            "latest": latest.request.client if latest else None,
            "save": refused(lambda: store.save(example("Third"))),
            "delete": refused(lambda: store.delete(first)),
            "profile": refused(lambda: store.save_profile(Profile())),
        }

    result = as_other_user(scenario)
    read_only_file = ("store_read_only_file", str(path))
    assert result == {
        "writable": False,
        "problem": read_only_file,
        "clients": ["Second", "First"],
        "opened": "First",
        "latest": "Second",
        "save": read_only_file,
        "delete": read_only_file,
        "profile": read_only_file,
    }
    assert path.read_bytes() == before
    assert damaged_copies(folder) == []


def test_a_read_only_folder_still_lists_and_opens_its_cases_but_refuses_to_save(shared: Path) -> None:
    folder = shared / "home"
    folder.mkdir()
    path, (first,) = saved_store(folder, "First")
    for_the_child(path, 0o644)  # the file itself could be written: the folder (for -wal, -shm) can't
    read_only(folder)
    before = path.read_bytes()

    def scenario() -> dict[str, object]:
        store = Store(path)
        return {
            "writable": store.writable,
            "problem": code_of(store.problem),
            "clients": list(store.cases()["client"]),
            "opened": store.load(first).request.client,
            "save": refused(lambda: store.save(example("Second"))),
        }

    result = as_other_user(scenario)
    read_only_folder = ("store_read_only_folder", str(folder))
    assert result == {
        "writable": False,
        "problem": read_only_folder,
        "clients": ["First"],
        "opened": "First",
        "save": read_only_folder,
    }
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [FILE_NAME]


def test_an_empty_read_only_folder_says_saving_is_off_instead_of_saving_nothing(shared: Path) -> None:
    folder = shared / "home"
    folder.mkdir()
    read_only(folder)

    def scenario() -> dict[str, object]:
        store = Store(folder / FILE_NAME)
        return {
            "writable": store.writable,
            "problem": code_of(store.problem),
            "cases": len(store.cases()),
            "latest": store.latest(),
            "profile": store.load_profile(),
            "issued": store.is_issued("x" * 22),
            "save": refused(lambda: store.save(example())),
            "code": refused(store.issue_owner_code),
        }

    result = as_other_user(scenario)
    read_only_folder = ("store_read_only_folder", str(folder))
    assert result == {
        "writable": False,
        "problem": read_only_folder,
        "cases": 0,
        "latest": None,
        "profile": None,
        "issued": False,
        "save": read_only_folder,
        "code": read_only_folder,
    }
    assert list(folder.iterdir()) == []


def legacy_store(path: Path, owner: str, *clients: str) -> list[str]:
    """A file as the first notnow wrote it: schema version 1, owner codes in clear."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            for sql in _MIGRATIONS[0]:  # type: ignore[union-attr]
                conn.execute(sql)
            conn.execute("PRAGMA user_version = 1")
            for n, client in enumerate(clients):
                conn.execute(
                    "INSERT INTO cases (id, owner, client, saved_at, json) VALUES (?, ?, ?, ?, ?)",
                    (f"old-{n}", owner, client, f"2026-01-0{n + 1}T00:00:00+00:00", example(client).to_json()),
                )
    finally:
        conn.close()
    return [f"old-{n}" for n in range(len(clients))]


def test_an_old_read_only_store_is_read_as_it_is_and_never_upgraded(shared: Path) -> None:
    folder = shared / "home"
    folder.mkdir()
    path = folder / FILE_NAME
    code = "my-own-chosen-code-2025"
    (old,) = legacy_store(path, code, "Old client")
    read_only(path)
    read_only(folder)
    before = path.read_bytes()

    def scenario() -> dict[str, object]:
        store = Store(path, owner=code)
        stranger = Store(path, owner="someone-else-entirely")
        return {
            "writable": store.writable,
            "problem": code_of(store.problem),
            "opened": store.load(old).request.client,
            "issued": store.is_issued(code),
            "stranger sees": len(stranger.cases()),
            "stranger issued": stranger.is_issued("someone-else-entirely"),
        }

    result = as_other_user(scenario)
    assert result == {
        "writable": False,
        "problem": ("store_read_only_file", str(path)),
        "opened": "Old client",
        "issued": True,
        "stranger sees": 0,
        "stranger issued": False,
    }
    assert path.read_bytes() == before  # still version 1, the code still as it was: not migrated in place


@pytest.mark.parametrize("locked", ["file", "folder"])
def test_a_damaged_read_only_file_is_left_exactly_where_it_is(shared: Path, locked: str) -> None:
    folder = shared / "home"
    folder.mkdir()
    path = folder / FILE_NAME
    path.write_bytes(b"my notes, not a database\n" * 100)
    if locked == "file":
        for_the_child(folder, 0o755)
        read_only(path)
    else:
        for_the_child(path, 0o644)
        read_only(folder)
    before = path.read_bytes()

    def scenario() -> dict[str, object]:
        store = Store(path)
        return {
            "writable": store.writable,
            "problem": code_of(store.problem),
            "latest": store.latest(),
            "list": refused(store.cases),
            "save": refused(lambda: store.save(example())),
        }

    result = as_other_user(scenario)
    damaged = ("store_damaged_read_only", str(path))
    assert result == {"writable": False, "problem": damaged, "latest": None, "list": damaged, "save": damaged}
    assert path.read_bytes() == before
    assert damaged_copies(folder) == []


# --- an unusable NOTNOW_HOME ---------------------------------------------------------------------------


def test_notnow_home_that_is_a_file_says_so_and_every_method_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a folder")
    monkeypatch.setenv("NOTNOW_HOME", str(notes))
    store = Store()
    is_file = ("store_home_is_file", str(notes))
    assert (store.writable, code_of(store.problem)) == (False, is_file)
    assert store.cases().empty
    assert store.latest() is None
    assert store.load_profile() is None
    assert store.is_issued("x" * 22) is False
    for action in (
        lambda: store.save(example()),
        lambda: store.delete("abc"),
        store.issue_owner_code,
        lambda: store.save_profile(Profile()),
    ):
        assert refused(action) == is_file
    with pytest.raises(InputError) as info:
        store.load("abc")
    assert (info.value.field, info.value.code) == ("case_id", "not_found")  # nothing was ever saved there
    assert notes.read_text() == "not a folder"


def test_notnow_home_that_cannot_be_created_says_so(shared: Path) -> None:
    locked = shared / "locked"
    locked.mkdir()
    read_only(locked)
    home = locked / "notnow" / "data"

    def scenario() -> dict[str, object]:
        os.environ["NOTNOW_HOME"] = str(home)
        store = Store()
        return {
            "writable": store.writable,
            "problem": code_of(store.problem),
            "save": refused(lambda: store.save(example())),
        }

    result = as_other_user(scenario)
    cannot = ("store_home_cannot_create", str(home))
    assert result == {"writable": False, "problem": cannot, "save": cannot}
    assert list(locked.iterdir()) == []


# --- locked, full, failing -----------------------------------------------------------------------------


def hold_lock(path: Path) -> sqlite3.Connection:
    """A second real connection that takes the write lock and keeps it until closed."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_a_store_locked_past_the_timeout_refuses_the_save_and_keeps_the_saved_cases(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    with Store(path, busy_timeout=0.05) as store:
        first = store.save(example("First"))
        holder = hold_lock(path)
        try:
            with pytest.raises(StoreError) as info:
                store.save(example("Second"))
            assert code_of(info.value) == ("store_locked", str(path))
            with pytest.raises(StoreError):
                store.delete(first)
            assert store.writable  # one refused attempt: saving stays on
            assert list(store.cases()["client"]) == ["First"]  # reading goes on (WAL)
        finally:
            holder.close()
        store.save(example("Second"))
        assert list(store.cases()["client"]) == ["Second", "First"]


def test_an_old_store_locked_while_it_needs_upgrading_is_read_now_and_upgraded_at_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    (old,) = legacy_store(path, "", "Old client")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = WAL")  # as notnow wrote it: readers aren't blocked by a writer
    holder = hold_lock(path)
    try:
        store = Store(path, busy_timeout=0.05)
        assert (store.writable, code_of(store.problem)) == (False, ("store_locked", str(path)))
        assert store.load(old).request.client == "Old client"
    finally:
        holder.close()
    store.save(example("New client"))
    assert (store.writable, store.problem) == (True, None)
    assert sorted(store.cases()["client"]) == ["New client", "Old client"]
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(_MIGRATIONS)


def test_a_full_disk_refuses_the_save_and_keeps_the_version_saved_before(shared: Path) -> None:
    """The file-size limit makes every write past it fail (EFBIG): to SQLite a full disk."""
    path = shared / FILE_NAME
    original = example("Before", reply_text="Short reply.")

    def scenario() -> dict[str, object]:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills the process instead of failing
        store = Store(path)
        case_id = store.save(original)
        wal = os.stat(f"{path}-wal").st_size
        resource.setrlimit(resource.RLIMIT_FSIZE, (wal, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
        bigger = original.replace(case_id=case_id, reply_text="A much longer reply. " * 500)  # ≈ 10 kB: new pages
        return {
            "case_id": case_id,
            "update": refused(lambda: store.save(bigger)),
            "new": refused(lambda: store.save(example("After"))),
            "writable": store.writable,
            "kept": store.load(case_id).reply_text,
            "clients": list(store.cases()["client"]),
        }

    for_the_child(shared, 0o755)
    result = as_other_user(scenario)
    full = ("store_disk_full", str(path))
    assert {k: v for k, v in result.items() if k != "case_id"} == {
        "update": full,
        "new": full,
        "writable": True,
        "kept": "Short reply.",
        "clients": ["Before"],
    }
    with Store(path) as again:
        assert again.load(result["case_id"]) == original.replace(case_id=result["case_id"])
        assert list(again.cases()["client"]) == ["Before"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


@pytest.fixture
def tiny_disk(shared: Path) -> Iterator[Path]:
    """A 512 kB tmpfs: a disk that really fills up (ENOSPC). Needs mounting rights (root, not in every container)."""
    if not AS_ROOT or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root (run as root, as CI does, to cover ENOSPC)")
    mount_point = shared / "tiny"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k,mode=0700", "notnow-test", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"this machine may not mount a tmpfs: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def test_a_disk_that_fills_up_refuses_the_save_and_keeps_every_earlier_one(tiny_disk: Path) -> None:
    path = tiny_disk / FILE_NAME
    saved: dict[str, Assessment] = {}
    with Store(path) as store:
        failure = None
        for n in range(1000):  # 512 kB holds far fewer than 1000 cases of ≈ 10 kB
            case = example(f"Client {n}", reply_text=f"Reply {n}. " + "Long text. " * 900)
            try:
                saved[store.save(case)] = case
            except StoreError as error:
                failure = error
                break
        assert code_of(failure) == ("store_disk_full", str(path))
        assert len(saved) >= 1
        assert len(store.cases()) == len(saved)
        for case_id, case in saved.items():
            assert store.load(case_id) == case.replace(case_id=case_id)


def test_a_file_the_system_cannot_read_gives_the_io_error_message(tmp_path: Path) -> None:
    """/proc/self/mem answers every read at offset 0 with EIO: a real I/O error from the kernel."""
    if not Path("/proc/self/mem").exists():
        pytest.skip("needs Linux's /proc/self/mem to produce a real I/O error")
    path = tmp_path / FILE_NAME
    path.symlink_to("/proc/self/mem")
    store = Store(path)
    io_error = ("store_io_error", str(path))
    assert (store.writable, code_of(store.problem)) == (False, io_error)
    assert store.latest() is None
    assert refused(store.cases) == io_error
    assert refused(lambda: store.save(example())) == io_error
    assert os.readlink(path) == "/proc/self/mem"
    assert damaged_copies(tmp_path) == []


def test_a_busy_timeout_out_of_bounds_is_an_input_error(tmp_path: Path) -> None:
    for bad in (-1, 601, float("nan"), True, "10"):
        with pytest.raises(InputError) as info:
            Store(tmp_path / FILE_NAME, busy_timeout=bad)  # type: ignore[arg-type]
        assert (info.value.field, info.value.code) == ("busy_timeout", "between")
        assert not isinstance(info.value, StoreError)


# --- private by default --------------------------------------------------------------------------------


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The common umask 022, under which SQLite on its own makes 0644 files and mkdir 0755 folders."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("usual_umask")
def test_a_new_store_makes_its_folders_0700_and_its_files_0600(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / FILE_NAME
    with Store(path) as store:
        store.save(example())
        files = {p.name: mode(p) for p in path.parent.iterdir()}
    assert files == {FILE_NAME: 0o600, f"{FILE_NAME}-wal": 0o600, f"{FILE_NAME}-shm": 0o600}
    assert (mode(tmp_path / "new"), mode(tmp_path / "new" / "deeper")) == (0o700, 0o700)


@pytest.mark.usefixtures("usual_umask")
def test_an_existing_folder_keeps_its_mode_and_a_file_others_could_read_becomes_0600(tmp_path: Path) -> None:
    folder = tmp_path / "shared-home"
    folder.mkdir(mode=0o755)
    path = folder / FILE_NAME
    legacy_store(path, "", "Old client")
    path.chmod(0o644)
    with Store(path) as store:
        assert store.load("old-0").request.client == "Old client"
        assert {p.name: mode(p) for p in folder.iterdir()} == {
            FILE_NAME: 0o600,
            f"{FILE_NAME}-wal": 0o600,
            f"{FILE_NAME}-shm": 0o600,
        }
    assert mode(folder) == 0o755


# --- the messages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", content.LANGS)
def test_every_store_error_has_its_own_message_naming_the_path(lang: str) -> None:
    texts = set()
    for code in STORE_ERROR_CODES:
        text = error_text(StoreError(code, path="/srv/notnow/cases.sqlite3", version=99), lang)
        assert text != content.text(lang, "fmt.error_fallback", field=content.text(lang, "fields.store"))
        if code != "store_damaged_profile":
            assert "/srv/notnow/cases.sqlite3" in text
        texts.add(text)
    assert len(texts) == len(STORE_ERROR_CODES)


def test_a_store_error_is_an_input_error_on_the_store_field() -> None:
    error = StoreError("store_locked", path="x")
    assert isinstance(error, ValueError)
    assert (error.field, error.code, error.params) == ("store", "store_locked", {"path": "x"})
