"""Adding a member: the secretariat invites an address and names the organisation represented;
the answer never tells whether the address has an account; the person joins by accepting,
choosing which of their own organisations they represent."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from forum import services
from forum.models import Constituency, Member, MemberPreferences, MemberRole
from notifications.models import OutgoingEmail
from notifications.services import email_opened
from tests.conftest import client_for
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.forum.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _invite(client, body, email, **fields):
    data = {
        "email": email,
        "organisation_name": "",
        "constituency": "employers",
        "role": "informed",
        "start_date": "2031-01-01",
        "end_date": "2032-12-31",
        **fields,
    }
    return client.post(reverse("forum:member_add", args=[body.slug]), data, follow=True)


def _join_url(email: str) -> str:
    # The link is sealed in the outbox (staff cannot read it); take it as the recipient gets it.
    _subject, text, _html = email_opened(OutgoingEmail.objects.filter(to=email).latest("pk"))
    return re.search(r"/forum/join/[^/\s]+/", text)[0]


def _without(text: str, *words: str) -> str:
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r"/forum/join/[^/\s\"]+/", "/forum/join/…/", text)
    for word in words:
        text = text.replace(word, "…")
    return text


def test_the_form_asks_which_organisation_the_person_represents(secretariat, forum_body):
    page = client_for(secretariat).get(reverse("forum:members", args=[forum_body.slug]))

    html = page.content.decode()
    assert 'name="organisation_name"' in html
    assert "Organisation represented" in html


def test_the_answer_is_the_same_for_known_unknown_and_deactivated_addresses(
    secretariat, forum_body, alice
):
    UserFactory(email="gone@example.org", is_active=False)
    client = client_for(secretariat)

    answers = {}
    for email in ("alice@example.org", "nobody-here@example.org", "gone@example.org"):
        response = _invite(client, forum_body, email.upper())
        assert response.status_code == 200
        assert response.redirect_chain == [(reverse("forum:members", args=[forum_body.slug]), 302)]
        answers[email] = _without(response.content.decode(), email, email.upper())
        assert OutgoingEmail.objects.filter(to=email).count() == 1

    assert len(set(answers.values())) == 1
    assert "An invitation was sent to" in answers["alice@example.org"]
    assert Member.objects.count() == 0
    bodies = {
        _without(OutgoingEmail.objects.get(to=email).body_text, email)
        for email in ("alice@example.org", "nobody-here@example.org", "gone@example.org")
    }
    assert len(bodies) == 1


def test_the_invited_person_joins_for_the_organisation_they_confirm(
    secretariat, forum_body, alice, org_a
):
    # Alice belongs to two organisations; the secretariat names the second in the alphabet.
    zeta = OrganisationFactory(name="Zeta Works")
    MembershipFactory(user=alice, organisation=zeta, role=Role.MEMBER)
    _invite(client_for(secretariat), forum_body, alice.email, organisation_name="zeta works")
    client = client_for(alice)
    url = _join_url(alice.email)

    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["organisation"].value() == zeta.pk
    assert {o.pk for o in page.context["form"].fields["organisation"].queryset} == {
        org_a.pk,
        zeta.pk,
    }

    response = client.post(url, {"organisation": zeta.pk})

    assert response.status_code == 302
    assert response.url == forum_body.get_absolute_url()
    member = Member.objects.get()
    assert (member.user, member.organisation, member.constituency, member.role) == (
        alice,
        zeta,
        Constituency.EMPLOYERS,
        MemberRole.INFORMED,
    )
    assert (str(member.start_date), str(member.end_date)) == ("2031-01-01", "2032-12-31")
    assert MemberPreferences.objects.filter(user=alice).exists()


def test_someone_without_an_account_joins_once_they_have_one(secretariat, forum_body):
    _invite(client_for(secretariat), forum_body, "dana@example.org", organisation_name="Dana Ltd")
    url = _join_url("dana@example.org")
    dana = UserFactory(email="dana@example.org")  # signed up with the invited address

    page = client_for(dana).get(url)
    assert page.status_code == 200
    assert page.context["form"]["organisation"].value() is None
    response = client_for(dana).post(url, {"organisation": ""})

    assert response.status_code == 302
    assert Member.objects.get().user == dana
    assert Member.objects.get().organisation is None


def test_an_invitation_opens_only_for_its_own_address(client, secretariat, forum_body, alice, bob):
    _invite(client_for(secretariat), forum_body, alice.email, organisation_name="Organisation A")
    url = _join_url(alice.email)

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("account_login"))
    other = client_for(bob).get(url)
    assert other.status_code == 403
    assert "Organisation A" not in other.content.decode()
    assert alice.email not in other.content.decode()
    assert client_for(bob).post(url, {"organisation": ""}).status_code == 403
    assert Member.objects.count() == 0


def test_one_cannot_join_for_someone_elses_organisation(secretariat, forum_body, alice, bob):
    _invite(client_for(secretariat), forum_body, alice.email)

    response = client_for(alice).post(
        _join_url(alice.email), {"organisation": bob.memberships.get().organisation_id}
    )

    assert response.status_code == 400
    assert Member.objects.count() == 0


def test_the_link_names_no_database_id(secretariat, forum_body, alice):
    _invite(client_for(secretariat), forum_body, alice.email)
    token = _join_url(alice.email).split("/")[-2]

    payload = signing.loads(token, salt="forum.member-invitation")

    assert not [value for value in payload.values() if isinstance(value, int)]
    assert str(secretariat.pk) not in {str(value) for value in payload.values()}
    assert payload["b"] == forum_body.slug


def test_a_forged_or_expired_link_is_not_found(secretariat, forum_body, alice):
    _invite(client_for(secretariat), forum_body, alice.email)
    url = _join_url(alice.email)
    client = client_for(alice)

    assert client.get(url[:-3] + "x/").status_code == 404
    assert client.get(reverse("forum:join", args=["not-a-token"])).status_code == 404
    later = timezone.now() + timedelta(days=settings.INVITATION_DAYS, hours=1)
    with time_machine.travel(later):
        client = client_for(alice)  # a fresh session: the old one has expired too
        assert client.get(url).status_code == 404
        assert client.post(url, {"organisation": ""}).status_code == 404
    assert Member.objects.count() == 0


def test_accepting_twice_adds_the_person_once(secretariat, forum_body, alice):
    _invite(client_for(secretariat), forum_body, alice.email)
    url = _join_url(alice.email)
    client = client_for(alice)

    assert client.post(url).status_code == 302  # an empty form: no organisation
    again = client.post(url, {"organisation": ""})

    assert again.status_code == 400
    assert "already a member" in again.content.decode()
    assert Member.objects.count() == 1


@pytest.mark.parametrize("sender", ["forum secretariat", "superuser", "body secretariat"])
def test_an_invitation_from_any_manager_of_the_body_can_be_accepted(
    sender, secretariat, forum_body, charlie
):
    if sender == "forum secretariat":
        by = secretariat
    elif sender == "superuser":
        by = UserFactory(is_superuser=True, is_staff=True)
    else:
        by = MemberFactory(body=forum_body, role=MemberRole.SECRETARIAT).user
    # Through the service: how a manager reaches the form is not what this test is about.
    services.member_invite(
        body=forum_body,
        by=by,
        email=charlie.email,
        organisation_name="",
        constituency=Constituency.RESEARCH,
        role=MemberRole.MEMBER,
    )

    response = client_for(charlie).post(_join_url(charlie.email))

    assert response.status_code == 302
    assert Member.objects.filter(user=charlie, body=forum_body).exists()


def test_an_invitation_lapses_when_its_sender_no_longer_manages_the_body(
    forum_body, alice, charlie
):
    sender = MemberFactory(body=forum_body, user=alice, role=MemberRole.SECRETARIAT)
    _invite(client_for(alice), forum_body, charlie.email)
    Member.objects.filter(pk=sender.pk).update(role=MemberRole.MEMBER)

    response = client_for(charlie).post(_join_url(charlie.email), {"organisation": ""})

    assert response.status_code == 400
    assert "no longer valid" in response.content.decode()
    assert not Member.objects.filter(user=charlie).exists()


def test_only_the_secretariat_invites(alice_client, alice_member, forum_body, charlie):
    response = alice_client.post(
        reverse("forum:member_add", args=[forum_body.slug]),
        {"email": charlie.email, "constituency": "research", "role": "member"},
    )

    assert response.status_code == 403
    assert not OutgoingEmail.objects.filter(to=charlie.email).exists()
