from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from alliance.models import Coalition
from initiatives import services
from initiatives.models import Initiative, PartnerState
from knowledge.models import Practice
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory
from tests.initiatives.factories import initiative
from tests.utils import get_observed

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def admin_b(org_b):
    user = UserFactory(email="admin-b@example.org")
    MembershipFactory(user=user, organisation=org_b, role=Role.ADMIN)
    return user


def test_an_administrator_registers_an_initiative(alice_client, org_a):
    response = alice_client.post(
        reverse("initiatives:create", args=[org_a.slug]),
        {
            "title": "Living wages",
            "description": "We pay **living wages**.",
            "status": "ongoing",
            "countries": ["BE"],
            "coalitions": ["eco-efficiency"],
        },
    )

    found = Initiative.objects.get()
    assert response.status_code == 302 and response.url == found.get_absolute_url()
    assert found.published_at is None
    assert list(found.coalitions.values_list("theme__slug", flat=True)) == ["eco-efficiency"]


def test_a_bad_form_answers_400_and_writes_nothing(alice_client, org_a):
    response = alice_client.post(
        reverse("initiatives:create", args=[org_a.slug]),
        {"title": "", "description": "x", "status": "ongoing"},
    )
    assert response.status_code == 400
    assert not Initiative.objects.exists()


def test_a_plain_member_may_look_but_not_register(bob_client, org_b):
    assert bob_client.get(reverse("initiatives:organisation", args=[org_b.slug])).status_code == 200
    assert bob_client.get(reverse("initiatives:create", args=[org_b.slug])).status_code == 403


def test_a_private_initiative_and_a_missing_one_answer_the_same(alice, org_a, bob_client, client):
    found = initiative(org_a, by=alice)
    for viewer in (bob_client, client):
        assert viewer.get(found.get_absolute_url()).status_code == 404
        assert viewer.get(reverse("initiatives:detail", args=["missing-uid"])).status_code == 404


def test_a_published_initiative_is_public_and_searchable(alice, org_a, client):
    found = initiative(org_a, by=alice, publish=True, countries=["BE"], status="ongoing")
    initiative(org_a, by=alice, title="Hidden draft")

    page = client.get(found.get_absolute_url())
    assert page.status_code == 200
    assert "<strong>living wages</strong>" in page.content.decode()

    listing = client.get(reverse("initiatives:index")).content.decode()
    assert found.title in listing and "Hidden draft" not in listing
    for query, shown in [
        ("?q=supply", True),
        ("?q=nothing-like-it", False),
        ("?country=BE", True),
        ("?country=NL", False),
        ("?status=ongoing", True),
        ("?status=completed", False),
        ("?theme=eco-efficiency", False),
        ("?country=%22", False),
    ]:
        body = client.get(reverse("initiatives:index") + query).content.decode()
        assert (found.title in body) is shown, query


@pytest.mark.parametrize(
    ("key", "value", "listed"),
    [
        ("q", "supply\x00", True),
        ("theme", "eco\x00", False),
        ("iso26000", "human-rights\x00", False),
        ("country", "BE\x00", True),
        ("status", "ongoing\x00", True),
    ],
)
def test_a_filter_holding_nul_is_read_without_it(alice, org_a, client, key, value, listed):
    # PostgreSQL's text cannot hold NUL: the character goes before the value reaches it.
    found = initiative(org_a, by=alice, publish=True, countries=["BE"], status="ongoing")
    answer = client.get(reverse("initiatives:index"), {key: value})
    assert answer.status_code == 200
    assert (found.title in answer.content.decode()) is listed


def test_the_partners_admin_confirms_on_its_organisation_page(
    alice, alice_client, org_a, org_b, admin_b
):
    found = initiative(org_a, by=alice, publish=True)
    response = alice_client.post(
        reverse("initiatives:partner_add", args=[found.uid]), {"partner": "Organisation B"}
    )
    assert response.status_code == 302
    partnership = found.partners.get()
    # Not named until it confirms.
    assert (
        "Organisation B" not in client_for(admin_b).get(found.get_absolute_url()).content.decode()
    )

    partner = client_for(admin_b)
    org_page = partner.get(reverse("accounts:organisation", args=[org_b.slug])).content.decode()
    assert "asks you to confirm" in org_page or "ask you to confirm" in org_page
    answer_page = partner.get(
        reverse("initiatives:organisation", args=[org_b.slug])
    ).content.decode()
    assert reverse("initiatives:partner_answer", args=[partnership.uid]) in answer_page

    response = partner.post(
        reverse("initiatives:partner_answer", args=[partnership.uid]), {"answer": "confirm"}
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.state == PartnerState.CONFIRMED
    assert (
        "Organisation B"
        in client_for(UserFactory()).get(reverse("initiatives:index")).content.decode()
    )


def test_a_bad_answer_is_a_400(alice, org_a, org_b, admin_b):
    found = initiative(org_a, by=alice)
    partnership = services.partner_invite(initiative=found, by=alice, partner=org_b)
    response = client_for(admin_b).post(
        reverse("initiatives:partner_answer", args=[partnership.uid]), {"answer": "maybe"}
    )
    assert response.status_code == 400


def test_an_unknown_partner_is_a_clear_400(alice, alice_client, org_a):
    found = initiative(org_a, by=alice)
    response = alice_client.post(
        reverse("initiatives:partner_add", args=[found.uid]), {"partner": "Nobody Ltd"}
    )
    assert response.status_code == 400
    assert "No organisation of that name" in response.content.decode()


def test_deleting_asks_first(alice, alice_client, org_a):
    found = initiative(org_a, by=alice)
    url = reverse("initiatives:delete", args=[found.uid])
    assert alice_client.get(url).status_code == 200
    assert Initiative.objects.exists()
    assert alice_client.post(url).status_code == 302
    assert not Initiative.objects.exists()


def test_publish_needs_post(alice, alice_client, org_a):
    found = initiative(org_a, by=alice)
    assert alice_client.get(reverse("initiatives:publish", args=[found.uid])).status_code == 405
    alice_client.post(reverse("initiatives:publish", args=[found.uid]))
    found.refresh_from_db()
    assert found.is_published


def test_files_of_a_private_initiative_stay_private(alice, alice_client, org_a, client):
    found = initiative(org_a, by=alice)
    response = alice_client.post(
        reverse("initiatives:file_add", args=[found.uid]),
        {"title": "Plan", "upload": SimpleUploadedFile("plan.pdf", PDF)},
    )
    assert response.status_code == 302
    url = reverse("initiatives:resource", args=[found.resources.get().uid])
    assert alice_client.get(url).status_code == 200
    assert client.get(url).status_code == 404
    bad = alice_client.post(
        reverse("initiatives:file_add", args=[found.uid]),
        {"title": "x", "upload": SimpleUploadedFile("x.pdf", b"MZ not a pdf")},
    )
    assert bad.status_code == 400


def test_linked_initiatives_show_on_the_coalition_and_practice_pages(alice, org_a, client):
    practice = Practice.objects.create(
        source_id="p1",
        title="A guide",
        summary="s",
        type="guide",
        language="en",
        status="published",
        published_at="2026-01-01T00:00:00Z",
    )
    found = initiative(org_a, by=alice, publish=True, practices=[practice])
    coalition = Coalition.objects.select_related("theme").get(theme__slug="eco-efficiency")
    services.initiative_update(
        initiative=found, by=alice, links_to={"coalitions": ["eco-efficiency"]}
    )

    assert found.title in client.get(coalition.get_absolute_url()).content.decode()
    practice_page = client.get(practice.get_absolute_url()).content.decode()
    assert (
        "Initiatives that produced this practice" in practice_page and found.title in practice_page
    )

    services.initiative_unpublish(initiative=found, by=alice)
    assert found.title not in client.get(coalition.get_absolute_url()).content.decode()
    assert found.title not in client.get(practice.get_absolute_url()).content.decode()


def test_no_page_mentions_support(alice, alice_client, org_a):
    found = initiative(org_a, by=alice)
    for url in [
        reverse("initiatives:index"),
        reverse("initiatives:organisation", args=[org_a.slug]),
        reverse("initiatives:create", args=[org_a.slug]),
        found.get_absolute_url(),
        reverse("initiatives:edit", args=[found.uid]),
    ]:
        body = alice_client.get(url).content.decode().lower()
        assert "support" not in body.replace("supporting", ""), url


def test_an_action_page_lists_the_published_initiatives_linked_to_it(alice, org_a, client):
    from commitments.demo import framework_load

    framework = framework_load(coordinators=[])
    framework.is_published = True
    framework.save(update_fields=["is_published"])
    action = framework.commitments.get(number=1).actions.get(number=2)
    key = f"{framework.slug}:{action.code}"
    found = initiative(org_a, by=alice, publish=True)
    services.initiative_update(initiative=found, by=alice, links_to={"actions": [key]})

    assert list(action.initiatives.all()) == [found]
    assert found.title in client.get(action.get_absolute_url()).content.decode()
    body = client_for(alice).get(reverse("initiatives:edit", args=[found.uid])).content.decode()
    assert f'value="{key}" selected' in body


def test_the_public_sees_confirmed_partners_only(alice, org_a, org_b, admin_b, client):
    found = initiative(org_a, by=alice, publish=True)
    services.partner_invite(initiative=found, by=alice, partner=org_b)
    assert "Organisation B" not in client.get(found.get_absolute_url()).content.decode()
    members_page = client_for(alice).get(found.get_absolute_url()).content.decode()
    assert "Organisation B" in members_page and "Asked, not yet confirmed" in members_page


def test_the_cached_register_is_renewed_when_an_initiative_is_published(
    alice, org_a, client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    found = initiative(org_a, by=alice, title="Renewed in the cache")
    url = reverse("initiatives:index")
    assert found.title not in get_observed(client, url).content.decode()
    assert get_observed(client, url).from_cache
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_publish(initiative=found, by=alice)
    assert found.title in client.get(url).content.decode()


def test_cached_practice_and_coalition_pages_are_renewed(
    alice, org_a, client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    practice = Practice.objects.create(
        source_id="p2",
        title="A checklist",
        summary="s",
        type="checklist",
        language="en",
        status="published",
        published_at="2026-01-01T00:00:00Z",
    )
    coalition = Coalition.objects.select_related("theme").get(theme__slug="eco-efficiency")
    found = initiative(org_a, by=alice, practices=[practice], title="Shown once published")
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_update(
            initiative=found, by=alice, links_to={"coalitions": ["eco-efficiency"]}
        )
    urls = [practice.get_absolute_url(), coalition.get_absolute_url()]
    for url in urls:
        assert found.title not in get_observed(client, url).content.decode()
        assert get_observed(client, url).from_cache
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_publish(initiative=found, by=alice)
    for url in urls:
        assert found.title in client.get(url).content.decode(), url
