"""When a calendar's events happen: recurring-ical-events expands them, we only ask.

RECURRENCE-ID overrides, EXDATE, RDATE (with periods), RANGE=THISANDFUTURE, several RRULEs,
VTIMEZONEs, Outlook's Windows zone names and X-WR-TIMEZONE are all the library's job. We
ask it series by series, so that one damaged event (an unreadable rule or date, a missing
start) is set aside with a one-line reason naming it, and every other event still counts.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when a calendar is first read: a fifth of a second
    import icalendar

_CONSTRUCT_ERRORS: list[type[Exception]] = [Exception]
_MEMO = 16  # recent windows kept: the app plans the same window several times per check
LIVE_FROM = "X-CRAMPCOACH-LIVE-FROM"  # the live index holds every event happening
LIVE_UNTIL = "X-CRAMPCOACH-LIVE-UNTIL"  # between these two moments


class IcsError(ValueError):
    """The file is not a calendar we can read (message names the file and the problem)."""


@cache
def _query_class() -> Any:
    import recurring_ical_events

    class _Query(recurring_ical_events.CalendarQuery):  # type: ignore[misc]
        """The library's query, keeping the (X-WR-TIMEZONE corrected) calendar it was given
        and skipping a series it cannot build instead of failing the whole calendar."""

        suppressed_errors = _CONSTRUCT_ERRORS

        def __init__(self, calendar: icalendar.Calendar, *args: Any, **kwargs: Any) -> None:
            self.calendar = calendar
            super().__init__(calendar, *args, **kwargs)

    return _Query


@dataclass(frozen=True)
class Happening:
    """One occurrence as the library expanded it: its own start, end and properties."""

    key: Any  # the library's occurrence id: the same occurrence found twice is one
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    occurrence: Any
    describe: Callable[[Any], dict[str, str]]

    @cached_property
    def properties(self) -> dict[str, str]:
        """The occurrence's own properties (an override's title and status): SUMMARY,
        STATUS and the X-CRAMPCOACH- ones."""
        return self.describe(self.occurrence)


def reason(exc: BaseException) -> str:
    if isinstance(exc, KeyError) and exc.args:
        return f"no {exc.args[0]}"
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def parse(data: bytes, origin: str) -> icalendar.Calendar:
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # icalendar's parser raises more than ValueError on odd text
        raise IcsError(f"{origin}: not an iCalendar file ({reason(exc)})") from None
    if not isinstance(calendar, icalendar.Calendar):
        raise IcsError(f"{origin}: not an iCalendar file (no VCALENDAR)")
    return calendar


class Expander:
    """The events of one calendar text, ready to be expanded for any span of time."""

    def __init__(self, data: bytes, origin: str) -> None:
        calendar = parse(data, origin)
        self.notes: list[str] = []  # about the calendar as a whole
        self.problems: dict[str, str] = {}  # series key -> "'Title' (UID ...): reason"
        self.live_from = _moment(calendar.get(LIVE_FROM))
        self.live_until = _moment(calendar.get(LIVE_UNTIL))
        events = list(calendar.walk("VEVENT"))
        aside: dict[int, str] = {}
        try:
            query = self._query(calendar, origin)
        except IcsError:
            raise
        except Exception:  # an event the library cannot even group (two UIDs, ...)
            aside = _isolate(calendar, events)
            try:
                query = self._query(calendar, origin)
            except Exception as exc:
                raise IcsError(f"{origin}: {reason(exc)}") from None
        self._series: list[Any] = list(query.series)
        self._memo: OrderedDict[tuple[dt.datetime, dt.datetime, str], list[Happening]]
        self._memo = OrderedDict()
        kept = iter(query.calendar.walk("VEVENT"))
        components = [events[n] if n in aside else next(kept) for n in range(len(events))]
        # the series of each VEVENT, in file order, as the library keys them
        self.keys = [f"set aside {n}" if n in aside else _key(c) for n, c in enumerate(components)]
        self._parts: dict[str, list[icalendar.Component]] = {}
        for key, component in zip(self.keys, components, strict=True):
            self._parts.setdefault(key, []).append(component)
        for n, why in aside.items():
            self.problems[self.keys[n]] = self.name(self.keys[n], why)
        # Events that do not recur (no RRULE, RDATE or EXRULE in any part) are expanded once
        # for the whole live span, then only sorted into windows: most of a big calendar.
        self._fixed: dict[str, list[Any]] = {}
        self._properties: dict[tuple[Any, Any], dict[str, str]] = {}
        self._once = {
            key
            for key, parts in self._parts.items()
            if not any(p.get(n) is not None for p in parts for n in ("RRULE", "RDATE", "EXRULE"))
        }
        built = {str(s.uid) for s in self._series}
        for key, parts in self._parts.items():
            if key not in built:
                self.problems[key] = self.name(key, _construction_error(parts))

    def _query(self, calendar: icalendar.Calendar, origin: str) -> Any:
        import recurring_ical_events

        named = calendar.get("X-WR-TIMEZONE")
        if named is not None:
            try:
                zoneinfo.ZoneInfo(str(named))  # as x-wr-timezone reads it
            except (ValueError, zoneinfo.ZoneInfoNotFoundError):
                self.notes.append(
                    f"X-WR-TIMEZONE {str(named)!r} is not a time zone; times without a zone "
                    "are read in yours"
                )
                del calendar["X-WR-TIMEZONE"]
        try:
            query = _query_class()
            return recurring_ical_events.of(calendar, skip_bad_series=True, calendar_query=query)
        except recurring_ical_events.InvalidCalendar as exc:
            raise IcsError(f"{origin}: {reason(exc)}") from None

    def name(self, key: str, why: str) -> str:
        parts = self._parts.get(key, [])
        base = next((p for p in parts if p.get("RECURRENCE-ID") is None), None)
        part = base if base is not None else (parts[0] if parts else None)
        title = str(part.get("SUMMARY", "")) if part is not None else ""
        uid = part.get("UID") if part is not None else None
        uid = uid[0] if isinstance(uid, list) and uid else uid
        where = f"UID {uid}" if uid is not None else f"starting {_raw(part, 'DTSTART')}"
        unreadable = [f"{n} {e}" for p in parts for n, e in getattr(p, "errors", [])]
        return f"{title or '(no title)'!r} ({where}): {unreadable[0] if unreadable else why}"

    def between(self, start: dt.datetime, stop: dt.datetime) -> list[Happening]:
        """Every occurrence overlapping [start, stop), in no particular order. Times without
        a zone (floating) are read in the zone of ``start``."""
        key = (start, stop, str(start.tzinfo))  # floating times depend on the zone
        found = self._memo.get(key)
        if found is None:
            found = list(self._expand(start, stop))
            self._memo[key] = found
            while len(self._memo) > _MEMO:
                self._memo.popitem(last=False)
        return found

    def _expand(self, start: dt.datetime, stop: dt.datetime) -> Iterator[Happening]:
        for series in self._series:
            key = str(series.uid)
            if key in self.problems:
                continue
            try:
                found = self._between(key, series, start, stop)
            except Exception as exc:  # damaged in a way only this span shows
                self.problems[key] = self.name(key, reason(exc))
                continue
            for occurrence in found:
                yield Happening(
                    occurrence.id, occurrence.start, occurrence.end, occurrence, self._describe
                )

    def _describe(self, occurrence: Any) -> dict[str, str]:
        """Properties of the VEVENT an occurrence comes from (the series' base, an override,
        or a THISANDFUTURE override), read once per VEVENT."""
        key = (occurrence.uid, occurrence.recurrence_ids)
        if key not in self._properties:
            event = occurrence.as_component(False)
            self._properties[key] = {
                name: str(event[name])
                for name in event
                if name in ("SUMMARY", "STATUS") or name.startswith("X-CRAMPCOACH-")
            }
        return self._properties[key]

    def _between(self, key: str, series: Any, start: dt.datetime, stop: dt.datetime) -> list[Any]:
        if key not in self._once or self.live_from is None or self.live_until is None:
            return list(series.between(start, stop))
        if key not in self._fixed:
            margin = dt.timedelta(days=2)  # wider than any zone offset: floating times too
            wide = (self.live_from - margin, self.live_until + margin)
            self._fixed[key] = list(series.between(*wide))
        # the library's own test of whether an occurrence falls in a span
        return [o for o in self._fixed[key] if o.is_in_span(start, stop)]

    def live(self, spans: list[tuple[dt.datetime, dt.datetime]]) -> set[str]:
        """Keys of the series with an occurrence in any of ``spans`` (tried in order, so a
        busy series is found in the first, short one)."""
        result: set[str] = set()
        for series in self._series:
            key = str(series.uid)
            for start, stop in spans:
                if key in self.problems:
                    break
                try:
                    if next(iter(series.between(start, stop)), None) is not None:
                        result.add(key)
                        break
                except Exception as exc:
                    self.problems[key] = self.name(key, reason(exc))
        return result


def _key(component: icalendar.Component) -> str:
    """The series a VEVENT belongs to, exactly as recurring-ical-events groups them."""
    return str(component.get("UID", str(id(component))))


def _isolate(calendar: icalendar.Calendar, events: list[icalendar.Component]) -> dict[int, str]:
    """Events the library fails on even alone, by position, with the reason; they are
    taken out of the calendar (those at its top level, where events belong)."""
    import icalendar

    aside: dict[int, str] = {}
    for n, event in enumerate(events):
        alone = icalendar.Calendar()
        alone.add_component(event)
        try:
            _query_class()(alone, False, ("VEVENT",), True)
        except Exception as exc:
            aside[n] = reason(exc)
    gone = [events[n] for n in aside]
    calendar.subcomponents = [c for c in calendar.subcomponents if not any(c is g for g in gone)]
    return aside


def _construction_error(parts: list[icalendar.Component]) -> str:
    import recurring_ical_events

    try:
        recurring_ical_events.Series([recurring_ical_events.EventAdapter(p) for p in parts])
    except Exception as exc:
        return reason(exc)
    return "could not be read"  # pragma: no cover - the library refused it once already


def _raw(component: icalendar.Component | None, name: str) -> str:
    value: Any = component.get(name) if component is not None else None
    return str(value.to_ical().decode()) if hasattr(value, "to_ical") else "?"


def _moment(value: object) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(value)) if value is not None else None
    except ValueError:
        return None
