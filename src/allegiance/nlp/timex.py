"""Time expressions in news text, normalised to inclusive ISO date intervals.

`normalize_time(text, published)` resolves one expression ("late last month", "since 2019",
"March 3, 2016") against the publication date of its document; `find_times(text)` finds such
expressions in running text, for the dates spaCy's NER misses. Standard library only.

Conventions
-----------
* `start` and `end` are the first and last day, both inclusive. Without a publication date
  only absolute expressions resolve ("in 2015", "March 3, 2016"); relative ones give None.
* News speaks of the past: relative expressions point back from publication unless the
  expression itself says otherwise ("next", "coming", "this coming", "tomorrow", "later this
  ..."). A "will" elsewhere in the sentence is not part of the expression and is not seen.
* Weekdays: "Saturday", "on Saturday", "last Saturday", "this past Saturday" are the most
  recent Saturday strictly before publication; "Saturday today" / "today, Saturday" is the
  publication day when it is a Saturday; "this Saturday" is the Saturday of the publication
  week; "next Saturday" / "this coming Saturday" the first one after publication.
* Weeks run Monday to Sunday. "last week" is the previous Monday-Sunday, "this week" the
  current one; "the weekend" is the current one when published on a Saturday or Sunday, else
  the last one.
* Months, days and seasons without a year ("in March", "on March 3", "late March", "summer")
  are the most recent ones that have begun by publication; "last March" / "last summer" the
  most recent ones that are over; "this March" the one of the publication year; "next March"
  the first one that begins after publication.
* Parts: "early/mid/late" split a month into days 1-10, 11-20, 21-end; a year into Jan-Apr,
  May-Aug, Sep-Dec; a decade into years 0-3, 4-6, 7-9; anything else (a week, a season) into
  thirds of its days. "the start/beginning of" reads as "early", "the middle of" as "mid",
  "the end of" as "late"; "the first/second half of" halve the period. "earlier this
  week/month/year" and "so far this ..." run from the start of the period to publication,
  "later this ..." from publication to its end.
* Seasons are meteorological, northern hemisphere: spring Mar-May, summer Jun-Aug,
  autumn/fall Sep-Nov, winter Dec-Feb; "winter 2014" is December 2013 to February 2014.
* "last decade", like "the past/last decade", is the ten years before publication (not the
  previous calendar decade); "this decade" / "next decade" are calendar decades.
* "N units ago" is the day N units before publication, widened by half a unit either side:
  +/- 3 days for weeks, 15 days for months, 182 days for years, 5 years (1826 days) for
  decades; days and hours give a single day. The granularity is the unit ("week" for "two
  weeks ago"), "day" for hours.
* Durations ("for nearly 23 years", "over the past decade", "the past 24 hours", "in two
  years") end at publication and start that long before; with "next"/"coming" they start at
  publication instead. Hedges (nearly, about, more than, almost, ...) are ignored. Vague
  counts: a couple = 2, a few = 3, several = 5, a dozen = 12. "recent/coming days, weeks,
  months, years, decades" span 7 days, 6 weeks, 6 months, 5 years, 3 decades.
* "since X" runs from the start of X to publication (open end without one); "until / till /
  through X" from None to the end of X; "before X" ends the day before X begins and "after X"
  starts the day after X ends; "between X and Y" / "from X to Y" run from the start of X to
  the end of Y, where an X that would fall after Y is read in Y's year ("between March and
  May 2016"). "by 2021" is just 2021.
* Granularity is "day", "week", "month", "year" or "decade" when the result is exactly one such
  calendar unit (or an "ago" window of one), "interval" for anything else, None if unresolved.

find_times
----------
Spans leave out prepositions that add nothing (on, in, at, during, by) and keep those that
change the meaning (since, until, between ... and, from ... to, before, after); before a
duration the preposition is kept ("for 23 years", "in two days", "over the past decade").
Overlaps are settled longest first. To stay precise in running text: month names must be
capitalised (not "march", "may"); a bare month needs a preposition before it ("in May", not
"Theresa May"); a bare year needs a preposition or article before it or no lowercase word
after it ("in 2015", "the 2015 election", "2015,", not "2000 fighters"); a bare duration needs
"for", "over", "in", "within", "during" or "the past" ("for 10 years", not "sentenced to 10
years"); "the 90s" needs its article or apostrophe (not "in his 40s"); "fall" needs a year or
last/this/next, and a capitalised season without a year ("Arab Spring") is skipped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Callable

# --- word lists -----------------------------------------------------------------------------

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}
TENS = ("twenty", "thirty", "forty", "fifty")
UNITS_1_TO_9 = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
VAGUE_NUMBERS = {
    "a couple of": 2, "a couple": 2, "couple of": 2, "a few": 3, "few": 3, "several": 5,
    "a dozen": 12, "dozen": 12,
}
# Hedges before a number: ignored ("for nearly 23 years" is 23 years).
HEDGES = (
    "nearly", "almost", "about", "around", "roughly", "approximately", "some", "over", "under",
    "more than", "less than", "fewer than", "at least", "at most", "just over", "just under",
    "well over", "close to", "upwards of", "up to",
)

# Meteorological seasons, northern hemisphere: (first month, last month).
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11),
           "winter": (12, 2)}

# Words before a period that name a part of it, and the part they name.
PART_WORDS = {
    "early": "early", "the start of": "early", "the beginning of": "early",
    "mid": "mid", "the middle of": "mid", "late": "late", "the end of": "late",
    "earlier": "earlier", "so far": "earlier", "later": "later",
    "the first half of": "first half", "the second half of": "second half",
}
# part -> (number of pieces, index of the piece); "earlier"/"later" fall back to these when
# publication is not inside the period.
PART_PIECES = {"early": (3, 0), "mid": (3, 1), "late": (3, 2), "earlier": (3, 0),
               "later": (3, 2), "first half": (2, 0), "second half": (2, 1)}

# Days from publication.
DAY_OFFSETS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "the day before yesterday": -2,
    "tomorrow": 1, "the day after tomorrow": 2,
}
TIMES_OF_DAY = ("morning", "afternoon", "evening", "night")

# "N units ago": half-width of the window around the day N units back.
AGO_HALF_WINDOW = {"hour": 0, "day": 0, "week": 3, "month": 15, "year": 182, "decade": 1826}
# "recent weeks", "the coming months": how far they reach (count, unit).
RECENT_SPANS = {"hour": (1, "day"), "day": (7, "day"), "week": (6, "week"),
                "month": (6, "month"), "year": (5, "year"), "decade": (3, "decade")}

FUTURE_WORDS = {"next", "coming", "following", "upcoming", "this coming"}
PAST_WORDS = {"last", "this past", "past", "previous", "the previous"}

# find_times: words that make a bare month or year a date ("in May", "the 2015 election").
MONTH_CUES = {"in", "during", "by", "of", "through", "throughout", "until", "till", "since",
              "before", "after", "from", "between", "and", "early", "late", "mid", "last",
              "this", "next"}
# "and" is no cue for a year: "... and 2000 fighters".
YEAR_CUES = (MONTH_CUES - {"and"}) | {"the", "a", "an", "around", "circa"}

DAY, WEEK, MONTH, YEAR, DECADE, INTERVAL = "day", "week", "month", "year", "decade", "interval"

# --- regular expression fragments (no capturing groups; a space stands for any whitespace) ----


def _alternatives(words) -> str:
    """Longest first, so that "the day before yesterday" wins over "yesterday"."""
    escaped = (re.escape(w).replace("\\ ", " ") for w in sorted(words, key=len, reverse=True))
    return "(?:" + "|".join(escaped) + ")"


# Abbreviations take a full stop or end the word ("Mar." / "Mar", never the "Mar" of "March").
MONTH_RX = f"(?:{_alternatives(MONTHS)}|{_alternatives(MONTH_ABBREVIATIONS)}(?:\\.|\\b))"
WEEKDAY_RX = _alternatives(WEEKDAYS)
DAY_RX = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR_RX = r"(?:18|19|20)\d\d"
NUMBER_RX = (f"(?:\\d{{1,4}}|{_alternatives(TENS)}(?:-| ){_alternatives(UNITS_1_TO_9)}|"
             f"{_alternatives(VAGUE_NUMBERS)}|{_alternatives(NUMBER_WORDS)})")
HEDGE_RX = f"(?:{_alternatives(HEDGES)} )?"
UNIT_RX = r"(?:hours?|days?|weeks?|months?|years?|decades?)"
PART_RX = _alternatives(PART_WORDS)
SEASON_RX = _alternatives(SEASONS)
TIME_OF_DAY_RX = f"(?: {_alternatives(TIMES_OF_DAY)})?"
APOSTROPHE = "['’]"


def _spaced(pattern: str) -> str:
    r"""Patterns are written with single spaces; in text any run of whitespace matches."""
    return pattern.replace(" ", r"\s+")


def _unnamed(pattern: str) -> str:
    """The pattern with its named groups made non-capturing, to nest it in a larger one."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


# --- resolved spans and calendar arithmetic -------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: dt.date | None
    end: dt.date | None
    granularity: str | None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _day_span(day: dt.date | None) -> Span | None:
    return Span(day, day, DAY) if day else None


def _month_span(year: int, month: int) -> Span:
    return Span(dt.date(year, month, 1), _month_end(year, month), MONTH)


def _year_span(year: int) -> Span:
    return Span(dt.date(year, 1, 1), dt.date(year, 12, 31), YEAR)


def _decade_span(first_year: int) -> Span:
    return Span(dt.date(first_year, 1, 1), dt.date(first_year + 9, 12, 31), DECADE)


def _week_span(day: dt.date) -> Span:
    monday = day - dt.timedelta(days=day.weekday())
    return Span(monday, monday + dt.timedelta(days=6), WEEK)


def _season_span(season: str, year: int) -> Span:
    first, last = SEASONS[season]
    start_year = year - 1 if first > last else year   # winter straddles the new year
    return Span(dt.date(start_year, first, 1), _month_end(year, last), INTERVAL)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _shift(day: dt.date, unit: str, count: int) -> dt.date:
    """`day` moved `count` units (negative: back)."""
    if unit == "hour":
        return day + dt.timedelta(days=int(math.copysign(math.ceil(abs(count) / 24), count)))
    if unit == "day":
        return day + dt.timedelta(days=count)
    if unit == "week":
        return day + dt.timedelta(weeks=count)
    months = {"month": 1, "year": 12, "decade": 120}[unit]
    return _add_months(day, count * months)


def _calendar_unit(ref: dt.date, unit: str, offset: int) -> Span:
    """The week/month/year/decade containing `ref`, moved `offset` units."""
    if unit == "week":
        return _week_span(ref + dt.timedelta(weeks=offset))
    if unit == "month":
        first = _add_months(ref.replace(day=1), offset)
        return _month_span(first.year, first.month)
    if unit == "year":
        return _year_span(ref.year + offset)
    return _decade_span(ref.year // 10 * 10 + 10 * offset)


def _part_of(span: Span, unit: str, part: str, ref: dt.date | None) -> Span:
    """A part ("early", "mid", "the first half of", "earlier", ...) of a period."""
    inside = ref is not None and span.start <= ref <= span.end
    if part == "earlier" and inside:
        return Span(span.start, ref, INTERVAL)
    if part == "later" and inside:
        return Span(ref, span.end, INTERVAL)
    pieces, index = PART_PIECES[part]
    if unit == "year":
        cuts = (0, 4, 8, 12) if pieces == 3 else (0, 6, 12)
        year = span.start.year
        return Span(dt.date(year, cuts[index] + 1, 1), _month_end(year, cuts[index + 1]),
                    INTERVAL)
    if unit == "decade":
        cuts = (0, 4, 7, 10) if pieces == 3 else (0, 5, 10)
        first = span.start.year
        return Span(dt.date(first + cuts[index], 1, 1),
                    dt.date(first + cuts[index + 1] - 1, 12, 31), INTERVAL)
    days = (span.end - span.start).days + 1
    if unit == "month":
        cuts = (0, 10, 20, days) if pieces == 3 else (0, 15, days)
    else:
        cuts = tuple(days * k // pieces for k in range(pieces + 1))
    return Span(span.start + dt.timedelta(days=cuts[index]),
                span.start + dt.timedelta(days=cuts[index + 1] - 1), INTERVAL)


YearBuilder = Callable[[int], "Span | None"]


def _latest(build: YearBuilder, ref: dt.date | None, over: bool = False) -> Span | None:
    """The most recent yearly span that has begun by `ref` (`over`: that ended before it)."""
    if ref is None:
        return None
    for year in range(ref.year + 1, ref.year - 9, -1):
        span = build(year)
        if span is not None and ((span.end < ref) if over else (span.start <= ref)):
            return span
    return None


def _upcoming(build: YearBuilder, ref: dt.date | None) -> Span | None:
    """The first yearly span that begins after `ref`."""
    if ref is None:
        return None
    for year in range(ref.year - 1, ref.year + 9):
        span = build(year)
        if span is not None and span.start > ref:
            return span
    return None


def _yearly(build: YearBuilder, year: str | None, rel: str | None, ref: dt.date | None,
            this_year: int | None = None) -> Span | None:
    """A yearly span (a month, a day, a season) picked by an explicit year or by `rel`."""
    if year:
        return build(int(year))
    rel = _words(rel)
    if rel in PAST_WORDS:
        return _latest(build, ref, over=True)
    if rel in FUTURE_WORDS:
        return _upcoming(build, ref)
    if rel == "this":
        return build(this_year if this_year is not None else ref.year) if ref else None
    return _latest(build, ref)


# --- reading matched words ------------------------------------------------------------------


def _words(text: str | None) -> str:
    return " ".join(text.lower().replace("’", "'").split()) if text else ""


def _month(text: str) -> int:
    word = _words(text).rstrip(".")
    return MONTHS.get(word) or MONTH_ABBREVIATIONS[word]


def _day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _number(text: str) -> int:
    words = _words(text).replace("-", " ")
    if words.isdigit():
        return int(words)
    if words in VAGUE_NUMBERS:
        return VAGUE_NUMBERS[words]
    return sum(NUMBER_WORDS[w] for w in words.split())


def number_value(text: str) -> int | None:
    """A count written in digits ("1,200") or words ("twelve", "twenty-five", "a dozen");
    None when the text is no number."""
    try:
        return _number(text.replace(",", ""))
    except (KeyError, ValueError):
        return None


def _unit(text: str) -> str:
    return _words(text).rstrip("s")


def _part(text: str | None) -> str | None:
    return PART_WORDS.get(_words(text)) if text else None


# --- handlers: (match, publication date) -> Span | None -------------------------------------

def _h_iso(m: re.Match, ref: dt.date | None) -> Span | None:
    return _day_span(_date(int(m["y"]), int(m["mo"]), int(m["d"])))


def _h_date(m: re.Match, ref: dt.date | None) -> Span | None:
    """March 3, 2016 / 3 March 2016 / on March 3 / Mar. 3."""
    month, day = _month(m["m"]), _day_number(m["d"])
    return _yearly(lambda y: _day_span(_date(y, month, day)), m["y"], None, ref)


def _h_day_range(m: re.Match, ref: dt.date | None) -> Span | None:
    """March 3-5, 2016 / 3 to 5 March."""
    month, first, last = _month(m["m"]), _day_number(m["d1"]), _day_number(m["d2"])

    def build(year: int) -> Span | None:
        start, end = _date(year, month, first), _date(year, month, last)
        return Span(start, end, INTERVAL) if start and end and start < end else None

    return _yearly(build, m["y"], None, ref)


def _h_month(m: re.Match, ref: dt.date | None) -> Span | None:
    """March 2016 / in March / last March / early March / the end of March 2016."""
    month, part = _month(m["m"]), _part(m["p"])

    def build(year: int) -> Span:
        span = _month_span(year, month)
        return _part_of(span, "month", part, ref) if part else span

    return _yearly(build, m["y"], m["rel"], ref)


def _h_year(m: re.Match, ref: dt.date | None) -> Span | None:
    """2015 / early 2019 / mid-2019 / the first half of 2019."""
    span, part = _year_span(int(m["y"])), _part(m["p"])
    return _part_of(span, "year", part, ref) if part else span


def _h_year_range(m: re.Match, ref: dt.date | None) -> Span | None:
    """2014-2017 / 2014-17."""
    first, last = m["a"], m["b"]
    if len(last) == 2:
        last = first[:2] + last
    if int(last) <= int(first):
        return None
    return Span(dt.date(int(first), 1, 1), dt.date(int(last), 12, 31), INTERVAL)


def _h_decade(m: re.Match, ref: dt.date | None) -> Span | None:
    """the 1990s / the mid-1990s / the '90s."""
    if m["c"]:
        first = int(m["c"])
    else:
        short = int(m["cc"])
        first = 1900 + short
        if (ref is not None and first + 100 <= ref.year) or (ref is None and short <= 20):
            first += 100   # the 20s of a 2024 article are the 2020s
    span, part = _decade_span(first), _part(m["p"])
    return _part_of(span, "decade", part, ref) if part else span


def _h_season(m: re.Match, ref: dt.date | None) -> Span | None:
    """summer 2014 / the summer of 2014 / last summer / late summer."""
    season, part = _words(m["s"]), _part(m["p"])

    def build(year: int) -> Span:
        span = _season_span(season, year)
        return _part_of(span, "season", part, ref) if part else span

    this_year = None
    if ref is not None:
        this_year = ref.year + 1 if season == "winter" and ref.month >= 3 else ref.year
    return _yearly(build, m["y"], m["rel"], ref, this_year)


def _h_day_offset(m: re.Match, ref: dt.date | None) -> Span | None:
    """today / tonight / yesterday / last night / tomorrow."""
    if ref is None:
        return None
    return _day_span(ref + dt.timedelta(days=DAY_OFFSETS[_words(m["w"])]))


def _h_overnight(m: re.Match, ref: dt.date | None) -> Span | None:
    return Span(ref - dt.timedelta(days=1), ref, INTERVAL) if ref else None


def _h_weekday(m: re.Match, ref: dt.date | None) -> Span | None:
    """Saturday / on Saturday / last Saturday / this Saturday / next Saturday / Saturday today."""
    if ref is None:
        return None
    weekday, rel = WEEKDAYS.index(_words(m["w"])), _words(m["rel"])
    if (m["t1"] or m["t2"]) and ref.weekday() == weekday:
        return _day_span(ref)
    if rel == "this":
        return _day_span(ref + dt.timedelta(days=weekday - ref.weekday()))
    if rel in FUTURE_WORDS:
        return _day_span(ref + dt.timedelta(days=(weekday - ref.weekday() - 1) % 7 + 1))
    return _day_span(ref - dt.timedelta(days=(ref.weekday() - weekday - 1) % 7 + 1))


def _h_weekend(m: re.Match, ref: dt.date | None) -> Span | None:
    """the weekend / last weekend / this weekend / next weekend."""
    if ref is None:
        return None
    rel, saturday = _words(m["rel"]), dt.timedelta(days=5)
    this = _week_span(ref).start + saturday
    if rel == "this" or (rel in {"", "the"} and ref >= this):
        start = this
    elif rel in FUTURE_WORDS:
        start = this if ref < this else this + dt.timedelta(weeks=1)
    else:   # the most recent weekend that is over
        start = this - dt.timedelta(weeks=1) if ref <= this + dt.timedelta(days=1) else this
    return Span(start, start + dt.timedelta(days=1), INTERVAL)


def _h_calendar(m: re.Match, ref: dt.date | None) -> Span | None:
    """last week / this month / next year / late last month / earlier this year."""
    rel, part = _words(m["rel"]), _part(m["p"])
    if ref is None or (rel == "the" and not part):
        return None
    offset = -1 if rel in PAST_WORDS else 1 if rel in FUTURE_WORDS else 0
    unit = _unit(m["u"])
    if unit == "decade" and offset == -1:   # "last decade": the past ten years, a duration
        return None
    span = _calendar_unit(ref, unit, offset)
    return _part_of(span, unit, part, ref) if part else span


def _h_ago(m: re.Match, ref: dt.date | None) -> Span | None:
    """two weeks ago / three days ago / more than a decade ago."""
    if ref is None:
        return None
    unit, count = _unit(m["u"]), _number(m["n"])
    if unit == "hour":   # "three hours ago" is still the day of publication
        day = ref - dt.timedelta(days=round(count / 24))
    else:
        day = _shift(ref, unit, -count)
    half = dt.timedelta(days=AGO_HALF_WINDOW[unit])
    return Span(day - half, day + half, DAY if unit == "hour" else unit)


def _h_duration(m: re.Match, ref: dt.date | None) -> Span | None:
    """for nearly 23 years / over the past decade / the past 24 hours / the next two years."""
    direction, unit_word = _words(m["dir"]), _words(m["u"])
    if ref is None or not (m["n"] or direction):
        return None
    unit = _unit(unit_word)
    if m["n"]:
        count = _number(m["n"])
    elif unit_word.endswith("s"):   # "the past weeks": as "recent weeks"
        count, unit = RECENT_SPANS[unit]
    else:
        count = 1
    other = _shift(ref, unit, count if direction in FUTURE_WORDS else -count)
    return Span(min(ref, other), max(ref, other), INTERVAL)


def _h_recent(m: re.Match, ref: dt.date | None) -> Span | None:
    """recent weeks / in recent months / the coming days."""
    if ref is None:
        return None
    count, unit = RECENT_SPANS[_unit(m["u"])]
    other = _shift(ref, unit, count if _words(m["dir"]) in FUTURE_WORDS else -count)
    return Span(min(ref, other), max(ref, other), INTERVAL)


def _h_since(m: re.Match, ref: dt.date | None) -> Span | None:
    since = _resolve(m["x"], ref, SIMPLE_RULES)
    if since is None or since.start is None:
        return None
    return Span(since.start, ref if ref and ref >= since.start else None, INTERVAL)


def _h_until(m: re.Match, ref: dt.date | None) -> Span | None:
    until = _resolve(m["x"], ref, SIMPLE_RULES)
    return Span(None, until.end, INTERVAL) if until and until.end else None


def _h_before(m: re.Match, ref: dt.date | None) -> Span | None:
    before = _resolve(m["x"], ref, SIMPLE_RULES)
    if before is None or before.start is None:
        return None
    return Span(None, before.start - dt.timedelta(days=1), INTERVAL)


def _h_after(m: re.Match, ref: dt.date | None) -> Span | None:
    after = _resolve(m["x"], ref, SIMPLE_RULES)
    if after is None or after.end is None:
        return None
    return Span(after.end + dt.timedelta(days=1), None, INTERVAL)


def _h_range(m: re.Match, ref: dt.date | None) -> Span | None:
    """between 2014 and 2017 / from March to May 2016."""
    last = _resolve(m["b"], ref, SIMPLE_RULES)
    if last is None or last.end is None:
        return None
    first = _resolve(m["a"], ref, SIMPLE_RULES)
    if first is None or first.start is None or first.start > last.end:
        first = _resolve(m["a"], last.end, SIMPLE_RULES)   # read in Y's year
    if first is None or first.start is None or first.start > last.end:
        return None
    return Span(first.start, last.end, INTERVAL)


# --- find_times checks: (text, match) -> bool -----------------------------------------------


def _word_before(text: str, index: int) -> str:
    found = re.search(r"(\w+)[\s(]*$", text[max(0, index - 40):index])
    return found.group(1).lower() if found else ""


def _bare_month_ok(text: str, m: re.Match) -> bool:
    return bool(m["rel"] or m["p"] or m["y"]) or _word_before(text, m.start()) in MONTH_CUES


def _bare_year_ok(text: str, m: re.Match) -> bool:
    if m["p"] or _word_before(text, m.start()) in YEAR_CUES:
        return True
    return not re.match(r"\s+[a-z]", text[m.end():])


def _duration_ok(text: str, m: re.Match) -> bool:
    return bool(m["intro"] or m["dir"])


def _decade_ok(text: str, m: re.Match) -> bool:
    return bool(m["c"]) or m.group().lower().startswith("the") or bool(m["apo"])


def _season_ok(text: str, m: re.Match) -> bool:
    if m["y"]:
        return True
    strong = _words(m["rel"]) not in {"", "the"}
    return m["s"][0].islower() and (strong or _words(m["s"]) != "fall")


# --- the rules ------------------------------------------------------------------------------


@dataclass
class Rule:
    name: str
    pattern: str                                 # single spaces stand for any whitespace
    handler: Callable[[re.Match, "dt.date | None"], "Span | None"]
    check: Callable[[str, re.Match], bool] | None = None   # extra test for find_times
    full: re.Pattern = field(init=False, repr=False)
    find: re.Pattern = field(init=False, repr=False)

    def __post_init__(self):
        body = _spaced(self.pattern)
        self.full = re.compile(body, re.I)
        self.find = re.compile(rf"(?<![\w$£€])(?:{body})(?![\w%])", re.I)


_WEEKDAY_PREFIX = f"(?:{WEEKDAY_RX},? )?"
_YEAR_SUFFIX = f"(?:,? (?:of )?(?P<y>{YEAR_RX}))?"
_PART_PREFIX = f"(?P<p>{PART_RX})(?:-| )(?:in )?"

# Rules that may stand inside "since ...", "between ... and ...": most specific first, because
# inside a larger pattern the first alternative that fits is taken.
SIMPLE_RULES = [
    Rule("iso", r"(?P<y>\d{4})[-/](?P<mo>\d\d)[-/](?P<d>\d\d)", _h_iso),
    Rule("day range", f"(?P<m>{MONTH_RX}) (?P<d1>{DAY_RX})\\s*(?:-|–|to|and|through)\\s*"
         f"(?P<d2>{DAY_RX}){_YEAR_SUFFIX}", _h_day_range),
    Rule("day range dm", f"(?P<d1>{DAY_RX})\\s*(?:-|–|to|and)\\s*(?P<d2>{DAY_RX}) "
         f"(?:of )?(?P<m>{MONTH_RX}){_YEAR_SUFFIX}", _h_day_range),
    Rule("month day", f"{_WEEKDAY_PREFIX}(?P<m>{MONTH_RX}) (?:the )?(?P<d>{DAY_RX})"
         f"(?:,? (?P<y>{YEAR_RX}))?", _h_date),
    Rule("day month", f"{_WEEKDAY_PREFIX}(?:the )?(?P<d>{DAY_RX}) (?:of )?(?P<m>{MONTH_RX})"
         f"(?:,? (?P<y>{YEAR_RX}))?", _h_date),
    Rule("month", f"(?:{_PART_PREFIX}|(?P<rel>last|this past|this coming|this|next) )?"
         f"(?P<m>{MONTH_RX}){_YEAR_SUFFIX}", _h_month, _bare_month_ok),
    Rule("decade", f"(?:the )?(?:(?P<p>early|mid|late)(?:-| ))?(?:(?P<c>(?:18|19|20)\\d0)|"
         f"(?P<apo>{APOSTROPHE})?(?P<cc>\\d0)){APOSTROPHE}?s", _h_decade, _decade_ok),
    Rule("year range", f"(?P<a>{YEAR_RX})\\s*[-–—/]\\s*(?P<b>{YEAR_RX}|\\d\\d)", _h_year_range),
    Rule("year", f"(?:{_PART_PREFIX})?(?:the year )?(?P<y>{YEAR_RX})", _h_year, _bare_year_ok),
    Rule("season", f"(?:(?P<p>early|mid|late)(?:-| )(?:in )?)?"
         f"(?:(?P<rel>last|this past|this coming|this|next|the) )?(?P<s>{SEASON_RX})"
         f"{_YEAR_SUFFIX}", _h_season, _season_ok),
    Rule("day offset", f"(?:(?:early|late|earlier|later) )?(?P<w>{_alternatives(DAY_OFFSETS)})"
         f"{TIME_OF_DAY_RX}", _h_day_offset),
    Rule("weekday", f"(?:(?P<t1>today),? )?(?:(?:early|late)(?: on)? )?"
         f"(?:(?P<rel>last|this past|this coming|this|next|coming|past) )?(?P<w>{WEEKDAY_RX})"
         f"{TIME_OF_DAY_RX}(?:,? (?P<t2>today))?", _h_weekday),
    Rule("weekend", "(?:(?P<rel>last|this past|the past|this coming|this|next|coming|the) )?"
         "weekend", _h_weekend),
    Rule("calendar", f"(?:{_PART_PREFIX})?(?P<rel>last|this|next|the previous|previous|the) "
         "(?P<u>week|month|year|decade)", _h_calendar),
    Rule("ago", f"{HEDGE_RX}(?P<n>{NUMBER_RX}) (?P<u>{UNIT_RX}) ago", _h_ago),
]
SIMPLE_RX = "(?:" + "|".join(_unnamed(rule.pattern) for rule in SIMPLE_RULES) + ")"

OTHER_RULES = [
    Rule("overnight", "overnight", _h_overnight),
    Rule("duration", "(?:(?P<intro>for|over|in|within|during|throughout) )?"
         "(?:(?:the|this) )?(?:(?P<dir>past|last|previous|next|coming|following) )?"
         f"(?:{HEDGE_RX}(?P<n>{NUMBER_RX}) )?(?P<u>{UNIT_RX})", _h_duration, _duration_ok),
    Rule("recent", f"(?:the )?(?:most )?(?P<dir>recent|coming|upcoming) (?P<u>{UNIT_RX})",
         _h_recent),
    Rule("since", f"(?:ever )?since (?P<x>{SIMPLE_RX})", _h_since),
    Rule("until", f"(?:until|till|{APOSTROPHE}?til|up until|up to|through|thru) "
         f"(?P<x>{SIMPLE_RX})", _h_until),
    Rule("before", f"before (?P<x>{SIMPLE_RX})", _h_before),
    Rule("after", f"after (?P<x>{SIMPLE_RX})", _h_after),
    Rule("between", f"between (?P<a>{SIMPLE_RX}) and (?P<b>{SIMPLE_RX})", _h_range),
    Rule("from", f"from (?P<a>{SIMPLE_RX})"
         f"(?: (?:to|until|till|through|thru|and) |\\s*[-–—]\\s*)(?P<b>{SIMPLE_RX})", _h_range),
]
RULES = SIMPLE_RULES + OTHER_RULES

# --- public API -----------------------------------------------------------------------------

_LEADING = re.compile(r"^(?:on|in|at|during|by|around|about|circa|approximately|over|"
                      r"throughout|within)\s+(?!least\b|most\b)", re.I)
_WORD_START = re.compile(r"(?<![\w'’])[\w'’]")
_PROBE = dt.date(2020, 6, 15)   # find_times keeps only matches that resolve against some date


def _clean(text: str) -> str:
    """Whitespace collapsed, outer punctuation, a possessive and leading prepositions dropped."""
    text = " ".join(text.replace("’", "'").split()).strip(" ,;:!?()[]{}\"")
    text = re.sub(r"(?<=[a-z])'s$", "", text, flags=re.I).rstrip(".")
    for _ in range(2):
        text = _LEADING.sub("", text)
    return text


def _resolve(text: str, ref: dt.date | None, rules: list[Rule]) -> Span | None:
    text = text.strip()
    for rule in rules:
        match = rule.full.fullmatch(text)
        if match:
            span = rule.handler(match, ref)
            if span is not None and (span.start or span.end):
                return span
    return None


def normalize_time(text: str, published: dt.date | None) -> dict:
    """{"text": text as given, "start": "YYYY-MM-DD" | None, "end": "YYYY-MM-DD" | None,
        "granularity": "day" | "week" | "month" | "year" | "decade" | "interval" | None}"""
    if isinstance(published, dt.datetime):
        published = published.date()
    span = None
    if isinstance(text, str):
        try:
            span = _resolve(_clean(text), published, RULES)
        except (ValueError, OverflowError):   # dates out of range: "for 5000 years"
            span = None
    return {
        "text": text,
        "start": span.start.isoformat() if span and span.start else None,
        "end": span.end.isoformat() if span and span.end else None,
        "granularity": span.granularity if span else None,
    }


def _plausible(text: str, m: re.Match, rule: Rule) -> bool:
    """A match in running text is kept if its month names are capitalised, its rule's check
    passes and it resolves against some publication date."""
    for word in re.findall(r"[A-Za-z]+", m.group()):
        if word[0].islower() and (word.lower() in MONTHS or word.lower() in MONTH_ABBREVIATIONS):
            return False
    if rule.check is not None and not rule.check(text, m):
        return False
    try:
        return rule.handler(m, _PROBE) is not None
    except (ValueError, OverflowError):
        return False


def find_times(text: str) -> list[tuple[int, int, str]]:
    """(start, end, matched text) of every time expression in a sentence or text, left to right,
    non-overlapping, longest first. Used when spaCy's NER misses a date."""
    if not isinstance(text, str) or not text:
        return []
    starts = [m.start() for m in _WORD_START.finditer(text)]
    candidates = []
    for order, rule in enumerate(RULES):
        for index in starts:
            match = rule.find.match(text, index)
            if match and _plausible(text, match, rule):
                candidates.append((match.start(), match.end(), order))
    candidates.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
    taken: list[tuple[int, int]] = []
    for start, end, _ in candidates:
        if all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
    return [(start, end, text[start:end]) for start, end in sorted(taken)]
