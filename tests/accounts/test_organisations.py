import pytest
from django.urls import reverse

import pagecache
from accounts.models import Membership, Organisation, Role
from tests.conftest import client_for
from tests.factories import MembershipFactory
from tests.utils import queries_for

pytestmark = pytest.mark.django_db

ORG_FORM = {
    "name": "Fietsfabriek Gent",
    "kind": "enterprise",
    "size_class": "micro",
    "country": "BE",
}


def test_creating_an_organisation_makes_its_creator_admin(charlie_client, charlie):
    response = charlie_client.post(reverse("accounts:organisation_create"), ORG_FORM)

    organisation = Organisation.objects.get(name="Fietsfabriek Gent")
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    assert Membership.objects.get(organisation=organisation).user == charlie
    assert Membership.objects.get(organisation=organisation).role == Role.ADMIN


def test_organisation_slug_is_opaque(charlie_client):
    charlie_client.post(reverse("accounts:organisation_create"), ORG_FORM)
    charlie_client.post(reverse("accounts:organisation_create"), ORG_FORM)

    slugs = list(Organisation.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 2
    for slug in slugs:
        assert slug.startswith("fietsfabriek-gent-")
        assert len(slug) == len("fietsfabriek-gent-") + 8


def test_bad_organisation_form_keeps_input_and_saves_nothing(charlie_client):
    response = charlie_client.post(
        reverse("accounts:organisation_create"),
        {**ORG_FORM, "country": "ZZ", "website": "not a url"},
    )

    assert response.status_code == 400
    assert not Organisation.objects.exists()
    assert set(response.context["form"].errors) == {"country", "website"}
    assert 'value="Fietsfabriek Gent"' in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client, org_a):
    response = client.get(org_a.get_absolute_url())

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_member_sees_organisation_page(alice_client, org_a):
    response = alice_client.get(org_a.get_absolute_url())

    assert response.status_code == 200
    assert "Organisation A" in response.content.decode()
    assert "Invite a colleague" in response.content.decode()


def test_outsider_and_missing_get_the_same_404(bob_client, org_a):
    outsider = bob_client.get(org_a.get_absolute_url())
    missing = bob_client.get(reverse("accounts:organisation", args=["no-such-organisation"]))

    assert outsider.status_code == missing.status_code == 404
    assert "Organisation A" not in outsider.content.decode()


def test_non_admin_cannot_edit(org_a, alice):
    member = MembershipFactory(organisation=org_a, role=Role.MEMBER).user
    client = client_for(member)

    page = client.get(org_a.get_absolute_url()).content.decode()
    response = client.post(reverse("accounts:organisation_edit", args=[org_a.slug]), ORG_FORM)

    assert "Invite a colleague" not in page
    assert response.status_code == 403
    org_a.refresh_from_db()
    assert org_a.name == "Organisation A"


def test_admin_edits_details(alice_client, org_a):
    response = alice_client.post(
        reverse("accounts:organisation_edit", args=[org_a.slug]),
        {**ORG_FORM, "name": "Organisation A (renamed)", "website": "https://a.example.org"},
    )

    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.name == "Organisation A (renamed)"
    assert org_a.website == "https://a.example.org"


def test_new_details_renew_the_public_pages_the_apps_registered(
    alice_client, org_a, settings, django_capture_on_commit_callbacks
):
    # Alliance profiles and commitments' pledges name organisations; accounts learns so from
    # accounts.hooks, filled in their AppConfig.ready, and imports neither.
    settings.PAGE_CACHE_SECONDS = 300
    areas = ("alliance", "commitments", "forum")
    before = {area: pagecache.version(area) for area in areas}

    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(
            reverse("accounts:organisation_edit", args=[org_a.slug]),
            {**ORG_FORM, "name": "Organisation A (renamed)"},
        )

    after = {area: pagecache.version(area) for area in areas}
    assert after["alliance"] != before["alliance"]
    assert after["commitments"] != before["commitments"]
    assert after["forum"] == before["forum"]


def test_organisation_page_queries_do_not_grow_with_members(alice_client, org_a):
    MembershipFactory.create_batch(3, organisation=org_a)
    few = queries_for(alice_client, org_a.get_absolute_url())
    MembershipFactory.create_batch(40, organisation=org_a)

    assert queries_for(alice_client, org_a.get_absolute_url()) == few


def test_account_page_queries_do_not_grow_with_memberships(alice, alice_client):
    few = queries_for(alice_client, reverse("accounts:overview"))
    MembershipFactory.create_batch(30, user=alice)

    assert queries_for(alice_client, reverse("accounts:overview")) == few
