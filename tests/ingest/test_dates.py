"""Publication dates in the forms feeds, pages and corpora write them -> ISO dates."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from allegiance.ingest.dates import iso_date


@pytest.mark.parametrize("value", [
    "2024-03-05",
    "2024-03-05T10:00:00Z",
    "2024-03-05T10:00:00.123+03:00",
    "2024-03-05 22:15",
    "2024/3/5",
    "Tue, 05 Mar 2024 10:00:00 GMT",
    "Tue, 5 Mar 2024 23:59:00 -0500",
    "05 Mar 2024 10:00:00 +0000",
    "March 5, 2024",
    "Mar. 5, 2024",
    "march 5 2024",
    "Tuesday, March 5th, 2024",
    "5 March 2024",
    "5th of March, 2024",
    "5 Mar 2024 10:00 EAT",
    "  March   5,\n 2024 ",
])
def test_readable_forms(value):
    assert iso_date(value) == "2024-03-05"


def test_day_kept_as_written_not_moved_to_utc():
    assert iso_date("2024-03-05T23:30:00-05:00") == "2024-03-05"
    assert iso_date("Tue, 05 Mar 2024 23:30:00 -0500") == "2024-03-05"


@pytest.mark.parametrize("value", [
    "05/03/2024", "3/5/2024", "05.03.2024",  # day and month order is ambiguous
    "2024", "March 2024", "2024-02-30", "February 30, 2024", "yesterday", "", "   ",
    "Mayday 5 2024", "20240305", None, 20240305, 1.5, True, ["2024-03-05"],
])
def test_unreadable_or_ambiguous_gives_none(value):
    assert iso_date(value) is None


def test_date_objects_and_struct_time():
    assert iso_date(dt.date(2019, 9, 3)) == "2019-09-03"
    assert iso_date(dt.datetime(2019, 9, 3, 23, 59, tzinfo=dt.timezone.utc)) == "2019-09-03"
    assert iso_date(time.struct_time((2021, 8, 15, 6, 0, 0, 6, 227, 0))) == "2021-08-15"
