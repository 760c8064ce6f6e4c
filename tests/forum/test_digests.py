"""Digests: which period a digest covers in the member's own time zone (with frozen time across
week, month and year boundaries and a daylight-saving change), what goes in it, and that it is
written to the outbox once per member and period."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from forum import digests, services
from forum.models import (
    ActionItem,
    DigestFrequency,
    MeetingStatus,
    MemberPreferences,
    MemberRole,
    Minutes,
    MinutesStatus,
)
from notifications.models import OutgoingEmail
from notifications.services import email_opt_out
from tests.forum.factories import BodyFactory, MeetingFactory, MemberFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def _window(frequency, local: datetime):
    return digests.digest_window(frequency=frequency, now=local, zone=local.tzinfo)


# --- Windows --------------------------------------------------------------------------------------


def test_daily_digest_before_seven_covers_the_day_before_yesterday():
    window = _window(DigestFrequency.DAILY, datetime(2031, 8, 1, 6, 59, tzinfo=BRUSSELS))

    assert (window.first_day, window.last_day) == (date(2031, 7, 30), date(2031, 7, 30))
    assert window.label == "daily:2031-07-30"


def test_daily_digest_from_seven_covers_yesterday_across_the_month_boundary():
    window = _window(DigestFrequency.DAILY, datetime(2031, 8, 1, 7, 0, tzinfo=BRUSSELS))

    assert window.label == "daily:2031-07-31"
    assert window.start == datetime(2031, 7, 31, tzinfo=BRUSSELS).astimezone(UTC)
    assert window.end == datetime(2031, 8, 1, tzinfo=BRUSSELS).astimezone(UTC)


def test_daily_window_on_the_day_clocks_go_forward_is_23_hours():
    window = _window(DigestFrequency.DAILY, datetime(2031, 3, 31, 8, 0, tzinfo=BRUSSELS))

    assert window.label == "daily:2031-03-30"
    assert window.end - window.start == timedelta(hours=23)
    assert window.start.astimezone(UTC) == datetime(2031, 3, 29, 23, 0, tzinfo=UTC)
    assert window.end.astimezone(UTC) == datetime(2031, 3, 30, 22, 0, tzinfo=UTC)


def test_weekly_digest_covers_monday_to_sunday_and_is_due_on_monday_at_seven():
    sunday_night = _window(DigestFrequency.WEEKLY, datetime(2031, 8, 31, 23, 0, tzinfo=BRUSSELS))
    monday_early = _window(DigestFrequency.WEEKLY, datetime(2031, 9, 1, 6, 59, tzinfo=BRUSSELS))
    monday_seven = _window(DigestFrequency.WEEKLY, datetime(2031, 9, 1, 7, 0, tzinfo=BRUSSELS))
    wednesday = _window(DigestFrequency.WEEKLY, datetime(2031, 9, 3, 1, 0, tzinfo=BRUSSELS))

    assert sunday_night.label == monday_early.label == "weekly:2031-W34"
    assert (monday_seven.first_day, monday_seven.last_day) == (date(2031, 8, 25), date(2031, 8, 31))
    assert monday_seven.label == wednesday.label == "weekly:2031-W35"


def test_weekly_window_across_the_year_boundary_uses_iso_weeks():
    window = _window(DigestFrequency.WEEKLY, datetime(2030, 1, 7, 9, 0, tzinfo=BRUSSELS))

    assert (window.first_day, window.last_day) == (date(2029, 12, 31), date(2030, 1, 6))
    assert window.label == "weekly:2030-W01"
    previous = _window(DigestFrequency.WEEKLY, datetime(2030, 1, 6, 9, 0, tzinfo=BRUSSELS))
    assert previous.label == "weekly:2029-W52"


def test_the_same_instant_is_a_different_day_in_each_time_zone():
    instant = datetime(2031, 9, 1, 5, 30, tzinfo=UTC)  # Brussels 07:30, New York 01:30, Tokyo 14:30

    brussels = digests.digest_window(frequency="weekly", now=instant, zone=BRUSSELS)
    new_york = digests.digest_window(frequency="weekly", now=instant, zone=NEW_YORK)
    tokyo = digests.digest_window(frequency="weekly", now=instant, zone=TOKYO)

    assert brussels.label == tokyo.label == "weekly:2031-W35"
    assert new_york.label == "weekly:2031-W34"  # not yet seven o'clock on Monday there
    assert tokyo.start.astimezone(UTC) == datetime(2031, 8, 24, 15, 0, tzinfo=UTC)
    assert brussels.start.astimezone(UTC) == datetime(2031, 8, 24, 22, 0, tzinfo=UTC)


def test_no_digest_window_for_members_who_want_none():
    now = datetime(2031, 9, 1, 9, 0, tzinfo=BRUSSELS)
    assert digests.digest_window(frequency="none", now=now, zone=BRUSSELS) is None


# --- Contents -------------------------------------------------------------------------------------


@pytest.fixture
def member(db, alice):
    body = BodyFactory(name="Coordination Group of focal persons")
    member = MemberFactory(body=body, user=alice, start_date=date(2031, 1, 1))
    MemberPreferences.objects.filter(user=alice).update(
        digest_frequency=DigestFrequency.WEEKLY, time_zone="Europe/Brussels"
    )
    return member


def _published(meeting, at: datetime) -> Minutes:
    return Minutes.objects.create(
        meeting=meeting,
        text="Summary note",
        status=MinutesStatus.PUBLISHED,
        revision=1,
        published_at=at,
    )


@pytest.mark.django_db
def test_digest_holds_what_belongs_to_the_period_and_nothing_else(member, alice):
    body = member.body
    window = _window(DigestFrequency.WEEKLY, datetime(2031, 9, 1, 8, 0, tzinfo=BRUSSELS))
    held = [
        MeetingFactory(body=body, starts_at=datetime(2031, 8, d, 8, tzinfo=UTC))
        for d in (20, 26, 27, 28)
    ]
    before = _published(held[0], window.start - timedelta(seconds=1))
    first = _published(held[1], window.start)
    last = _published(held[2], window.end - timedelta(seconds=1))
    after = _published(held[3], window.end)
    soon = MeetingFactory(body=body, title="Soon", starts_at=window.end + timedelta(days=3))
    later = MeetingFactory(body=body, title="Later", starts_at=window.end + timedelta(days=15))
    cancelled = MeetingFactory(
        body=body,
        title="Cancelled",
        starts_at=window.end + timedelta(days=4),
        status=MeetingStatus.CANCELLED,
    )
    elsewhere = MeetingFactory(title="Other body", starts_at=window.end + timedelta(days=2))
    overdue, open_item, _done = (
        ActionItem.objects.create(body=body, meeting=held[0], owner=alice, **fields)
        for fields in [
            {"title": "Circulate the register", "due_date": date(2031, 8, 29)},
            {"title": "Draft the case study", "due_date": date(2031, 9, 30)},
            {
                "title": "Already done",
                "due_date": date(2031, 8, 1),
                "done_at": datetime(2031, 8, 2, tzinfo=UTC),
            },
        ]
    )

    digest = digests.digest_build(user=alice, window=window)

    assert digest.minutes == [first, last]
    assert before not in digest.minutes and after not in digest.minutes
    assert digest.meetings == [soon]
    assert later not in digest.meetings
    assert cancelled not in digest.meetings and elsewhere not in digest.meetings
    assert digest.actions == [overdue, open_item]
    assert digest.overdue == [overdue]
    assert digest.practices == []  # no themes chosen: no practices


@pytest.mark.django_db
def test_informed_only_members_get_minutes_in_their_digest(alice):
    body = BodyFactory()
    MemberFactory(body=body, user=alice, role=MemberRole.INFORMED, start_date=date(2031, 1, 1))
    window = _window(DigestFrequency.WEEKLY, datetime(2031, 9, 1, 8, 0, tzinfo=BRUSSELS))
    minutes = _published(
        MeetingFactory(body=body, starts_at=datetime(2031, 8, 20, tzinfo=UTC)),
        window.start + timedelta(days=1),
    )

    assert digests.digest_build(user=alice, window=window).minutes == [minutes]


# --- Writing to the outbox ------------------------------------------------------------------------


@pytest.mark.django_db
def test_digest_is_written_once_per_period_and_sent_multipart(
    member, alice, django_capture_on_commit_callbacks
):
    MeetingFactory(
        body=member.body,
        title="Bimonthly meeting in Geneva",
        starts_at=datetime(2031, 9, 4, 8, 0, tzinfo=UTC),
    )
    alice.language = "fr"
    alice.save()

    with (
        time_machine.travel(datetime(2031, 9, 1, 6, 30, tzinfo=UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert digests.digests_enqueue() == 1
        assert digests.digests_enqueue() == 0  # the beat task running again
    with time_machine.travel(datetime(2031, 9, 3, 12, 0, tzinfo=UTC), tick=False):
        assert digests.digests_enqueue() == 0  # later in the same week: nothing new

    row = OutgoingEmail.objects.get()
    assert row.key == f"forum.digest:{alice.pk}:weekly:2031-W35"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert message.alternatives[0].mimetype == "text/html"
    assert '<html lang="fr">' in message.alternatives[0].content
    assert "Bimonthly meeting in Geneva" in message.body
    # In her language, at 08:00 UTC shown as 10:00 Brussels summer time.
    assert "jeu 4 sep 2031, 10:00–12:00" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.django_db
def test_next_period_gets_its_own_digest(member):
    MeetingFactory(body=member.body, starts_at=datetime(2031, 9, 10, 8, 0, tzinfo=UTC))
    with time_machine.travel(datetime(2031, 9, 1, 6, 30, tzinfo=UTC), tick=False):
        digests.digests_enqueue()
    with time_machine.travel(datetime(2031, 9, 8, 6, 30, tzinfo=UTC), tick=False):
        digests.digests_enqueue()

    assert sorted(OutgoingEmail.objects.values_list("key", flat=True)) == [
        f"forum.digest:{member.user_id}:weekly:2031-W35",
        f"forum.digest:{member.user_id}:weekly:2031-W36",
    ]


@pytest.mark.django_db
def test_each_member_gets_the_digest_at_seven_in_their_own_zone(member, bob):
    MemberFactory(body=member.body, user=bob, start_date=date(2031, 1, 1))
    MemberPreferences.objects.filter(user=bob).update(
        digest_frequency=DigestFrequency.DAILY, time_zone="America/New_York"
    )
    MeetingFactory(body=member.body, starts_at=datetime(2031, 9, 2, 14, 0, tzinfo=UTC))

    with time_machine.travel(datetime(2031, 9, 1, 5, 30, tzinfo=UTC), tick=False):
        digests.digests_enqueue()
    keys = set(OutgoingEmail.objects.values_list("key", flat=True))
    # Brussels: 07:30 Monday, the weekly digest is due. New York: 01:30, Saturday's daily one.
    assert keys == {
        f"forum.digest:{member.user_id}:weekly:2031-W35",
        f"forum.digest:{bob.pk}:daily:2031-08-30",
    }


@pytest.mark.django_db
def test_no_digest_for_none_frequency_opt_out_empty_or_former_members(member, alice, bob, charlie):
    body = member.body
    MeetingFactory(body=body, starts_at=datetime(2031, 9, 4, 8, 0, tzinfo=UTC))
    MemberFactory(body=body, user=bob, start_date=date(2031, 1, 1))
    MemberPreferences.objects.filter(user=bob).update(digest_frequency=DigestFrequency.NONE)
    MemberFactory(body=body, user=charlie, start_date=date(2031, 1, 1), end_date=date(2031, 6, 30))
    empty_body = BodyFactory()
    quiet = MemberFactory(body=empty_body, start_date=date(2031, 1, 1))
    email_opt_out(user_id=alice.pk, topic=services.TOPIC_DIGEST)

    with time_machine.travel(datetime(2031, 9, 1, 6, 30, tzinfo=UTC), tick=False):
        assert digests.digests_enqueue() == 0

    assert not OutgoingEmail.objects.exists()
    assert quiet.user_id  # a member with nothing to report gets no empty digest


@pytest.mark.django_db
def test_digest_lists_new_practices_in_the_members_themes(alice):
    from taxonomy.models import Theme
    from tests.knowledge.conftest import make_practice

    window = _window(DigestFrequency.WEEKLY, datetime(2031, 9, 1, 8, 0, tzinfo=BRUSSELS))
    inside = window.start + timedelta(days=2)
    wanted = make_practice(themes=["eco-efficiency"], published_at=inside, title="Energy audit")
    make_practice(themes=["sme-growth"], published_at=inside, title="Other theme")
    make_practice(
        themes=["eco-efficiency"], published_at=window.start - timedelta(days=1), title="Last week"
    )
    make_practice(themes=["eco-efficiency"], status="draft", title="A draft")

    digest = digests.digest_build(
        user=alice, window=window, themes=list(Theme.objects.filter(slug="eco-efficiency"))
    )

    assert digest.practices == [wanted]
    assert not digest.is_empty


# --- Many members at once -------------------------------------------------------------------------


@pytest.mark.django_db
def test_members_sharing_a_digest_each_get_their_own_link_language_and_items(
    member, alice, bob, charlie
):
    from notifications.services import email_render, unsubscribe_url

    for user in (bob, charlie):
        MemberFactory(body=member.body, user=user, start_date=date(2031, 1, 1))
        MemberPreferences.objects.filter(user=user).update(digest_frequency=DigestFrequency.WEEKLY)
    alice.language, bob.language, charlie.language = "fr", "en", "en"
    for user in (alice, bob, charlie):
        user.save()
    meeting = MeetingFactory(
        body=member.body,
        title="Bimonthly meeting in Geneva",
        starts_at=datetime(2031, 9, 4, 8, 0, tzinfo=UTC),
    )
    for owner, title, due_date in [
        (bob, "Circulate the register", date(2031, 8, 29)),
        (charlie, "Draft the case study", date(2031, 9, 29)),
    ]:
        ActionItem.objects.create(
            body=member.body, meeting=meeting, title=title, owner=owner, due_date=due_date
        )

    with time_machine.travel(datetime(2031, 9, 1, 6, 30, tzinfo=UTC), tick=False):
        assert digests.digests_enqueue() == 3
        # Signed links hold the time they were made: make them at the same instant.
        links = {
            user.email: unsubscribe_url(user_id=user.pk, topic=services.TOPIC_DIGEST)
            for user in (alice, bob, charlie)
        }

    rows = {row.to: row for row in OutgoingEmail.objects.all()}
    for user, other in ((alice, bob), (bob, alice)):
        row = rows[user.email]
        link = links[user.email]
        assert link in row.body_text and link in row.body_html
        assert links[other.email] not in row.body_text
        assert row.headers["List-Unsubscribe"] == f"<{link}>"
        assert f'<html lang="{user.language}">' in row.body_html
        assert "Bimonthly meeting in Geneva" in row.body_text
    assert "Circulate the register" in rows[bob.email].body_text
    assert "Circulate the register" not in rows[alice.email].body_text
    assert "Circulate the register" not in rows[charlie.email].body_html
    assert "Draft the case study" in rows[charlie.email].body_html
    assert "Draft the case study" not in rows[bob.email].body_text

    # Exactly what rendering each digest on its own gives, his action items included.
    window = _window(DigestFrequency.WEEKLY, datetime(2031, 9, 1, 8, 30, tzinfo=BRUSSELS))
    for user in (alice, bob, charlie):
        alone = email_render(
            kind="forum_digest",
            context={
                "digest": digests.digest_build(user=user, window=window),
                "zone": BRUSSELS,
                "unsubscribe_url": links[user.email],
            },
            language=user.language,
        )
        row = rows[user.email]
        assert (row.subject, row.body_text, row.body_html) == (
            alone.subject,
            alone.text,
            alone.html,
        )


def _members(body, meeting, count: int, theme) -> None:
    from tests.factories import UserFactory

    for n in range(count):
        user = UserFactory(language=["en", "fr", "nl", "de"][n % 4])
        MemberFactory(body=body, user=user, start_date=date(2031, 1, 1))
        preferences = MemberPreferences.objects.get(user=user)
        preferences.digest_frequency = DigestFrequency.WEEKLY
        preferences.time_zone = ["Europe/Brussels", "Europe/Lisbon"][n % 2]
        preferences.save()
        preferences.themes.set([theme])
        if n % 3 == 0:
            ActionItem.objects.create(
                body=body,
                meeting=meeting,
                title=f"Item {n}",
                owner=user,
                due_date=date(2031, 9, 30),
            )


@pytest.mark.django_db
def test_writing_digests_takes_the_same_queries_for_3_and_30_members(settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from taxonomy.models import Theme
    from tests.knowledge.conftest import make_practice

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    theme = Theme.objects.get(slug="eco-efficiency")
    body = BodyFactory()
    meeting = MeetingFactory(body=body, starts_at=datetime(2031, 9, 18, 8, 0, tzinfo=UTC))
    counts = []
    for count, monday in ((3, datetime(2031, 9, 1, 6, 30, tzinfo=UTC)), (27, None)):
        monday = monday or datetime(2031, 9, 8, 6, 30, tzinfo=UTC)
        make_practice(themes=["eco-efficiency"], published_at=monday - timedelta(days=3))
        _members(body, meeting, count, theme)
        with (
            time_machine.travel(monday, tick=False),
            CaptureQueriesContext(connection) as queries,
        ):
            written = digests.digests_enqueue()
        counts.append((written, len(queries)))

    assert counts[0][0] == 3 and counts[1][0] == 30
    assert counts[0][1] == counts[1][1]
