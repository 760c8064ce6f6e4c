import pytest
from django.urls import reverse

from accounts.models import Membership, Role
from tests.conftest import client_for
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dora(org_a):
    return MembershipFactory(organisation=org_a, role=Role.MEMBER)


def _role_url(org, membership):
    return reverse("accounts:role", args=[org.slug, membership.uid])


def _remove_url(org, membership):
    return reverse("accounts:remove", args=[org.slug, membership.uid])


def test_admin_promotes_and_demotes(alice_client, org_a, dora):
    promoted = alice_client.post(_role_url(org_a, dora), {"role": "admin"})
    dora.refresh_from_db()
    assert promoted.status_code == 302
    assert dora.role == Role.ADMIN

    demoted = alice_client.post(_role_url(org_a, dora), {"role": "member"})
    dora.refresh_from_db()
    assert demoted.status_code == 302
    assert dora.role == Role.MEMBER


def test_invalid_role_changes_nothing(alice_client, org_a, dora):
    alice_client.post(_role_url(org_a, dora), {"role": "emperor"})

    dora.refresh_from_db()
    assert dora.role == Role.MEMBER


def test_member_cannot_change_roles(org_a, alice, dora):
    admin = Membership.objects.get(user=alice)
    response = client_for(dora.user).post(_role_url(org_a, admin), {"role": "member"})

    assert response.status_code == 403
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN


def test_last_admin_cannot_demote_themselves(alice_client, alice, org_a):
    admin = Membership.objects.get(user=alice)

    response = alice_client.post(_role_url(org_a, admin), {"role": "member"}, follow=True)

    admin.refresh_from_db()
    assert admin.role == Role.ADMIN
    assert "at least one administrator" in response.content.decode()


def test_remove_asks_for_confirmation_first(alice_client, org_a, dora):
    page = alice_client.get(_remove_url(org_a, dora))

    assert page.status_code == 200
    assert "Remove member" in page.content.decode()
    assert Membership.objects.filter(pk=dora.pk).exists()


def test_admin_removes_member(alice_client, org_a, dora):
    response = alice_client.post(_remove_url(org_a, dora))

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=dora.pk).exists()
    assert client_for(dora.user).get(org_a.get_absolute_url()).status_code == 404


def test_member_cannot_remove_others(org_a, alice, dora):
    admin = Membership.objects.get(user=alice)

    response = client_for(dora.user).post(_remove_url(org_a, admin))

    assert response.status_code == 403
    assert Membership.objects.filter(pk=admin.pk).exists()


def test_outsider_gets_404_for_member_actions(bob_client, org_a, dora):
    assert bob_client.post(_remove_url(org_a, dora)).status_code == 404
    assert bob_client.post(_role_url(org_a, dora), {"role": "admin"}).status_code == 404


def test_membership_of_another_organisation_is_404(alice_client, org_a, bob):
    bobs = Membership.objects.get(user=bob)

    assert alice_client.post(_remove_url(org_a, bobs)).status_code == 404
    assert Membership.objects.filter(pk=bobs.pk).exists()


def test_last_admin_cannot_leave(alice_client, alice, org_a):
    response = alice_client.post(reverse("accounts:leave", args=[org_a.slug]), follow=True)

    assert Membership.objects.filter(user=alice, organisation=org_a).exists()
    assert "last administrator" in response.content.decode()


def test_last_admin_cannot_be_removed(alice_client, alice, org_a):
    admin = Membership.objects.get(user=alice)

    alice_client.post(_remove_url(org_a, admin))

    assert Membership.objects.filter(pk=admin.pk).exists()


def test_admin_can_leave_when_another_admin_remains(alice_client, alice, org_a, dora):
    dora.role = Role.ADMIN
    dora.save()

    confirm = alice_client.get(reverse("accounts:leave", args=[org_a.slug]))
    response = alice_client.post(reverse("accounts:leave", args=[org_a.slug]))

    assert confirm.status_code == 200
    assert response.status_code == 302
    assert response.url == reverse("accounts:overview")
    assert not Membership.objects.filter(user=alice, organisation=org_a).exists()


def test_member_leaves(org_a, dora):
    response = client_for(dora.user).post(reverse("accounts:leave", args=[org_a.slug]))

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=dora.pk).exists()
