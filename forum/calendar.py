"""iCalendar (RFC 5545) for meetings: one meeting's ``.ics`` and a member's personal feed.

Each event carries its meeting's own time zone (with a VTIMEZONE), an alarm, the link back to the
meeting page and the online link, and never the list of other attendees.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

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
    for meeting in meetings:
        calendar.add_component(_event(meeting, host=host))
    calendar.add_missing_timezones()
    return calendar.to_ical()
