"""iCalendar (RFC 5545) for meetings: one meeting's ``.ics`` and a member's personal feed.

Each event carries its meeting's own time zone (with a VTIMEZONE), an alarm, the link back to the
meeting page and the online link, and never the list of other attendees.

Every text that people typed (titles, places, descriptions, body names) goes through
``_one_line`` or ``_lines``: icalendar escapes a newline in most properties but writes a lone
CR, and any line break in ``X-WR-CALNAME``, as it is, which breaks the file or lets a title add
properties of its own (``x\r\nATTENDEE:…``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Meeting, MeetingStatus

if TYPE_CHECKING:
    # Imported where a calendar is written: the pages that link to one need not load it.
    from icalendar import Event, Timezone

FEED_PAST = timedelta(days=180)
PRODID = "-//CSR Alliance & Knowledge Centre//Forum//EN"
_STATUS = {
    MeetingStatus.PLANNED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def webcal(url: str) -> str:
    """The feed's address with the ``webcal:`` scheme, which calendar apps open as a
    subscription (they fetch it over HTTPS or HTTP as the address had it)."""
    return "webcal://" + url.split("://", 1)[1]


def _without_controls(text: str) -> str:
    return "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)


def _one_line(text: str) -> str:
    """Text for a one-line property: line breaks and other control characters become spaces."""
    return " ".join(_without_controls(_LINE_BREAK.sub(" ", text)).split())


def _lines(text: str) -> str:
    """Text for DESCRIPTION: every kind of line break becomes a newline, which icalendar
    escapes as ``\\n``; other control characters become spaces."""
    return "\n".join(_without_controls(line).rstrip() for line in _LINE_BREAK.split(text))


def _event(meeting: Meeting, *, host: str) -> Event:
    from icalendar import Alarm, Event

    url = settings.SITE_URL + meeting.get_absolute_url()
    event = Event()
    event.add("uid", f"{meeting.uid}@{host}")
    event.add("dtstamp", meeting.updated or timezone.now())
    event.add("dtstart", meeting.local_starts_at)
    event.add("dtend", meeting.local_ends_at)
    event.add("summary", _one_line(f"{meeting.title} ({meeting.body.name})"))
    event.add("sequence", meeting.sequence)
    event.add("status", _STATUS[MeetingStatus(meeting.status)])
    event.add("url", url)
    event.add("class", "PUBLIC" if meeting.is_public else "PRIVATE")
    location = meeting.place or meeting.online_url
    if location:
        event.add("location", _one_line(location))
    lines = [meeting.description.strip()] if meeting.description.strip() else []
    if meeting.online_url:
        lines.append(_("Online: %(link)s") % {"link": meeting.online_url})
    lines.append(_("Agenda and documents: %(link)s") % {"link": url})
    event.add("description", _lines("\n\n".join(lines)))
    hours = [int(h) for h in meeting.reminder_hours or []]
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _one_line(meeting.title))
    alarm.add("trigger", -timedelta(hours=min(hours)) if hours else -timedelta(minutes=30))
    event.add_component(alarm)
    return event


def calendar_for(meetings: Iterable[Meeting], *, name: str) -> bytes:
    from icalendar import Calendar

    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _one_line(name))
    meetings = list(meetings)
    for meeting in meetings:
        calendar.add_component(_event(meeting, host=host))
    for zone_name in sorted({m.time_zone for m in meetings}):
        days = [m.starts_at.date() for m in meetings if m.time_zone == zone_name]
        calendar.add_component(
            _timezone(
                zone_name,
                first=date(min(days).year - 1, 1, 1),
                last=date(max(days).year + 2, 1, 1),
            )
        )
    return calendar.to_ical()


def _timezone(zone_name: str, *, first: date, last: date) -> Timezone:
    """A VTIMEZONE for the years the events need, with one observance per onset.

    icalendar writes each kind of observance once with a comma-separated RDATE list; some
    readers (vobject's, and calendar programs built on the same code) take only the first date
    of such a list and show summer meetings an hour off. One observance per onset, each with
    its own DTSTART, is equally valid RFC 5545 and read the same way by all of them.
    """
    from icalendar import Timezone

    source = Timezone.from_tzinfo(ZoneInfo(zone_name), first_date=first, last_date=last)
    result = Timezone()
    result.add("tzid", zone_name)
    for observance in source.subcomponents:
        onsets = [observance.decoded("dtstart")]
        rdates = observance.get("rdate", [])
        for rdate in rdates if isinstance(rdates, list) else [rdates]:
            onsets.extend(period.dt for period in rdate.dts)
        for onset in onsets:
            single = type(observance)()
            single.add("dtstart", onset)
            for name in ("tzname", "tzoffsetfrom", "tzoffsetto"):
                if name in observance:
                    single[name] = observance[name]
            result.add_component(single)
    return result
