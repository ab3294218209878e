"""The store keeps cases and the profile intact, per owner, keeps workshop codes only as hashes, and survives
finding a file that isn't a store."""

from __future__ import annotations

import hashlib
import math
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notnow import content
from notnow.assessment import OFFERS, OUTCOMES, STEPS, Assessment
from notnow.calendar import WorkCalendar
from notnow.errors import InputError
from notnow.fmt import error_text
from notnow.profile import Profile
from notnow.referral import Colleague
from notnow.reply import promises
from notnow.request import Request
from notnow.split import Part
from notnow.store import _MIGRATIONS, Store, StoreError, owner_key
from tests.conftest import examples

COLUMNS = [
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
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "cases.sqlite3") as s:
        yield s


@contextmanager
def raw_db(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain connection behind the store's back (committed and closed on exit)."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            yield conn
    finally:
        conn.close()


def example(client: str = "Bloom & Co", **changes: object) -> Assessment:
    data = Assessment.example("en").to_dict()
    data["request"]["client"] = client
    data.update(changes)
    return Assessment.from_dict(data)


def label(field: str) -> str:
    """The field's name as the user reads it (falls back to the code while texts are missing)."""
    return str(content.load("en").get("fields", {}).get(field, field))


# --- saving and loading ------------------------------------------------------------------------


def test_save_returns_the_id_and_load_gives_an_equal_case_under_it(store: Store) -> None:
    a = example()
    case_id = store.save(a)
    assert case_id
    assert a.case_id == ""  # the case is immutable: saving never changes it behind the caller's back
    loaded = store.load(case_id)
    assert loaded == a.replace(case_id=case_id)
    assert loaded.to_dict() == a.replace(case_id=case_id).to_dict()


def test_the_stored_json_carries_the_id(store: Store) -> None:
    a = example()
    case_id = store.save(a)
    with raw_db(store.path) as raw:
        (text,) = raw.execute("SELECT json FROM cases WHERE id = ?", (case_id,)).fetchone()
    assert Assessment.from_json(text).case_id == case_id


def test_saving_again_updates_the_one_row(store: Store) -> None:
    a = example()
    case_id = store.save(a)
    a = a.replace(outcome="declined", step="after", case_id=case_id)
    assert store.save(a) == case_id
    cases = store.cases()
    assert len(cases) == 1
    assert cases.loc[0, "outcome"] == "declined"
    assert store.load(case_id).step == "after"


def test_an_accepted_rush_row_lists_the_quoted_total(store: Store) -> None:
    a = example(outcome="accepted_rush")
    store.save(a)
    store.save(example(client="Other"))
    cases = store.cases()
    totals = dict(zip(cases["client"], cases["rush_total"], strict=True))
    assert totals["Bloom & Co"] == float(a.quote().total) == 2090.0
    assert math.isnan(totals["Other"])


def test_cases_lists_newest_first_with_the_history_columns(store: Store) -> None:
    ids = [store.save(example(client=f"Client {i}")) for i in range(3)]
    store.save(store.load(ids[0]))  # saving the oldest again makes it the newest
    cases = store.cases()
    assert set(COLUMNS) <= set(cases.columns)
    assert list(cases["id"]) == [ids[0], ids[2], ids[1]]
    assert cases["saved_at"].is_monotonic_decreasing
    for column in ("saved_at", "received", "deadline"):
        assert pd.api.types.is_datetime64_any_dtype(cases[column])
    row = cases.iloc[0]
    assert row["client"] == "Client 0"
    assert row["follow_up"] == date(2026, 12, 8)
    assert row["received"] == pd.Timestamp("2026-11-20 10:00")
    assert row["hours"] == 16.0
    assert row["notice_days"] == pytest.approx(5.2917, abs=1e-4)
    assert row["step"] == "request"
    assert row["lang"] == "en"


def test_a_case_without_follow_up_lists_the_suggested_check_in(store: Store) -> None:
    """The history lists the check-in the plan holds: with none typed, the suggested working day."""
    # The example's deadline is Wed 25 Nov 2026; two weeks later is Wed 9 Dec, a working day.
    store.save(example(follow_up=None))
    assert store.cases().loc[0, "follow_up"] == date(2026, 12, 9)


def test_an_empty_store_lists_no_rows_but_every_column(store: Store) -> None:
    cases = store.cases()
    assert cases.empty
    assert set(COLUMNS) <= set(cases.columns)
    assert pd.api.types.is_datetime64_any_dtype(cases["saved_at"])
    assert store.latest() is None


def test_latest_is_the_last_saved(store: Store) -> None:
    first = example(client="First")
    second = example(client="Second")
    id_first = store.save(first)
    id_second = store.save(second)
    assert store.latest() == second.replace(case_id=id_second)
    store.save(first.replace(case_id=id_first))
    assert store.latest() == first.replace(case_id=id_first)


def test_delete_removes_the_case(store: Store) -> None:
    keep = store.save(example(client="Keep"))
    gone = store.save(example(client="Gone"))
    store.delete(gone)
    assert list(store.cases()["id"]) == [keep]
    with pytest.raises(InputError) as info:
        store.load(gone)
    assert info.value.code == "not_found"
    with pytest.raises(InputError):
        store.delete(gone)


def test_an_unknown_id_is_not_found_and_the_message_names_the_field(store: Store) -> None:
    with pytest.raises(InputError) as info:
        store.load("no-such-case")
    error = info.value
    assert (error.field, error.code, error.params) == ("case_id", "not_found", {"value": "no-such-case"})
    assert isinstance(error, ValueError)
    assert label("case_id") in error_text(error, "en")
    assert "no-such-case" in error_text(error, "en")


def test_a_row_with_broken_json_raises_the_assessments_input_error(store: Store) -> None:
    case_id = store.save(example())
    with raw_db(store.path) as raw:
        raw.execute("UPDATE cases SET json = '{not json' WHERE id = ?", (case_id,))
    with pytest.raises(InputError) as info:
        store.load(case_id)
    assert (info.value.field, info.value.code) == ("saved_case", "bad_json")
    assert store.latest() is None  # skipped, not raised: the workbook still starts
    assert len(store.cases()) == 1


def test_a_failed_save_raises_one_store_error_and_stores_nothing(store: Store) -> None:
    a = example()
    with raw_db(store.path) as raw:
        raw.execute("CREATE TRIGGER refuse BEFORE INSERT ON cases BEGIN SELECT RAISE(ABORT, 'no'); END")
    with pytest.raises(StoreError) as info:
        store.save(a)
    assert (info.value.field, info.value.code) == ("store", "store_failed")
    assert a.case_id == ""
    assert store.cases().empty
    assert store.writable  # one refused save doesn't switch saving off


def test_threads_sharing_one_store_all_get_saved(store: Store) -> None:
    ids: list[str] = []

    def work(n: int) -> None:
        for i in range(10):
            ids.append(store.save(example(client=f"T{n} {i}")))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(ids)) == 40 == len(store.cases())


def test_the_file_uses_wal_and_the_current_schema(store: Store) -> None:
    with raw_db(store.path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA user_version").fetchone()[0] == len(_MIGRATIONS)


# --- where the file lives --------------------------------------------------------------------------


def test_notnow_home_decides_the_default_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "somewhere" / "deeper"
    monkeypatch.setenv("NOTNOW_HOME", str(home))
    with Store() as s:
        assert s.path == home / "notnow.sqlite3"
        s.save(example())
    assert (home / "notnow.sqlite3").is_file()
    with Store() as again:
        assert len(again.cases()) == 1


def test_a_str_path_works_and_creates_folders(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "c.sqlite3"
    with Store(str(path)) as s:
        s.save(example())
    assert path.is_file()


# --- owners ----------------------------------------------------------------------------------------


def test_owners_only_see_their_own_cases(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    code_a, code_b = Store.new_owner_code(), Store.new_owner_code()
    assert code_a != code_b
    assert len(code_a) >= 20
    with Store(path, owner=code_a) as a, Store(path, owner=code_b) as b, Store(path) as solo:
        id_a = a.save(example(client="A's client"))
        id_b = b.save(example(client="B's client"))
        id_solo = solo.save(example(client="Solo client"))
        assert list(a.cases()["id"]) == [id_a]
        assert list(b.cases()["id"]) == [id_b]
        assert list(solo.cases()["id"]) == [id_solo]
        for other, foreign in ((a, id_b), (b, id_a), (solo, id_a), (a, id_solo)):
            with pytest.raises(InputError) as info:
                other.load(foreign)
            assert info.value.code == "not_found"
            with pytest.raises(InputError):
                other.delete(foreign)
        latest = a.latest()
        assert latest is not None
        assert latest.request.client == "A's client"
        assert b.load(id_b).request.client == "B's client"


def test_saving_someone_elses_id_makes_a_new_case(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    with Store(path, owner="alice") as alice, Store(path, owner="mallory") as mallory:
        original = example(client="Alice's client")
        id_a = alice.save(original)
        forged = example(client="Overwritten", case_id=id_a)
        id_m = mallory.save(forged)
        assert id_m != id_a
        assert alice.load(id_a) == original.replace(case_id=id_a)
        assert mallory.load(id_m).request.client == "Overwritten"


@pytest.mark.parametrize("owner", ["has space", "x" * 65, "ünïcode", "a/b", "semi;colon"])
def test_a_bad_owner_code_is_refused(tmp_path: Path, owner: str) -> None:
    with pytest.raises(InputError) as info:
        Store(tmp_path / "s.sqlite3", owner=owner)
    assert (info.value.field, info.value.code) == ("store", "choice")


def test_good_owner_codes_are_accepted(tmp_path: Path) -> None:
    for owner in ("", "abc", "A-b_9", "x" * 64, Store.new_owner_code()):
        Store(tmp_path / "s.sqlite3", owner=owner).close()


# --- migrations and damaged files ------------------------------------------------------------------

V1_TABLE = """CREATE TABLE cases (id TEXT PRIMARY KEY, owner TEXT NOT NULL DEFAULT '', client TEXT,
    saved_at TEXT, created_at TEXT, outcome TEXT, follow_up TEXT, step TEXT, lang TEXT, received TEXT,
    deadline TEXT, notice_days REAL, hours REAL, rush_total TEXT, json TEXT NOT NULL)"""


def test_a_version_0_file_with_our_table_is_migrated_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    a = example(case_id="handmade")
    with raw_db(path) as raw:
        raw.execute(V1_TABLE)
        raw.execute(
            "INSERT INTO cases (id, client, saved_at, json) VALUES (?, ?, ?, ?)",
            ("handmade", "Bloom & Co", "2026-01-01T00:00:00+00:00", a.to_json()),
        )
    with Store(path) as s:
        assert s.notice is None
        assert s.load("handmade") == a
        with raw_db(path) as check:
            assert check.execute("PRAGMA user_version").fetchone()[0] == len(_MIGRATIONS)
            indexes = [r[1] for r in check.execute("PRAGMA index_list(cases)")]
        assert any("saved_at" in name for name in indexes)
    assert list(tmp_path.glob("*.damaged-*")) == []


def assert_set_aside(path: Path, original: bytes) -> Path:
    with Store(path) as s:
        assert s.notice is not None
        assert (s.notice.field, s.notice.code) == ("store", "damaged_store")
        aside = Path(str(s.notice.params["path"]))
        assert aside.parent == path.parent
        assert aside.name.startswith(f"{path.name}.damaged-")
        assert aside.read_bytes() == original
        case_id = s.save(example())
        assert s.load(case_id).request.client == "Bloom & Co"
    with Store(path) as again:  # the fresh store is a good store: no notice the second time
        assert again.notice is None
        assert len(again.cases()) == 1
    assert aside.read_bytes() == original
    return aside


def test_random_bytes_are_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "notnow.sqlite3"
    original = os.urandom(8192)
    path.write_bytes(original)
    assert_set_aside(path, original)


def test_a_text_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "notnow.sqlite3"
    original = b"these are my notes, not a database\n"
    path.write_bytes(original)
    assert_set_aside(path, original)


def test_a_foreign_sqlite_database_is_set_aside_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notnow.sqlite3"
    with raw_db(path) as raw:
        raw.execute("CREATE TABLE invoices (number INTEGER, amount TEXT)")
        raw.execute("INSERT INTO invoices VALUES (1, '100.00')")
    original = path.read_bytes()
    aside = assert_set_aside(path, original)
    with raw_db(aside) as check:
        assert check.execute("SELECT * FROM invoices").fetchall() == [(1, "100.00")]


def test_a_cases_table_with_another_layout_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "notnow.sqlite3"
    with raw_db(path) as raw:
        raw.execute("CREATE TABLE cases (name TEXT, court TEXT)")
    assert_set_aside(path, path.read_bytes())


def test_a_store_from_a_newer_notnow_is_left_untouched_and_says_to_update(tmp_path: Path) -> None:
    """user_version 99: not damaged, not moved aside, not read; saving off with "update to open it" (version 99)."""
    path = tmp_path / "notnow.sqlite3"
    with Store(path) as s:
        s.save(example())
    with raw_db(path) as raw:
        raw.execute("PRAGMA user_version = 99")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    original = path.read_bytes()
    store = Store(path)
    try:
        assert store.problem is not None
        assert (store.problem.code, store.problem.params) == ("store_newer_version", {"path": str(path), "version": 99})
        assert not store.writable
        assert store.latest() is None  # the workbook starts with a new case
        for attempt in (store.case_list, lambda: store.save(example())):
            with pytest.raises(StoreError) as refused:
                attempt()
            assert refused.value.code == "store_newer_version"
    finally:
        store.close()
    assert not [p.name for p in tmp_path.iterdir() if "damaged" in p.name]  # nothing set aside
    assert path.read_bytes() == original
    for lang, says in (("en", "written by a newer notnow (version 99); update to open it"), ("nl", "(versie 99)")):
        assert says in error_text(store.problem, lang)


def test_a_corrupted_page_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "notnow.sqlite3"
    with Store(path) as s:
        for i in range(30):
            s.save(example(client=f"Client {i}"))
    with raw_db(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    assert len(data) > 3 * page_size
    data[page_size : 3 * page_size] = b"\xa5" * (2 * page_size)  # scramble pages 2 and 3
    path.write_bytes(bytes(data))
    assert_set_aside(path, bytes(data))


def test_an_empty_file_is_a_new_store(tmp_path: Path) -> None:
    path = tmp_path / "notnow.sqlite3"
    path.touch()
    with Store(path) as s:
        assert s.notice is None
        s.save(example())
    assert list(tmp_path.glob("*.damaged-*")) == []


def test_reopening_a_good_store_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "notnow.sqlite3"
    with Store(path) as s:
        case_id = s.save(example())
    with Store(path) as s:
        assert s.notice is None
        assert s.load(case_id).request.client == "Bloom & Co"


# --- any case survives the trip --------------------------------------------------------------------

client_names = st.text(min_size=1, max_size=50).filter(lambda s: s.strip() != "")
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31))


@st.composite
def assessments(draw: st.DrawFn) -> Assessment:
    received = draw(moments).replace(microsecond=0)
    deadline = received + draw(st.timedeltas(min_value=timedelta(minutes=1), max_value=timedelta(days=60)))
    request = Request(
        client=draw(client_names),
        hours=draw(st.floats(min_value=0.25, max_value=500, allow_nan=False, allow_infinity=False)),
        received=received,
        deadline=deadline,
        rate=draw(st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False, allow_infinity=False)),
        skill=draw(st.sampled_from(["", "copywriting", "design"])),
    )
    names = draw(st.lists(client_names, max_size=4, unique_by=str.strip))
    parts = [Part(name, draw(st.floats(min_value=0.5, max_value=40)), draw(st.booleans())) for name in names]
    return Assessment(
        request=request,
        lang=draw(st.sampled_from(["en", "nl"])),
        parts=parts,
        offers=draw(st.lists(st.sampled_from(OFFERS), unique=True)),
        outcome=draw(st.sampled_from(("", *OUTCOMES))),
        follow_up=draw(st.none() | st.dates(min_value=date(2020, 1, 1), max_value=date(2036, 12, 31))),
        step=draw(st.sampled_from(STEPS)),
        reply_text=draw(st.text(max_size=200)),
        min_extra_per_overtime_hour=draw(st.decimals(min_value=0, max_value=1000, places=2)),
    )


@settings(max_examples=examples(50), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=assessments())
def test_any_case_round_trips_through_json_and_sqlite(store: Store, a: Assessment) -> None:
    assert Assessment.from_json(a.to_json()) == a
    case_id = store.save(a)
    loaded = store.load(case_id)
    assert loaded == a.replace(case_id=case_id)
    assert loaded.to_dict() == {**a.to_dict(), "case_id": case_id}
    row = store.cases().set_index("id").loc[case_id]
    assert row["client"] == a.request.client
    assert row["hours"] == a.request.hours
    promised = promises(a)  # the history's columns hold what the reply promised, nothing of their own
    if a.outcome == "accepted_rush":
        expected = promised.rush_total
        total = row["rush_total"]
        assert pd.isna(total) if expected is None else Decimal(str(total)) == expected
    assert row["follow_up"] == (a.follow_up or promised.check_in)


# --- the profile, per owner -----------------------------------------------------------------------------


def a_profile(name: str = "Lotte Visser", rate: str = "95") -> Profile:
    return Profile(
        name=name,
        business="Visser Tekst",
        lang="nl",
        address="u",
        rate=Decimal(rate),
        calendar=WorkCalendar(hours_per_day=7, workdays=(0, 1, 2, 3)),
        colleagues=(Colleague("Sanne de Vries", "copywriting", "trusted"),),
    )


def test_the_profile_is_kept_per_owner_and_replaced_by_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    with Store(path, owner="alice-code") as alice, Store(path, owner="bob-code") as bob, Store(path) as solo:
        assert alice.load_profile() is None
        alice.save_profile(a_profile())
        solo.save_profile(a_profile(name="Solo", rate="60"))
        assert alice.load_profile() == a_profile()
        assert bob.load_profile() is None
        alice.save_profile(a_profile(rate="110"))
        loaded = alice.load_profile()
        assert loaded is not None
        assert loaded.rate == Decimal("110")
        solo_profile = solo.load_profile()
        assert solo_profile is not None
        assert solo_profile.name == "Solo"
        assert alice.notice is None
    with raw_db(path) as raw:
        assert raw.execute("SELECT COUNT(*) FROM profiles").fetchone()[0] == 2  # one row per owner, replaced


@pytest.mark.parametrize("damage", ["{broken", "[]", '{"schema": "one"}', '{"rate": "lots"}', '{"colleagues": 5}'])
def test_a_damaged_profile_row_loads_as_none_with_a_notice(store: Store, damage: str) -> None:
    store.save_profile(a_profile())
    with raw_db(store.path) as raw:
        raw.execute("UPDATE profiles SET json = ?", (damage,))
    assert store.load_profile() is None
    assert store.notice is not None
    assert (store.notice.field, store.notice.code) == ("store", "store_damaged_profile")
    store.save_profile(a_profile())  # saving again replaces the damaged copy
    assert store.load_profile() == a_profile()


def test_only_a_profile_can_be_saved_as_the_profile(store: Store) -> None:
    with pytest.raises(InputError) as info:
        store.save_profile({"name": "Lotte"})  # type: ignore[arg-type]
    assert (info.value.field, info.value.code) == ("profile", "required")
    assert store.load_profile() is None


# --- workshop codes: made by the server, kept only as a hash ---------------------------------------------


def test_the_owner_column_holds_the_sha256_of_the_code() -> None:
    # Worked with hashlib here: SHA-256 over a fixed prefix, a NUL and the code; the solo user's "" stays "".
    assert owner_key("abc") == hashlib.sha256(b"notnow owner code\x00abc").hexdigest()
    assert owner_key("") == ""


def test_an_issued_code_is_known_and_a_made_up_one_is_not(tmp_path: Path) -> None:
    path = tmp_path / "workshop.sqlite3"
    with Store(path) as server:
        code = server.issue_owner_code()
        other = server.issue_owner_code()
    assert code != other
    assert len(code) >= 22  # 16 random bytes in URL-safe base64
    with Store(path) as later:  # recorded in the file, not in memory
        assert later.is_issued(code)
        assert later.is_issued(other)
        for made_up in ("my-memorable-code-2026", code[:-1], code + "x", "", "has space", None, 42):
            assert later.is_issued(made_up) is False  # type: ignore[arg-type]


def store_bytes(path: Path) -> bytes:
    """Every byte SQLite keeps for this store: the file, its write-ahead log and its shared-memory index."""
    return b"".join(
        Path(f"{path}{suffix}").read_bytes() for suffix in ("", "-wal", "-shm") if Path(f"{path}{suffix}").exists()
    )


def test_the_file_never_holds_a_workshop_code_in_clear(tmp_path: Path) -> None:
    path = tmp_path / "workshop.sqlite3"
    with Store(path) as server:
        code = server.issue_owner_code()
    with Store(path, owner=code) as mine:
        case_id = mine.save(example(client="Mine"))
        mine.save(example(client="Mine too"))
        mine.save_profile(a_profile())
        mine.delete(case_id)
        assert Path(f"{path}-wal").exists()
        assert code.encode() not in store_bytes(path)  # the log included, while the store is open
        with raw_db(path) as raw:
            owners = {row[0] for row in raw.execute("SELECT owner FROM cases UNION SELECT owner FROM profiles")}
        assert owners == {owner_key(code)}
    assert code.encode() not in store_bytes(path)


def test_an_old_stores_codes_become_hashes_and_their_cases_stay_reachable(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    codes = {"ann": "anns-chosen-code-2025", "ben": "bens-chosen-code-2025", "gone": "a-code-whose-cases-went"}
    with raw_db(path) as raw:
        raw.execute("PRAGMA journal_mode = WAL")
        raw.execute("PRAGMA secure_delete = OFF")  # as many SQLite builds do: a delete leaves the bytes behind
        for sql in _MIGRATIONS[0]:  # type: ignore[union-attr]
            raw.execute(sql)
        raw.execute("PRAGMA user_version = 1")
        for who, code in codes.items():
            for n in range(15):  # enough rows to fill several pages
                raw.execute(
                    "INSERT INTO cases (id, owner, client, saved_at, json) VALUES (?, ?, ?, ?, ?)",
                    (
                        f"{who}-{n}",
                        code,
                        f"{who} {n}",
                        f"2026-01-01T00:00:{n:02}+00:00",
                        example(client=f"{who} {n}").to_json(),
                    ),
                )
        raw.execute("DELETE FROM cases WHERE owner = ?", (codes["gone"],))  # leaves the code in freed space
    before = store_bytes(path)
    assert all(code.encode() in before for code in codes.values())  # the deleted one too, in freed space
    with Store(path, owner=codes["ann"]) as ann, Store(path, owner=codes["ben"]) as ben:
        assert len(ann.cases()) == len(ben.cases()) == 15
        assert ann.load("ann-3").request.client == "ann 3"
        assert ann.is_issued(codes["ann"]) and ann.is_issued(codes["ben"])
        assert not ann.is_issued(codes["gone"])  # no case left: nothing to keep reachable
        with pytest.raises(InputError):
            ann.load("ben-3")
        everything = store_bytes(path)
        for code in codes.values():
            assert code.encode() not in everything


def test_the_case_list_names_each_case_newest_first_without_pandas(store: Store) -> None:
    first = store.save(example(client="First"))
    second = store.save(example(client="Second"))
    listed = store.case_list()
    assert [(case_id, client) for case_id, client, _saved in listed] == [(second, "Second"), (first, "First")]
    assert all(saved is not None and saved.tzinfo is not None for _id, _client, saved in listed)
