"""iCalendar (RFC 5545) for meetings: one meeting's ``.ics`` and a member's personal feed.

Each event carries its meeting's own time zone (with a VTIMEZONE), an alarm, the link back to the
meeting page and the online link, and never the list of other attendees.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event, Timezone

from forum.models import Meeting, MeetingStatus

FEED_PAST = timedelta(days=180)
PRODID = "-//CSR Alliance & Knowledge Centre//Forum//EN"
_STATUS = {
    MeetingStatus.PLANNED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def _event(meeting: Meeting, *, host: str) -> Event:
    url = settings.SITE_URL + meeting.get_absolute_url()
    event = Event()
    event.add("uid", f"{meeting.uid}@{host}")
    event.add("dtstamp", meeting.updated or timezone.now())
    event.add("dtstart", meeting.local_starts_at)
    event.add("dtend", meeting.local_ends_at)
    event.add("summary", f"{meeting.title} ({meeting.body.name})")
    event.add("sequence", meeting.sequence)
    event.add("status", _STATUS[MeetingStatus(meeting.status)])
    event.add("url", url)
    event.add("class", "PUBLIC" if meeting.is_public else "PRIVATE")
    location = meeting.place or meeting.online_url
    if location:
        event.add("location", location)
    lines = [meeting.description.strip()] if meeting.description.strip() else []
    if meeting.online_url:
        lines.append(_("Online: %(link)s") % {"link": meeting.online_url})
    lines.append(_("Agenda and documents: %(link)s") % {"link": url})
    event.add("description", "\n\n".join(lines))
    hours = [int(h) for h in meeting.reminder_hours or []]
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", meeting.title)
    alarm.add("trigger", -timedelta(hours=min(hours)) if hours else -timedelta(minutes=30))
    event.add_component(alarm)
    return event


def calendar_for(meetings: Iterable[Meeting], *, name: str) -> bytes:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
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
