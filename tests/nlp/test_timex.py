"""Time expressions normalise to inclusive ISO intervals relative to the publication date, and
find_times spots them in running text."""

from __future__ import annotations

import datetime as dt

import pytest

from allegiance.nlp.timex import find_times, normalize_time

WED = dt.date(2019, 10, 9)    # a Wednesday
FRI = dt.date(2024, 3, 1)     # a Friday, in a leap year


def _resolved(text, published):
    result = normalize_time(text, published)
    assert result["text"] == text
    return result["start"], result["end"], result["granularity"]


@pytest.mark.parametrize("text, start, end, granularity", [
    ("2015", "2015-01-01", "2015-12-31", "year"),
    ("in 2015", "2015-01-01", "2015-12-31", "year"),
    ("by 2015", "2015-01-01", "2015-12-31", "year"),
    ("March 2016", "2016-03-01", "2016-03-31", "month"),
    ("in March 2016", "2016-03-01", "2016-03-31", "month"),
    ("March 3, 2016", "2016-03-03", "2016-03-03", "day"),
    ("3 March 2016", "2016-03-03", "2016-03-03", "day"),
    ("on the 3rd of March, 2016", "2016-03-03", "2016-03-03", "day"),
    ("Saturday, Oct. 5, 2019", "2019-10-05", "2019-10-05", "day"),
    ("2016-03-03", "2016-03-03", "2016-03-03", "day"),
    ("the 1990s", "1990-01-01", "1999-12-31", "decade"),
    ("the '90s", "1990-01-01", "1999-12-31", "decade"),
    ("the mid-1990s", "1994-01-01", "1996-12-31", "interval"),
    ("the early 2000s", "2000-01-01", "2003-12-31", "interval"),
    ("early 2019", "2019-01-01", "2019-04-30", "interval"),
    ("mid-2019", "2019-05-01", "2019-08-31", "interval"),
    ("late 2019", "2019-09-01", "2019-12-31", "interval"),
    ("the end of 2019", "2019-09-01", "2019-12-31", "interval"),
    ("the first half of 2019", "2019-01-01", "2019-06-30", "interval"),
    ("late March 2016", "2016-03-21", "2016-03-31", "interval"),
    ("summer 2014", "2014-06-01", "2014-08-31", "interval"),
    ("the summer of 2014", "2014-06-01", "2014-08-31", "interval"),
    ("winter 2014", "2013-12-01", "2014-02-28", "interval"),
    ("between 2014 and 2017", "2014-01-01", "2017-12-31", "interval"),
    ("from 2014 to 2017", "2014-01-01", "2017-12-31", "interval"),
    ("2014-17", "2014-01-01", "2017-12-31", "interval"),
    ("between March and May 2016", "2016-03-01", "2016-05-31", "interval"),
    ("March 3-5, 2016", "2016-03-03", "2016-03-05", "interval"),
    ("until 2021", None, "2021-12-31", "interval"),
    ("till 2021", None, "2021-12-31", "interval"),
    ("before 2015", None, "2014-12-31", "interval"),
    ("after 2015", "2016-01-01", None, "interval"),
])
@pytest.mark.parametrize("published", [WED, FRI, None])
def test_absolute_expressions_do_not_depend_on_publication(text, start, end, granularity,
                                                           published):
    assert _resolved(text, published) == (start, end, granularity)


@pytest.mark.parametrize("text, published, start, end, granularity", [
    # days
    ("today", WED, "2019-10-09", "2019-10-09", "day"),
    ("tonight", WED, "2019-10-09", "2019-10-09", "day"),
    ("yesterday", WED, "2019-10-08", "2019-10-08", "day"),
    ("last night", FRI, "2024-02-29", "2024-02-29", "day"),
    ("late last night", WED, "2019-10-08", "2019-10-08", "day"),
    ("the day before yesterday", WED, "2019-10-07", "2019-10-07", "day"),
    ("tomorrow", FRI, "2024-03-02", "2024-03-02", "day"),
    ("overnight", WED, "2019-10-08", "2019-10-09", "interval"),
    # weekdays: strictly before publication unless "today" / "this" / "next"
    ("on Saturday", WED, "2019-10-05", "2019-10-05", "day"),
    ("Saturday", FRI, "2024-02-24", "2024-02-24", "day"),
    ("On Tuesday", WED, "2019-10-08", "2019-10-08", "day"),
    ("Wednesday", WED, "2019-10-02", "2019-10-02", "day"),
    ("Friday", FRI, "2024-02-23", "2024-02-23", "day"),
    ("today, Friday", FRI, "2024-03-01", "2024-03-01", "day"),
    ("Wednesday today", WED, "2019-10-09", "2019-10-09", "day"),
    ("last Saturday", WED, "2019-10-05", "2019-10-05", "day"),
    ("late on Saturday night", WED, "2019-10-05", "2019-10-05", "day"),
    ("Saturday's", WED, "2019-10-05", "2019-10-05", "day"),
    ("this Saturday", WED, "2019-10-12", "2019-10-12", "day"),
    ("next Monday", FRI, "2024-03-04", "2024-03-04", "day"),
    # weeks and weekends
    ("last week", WED, "2019-09-30", "2019-10-06", "week"),
    ("last week", FRI, "2024-02-19", "2024-02-25", "week"),
    ("this week", WED, "2019-10-07", "2019-10-13", "week"),
    ("earlier this week", WED, "2019-10-07", "2019-10-09", "interval"),
    ("next week", FRI, "2024-03-04", "2024-03-10", "week"),
    ("over the weekend", WED, "2019-10-05", "2019-10-06", "interval"),
    ("last weekend", FRI, "2024-02-24", "2024-02-25", "interval"),
    # months
    ("last month", WED, "2019-09-01", "2019-09-30", "month"),
    ("last month", FRI, "2024-02-01", "2024-02-29", "month"),
    ("late last month", WED, "2019-09-21", "2019-09-30", "interval"),
    ("Late last month", FRI, "2024-02-21", "2024-02-29", "interval"),
    ("early last month", WED, "2019-09-01", "2019-09-10", "interval"),
    ("the end of last month", WED, "2019-09-21", "2019-09-30", "interval"),
    ("earlier this month", WED, "2019-10-01", "2019-10-09", "interval"),
    ("this month", WED, "2019-10-01", "2019-10-31", "month"),
    ("in March", WED, "2019-03-01", "2019-03-31", "month"),
    ("in March", FRI, "2024-03-01", "2024-03-31", "month"),
    ("in October", WED, "2019-10-01", "2019-10-31", "month"),
    ("in December", WED, "2018-12-01", "2018-12-31", "month"),
    ("last March", FRI, "2023-03-01", "2023-03-31", "month"),
    ("mid-March", WED, "2019-03-11", "2019-03-20", "interval"),
    ("on March 3", WED, "2019-03-03", "2019-03-03", "day"),
    ("on March 3", FRI, "2023-03-03", "2023-03-03", "day"),
    ("on 3 March", WED, "2019-03-03", "2019-03-03", "day"),
    ("Mar. 3", FRI, "2023-03-03", "2023-03-03", "day"),
    ("Feb. 29", WED, "2016-02-29", "2016-02-29", "day"),
    # years and seasons
    ("last year", WED, "2018-01-01", "2018-12-31", "year"),
    ("earlier this year", WED, "2019-01-01", "2019-10-09", "interval"),
    ("so far this year", FRI, "2024-01-01", "2024-03-01", "interval"),
    ("later this year", WED, "2019-10-09", "2019-12-31", "interval"),
    ("this year", FRI, "2024-01-01", "2024-12-31", "year"),
    ("early last year", WED, "2018-01-01", "2018-04-30", "interval"),
    ("last summer", WED, "2019-06-01", "2019-08-31", "interval"),
    ("last summer", FRI, "2023-06-01", "2023-08-31", "interval"),
    ("this winter", WED, "2019-12-01", "2020-02-29", "interval"),
    ("the 20s", FRI, "2020-01-01", "2029-12-31", "decade"),
    # "ago": the day that long before, widened by half a unit
    ("two weeks ago", WED, "2019-09-22", "2019-09-28", "week"),
    ("2 weeks ago", WED, "2019-09-22", "2019-09-28", "week"),
    ("three days ago", WED, "2019-10-06", "2019-10-06", "day"),
    ("a few days ago", FRI, "2024-02-27", "2024-02-27", "day"),
    ("a month ago", WED, "2019-08-25", "2019-09-24", "month"),
    ("two years ago", WED, "2017-04-10", "2018-04-09", "year"),
    ("about twenty-five years ago", WED, "1994-04-10", "1995-04-09", "year"),
    ("48 hours ago", WED, "2019-10-07", "2019-10-07", "day"),
    # spans ending (or starting) at publication
    ("recent weeks", WED, "2019-08-28", "2019-10-09", "interval"),
    ("in recent months", FRI, "2023-09-01", "2024-03-01", "interval"),
    ("in the coming days", WED, "2019-10-09", "2019-10-16", "interval"),
    ("the past 24 hours", WED, "2019-10-08", "2019-10-09", "interval"),
    ("the past week", WED, "2019-10-02", "2019-10-09", "interval"),
    ("over the past decade", FRI, "2014-03-01", "2024-03-01", "interval"),
    ("last decade", WED, "2009-10-09", "2019-10-09", "interval"),
    ("in the next two years", WED, "2019-10-09", "2021-10-09", "interval"),
    ("for nearly 23 years", WED, "1996-10-09", "2019-10-09", "interval"),
    ("for 23 years", FRI, "2001-03-01", "2024-03-01", "interval"),
    ("for two decades", WED, "1999-10-09", "2019-10-09", "interval"),
    ("for more than a decade", WED, "2009-10-09", "2019-10-09", "interval"),
    ("nearly 23 years", WED, "1996-10-09", "2019-10-09", "interval"),
    ("since 2019", WED, "2019-01-01", "2019-10-09", "interval"),
    ("since March", WED, "2019-03-01", "2019-10-09", "interval"),
    ("since last year", FRI, "2023-01-01", "2024-03-01", "interval"),
    ("ever since the 1990s", WED, "1990-01-01", "2019-10-09", "interval"),
    ("until last year", WED, None, "2018-12-31", "interval"),
    ("from March to May", WED, "2019-03-01", "2019-05-31", "interval"),
    ("from December to February", FRI, "2023-12-01", "2024-02-29", "interval"),
])
def test_relative_expressions_resolve_against_publication(text, published, start, end,
                                                          granularity):
    assert _resolved(text, published) == (start, end, granularity)


@pytest.mark.parametrize("text", [
    "today", "yesterday", "on Saturday", "last week", "late last month", "in March",
    "on March 3", "two weeks ago", "recent weeks", "for nearly 23 years", "since March",
    "last summer",
])
def test_relative_expressions_need_a_publication_date(text):
    assert _resolved(text, None) == (None, None, None)


def test_since_without_publication_is_open_ended():
    assert _resolved("since 2019", None) == ("2019-01-01", None, "interval")


@pytest.mark.parametrize("text", [
    "", "   ", "the war", "Kabul", "next to the river", "for years", "February 30, 2016",
    "from 2017 to 2014", "for 5000 years", "2016-13-45", "9999",
])
def test_unknown_or_impossible_text_gives_nothing(text):
    assert _resolved(text, WED) == (None, None, None)


def test_matching_is_case_and_whitespace_insensitive():
    assert _resolved("  LATE   Last\nMonth, ", WED) == ("2019-09-21", "2019-09-30", "interval")


def test_a_datetime_publication_counts_as_its_date():
    published = dt.datetime(2019, 10, 9, 23, 30)
    assert _resolved("yesterday", published) == ("2019-10-08", "2019-10-08", "day")


def test_non_string_text_does_not_raise():
    assert normalize_time(None, WED) == {"text": None, "start": None, "end": None,
                                         "granularity": None}


@pytest.mark.parametrize("sentence, expected", [
    ("Late last month, Afghan and U.S. forces targeted Taliban positions in Helmand.",
     ["Late last month"]),
    ("The group has fought the government since 2019 and on Saturday attacked a base",
     ["since 2019", "Saturday"]),
    ("Al-Shabaab has waged an insurgency for more than a decade and in 2017 killed 2000 "
     "fighters.", ["for more than a decade", "2017"]),
    ("Between 2014 and 2017, Islamic State controlled Mosul, which fell in the summer of 2014.",
     ["Between 2014 and 2017", "the summer of 2014"]),
    ("In the 1990s the Taliban rose; by the mid-1990s they held Kandahar.",
     ["the 1990s", "the mid-1990s"]),
    ("Fighting over the past 24 hours killed 12 people, officials said on Wednesday.",
     ["over the past 24 hours", "Wednesday"]),
    ("Two weeks ago, the ADF attacked Beni; in recent weeks attacks have increased.",
     ["Two weeks ago", "recent weeks"]),
    ("On March 3, 2016, Boko Haram struck Maiduguri; another attack followed on 5 March.",
     ["March 3, 2016", "5 March"]),
    ("Hezbollah fighters, in Syria since 2013, returned overnight, Reuters reported Tuesday.",
     ["since 2013", "overnight", "Tuesday"]),
    ("The truce held until 2021. Earlier this year, talks resumed. He died 23 years ago.",
     ["until 2021", "Earlier this year", "23 years ago"]),
    ("From March to May 2016 the rebels besieged the town. Last week's attack ended it.",
     ["From March to May 2016", "Last week"]),
    ("The attack on 2016-03-03 followed the 2015 election.",
     ["2016-03-03", "2015"]),
])
def test_find_times_in_news_sentences(sentence, expected):
    found = find_times(sentence)
    assert [text for _, _, text in found] == expected
    for start, end, text in found:
        assert sentence[start:end] == text


@pytest.mark.parametrize("sentence", [
    "Theresa May said the protesters may march on the capital.",
    "He was sentenced to 10 years in prison and 2000 fighters surrendered.",
    "The Arab Spring changed the region; the fall of Mosul shocked Baghdad.",
    "The commander, in his 40s, paid $2015 for the truck.",
    "One day the rebels will win.",
])
def test_find_times_ignores_look_alikes(sentence):
    assert find_times(sentence) == []


def test_find_times_prefers_the_longest_expression():
    sentence = "The siege lasted from early 2016 to late 2017, officials said."
    expression = "from early 2016 to late 2017"
    start = sentence.index(expression)
    assert find_times(sentence) == [(start, start + len(expression), expression)]


def test_found_expressions_normalise():
    sentence = "Late last month, the group, active since 2019, attacked a base on Saturday."
    resolved = [normalize_time(text, WED) for _, _, text in find_times(sentence)]
    assert [(r["start"], r["end"]) for r in resolved] == [
        ("2019-09-21", "2019-09-30"), ("2019-01-01", "2019-10-09"), ("2019-10-05", "2019-10-05")]


def test_find_times_on_empty_text():
    assert find_times("") == []
