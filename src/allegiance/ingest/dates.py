"""Publication dates as written by feeds, web pages and corpus files -> ISO dates.

`iso_date` reads the forms that carry an unambiguous day: ISO 8601 dates and date-times,
RFC 822 (RSS, e-mail) dates, "March 5, 2024" and "5 March 2024" (month names or their usual
abbreviations, an optional weekday before), `datetime.date` / `datetime.datetime` objects and
the `time.struct_time` that feedparser gives. The day is kept as written: a date-time with a
UTC offset is not moved into another time zone. Numeric day/month forms such as "05/03/2024"
read differently in the US and elsewhere and give None, as does anything else unreadable.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from email.utils import parsedate_tz

from ..nlp.timex import MONTH_ABBREVIATIONS, MONTHS

_MONTH_NUMBERS = {**MONTHS, **MONTH_ABBREVIATIONS}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# What may follow a date: nothing, or a time / zone after a separator ("10:00 GMT", "T10:00Z").
_REST = r"(?=$|[\sT,|;(]|\.$|\.\s)"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ISO = re.compile(r"(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})" + _REST)
_MONTH_FIRST = re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + _REST, re.I)
_DAY_FIRST = re.compile(_WEEKDAY + _DAY + r"(?:\s+of)?\s+" + _MONTH + r",?\s+" + _YEAR + _REST,
                        re.I)


def iso_date(value: object) -> str | None:
    """`value` as an ISO date "YYYY-MM-DD", or None when it is not a readable date.

    >>> iso_date("2024-03-05T10:00:00Z"), iso_date("Tue, 05 Mar 2024 10:00:00 GMT")
    ('2024-03-05', '2024-03-05')
    >>> iso_date("March 5, 2024"), iso_date("5 March 2024"), iso_date("05/03/2024")
    ('2024-03-05', '2024-03-05', None)
    """
    if isinstance(value, dt.datetime):  # before date: datetime is a date subclass
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, time.struct_time):
        return _checked(value.tm_year, value.tm_mon, value.tm_mday)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text:
        return None
    match = _ISO.match(text)
    if match:
        return _checked(int(match["year"]), int(match["month"]), int(match["day"]))
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        match = pattern.match(text)
        if match:
            month = _MONTH_NUMBERS[match["month"].lower()]
            return _checked(int(match["year"]), month, int(match["day"]))
    parsed = parsedate_tz(text)
    if parsed is not None and re.search(r"[A-Za-z]", text):  # RFC 822 names its month
        return _checked(parsed[0], parsed[1], parsed[2])
    return None


def _checked(year: int, month: int, day: int) -> str | None:
    """The ISO form of a real calendar day in years 1000-9999, else None."""
    if not 1000 <= year <= 9999:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
