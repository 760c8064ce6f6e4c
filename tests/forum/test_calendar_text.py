"""Line breaks and control characters typed into a meeting (title, place, description, body
name, agenda) neither break a calendar nor add lines of their own to it: the `.ics` and the
feed answer 200, parse with two parsers, and hold the same events and properties as ever."""

from __future__ import annotations

import re

import icalendar
import pytest
import vobject
from django.urls import reverse

from forum import services
from forum.models import AgendaItem, Meeting
from tests.conftest import client_for
from tests.forum.factories import BodyFactory, MeetingFactory, MemberFactory

pytestmark = pytest.mark.django_db

INJECTION = "ATTENDEE:mailto:evil@example.com"
TEXTS = [
    f"x\r\n{INJECTION}",
    f"x\r{INJECTION}",
    f"x\n{INJECTION}",
    f"x\r\n {INJECTION}",  # a folded line continues the one before it
    f"x\n\t{INJECTION}",
    "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nUID:injected",
    "x\r\nEND:VCALENDAR\r\n",
    f"x\x01\x07\x08\x1b\x7f{INJECTION}",  # NUL never reaches the database
    f"x\x0b\x0c\x1c\x1d\x1e\x85{INJECTION}",
    f"x\u2028{INJECTION}\u2029y",
    f"x\r\r\n\n{INJECTION}",
    "x;ATTENDEE=mailto:evil@example.com,y\\z:w",
]
EVENT_PROPERTIES = {
    "UID",
    "DTSTAMP",
    "DTSTART",
    "DTEND",
    "SUMMARY",
    "SEQUENCE",
    "STATUS",
    "URL",
    "CLASS",
    "LOCATION",
    "DESCRIPTION",
}
CALENDAR_PROPERTIES = {"PRODID", "VERSION", "CALSCALE", "METHOD", "X-WR-CALNAME"}
# After unfolding, every content line is NAME[;PARAM=…]:VALUE (RFC 5545, 3.1).
CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+(;[A-Za-z0-9-]+=[^\x00-\x1f\x7f]*)*:[^\x00-\x1f\x7f]*$")


def _problems(content: bytes, *, events: int) -> list[str]:
    problems = []
    text = content.decode()
    if re.search(r"\r(?!\n)|(?<!\r)\n", text):
        problems.append("a bare CR or LF")
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    for line in unfolded.split("\r\n")[:-1]:
        if not CONTENT_LINE.match(line):
            problems.append(f"not a content line: {line!r}")
    calendar = icalendar.Calendar.from_ical(content)
    if set(calendar.keys()) != CALENDAR_PROPERTIES:
        problems.append(f"calendar properties {sorted(calendar.keys())}")
    found = calendar.walk("VEVENT")
    if len(found) != events:
        problems.append(f"{len(found)} events")
    for event in found:
        if set(event.keys()) != EVENT_PROPERTIES:
            problems.append(f"event properties {sorted(event.keys())}")
        for name in ("SUMMARY", "LOCATION", "DESCRIPTION"):
            value = str(event[name])
            if re.search(r"[\x00-\x09\x0b-\x1f\x7f\x85\u2028\u2029]", value):
                problems.append(f"{name} keeps a control character: {value!r}")
            if name != "DESCRIPTION" and "\n" in value:
                problems.append(f"{name} spans lines: {value!r}")
        for alarm in event.walk("VALARM"):
            if set(alarm.keys()) != {"ACTION", "DESCRIPTION", "TRIGGER"}:
                problems.append(f"alarm properties {sorted(alarm.keys())}")
    parsed = vobject.readOne(text)
    if len(parsed.vevent_list) != events or hasattr(parsed.vevent, "attendee"):
        problems.append("vobject reads other events or an attendee")
    if "evil@example.com" in "".join(str(e.get("ATTENDEE", "")) for e in found):
        problems.append("an attendee")
    return problems


def _hostile_meeting(text: str, **fields) -> Meeting:
    body = BodyFactory(name=f"Forum {text}")
    meeting = MeetingFactory(
        body=body, title=text, place=text, description=f"{text}\n\nSecond paragraph", **fields
    )
    AgendaItem.objects.create(meeting=meeting, title=text, presenter=text, description=text)
    return meeting


@pytest.mark.parametrize("text", TEXTS)
def test_a_meetings_ics_keeps_its_shape_whatever_its_texts_hold(client, text):
    meeting = _hostile_meeting(text, visibility="public")

    response = client.get(reverse("forum:meeting_ics", args=[meeting.uid]))

    assert response.status_code == 200
    assert _problems(response.content, events=1) == []
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    # What was typed is still there, as words on one line.
    words = re.split(r"[\s\x00-\x1f\x7f\x85]+", text)
    assert [word for word in words if word not in str(event["SUMMARY"])] == []
    assert [word for word in words if word not in str(event["LOCATION"])] == []


def test_the_personal_feed_keeps_its_shape_whatever_its_meetings_hold(alice):
    meetings = [_hostile_meeting(text) for text in TEXTS]
    for meeting in meetings:
        MemberFactory(body=meeting.body, user=alice)

    response = client_for(alice).get(
        reverse("forum:feed", args=[services.preferences_for(alice).feed_token])
    )

    assert response.status_code == 200
    assert _problems(response.content, events=len(TEXTS)) == []


def test_a_members_only_meetings_ics_with_a_crlf_title_answers_to_its_member(alice):
    meeting = _hostile_meeting(f"Plenary\r\n{INJECTION}")
    MemberFactory(body=meeting.body, user=alice)

    response = client_for(alice).get(reverse("forum:meeting_ics", args=[meeting.uid]))

    assert response.status_code == 200
    assert _problems(response.content, events=1) == []
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == f"Plenary {INJECTION}"
    assert str(calendar.walk("VEVENT")[0]["DESCRIPTION"]).startswith(
        f"Plenary\n{INJECTION}\n\nSecond paragraph"
    )
