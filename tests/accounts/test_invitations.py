import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, Membership, Role
from notifications.models import OutgoingEmail, Status
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _post_invitation(client, organisation, email, role=Role.MEMBER):
    return client.post(
        reverse("accounts:invitation_create", args=[organisation.slug]),
        {"email": email, "role": role},
    )


def _invite(client, organisation, capture, email="dora@example.org", role=Role.MEMBER):
    with capture(execute=True):
        return _post_invitation(client, organisation, email, role)


def test_admin_invites_colleague_by_email(alice_client, org_a, django_capture_on_commit_callbacks):
    response = _invite(
        alice_client, org_a, django_capture_on_commit_callbacks, email="Dora@Example.org"
    )

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "dora@example.org"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dora@example.org"]
    assert "Organisation A" in message.subject
    assert invitation.get_absolute_url() in message.body
    assert message.alternatives[0][1] == "text/html"
    assert OutgoingEmail.objects.get().status == Status.SENT


def test_inviting_again_renews_instead_of_duplicating(
    alice_client, org_a, django_capture_on_commit_callbacks
):
    _invite(alice_client, org_a, django_capture_on_commit_callbacks)
    first = Invitation.objects.get()
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        _invite(alice_client, org_a, django_capture_on_commit_callbacks, role=Role.ADMIN)

    renewed = Invitation.objects.get()
    assert renewed.pk == first.pk
    assert renewed.role == Role.ADMIN
    assert renewed.expires_at > first.expires_at
    assert len(mail.outbox) == 2


def test_inviting_again_sends_a_fresh_link_and_the_old_one_stops_working(
    alice_client, org_a, django_capture_on_commit_callbacks
):
    _invite(alice_client, org_a, django_capture_on_commit_callbacks)
    old = Invitation.objects.get()
    dora = UserFactory(email="dora@example.org")

    _invite(alice_client, org_a, django_capture_on_commit_callbacks)

    new = Invitation.objects.get()
    assert new.token != old.token
    assert new.get_absolute_url() in mail.outbox[1].body
    assert old.get_absolute_url() not in mail.outbox[1].body
    assert client_for(dora).post(old.get_absolute_url()).status_code == 404
    assert not Membership.objects.filter(user=dora).exists()
    assert client_for(dora).post(new.get_absolute_url()).status_code == 302


def test_inviting_again_never_revives_an_expired_link(
    alice, alice_client, org_a, django_capture_on_commit_callbacks
):
    _invite(alice_client, org_a, django_capture_on_commit_callbacks)
    expired = Invitation.objects.get()
    dora = UserFactory(email="dora@example.org")
    later = expired.expires_at + timedelta(days=1)

    with time_machine.travel(later):
        # A new session: the first one has ended by then.
        renewed = _invite(client_for(alice), org_a, django_capture_on_commit_callbacks)
        refused = client_for(dora).post(expired.get_absolute_url())

    assert renewed.status_code == 302
    assert Invitation.objects.get().expires_at > later
    assert refused.status_code == 404
    assert not Membership.objects.filter(user=dora).exists()


def test_inviting_an_existing_member_is_refused_with_a_message(alice_client, alice, org_a):
    response = _post_invitation(alice_client, org_a, alice.email)

    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert not Invitation.objects.exists()


def test_bad_invitation_email_is_a_400_with_the_form(alice_client, org_a):
    response = _post_invitation(alice_client, org_a, "nope")

    assert response.status_code == 400
    assert response.context["invitation_form"].errors["email"]
    assert not Invitation.objects.exists()


def test_non_admin_cannot_invite(org_a, alice):
    member = MembershipFactory(organisation=org_a).user
    response = _post_invitation(client_for(member), org_a, "x@example.org")

    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_outsider_cannot_invite(bob_client, org_a):
    response = _post_invitation(bob_client, org_a, "x@example.org")

    assert response.status_code == 404


def test_invited_person_accepts(alice_client, org_a, django_capture_on_commit_callbacks):
    _invite(alice_client, org_a, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    dora = UserFactory(email="dora@example.org")
    client = client_for(dora)

    page = client.get(invitation.get_absolute_url())
    response = client.post(invitation.get_absolute_url())

    assert page.status_code == 200
    assert "Accept invitation" in page.content.decode()
    assert response.status_code == 302
    assert response.url == org_a.get_absolute_url()
    assert Membership.objects.get(user=dora).organisation == org_a
    assert Membership.objects.get(user=dora).role == Role.MEMBER
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    # A second click is refused, not a second membership: the used link is unknown now.
    again = client.post(invitation.get_absolute_url())
    assert again.status_code == 404
    assert Membership.objects.filter(user=dora).count() == 1


def test_invitation_for_another_address_is_refused(
    alice_client, org_a, charlie, django_capture_on_commit_callbacks
):
    _invite(alice_client, org_a, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()

    response = client_for(charlie).post(invitation.get_absolute_url())

    assert response.status_code == 400
    assert "Sign in with that address" in response.content.decode()
    assert not Membership.objects.filter(user=charlie).exists()


def test_expired_invitation_is_refused(alice_client, org_a, django_capture_on_commit_callbacks):
    _invite(alice_client, org_a, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    dora = UserFactory(email="dora@example.org")

    with time_machine.travel(invitation.expires_at + timedelta(minutes=1)):
        response = client_for(dora).post(invitation.get_absolute_url())

    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not Membership.objects.filter(user=dora).exists()


def test_anonymous_is_asked_to_sign_in_to_accept(
    client, alice_client, org_a, django_capture_on_commit_callbacks
):
    _invite(alice_client, org_a, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()

    page = client.get(invitation.get_absolute_url())
    response = client.post(invitation.get_absolute_url())

    assert "Sign in" in page.content.decode()
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert invitation.get_absolute_url() in response.url


def test_unknown_invitation_token_is_404(client):
    assert client.get(reverse("accounts:invitation", args=["not-a-token"])).status_code == 404


def _without_csrf(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_a_used_link_shows_what_an_unknown_one_shows(
    alice, alice_client, org_a, django_capture_on_commit_callbacks
):
    _invite(alice_client, org_a, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    dora = UserFactory(email="dora@example.org")
    assert client_for(dora).post(invitation.get_absolute_url()).status_code == 302
    unknown_url = reverse("accounts:invitation", args=["x" * len(invitation.token)])

    for viewer in (Client(), client_for(dora), client_for(UserFactory())):
        used = viewer.get(invitation.get_absolute_url())
        unknown = viewer.get(unknown_url)
        page = used.content.decode()

        assert used.status_code == unknown.status_code == 404
        assert _without_csrf(page.replace(invitation.token, "x" * len(invitation.token))) == (
            _without_csrf(unknown.text)
        )
        assert org_a.name not in page
        assert alice.email not in page
        assert alice.name not in page


def _sent_invitations() -> int:
    return OutgoingEmail.objects.filter(key__startswith="invitation:").count()


def test_invitations_are_limited_per_sender_across_organisations(
    settings, alice, org_a, org_b, django_capture_on_commit_callbacks
):
    settings.INVITATIONS_PER_SENDER_PER_HOUR = 3
    MembershipFactory(user=alice, organisation=org_b, role=Role.ADMIN)
    client = client_for(alice)
    for n in range(3):
        organisation = org_a if n % 2 else org_b
        _invite(client, organisation, django_capture_on_commit_callbacks, email=f"p{n}@example.org")

    refused = _invite(client, org_a, django_capture_on_commit_callbacks, email="p9@example.org")

    assert refused.status_code == 400
    assert "too many invitations" in refused.context["invitation_form"].errors["email"][0]
    assert _sent_invitations() == 3
    assert len(mail.outbox) == 3
    assert not Invitation.objects.filter(email="p9@example.org").exists()
    # The next hour, the sender may invite again.
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        again = _invite(client, org_a, django_capture_on_commit_callbacks, email="p9@example.org")
    assert again.status_code == 302


def test_invitations_are_limited_per_organisation_whoever_sends_them(
    settings, alice, org_a, django_capture_on_commit_callbacks
):
    settings.INVITATIONS_PER_ORGANISATION_PER_DAY = 4
    other_admin = MembershipFactory(organisation=org_a, role=Role.ADMIN).user
    for n in range(4):
        sender = client_for(alice if n % 2 else other_admin)
        _invite(sender, org_a, django_capture_on_commit_callbacks, email=f"p{n}@example.org")

    refused = _invite(
        client_for(other_admin), org_a, django_capture_on_commit_callbacks, email="p9@example.org"
    )

    assert refused.status_code == 400
    assert "This organisation has sent too many" in refused.content.decode()
    assert _sent_invitations() == 4
    assert not Invitation.objects.filter(email="p9@example.org").exists()


def test_re_inviting_one_address_counts_against_the_limit(
    settings, alice_client, org_a, django_capture_on_commit_callbacks
):
    settings.INVITATIONS_PER_SENDER_PER_HOUR = 2
    for _ in range(2):
        _invite(alice_client, org_a, django_capture_on_commit_callbacks)

    refused = _invite(alice_client, org_a, django_capture_on_commit_callbacks)

    assert refused.status_code == 400
    assert len(mail.outbox) == 2


def test_admin_withdraws_invitation(alice_client, org_a, django_capture_on_commit_callbacks):
    _invite(alice_client, org_a, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()

    response = alice_client.post(
        reverse("accounts:invitation_revoke", args=[org_a.slug, invitation.token])
    )

    assert response.status_code == 302
    assert not Invitation.objects.exists()


def test_invitations_waiting_show_on_account_page(
    alice_client, org_a, django_capture_on_commit_callbacks
):
    _invite(alice_client, org_a, django_capture_on_commit_callbacks)
    dora = UserFactory(email="dora@example.org")

    page = client_for(dora).get(reverse("accounts:overview")).content.decode()

    assert "Join Organisation A" in page
