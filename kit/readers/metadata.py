"""What does a metadata value mean? Dates read day-first for French sources, text kept as text, or a reason why not.

:func:`parse_date` returns ``(timestamp or NaT, note or None)``; a note is ``(level, code,
message)`` for the load report. The rules:

* ``2025-06-05`` (ISO) is always year-month-day; ``05/06/2025`` is 5 June when ``dayfirst``
  (the default, as French sources write it) and 6 May otherwise, whatever the day number; a
  date impossible in that order but possible in the other (``02/13/2025``) is read the other
  way and reported (``date_order``);
* a time zone is dropped, keeping the wall-clock time the article states, so an article
  published at 00:30 in Paris stays on its own day;
* ``20251027`` is read as a date; a 10-digit (or 13-digit) integer as Unix time, reported
  (``epoch_date``); any other integer is refused (``bad_date``);
* relative words (``now``, ``today``, ``hier``...) are refused (``relative_date``): they would
  give the load time, not the article's date;
* French and English dates in words (``27 octobre 2025``, ``Mon, 27 Oct 2025 10:31:00 +0100``)
  are read; a date missing its day, month or year is refused rather than completed from today.

>>> parse_date("05/06/2025")
(Timestamp('2025-06-05 00:00:00'), None)
>>> parse_date("2025-10-27T00:30:00+02:00")[0]
Timestamp('2025-10-27 00:30:00')
>>> parse_date("aujourd'hui")[1][1]
'relative_date'
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from kit import clean

RELATIVE_WORDS = {
    "now", "today", "yesterday", "tomorrow", "tonight", "maintenant", "aujourd'hui", "aujourd’hui", "hier",
    "demain", "avant-hier", "ce jour", "à l'instant", "il y a",
}
_ISO = re.compile(
    r"^\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$", re.ASCII
)
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T]+(\d{1,2})[:h](\d{2}))?$", re.ASCII)
_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$", re.ASCII)
_MIN_YEAR, _MAX_YEAR = 1800, 2200

Note = tuple[str, str, str]


def _local(ts: pd.Timestamp) -> pd.Timestamp:
    """The wall-clock time, without its time zone."""
    return ts.tz_localize(None) if ts.tzinfo is not None else ts


def _refuse(value, why: str, code: str = "bad_date") -> tuple[pd.Timestamp, Note]:
    return pd.NaT, ("warning", code, f"date {value!r} {why}; left as NaT.")


def _from_integer(value: int, shown) -> tuple[pd.Timestamp, Note | None]:
    digits = len(str(abs(value)))
    if digits == 8:
        try:
            return pd.Timestamp(dt.date(value // 10000, value // 100 % 100, value % 100)), None
        except ValueError:
            pass
    if digits in (9, 10, 12, 13) and value > 0:
        ts = pd.Timestamp(value, unit="ms" if digits >= 12 else "s")
        if _MIN_YEAR <= ts.year <= _MAX_YEAR:
            return ts, ("info", "epoch_date", f"date {shown!r} read as Unix time ({ts.isoformat()} UTC).")
    return _refuse(shown, "is a number that is neither YYYYMMDD nor Unix time; write dates as YYYY-MM-DD")


def _numeric(m: re.Match, value: str, dayfirst: bool) -> tuple[pd.Timestamp, Note | None]:
    a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    year = year + 2000 if year < 100 else year
    hour, minute = int(m.group(4) or 0), int(m.group(5) or 0)
    day, month = (a, b) if dayfirst else (b, a)
    try:
        return pd.Timestamp(dt.datetime(year, month, day, hour, minute)), None
    except ValueError:
        pass
    try:
        ts = pd.Timestamp(dt.datetime(year, day, month, hour, minute))
    except ValueError:
        return _refuse(value, "is not a calendar date")
    order = "month/day" if dayfirst else "day/month"
    return ts, ("warning", "date_order", f"date {value!r} is impossible {'day' if dayfirst else 'month'} first; read "
                f"as {order} ({ts.date().isoformat()}). Check the dates of this source.")


def parse_date(value, *, dayfirst: bool = True) -> tuple[pd.Timestamp, Note | None]:
    """A metadata date as a timestamp without time zone, and a note when it was refused or read with a caveat.

    >>> parse_date("13/02/2025")[0], parse_date("05/06/2025", dayfirst=False)[0]
    (Timestamp('2025-02-13 00:00:00'), Timestamp('2025-05-06 00:00:00'))
    >>> parse_date(20251027)
    (Timestamp('2025-10-27 00:00:00'), None)
    >>> parse_date("0100-01-01")[1][1]
    'bad_date'
    """
    date, note = _read_date(value, dayfirst)
    # A press date before 1800 or after 2200 is a typo, and pandas cannot hold most such years
    # in a datetime column at all (its range is 1677-2262).
    if date is not pd.NaT and not _MIN_YEAR <= date.year <= _MAX_YEAR:
        return _refuse(value, f"is outside the years {_MIN_YEAR}-{_MAX_YEAR}")
    return date, note


def _read_date(value, dayfirst: bool) -> tuple[pd.Timestamp, Note | None]:
    if value is None or value is pd.NaT:
        return pd.NaT, None
    if isinstance(value, bool):
        return _refuse(value, "is a true/false value, not a date")
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return _local(pd.Timestamp(value)), None
    if isinstance(value, dt.date):
        return pd.Timestamp(value), None
    if isinstance(value, float):
        if math.isnan(value):
            return pd.NaT, None
        if not value.is_integer():
            return _refuse(value, "is a fractional number, not a date")
        return _from_integer(int(value), value)
    if isinstance(value, int):
        return _from_integer(value, value)
    if not isinstance(value, str):
        try:  # numpy datetime64 and the like
            return _local(pd.Timestamp(value)), None
        except (ValueError, TypeError, OverflowError):
            return _refuse(value, f"is a {type(value).__name__}, not a date")
    text = value.strip()
    if not text or text.lower() in {"nan", "nat", "none", "null", "n/a", "na", "-"}:
        return pd.NaT, None
    low = text.lower()
    if low in RELATIVE_WORDS or any(low.startswith(w + " ") for w in RELATIVE_WORDS):
        return _refuse(value, "is relative to the day it was read, not the article's date; give the date itself",
                       "relative_date")
    if text.isascii() and text.isdigit():
        return _from_integer(int(text), value)
    try:
        if _ISO.match(text):
            return _local(pd.Timestamp(text)), None
        if m := _YMD.match(text):
            return pd.Timestamp(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))), None
    except ValueError:
        return _refuse(value, "is not a calendar date")
    if m := _NUMERIC.match(text):
        return _numeric(m, value, dayfirst)
    found = clean.parse_date(text)
    if found is not None:
        return found, None
    return _words(text, value, dayfirst)


def _words(text: str, value, dayfirst: bool) -> tuple[pd.Timestamp, Note | None]:
    """An English date in words through dateutil, refused when it lacks a day, month or year."""
    from dateutil import parser

    try:
        one = parser.parse(text, dayfirst=dayfirst, default=dt.datetime(1901, 1, 1))
        two = parser.parse(text, dayfirst=dayfirst, default=dt.datetime(1902, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return _refuse(value, "is not a date")
    if (one.year, one.month, one.day) != (two.year, two.month, two.day):
        return _refuse(value, "lacks a day, a month or a year")
    return _local(pd.Timestamp(one)), None


def parse_text(value) -> tuple[str | None, Note | None]:
    """A text field (source, title, url) as stripped text or ``None``, and a note when a
    value that was not text (a number) was turned into text.

    >>> parse_text(123), parse_text("  Le Monde ")
    (('123', ('info', 'not_text_value', 'value 123 (int) read as the text "123".')), ('Le Monde', None))
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, None
    if isinstance(value, str):
        return (value.strip() or None), None
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value).strip()
    if not text:
        return None, None
    return text, ("info", "not_text_value", f'value {value!r} ({type(value).__name__}) read as the text "{text}".')
