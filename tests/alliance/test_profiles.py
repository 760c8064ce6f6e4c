import pytest
from django.urls import reverse

from accounts.models import Role
from alliance import services
from alliance.models import Profile
from tests.alliance.factories import supporters
from tests.conftest import client_for
from tests.factories import MembershipFactory, OrganisationFactory
from tests.utils import queries_for

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "<iframe src=//evil.example></iframe>",
    '<svg onload="alert(1)">',
]


def _edit(org):
    return reverse("alliance:profile_edit", args=[org.slug])


def _publish(client, org, published=True):
    return client.post(
        reverse("alliance:profile_publish", args=[org.slug]),
        {"published": "1" if published else "0"},
    )


def test_profile_is_private_until_published(client, alice_client, org_a):
    alice_client.post(_edit(org_a), {"strategy": "We **measure** what matters."})
    profile_url = reverse("alliance:profile", args=[org_a.slug])

    assert client.get(profile_url).status_code == 404
    _publish(alice_client, org_a)
    page = client.get(profile_url)
    assert page.status_code == 200
    assert "<strong>measure</strong>" in page.content.decode()

    _publish(alice_client, org_a, published=False)
    assert client.get(profile_url).status_code == 404


def test_empty_profile_cannot_be_published(alice_client, org_a):
    alice_client.post(_edit(org_a), {"strategy": "  "})
    response = _publish(alice_client, org_a)

    assert response.status_code == 302
    assert not Profile.objects.get(organisation=org_a).published


def test_first_save_can_publish_at_once(client, alice_client, org_a):
    form = alice_client.get(_edit(org_a)).content.decode()
    assert 'name="publish"' in form  # offered before any save

    response = alice_client.post(_edit(org_a), {"strategy": "We act.", "publish": "1"})

    assert response.status_code == 302
    assert Profile.objects.get(organisation=org_a).published
    assert client.get(reverse("alliance:profile", args=[org_a.slug])).status_code == 200


def test_save_and_publish_refuses_an_empty_profile(alice_client, org_a):
    response = alice_client.post(_edit(org_a), {"strategy": " ", "publish": "1"})

    assert response.status_code == 400
    assert "Write at least one section" in response.content.decode()
    assert not Profile.objects.filter(organisation=org_a).exists()


def test_save_without_publish_keeps_the_profile_private(alice_client, org_a):
    alice_client.post(_edit(org_a), {"strategy": "We act."})

    assert not Profile.objects.get(organisation=org_a).published


@pytest.mark.parametrize("payload", XSS)
def test_markdown_is_sanitised(client, alice_client, org_a, payload):
    alice_client.post(_edit(org_a), {"strategy": f"Plan\n\n{payload}", "results": payload})
    _publish(alice_client, org_a)

    html = client.get(reverse("alliance:profile", args=[org_a.slug])).content.decode()

    main = html.split("<main", 1)[1]
    for bad in ("<script", "onerror", "javascript:", "<iframe", "onload", "data:text"):
        assert bad not in main


def test_support_statement_needs_a_declaration(client, alice, alice_client, org_a):
    response = alice_client.post(_edit(org_a), {"strategy": "S", "states_support": "on"})
    assert response.status_code == 400
    assert not Profile.objects.filter(organisation=org_a).exists()

    services.support_declare(organisation=org_a, by=alice)
    alice_client.post(_edit(org_a), {"strategy": "S", "states_support": "on"})
    _publish(alice_client, org_a)
    page = client.get(reverse("alliance:profile", args=[org_a.slug])).content.decode()
    assert "We support the European Alliance for CSR." in page


def test_only_admins_edit_and_publish(org_a, alice, bob_client):
    member = client_for(MembershipFactory(organisation=org_a, role=Role.MEMBER).user)

    assert member.get(_edit(org_a)).status_code == 403
    assert member.post(reverse("alliance:profile_publish", args=[org_a.slug])).status_code == 403
    assert bob_client.get(_edit(org_a)).status_code == 404


def test_directory_lists_published_profiles_without_support(client, alice, org_a):
    services.support_declare(organisation=org_a, by=alice)
    Profile.objects.create(organisation=org_a, strategy="S", states_support=True, published=True)
    quiet = OrganisationFactory(name="Quiet Company")
    Profile.objects.create(organisation=quiet, strategy="S", published=True)
    Profile.objects.create(organisation=OrganisationFactory(name="Draft Company"), strategy="S")

    page = client.get(reverse("alliance:profiles")).content.decode()

    assert "Organisation A" in page and "Quiet Company" in page
    assert "Draft Company" not in page
    assert "support" not in page.split("<main", 1)[1].split("</main>")[0].lower()
    filtered = client.get(reverse("alliance:profiles"), {"supports": "1"}).content.decode()
    assert "Quiet Company" in filtered  # there is no filter by support to apply


def test_profile_pages_queries_hold_as_organisations_grow(client):
    def publish(orgs):
        for org in orgs:
            Profile.objects.create(organisation=org, strategy="S", published=True)

    publish(supporters(10))
    target = Profile.objects.first().organisation
    profile_url = reverse("alliance:profile", args=[target.slug])
    few = (queries_for(client, reverse("alliance:profiles")), queries_for(client, profile_url))
    publish(supporters(190))

    assert (
        queries_for(client, reverse("alliance:profiles")),
        queries_for(client, profile_url),
    ) == few
