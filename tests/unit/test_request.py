"""The request validates each field and names the bad one."""

from __future__ import annotations

from decimal import Decimal

import pytest

from notnow import InputError, Request
from notnow.fmt import error_text
from tests.conftest import DEADLINE, RECEIVED


def test_valid_request_keeps_its_values():
    r = Request(" Bloom ", "12,5", "2026-11-20T10:00", "2026-11-25T17:00", rate="95.50")
    assert r.client == "Bloom"
    assert r.hours == 12.5
    assert r.rate == Decimal("95.50")
    assert r.notice_days == pytest.approx(5 + 7 / 24)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"client": "  "}, "client"),
        ({"hours": 0}, "hours"),
        ({"hours": "many"}, "hours"),
        ({"received": "yesterday"}, "received"),
        ({"deadline": RECEIVED}, "deadline"),
        ({"rate": -5}, "rate"),
        ({"relationship": "friend"}, "relationship"),
        ({"currency": "XYZ"}, "currency"),
        ({"client": "x" * 201}, "client"),
    ],
)
def test_bad_field_is_named(kwargs, field):
    values = {"client": "Bloom", "hours": 8, "received": RECEIVED, "deadline": DEADLINE} | kwargs
    with pytest.raises(InputError) as caught:
        Request(**values)
    assert caught.value.field == field


def test_error_message_names_the_field_in_each_language():
    with pytest.raises(InputError) as caught:
        Request("Bloom", -1, RECEIVED, DEADLINE)
    en, nl = error_text(caught.value, "en"), error_text(caught.value, "nl")
    # hours = -1 and hours may not be 0 either: "more than 0", with the field named as each language knows it
    assert en == "The value for estimated hours must be more than 0."
    assert "geschatte uren" in nl.lower() and nl != en
    assert str(caught.value) == "hours: positive"  # for developers: field and code, no content lookup


def test_input_error_is_a_value_error():
    assert issubclass(InputError, ValueError)
