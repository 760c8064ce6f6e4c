"""Pledging, pledge pages, visibility and withdrawal; no list of private pledgers anywhere."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import OrganisationKind, Role
from commitments.models import Pledge
from tests.commitments.conftest import action, make_pledge, make_report, sub_item
from tests.conftest import client_for
from tests.factories import MembershipFactory, OrganisationFactory
from tests.utils import queries_for

pytestmark = pytest.mark.django_db


def _create_url(framework, organisation):
    return reverse("commitments:pledge_create", args=[framework.slug, organisation.slug])


def _targets(framework, *codes):
    out = []
    for code in codes:
        if code[-1].isalpha():
            out.append(f"s{sub_item(framework, code).pk}")
        else:
            out.append(f"a{action(framework, code).pk}")
    return out


def test_admin_pledges_to_several_actions_and_sub_items(alice_client, framework, org_a):
    page = alice_client.get(_create_url(framework, org_a))
    assert page.status_code == 200
    assert "Participate in strategic sectoral events." in page.content.decode()

    response = alice_client.post(
        _create_url(framework, org_a),
        {"targets": _targets(framework, "1.1", "1.3c", "2.2"), "target_date": "2027-06-30"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("commitments:my_pledges")
    pledges = Pledge.objects.filter(organisation=org_a).order_by("action__commitment__number")
    assert [p.target_code for p in pledges] == ["1.1", "1.3c", "2.2"]
    assert all(not p.is_public for p in pledges)  # private by default
    listing = alice_client.get(reverse("commitments:my_pledges")).content.decode()
    assert "1.3c" in listing


def test_pledge_form_refuses_a_past_date_and_no_targets(alice_client, framework, org_a):
    response = alice_client.post(
        _create_url(framework, org_a),
        {"targets": _targets(framework, "1.1"), "target_date": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "The target date must be in the future." in response.content.decode()

    response = alice_client.post(_create_url(framework, org_a), {"target_date": "2027-01-01"})
    assert response.status_code == 400
    assert "Choose at least one action or sub-item." in response.content.decode()
    assert not Pledge.objects.exists()


def test_same_target_cannot_be_pledged_twice(alice_client, framework, org_a):
    make_pledge(org_a, framework, "1.1")

    page = alice_client.get(_create_url(framework, org_a)).content.decode()
    response = alice_client.post(
        _create_url(framework, org_a),
        {"targets": _targets(framework, "1.1", "1.2"), "target_date": "2027-06-30"},
    )

    assert f'value="{_targets(framework, "1.1")[0]}"' not in page
    assert response.status_code == 400
    assert Pledge.objects.count() == 1


def test_pledge_create_sends_anonymous_visitors_to_sign_in(client, framework, org_a):
    response = client.get(_create_url(framework, org_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_pledge_create_is_not_found_for_outsiders(charlie_client, framework, org_a):
    assert charlie_client.get(_create_url(framework, org_a)).status_code == 404


def test_pledge_create_is_forbidden_to_members_who_are_not_admins(bob_client, framework, org_b):
    assert bob_client.get(_create_url(framework, org_b)).status_code == 403


def test_only_enterprises_and_associations_pledge(framework, charlie):
    union = OrganisationFactory(kind=OrganisationKind.TRADE_UNION)
    MembershipFactory(user=charlie, organisation=union, role=Role.ADMIN)
    assert client_for(charlie).get(_create_url(framework, union)).status_code == 403


# --- Pledge pages and privacy ------------------------------------------------------------------


def test_private_pledge_is_seen_by_members_and_coordinators_only(
    alice_client, bob_client, client, framework, org_a, coordinator
):
    pledge = make_pledge(org_a, framework, "2.1")
    url = pledge.get_absolute_url()

    assert alice_client.get(url).status_code == 200
    assert client_for(coordinator).get(url).status_code == 200
    assert bob_client.get(url).status_code == 404
    assert client.get(url).status_code == 404
    assert client.get(reverse("commitments:pledge", args=["no-such-pledge"])).status_code == 404


def test_public_pledge_is_seen_by_anyone_but_its_reports_are_not(
    client, alice_client, framework, org_a
):
    pledge = make_pledge(org_a, framework, "2.1", is_public=True)
    report = make_report(pledge)

    page = client.get(pledge.get_absolute_url()).content.decode()

    assert org_a.name in page
    assert report.get_absolute_url() not in page
    assert report.get_absolute_url() in alice_client.get(pledge.get_absolute_url()).content.decode()


def test_action_page_lists_public_pledgers_only(client, framework):
    public = OrganisationFactory(name="Open Lathes")
    private = OrganisationFactory(name="Secretive Spindles")
    make_pledge(public, framework, "1.2", is_public=True)
    make_pledge(private, framework, "1.2")

    page = client.get(reverse("commitments:action", args=[framework.slug, "1.2"]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "Open Lathes" in html
    assert "Secretive Spindles" not in html


def test_missing_action_is_not_found(client, framework):
    for code in ("9.9", "1", "x.y"):
        url = f"/commitments/{framework.slug}/actions/{code}/"
        assert client.get(url).status_code == 404


def test_admin_makes_the_pledge_public_and_private_again(alice_client, framework, org_a):
    pledge = make_pledge(org_a, framework, "1.1")
    url = reverse("commitments:pledge_visibility", args=[pledge.uid])

    alice_client.post(url, {"public": "1"})
    pledge.refresh_from_db()
    assert pledge.is_public

    alice_client.post(url, {"public": "0"})
    pledge.refresh_from_db()
    assert not pledge.is_public


def test_visibility_rules(client, bob_client, charlie_client, framework, org_a, org_b):
    ours = make_pledge(org_b, framework, "1.1")
    theirs = make_pledge(org_a, framework, "1.1")
    public = make_pledge(org_a, framework, "1.2", is_public=True)

    def url(pledge):
        return reverse("commitments:pledge_visibility", args=[pledge.uid])

    assert client.post(url(ours))["Location"].startswith(reverse("account_login"))
    assert charlie_client.post(url(theirs), {"public": "1"}).status_code == 404
    assert charlie_client.post(url(public), {"public": "0"}).status_code == 403
    assert bob_client.post(url(ours), {"public": "1"}).status_code == 403
    ours.refresh_from_db()
    assert not ours.is_public


def test_withdrawal_asks_first_then_deletes(alice_client, bob_client, framework, org_a, org_b):
    pledge = make_pledge(org_a, framework, "3.1")
    make_report(pledge)
    url = reverse("commitments:pledge_withdraw", args=[pledge.uid])

    page = alice_client.get(url)
    assert page.status_code == 200
    assert Pledge.objects.filter(pk=pledge.pk).exists()
    assert bob_client.get(url).status_code == 404

    response = alice_client.post(url)

    assert response.status_code == 302
    assert not Pledge.objects.filter(pk=pledge.pk).exists()
    member_pledge = make_pledge(org_b, framework, "3.1")
    assert (
        bob_client.post(
            reverse("commitments:pledge_withdraw", args=[member_pledge.uid])
        ).status_code
        == 403
    )


def test_my_pledges_needs_sign_in(client, db):
    url = reverse("commitments:my_pledges")
    assert client.get(url).status_code == 302


def _published_framework_like(framework, slug, short_title):
    """Another published framework with ``framework``'s monitoring period."""
    return framework.__class__.objects.create(
        slug=slug,
        title=slug.title(),
        short_title=short_title,
        source="x",
        is_published=True,
        period_start=framework.period_start,
        period_end=framework.period_end,
    )


@pytest.mark.parametrize("which", ["my_pledges", "action", "index"])
def test_list_pages_take_the_same_queries_as_rows_grow(alice, alice_client, framework, which):
    organisation = alice.memberships.get().organisation
    _published_framework_like(framework, "second", "S2")
    url = {
        "my_pledges": reverse("commitments:my_pledges"),
        "action": reverse("commitments:action", args=[framework.slug, "1.3"]),
        "index": reverse("commitments:index"),
    }[which]
    make_pledge(organisation, framework, "1.3", is_public=True)
    few = queries_for(alice_client, url)

    for code in ("1.1", "1.3a", "1.3b", "2.1", "3.3"):
        make_pledge(organisation, framework, code, is_public=True)
    for n in range(4):
        make_pledge(OrganisationFactory(), framework, "1.3", is_public=True)
        make_pledge(OrganisationFactory(), framework, f"1.3{'abc'[n % 3]}", is_public=True)
    _published_framework_like(framework, "third", "S3")
    many = queries_for(alice_client, url)

    assert few == many


def test_pledge_page_takes_the_same_queries_as_reports_grow(alice_client, framework, org_a):
    pledge = make_pledge(org_a, framework, "1.3b")
    make_report(pledge, "2025-H1")
    few = queries_for(alice_client, pledge.get_absolute_url())

    make_report(pledge, "2025-H2")
    make_report(pledge, "2026-H1")
    many = queries_for(alice_client, pledge.get_absolute_url())

    assert few == many


def test_following_page_takes_the_same_queries_as_follows_grow(charlie, charlie_client, framework):
    from commitments import services

    url = reverse("commitments:following")
    services.follow_action(user=charlie, action=action(framework, "1.1"))
    services.follow_pledge(
        user=charlie, pledge=make_pledge(OrganisationFactory(), framework, "1.3a", is_public=True)
    )
    few = queries_for(charlie_client, url)

    for code in ("1.2", "2.1", "3.3"):
        services.follow_action(user=charlie, action=action(framework, code))
        services.follow_pledge(
            user=charlie, pledge=make_pledge(OrganisationFactory(), framework, code, is_public=True)
        )
    many = queries_for(charlie_client, url)

    assert few == many


def test_framework_page_invites_visitors_to_sign_in_and_admins_to_pledge(
    client, alice_client, bob_client, framework, org_a
):
    anonymous = client.get(framework.get_absolute_url()).content.decode()
    assert f'href="{reverse("account_login")}?next=/commitments/design-mts/"' in anonymous

    pledge_link = reverse("commitments:pledge_create", args=[framework.slug, org_a.slug])
    assert pledge_link in alice_client.get(framework.get_absolute_url()).content.decode()
    assert "Pledge as" not in bob_client.get(framework.get_absolute_url()).content.decode()


def test_admin_does_not_delete_what_has_pledges_below_it(staff, framework, association):
    make_pledge(association, framework, "1.1")
    client = client_for(staff)
    target = action(framework, "1.1")

    for url in (
        reverse("admin:commitments_framework_delete", args=[framework.pk]),
        reverse("admin:commitments_commitment_delete", args=[target.commitment.pk]),
        reverse("admin:commitments_action_delete", args=[target.pk]),
    ):
        assert client.get(url).status_code == 403, url
    changelist = client.get(reverse("admin:commitments_framework_changelist")).content.decode()
    assert "delete_selected" not in changelist


def test_framework_page_tells_people_without_a_pledging_organisation_how_to_pledge(
    charlie_client, alice_client, framework
):
    page = charlie_client.get(framework.get_absolute_url()).content.decode()

    assert (
        f'<a href="{reverse("accounts:organisation_create")}">register your organisation</a>'
        in page
    )
    assert (
        "register your organisation"
        not in alice_client.get(framework.get_absolute_url()).content.decode()
    )


def test_a_pledge_without_an_accepted_report_says_so_rather_than_no_evidence(
    alice_client, framework, org_a
):
    from commitments.models import ReportState, Status

    pledge = make_pledge(org_a, framework, "1.1", is_public=True)
    make_report(pledge, "2025-H1", status=Status.SUBSTANTIAL, state=ReportState.SUBMITTED)
    pages = [
        pledge.get_absolute_url(),
        reverse("commitments:my_pledges"),
        reverse("commitments:action", args=[framework.slug, "1.1"]),
    ]

    for url in pages:
        html = alice_client.get(url).content.decode()
        assert "No accepted progress report yet" in html, url
        assert "No evidence" not in html, url

    make_report(pledge, "2025-H2", status=Status.NO_EVIDENCE, state=ReportState.ACCEPTED)
    for url in pages:
        html = alice_client.get(url).content.decode()
        assert "No evidence" in html, url
        assert "No accepted progress report yet" not in html, url
