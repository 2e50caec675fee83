"""A synthetic calendar shaped like a real Google Calendar export, for the calendar benchmarks.

Nine years of events around ``now`` (eight back, one ahead) in Europe/London with
X-WR-TIMEZONE and a VTIMEZONE; every event carries what Google writes (DTSTAMP, CREATED,
LAST-MODIFIED, a folded DESCRIPTION, LOCATION, SEQUENCE, STATUS, TRANSP, and for a third
of them an ORGANIZER and ATTENDEEs). About 8% are all-day, 12% weekly series (most
ended, some open, with EXDATEs, moved and cancelled occurrences, and Google's split
series), the rest single events.
"""

from __future__ import annotations

import datetime as dt
import random

HEADER = """BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:me@example.com
X-WR-TIMEZONE:Europe/London
BEGIN:VTIMEZONE
TZID:Europe/London
X-LIC-LOCATION:Europe/London
BEGIN:DAYLIGHT
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
TZNAME:BST
DTSTART:19700329T010000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
TZNAME:GMT
DTSTART:19701025T020000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""
TITLES = ["Gym", "Team meeting", "Run with Sam", "Dentist", "Training", "1:1", "Lunch", "Swim"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _fold(line: str) -> str:
    chunks = [line[:75]] + [" " + line[i : i + 74] for i in range(75, len(line), 74)]
    return "\r\n".join(chunks)


def _local(moment: dt.datetime) -> str:
    return f"{moment:%Y%m%dT%H%M%S}"


def _common(r: random.Random, uid: str, title: str, stamp: str) -> list[str]:
    lines = [
        f"DTSTAMP:{stamp}",
        f"UID:{uid}",
        f"CREATED:{stamp}",
        _fold("DESCRIPTION:" + " ".join(r.choice(TITLES).lower() for _ in range(30))),
        f"LAST-MODIFIED:{stamp}",
        f"LOCATION:Room {r.randrange(100)}\\, Main Street {r.randrange(1, 99)}",
        f"SEQUENCE:{r.randrange(3)}",
        "STATUS:CONFIRMED",
        f"SUMMARY:{title}",
        "TRANSP:OPAQUE",
    ]
    if r.random() < 0.33:
        lines.append("ORGANIZER;CN=Me:mailto:me@example.com")
        for n in range(r.randrange(1, 4)):
            lines.append(
                _fold(
                    f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;"
                    f"CN=Person {n};X-NUM-GUESTS=0:mailto:person{n}@example.com"
                )
            )
    return lines


def google_like(events: int, now: dt.datetime, seed: int = 14) -> bytes:
    r = random.Random(seed)
    stamp = f"{now.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    first = now.replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    first -= dt.timedelta(days=8 * 365)
    out = [HEADER.replace("\n", "\r\n").rstrip("\r\n")]
    for n in range(events):
        uid = f"{n:06d}{r.getrandbits(40):x}@google.com"
        title = r.choice(TITLES)
        start = first + dt.timedelta(
            days=r.randrange(9 * 365), hours=r.randrange(7, 21), minutes=15 * r.randrange(4)
        )
        end = start + dt.timedelta(minutes=r.choice((30, 45, 60, 90)))
        kind = r.random()
        body = ["BEGIN:VEVENT"]
        if kind < 0.08:
            body += [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}"]
            body += [*_common(r, uid, title, stamp), "END:VEVENT"]
            out.append("\r\n".join(body))
            continue
        body += [f"DTSTART;TZID=Europe/London:{_local(start)}"]
        body += [f"DTEND;TZID=Europe/London:{_local(end)}"]
        overrides: list[str] = []
        if kind > 0.88:
            day = DAYS[start.weekday()]
            if r.random() < 0.7:  # an ended series (Google splits series this way)
                until = start + dt.timedelta(days=r.randrange(30, 700))
                body.append(f"RRULE:FREQ=WEEKLY;WKST=MO;UNTIL={until:%Y%m%dT%H%M%SZ};BYDAY={day}")
            else:
                body.append(f"RRULE:FREQ=WEEKLY;WKST=MO;BYDAY={day}")
            body.append(f"EXDATE;TZID=Europe/London:{_local(start + dt.timedelta(days=14))}")
            moved = start + dt.timedelta(days=21)
            overrides.append(
                "\r\n".join(
                    [
                        "BEGIN:VEVENT",
                        f"DTSTART;TZID=Europe/London:{_local(moved + dt.timedelta(hours=1))}",
                        f"DTEND;TZID=Europe/London:{_local(moved + dt.timedelta(hours=2))}",
                        f"RECURRENCE-ID;TZID=Europe/London:{_local(moved)}",
                        *_common(r, uid, title + " (moved)", stamp),
                        "END:VEVENT",
                    ]
                )
            )
        body += [*_common(r, uid, title, stamp), "END:VEVENT"]
        out.append("\r\n".join(body))
        out += overrides
    out.append("END:VCALENDAR\r\n")
    return "\r\n".join(out).encode()


def weekly_count(events: int, now: dt.datetime, seed: int = 679) -> bytes:
    """``events`` weekly series that end after a COUNT (issue 14 timed 1,000 at 679 s)."""
    r = random.Random(seed)
    first = now.replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    out = ["BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//CrampCoach benchmark//EN"]
    for n in range(events):
        start = first + dt.timedelta(
            days=r.randrange(-365, 365), hours=r.randrange(6, 21), minutes=15 * r.randrange(4)
        )
        out.append(
            "\r\n".join(
                [
                    "BEGIN:VEVENT",
                    f"UID:weekly-{n}@example.com",
                    f"DTSTAMP:{now.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}",
                    f"SUMMARY:{r.choice(TITLES)}",
                    f"DTSTART;TZID=Europe/Berlin:{_local(start)}",
                    f"DTEND;TZID=Europe/Berlin:{_local(start + dt.timedelta(hours=1))}",
                    f"RRULE:FREQ=WEEKLY;COUNT={r.randrange(4, 60)}",
                    "END:VEVENT",
                ]
            )
        )
    out.append("END:VCALENDAR\r\n")
    return "\r\n".join(out).encode()
