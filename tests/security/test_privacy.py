"""GDPR: a person downloads their data and can delete their account; old data is purged."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts import privacy
from accounts import services as accounts_services
from accounts.models import Invitation, Membership, Organisation, Role, User
from accounts.tasks import purge_invitations
from alliance import services as alliance_services
from alliance.models import Dimension, SupportCounter, SupportDeclaration
from notifications.models import OutgoingEmail, Status
from notifications.tasks import purge_old
from tests.conftest import client_for
from tests.factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


def test_download_holds_what_the_portal_knows_about_me(alice, alice_client, org_a):
    accounts_services.invitation_send(organisation=org_a, by=alice, email="dora@example.org")

    response = alice_client.get(reverse("accounts:personal_data"))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = response.json()
    assert data["account"]["email"] == "alice@example.org"
    assert data["organisations"] == [
        {
            "organisation": "Organisation A",
            "role": "admin",
            "joined": data["organisations"][0]["joined"],
        }
    ]
    assert data["invitations_sent"][0]["to"] == "dora@example.org"
    assert data["email_addresses"][0]["verified"] is True


def test_download_holds_nothing_of_other_people(alice, alice_client, org_a, bob):
    body = alice_client.get(reverse("accounts:personal_data")).content.decode()

    assert bob.email not in body
    assert "Organisation B" not in body


def test_delete_asks_for_the_password(alice, alice_client):
    page = alice_client.get(reverse("accounts:delete"))
    wrong = alice_client.post(reverse("accounts:delete"), {"password": "nope"})

    assert page.status_code == 200
    assert wrong.status_code == 400
    assert User.objects.filter(pk=alice.pk).exists()


def test_deleting_hands_the_organisation_to_the_longest_standing_member(alice, alice_client, org_a):
    first = MembershipFactory(organisation=org_a, role=Role.MEMBER)
    MembershipFactory(organisation=org_a, role=Role.MEMBER)

    response = alice_client.post(reverse("accounts:delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(email="alice@example.org").exists()
    first.refresh_from_db()
    assert first.role == Role.ADMIN
    assert Organisation.objects.filter(pk=org_a.pk).exists()


def test_deleting_the_only_member_deletes_the_organisation_and_counts_its_withdrawal(
    alice, alice_client, org_a
):
    alliance_services.support_declare(organisation=org_a, by=alice)

    alice_client.post(reverse("accounts:delete"), {"password": PASSWORD})

    assert not Organisation.objects.filter(pk=org_a.pk).exists()
    assert not SupportDeclaration.objects.exists()
    total = SupportCounter.objects.get(dimension=Dimension.TOTAL)
    assert (total.declared, total.withdrawn) == (1, 1)


def test_deleting_ends_sessions_and_erases_mail(alice, org_a, django_capture_on_commit_callbacks):
    MembershipFactory(organisation=org_a, role=Role.MEMBER)
    with django_capture_on_commit_callbacks(execute=True):
        accounts_services.invitation_send(organisation=org_a, by=alice, email="dora@example.org")
    OutgoingEmail.objects.create(key="to-alice", to=alice.email, subject="Hi", body_text="x")
    other_device = client_for(alice)
    client = client_for(alice)

    client.post(reverse("accounts:delete"), {"password": PASSWORD})

    assert other_device.get(reverse("accounts:overview")).status_code == 302
    assert not OutgoingEmail.objects.filter(to=alice.email).exists()
    assert Invitation.objects.get().invited_by is None  # the organisation keeps its record
    assert not Membership.objects.filter(user__email=alice.email).exists()


def test_retention_purges_old_invitations_and_mail(alice, org_a):
    old = timezone.now() - dt.timedelta(days=200)
    with time_machine.travel(old):
        accounts_services.invitation_send(organisation=org_a, by=alice, email="old@example.org")
        OutgoingEmail.objects.create(
            key="old", to="x@example.org", subject="s", body_text="b", status=Status.SENT
        )
    accounts_services.invitation_send(organisation=org_a, by=alice, email="new@example.org")
    OutgoingEmail.objects.create(key="queued-old", to="y@example.org", subject="s", body_text="b")

    assert purge_invitations.apply().get() == 1
    assert purge_old.apply().get() >= 1

    assert list(Invitation.objects.values_list("email", flat=True)) == ["new@example.org"]
    assert not OutgoingEmail.objects.filter(key="old").exists()
    assert OutgoingEmail.objects.filter(key="queued-old").exists()


def test_erasing_a_name_takes_whole_words_only_in_every_text_and_json_column(db):
    OutgoingEmail.objects.create(
        key="names",
        to="dora@example.org",
        subject="From Alice Adams",
        body_text="ALICE ADAMS and Alice Adamsson wrote from alice@example.org.",
        body_html="<p>O&#x27;Hara Alice Adams</p>",
        headers={"Reply-To": "alice@example.org"},
    )

    changed = privacy.mentions_scrub(
        OutgoingEmail.objects.all(), needles=["Alice Adams", "alice@example.org", "O'Hara"]
    )

    row = OutgoingEmail.objects.get(key="names")
    assert changed == 1
    assert row.subject == "From [erased]"
    assert row.body_text == "[erased] and Alice Adamsson wrote from [erased]."
    assert row.body_html == "<p>[erased] [erased]</p>"
    assert row.headers == {"Reply-To": "[erased]"}
    assert row.to == "dora@example.org"
