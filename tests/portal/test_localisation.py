"""Dates, times and numbers follow the page's language (Django's formats, config/formats/)."""

from datetime import UTC, datetime, timedelta

import pytest

from alliance import services as alliance_services
from releases.models import Release
from releases.services import release_publish
from stats.suppression import suppress
from tests.alliance.factories import supporters
from tests.forum.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting():
    # 27 October 2031, 10:00 to 13:00 in Brussels (UTC+1 after the autumn change).
    start = datetime(2031, 10, 27, 9, 0, tzinfo=UTC)
    return MeetingFactory(
        title="Open review meeting",
        visibility="public",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        time_zone="Europe/Brussels",
    )


@pytest.mark.parametrize(
    ("prefix", "when"),
    [
        ("", "Mon 27 Oct 2031, 10:00</time>–13:00"),
        ("/nl", "ma 27 okt 2031, 10:00</time>–13:00"),
        ("/fr", "lun 27 oct 2031, 10:00</time>–13:00"),
        ("/de", "Mo, 27. Okt 2031, 10:00</time>–13:00"),
    ],
)
def test_meeting_times_are_written_the_way_the_language_writes_them(client, meeting, prefix, when):
    page = client.get(prefix + meeting.get_absolute_url()).content.decode()

    assert when in page


@pytest.mark.parametrize(
    ("prefix", "date"),
    [("/nl", "31 december 2030"), ("/de", "31. Dezember 2030"), ("", "31 December 2030")],
)
def test_dates_use_the_languages_date_format(client, alice, alice_client, prefix, date):
    organisation = alice.memberships.get().organisation
    declaration = alliance_services.support_declare(organisation=organisation, by=alice)
    declared = datetime(2030, 12, 31, 12, 0, tzinfo=UTC)
    type(declaration).objects.filter(pk=declaration.pk).update(declared_at=declared)

    url = f"{prefix}/alliance/organisations/{declaration.organisation.slug}/support/"
    page = alice_client.get(url).content.decode()

    assert date in page


@pytest.mark.parametrize(
    ("prefix", "figure"),
    [("", "12,345"), ("/nl", "12.345"), ("/de", "12.345"), ("/fr", "12\xa0345")],
)
def test_statistics_group_thousands_the_way_the_language_does(client, prefix, figure):
    supporters(6)
    release_publish()
    data = Release.objects.latest_of("alliance").data
    data["total"] = suppress({"all": 12345}).as_dict()
    data["country"] = suppress({"BE": 12339, "NL": 6}).as_dict()
    Release.objects.create(scope="alliance", epsilon=1.0, data=data)

    page = client.get(f"{prefix}/alliance/statistics/").content.decode()

    assert f'<td class="num">{figure}</td>' in page  # the table's total
    assert f'class="chart-value">{figure[:2]}' in page  # the bar chart's label
    # Chart geometry stays machine-readable whatever the language: no decimal commas.
    assert 'width="0,' not in page and ',5"' not in page
