"""On a new enterprise's (or business association's) private page, declaring support comes
first: a primary button with one line of explanation, for its administrators, until it has
declared."""

from __future__ import annotations

import pytest

from accounts.models import OrganisationKind, Role
from alliance import services
from alliance.models import MAY_DECLARE_SUPPORT
from tests.conftest import client_for
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _page(user, organisation) -> str:
    response = client_for(user).get(organisation.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_an_undeclared_enterprise_leads_with_declaring_support(alice, org_a):
    html = _page(alice, org_a)
    support = f'<a class="button" href="/alliance/organisations/{org_a.slug}/support/">'

    assert support + "Declare support</a>" in html
    assert "one step, no conditions" in html
    # First: before the details and the members.
    assert html.index(support) < html.index('id="about-heading"')


def test_once_declared_the_lead_is_gone(alice, org_a):
    services.support_declare(organisation=org_a, by=alice)

    assert 'id="lead-declare-heading"' not in _page(alice, org_a)


def test_a_business_association_is_asked_too():
    organisation = OrganisationFactory(kind=OrganisationKind.ASSOCIATION)
    admin = UserFactory()
    MembershipFactory(user=admin, organisation=organisation, role=Role.ADMIN)

    assert 'id="lead-declare-heading"' in _page(admin, organisation)


@pytest.mark.parametrize("kind", [k for k in OrganisationKind if k not in MAY_DECLARE_SUPPORT])
def test_other_kinds_of_organisation_are_not_asked(kind):
    organisation = OrganisationFactory(kind=kind)
    admin = UserFactory()
    MembershipFactory(user=admin, organisation=organisation, role=Role.ADMIN)

    assert 'id="lead-declare-heading"' not in _page(admin, organisation)


def test_a_plain_member_is_not_asked_to_do_what_only_administrators_do(bob, org_b):
    assert 'id="lead-declare-heading"' not in _page(bob, org_b)


def test_the_page_stays_private(charlie, org_a):
    assert client_for(charlie).get(org_a.get_absolute_url()).status_code == 404
