""" "Your portal": where a signed-in person lands, each app's block with its empty state, and a
number of queries that stays the same however many rows each block has."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import OrganisationKind, Role, User
from alliance.models import Coalition, CoalitionMember, Profile, SupportDeclaration
from commitments import demo as commitments_demo
from commitments.models import Action, Pledge, ProgressReport, ReportState
from forum.models import (
    SECRETARIAT_GROUP,
    ActionItem,
    AgendaItem,
    Body,
    Constituency,
    Meeting,
    MemberRole,
    Minutes,
    MinutesStatus,
    Registration,
    RegistrationStatus,
)
from knowledge import services as knowledge_services
from knowledge.models import SavedSearch
from knowledge.start import SHOWN as SAVED_SEARCHES_LOOKED_AT
from tests.conftest import client_for
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from tests.forum.factories import BodyFactory, MeetingFactory, MemberFactory
from tests.knowledge.conftest import make_practice
from tests.utils import queries_for

pytestmark = pytest.mark.django_db

START = reverse("start")


# --- Landing ----------------------------------------------------------------------------------


def _sign_in(user: User, **query: str) -> str:
    url = reverse("account_login") + (f"?next={query['next']}" if query else "")
    response = Client().post(url, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response.url


def test_signing_in_lands_on_your_portal(alice):
    assert _sign_in(alice) == START


def test_the_secretariat_lands_on_your_portal_too(secretariat):
    assert _sign_in(secretariat) == START


def test_a_next_address_still_wins(alice, org_a):
    assert _sign_in(alice, next=org_a.get_absolute_url()) == org_a.get_absolute_url()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(START)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_header_links_to_your_portal(alice_client):
    html = alice_client.get(reverse("alliance:index")).content.decode()

    assert f'href="{START}">Your portal</a>' in html


# --- Empty states -----------------------------------------------------------------------------


def test_every_block_says_when_it_is_empty(charlie_client):
    html = charlie_client.get(START).content.decode()

    for sentence in (
        "You have no upcoming meetings.",
        "You have no open action items.",
        "No progress report is due for your organisations",
        "You have no saved searches.",
    ):
        assert sentence in html, sentence
    assert "Forum secretariat" not in html


def test_with_the_checklist_hidden_the_organisations_block_says_there_is_none(
    charlie_client, charlie
):
    charlie.next_steps_hidden = True
    charlie.save(update_fields=["next_steps_hidden"])

    html = charlie_client.get(START).content.decode()

    assert "You do not represent an organisation yet." in html


def test_the_secretariat_blocks_say_when_they_are_empty(secretariat):
    html = client_for(secretariat).get(START).content.decode()

    assert "Every upcoming meeting has an agenda." in html
    assert "The minutes of every past meeting are published." in html
    assert "Every constituency has someone registered" in html


# --- What each block shows --------------------------------------------------------------------


def _register(meeting: Meeting, user: User) -> None:
    Registration.objects.create(
        meeting=meeting,
        user=user,
        status=RegistrationStatus.REGISTERED,
        constituency=Constituency.BUSINESS,
    )


@pytest.fixture
def body(db) -> Body:
    return BodyFactory(name="Review group on supply chains")


def test_meetings_show_the_persons_registration(alice, alice_client, body):
    MemberFactory(body=body, user=alice)
    meeting = MeetingFactory(body=body, title="Supply chain review")
    _register(meeting, alice)
    MeetingFactory(body=body, title="Long past", starts_at=timezone.now() - timedelta(days=9))
    MeetingFactory(title="Of another body")

    html = alice_client.get(START).content.decode()

    assert "Supply chain review" in html
    assert "Registered</span>" in html
    assert "Long past" not in html
    assert "Of another body" not in html


def test_a_members_only_meeting_of_a_body_the_person_left_is_not_listed(alice, alice_client, body):
    MemberFactory(
        body=body,
        user=alice,
        start_date=dt.date.today() - timedelta(days=60),
        end_date=dt.date.today() - timedelta(days=1),
    )
    meeting = MeetingFactory(body=body, title="Closed review")
    _register(meeting, alice)

    assert "Closed review" not in alice_client.get(START).content.decode()


def test_open_action_items_are_listed_with_a_done_button(alice, alice_client, body):
    meeting = MeetingFactory(body=body)
    item = ActionItem.objects.create(
        body=body, meeting=meeting, title="Send the survey", owner=alice, due_date=dt.date.today()
    )
    ActionItem.objects.create(
        body=body,
        meeting=meeting,
        title="Already sent",
        owner=alice,
        due_date=dt.date.today(),
        done_at=timezone.now(),
    )

    html = alice_client.get(START).content.decode()

    assert "Send the survey" in html
    assert reverse("forum:action_done", args=[item.uid]) in html
    assert "Already sent" not in html


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC), tick=False)
def test_pledges_with_a_report_due_are_listed(alice, alice_client, org_a):
    org_a.kind = OrganisationKind.ENTERPRISE
    org_a.save()
    framework = commitments_demo.framework_load()
    first, second, third = Action.objects.filter(commitment__framework=framework)[:3]
    due = Pledge.objects.create(
        organisation=org_a, framework=framework, action=first, target_date=dt.date(2027, 6, 30)
    )
    reported = Pledge.objects.create(
        organisation=org_a, framework=framework, action=second, target_date=dt.date(2027, 6, 30)
    )
    new = Pledge.objects.create(
        organisation=org_a, framework=framework, action=third, target_date=dt.date(2027, 6, 30)
    )
    Pledge.objects.filter(pk__in=[due.pk, reported.pk]).update(
        created=dt.datetime(2025, 9, 1, tzinfo=dt.UTC)
    )
    ProgressReport.objects.create(
        pledge=reported, period="2025-H2", status=2, state=ReportState.SUBMITTED, narrative="x"
    )

    html = alice_client.get(START).content.decode()

    # 2025-H2 fell due on 31 January 2026; 2026-H1's reminder opens only in July.
    assert due.get_absolute_url() in html
    assert "Report for 2025-H2 due" in html
    assert "Overdue" in html
    assert reported.get_absolute_url() not in html
    assert new.get_absolute_url() not in html


def test_saved_searches_with_new_practices_are_listed(alice, alice_client):
    quiet = knowledge_services.saved_search_create(
        user=alice, name="Quiet search", query="type=checklist", frequency="weekly"
    )
    busy = knowledge_services.saved_search_create(
        user=alice, name="Busy search", query="type=guide", frequency="weekly"
    )
    make_practice(type="guide", published_at=timezone.now() + timedelta(seconds=1))
    make_practice(type="guide", published_at=timezone.now() + timedelta(seconds=1))

    html = alice_client.get(START).content.decode()

    assert busy.get_absolute_url().replace("&", "&amp;") in html
    assert "2 new practices" in html
    assert quiet.name not in html


def test_saved_searches_without_news_say_so(alice, alice_client):
    knowledge_services.saved_search_create(
        user=alice, name="Quiet search", query="", frequency="weekly"
    )

    html = alice_client.get(START).content.decode()

    assert "No new practices match your saved searches." in html


def test_next_steps_are_the_alliance_steps_not_taken(alice, alice_client, org_a, org_b):
    MembershipFactory(user=alice, organisation=org_b, role=Role.MEMBER)

    html = alice_client.get(START).content.decode()

    assert reverse("alliance:support", args=[org_a.slug]) in html
    assert reverse("alliance:profile_edit", args=[org_a.slug]) in html
    assert reverse("alliance:coalitions") in html
    # Only administrators take the steps.
    assert reverse("alliance:support", args=[org_b.slug]) not in html
    assert "Its administrators look after its part in the Alliance." in html

    SupportDeclaration.objects.create(organisation=org_a)
    Profile.objects.create(organisation=org_a, strategy="Ours.", published=True)
    CoalitionMember.objects.create(coalition=Coalition.objects.first(), organisation=org_a)
    html = alice_client.get(START).content.decode()

    assert reverse("alliance:support", args=[org_a.slug]) not in html
    assert "All done: it supports the Alliance" in html


def test_the_secretariat_sees_what_waits_for_it(secretariat, body):
    MemberFactory(body=body, constituency=Constituency.BUSINESS)
    MemberFactory(body=body, constituency=Constituency.TRADE_UNIONS)
    bare = MeetingFactory(body=body, title="Meeting without agenda")
    ready = MeetingFactory(body=body, title="Meeting with agenda")
    AgendaItem.objects.create(meeting=ready, title="Welcome")
    _register(ready, UserFactory())
    past = MeetingFactory(
        body=body, title="Unminuted", starts_at=timezone.now() - timedelta(days=5)
    )
    minuted = MeetingFactory(
        body=body, title="Minuted", starts_at=timezone.now() - timedelta(days=6)
    )
    Minutes.objects.create(meeting=minuted, text="Done.", status=MinutesStatus.PUBLISHED)

    page = client_for(secretariat).get(START)
    work = page.context["page"].secretariat

    assert work.agendas_needed == [bare]
    assert work.minutes_to_publish == [past]
    rows = {row.meeting: row.constituencies for row in work.unrepresented}
    assert rows == {
        bare: ["Business", "Trade unions"],
        ready: ["Trade unions"],
    }
    assert "Meeting without agenda" in page.content.decode()


def test_a_body_secretary_sees_only_their_body(alice, alice_client, body):
    MemberFactory(body=body, user=alice, role=MemberRole.SECRETARIAT)
    mine = MeetingFactory(body=body)
    MeetingFactory(title="Of another body")

    work = alice_client.get(START).context["page"].secretariat

    assert work.agendas_needed == [mine]


# --- Queries ----------------------------------------------------------------------------------


def _meetings(alice: User, body: Body, n: int) -> None:
    for _ in range(n):
        meeting = MeetingFactory(body=body)
        _register(meeting, alice)


def _actions(alice: User, body: Body, n: int) -> None:
    meeting = MeetingFactory(body=body, starts_at=timezone.now() - timedelta(days=3))
    for i in range(n):
        ActionItem.objects.create(
            body=body, meeting=meeting, title=f"Do {i}", owner=alice, due_date=dt.date.today()
        )


def _pledges(alice: User, body: Body, n: int) -> None:
    organisation = OrganisationFactory(kind=OrganisationKind.ENTERPRISE)
    MembershipFactory(user=alice, organisation=organisation, role=Role.ADMIN)
    framework = commitments_demo.framework_load()
    for target in Action.objects.filter(commitment__framework=framework)[:n]:
        pledge = Pledge.objects.create(
            organisation=organisation,
            framework=framework,
            action=target,
            target_date=dt.date(2027, 6, 30),
        )
        Pledge.objects.filter(pk=pledge.pk).update(created=dt.datetime(2025, 2, 1, tzinfo=dt.UTC))
        ProgressReport.objects.create(
            pledge=pledge, period="2025-H1", status=2, state=ReportState.ACCEPTED, narrative="x"
        )


def _saved_searches(alice: User, body: Body, n: int) -> None:
    # More saved searches than are looked at, and more practices matching each.
    for i in range(max(n, SAVED_SEARCHES_LOOKED_AT)):
        knowledge_services.saved_search_create(
            user=alice, name=f"Search {i}", query="type=guide", frequency="weekly"
        )
    SavedSearch.objects.filter(user=alice).update(last_alert_at=timezone.now() - timedelta(days=1))
    for _ in range(n):
        make_practice(type="guide")


def _organisations(alice: User, body: Body, n: int) -> None:
    for _ in range(n):
        organisation = OrganisationFactory()
        MembershipFactory(user=alice, organisation=organisation, role=Role.ADMIN)
        SupportDeclaration.objects.create(organisation=organisation)


def _secretariat_work(alice: User, body: Body, n: int) -> None:
    alice.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    for i in range(n):
        other = BodyFactory()
        MemberFactory(body=other, constituency=Constituency.RESEARCH)
        MemberFactory(body=other, constituency=Constituency.BUSINESS)
        MeetingFactory(body=other, starts_at=timezone.now() + timedelta(days=i + 1))
        MeetingFactory(body=other, starts_at=timezone.now() - timedelta(days=i + 2))


GROWERS: dict[str, Callable[[User, Body, int], None]] = {
    "meetings": _meetings,
    "actions": _actions,
    "reports": _pledges,
    "saved searches": _saved_searches,
    "next steps": _organisations,
    "secretariat": _secretariat_work,
}


@pytest.mark.parametrize("block", GROWERS)
def test_each_block_reads_as_many_queries_for_many_rows_as_for_few(alice, body, block):
    MemberFactory(body=body, user=alice)
    grow = GROWERS[block]
    grow(alice, body, 1)
    client = client_for(alice)
    few = queries_for(client, START)
    grow(alice, body, 4)

    many = queries_for(client, START)

    assert many == few, block
