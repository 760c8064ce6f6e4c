"""Who declares support (issue 15, point 8): the Alliance is a call to "European enterprises of
all sizes" and "is not to be signed by ... any public authority" (COM(2006) 136). Enterprises and
business or sector associations declare; other organisations are told why not and where they
take part instead. A declaration made before stays, and counts, until it is withdrawn."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Organisation, OrganisationKind, Role
from accounts.next_steps import checklist_of
from alliance import services
from alliance.models import (
    MAY_DECLARE_SUPPORT,
    WHO_DECLARES,
    Coalition,
    CoalitionMember,
    Dimension,
    Profile,
    SupportCounter,
    SupportDeclaration,
    may_declare_support,
)
from alliance.start import next_steps_of
from knowledge.models import SavedSearch
from taxonomy.models import Theme
from tests.conftest import client_for
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

OTHER_KINDS = [kind for kind in OrganisationKind if kind not in MAY_DECLARE_SUPPORT]
REASON = str(WHO_DECLARES)


def _url(name: str, organisation: Organisation) -> str:
    return reverse(f"alliance:{name}", args=[organisation.slug])


def _administered(kind: str) -> tuple[Organisation, object]:
    organisation = OrganisationFactory(kind=kind, name=f"The {kind} organisation")
    admin = UserFactory()
    MembershipFactory(user=admin, organisation=organisation, role=Role.ADMIN)
    return organisation, admin


def _counts() -> list[tuple]:
    return list(
        SupportCounter.objects.order_by("month", "dimension", "value").values_list(
            "month", "dimension", "value", "declared", "withdrawn"
        )
    )


def _total() -> tuple[int, int]:
    row = SupportCounter.objects.get(dimension=Dimension.TOTAL)
    return row.declared, row.withdrawn


@pytest.fixture
def legacy(db) -> tuple[Organisation, object]:
    """An NGO that declared while it was registered as an enterprise, with a statement and a
    priority area; its kind has changed since."""
    organisation, admin = _administered(OrganisationKind.ENTERPRISE)
    services.support_declare(
        organisation=organisation,
        by=admin,
        statement="Our earlier word.",
        priority_areas=Theme.objects.filter(slug="eco-efficiency"),
    )
    Organisation.objects.filter(pk=organisation.pk).update(kind=OrganisationKind.NGO)
    organisation.refresh_from_db()
    return organisation, admin


# --- The rule, written once ---------------------------------------------------------------------


def test_enterprises_and_business_associations_declare():
    assert {OrganisationKind.ENTERPRISE, OrganisationKind.ASSOCIATION} == MAY_DECLARE_SUPPORT
    assert may_declare_support(Organisation(kind=OrganisationKind.ASSOCIATION))
    assert not may_declare_support(Organisation(kind=OrganisationKind.PUBLIC_AUTHORITY))


def test_a_business_association_declares_in_one_step():
    organisation, admin = _administered(OrganisationKind.ASSOCIATION)

    response = client_for(admin).post(_url("declare", organisation), {"statement": "Ours."})

    assert response.status_code == 302
    assert SupportDeclaration.objects.get(organisation=organisation).statement == "Ours."


@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_the_services_refuse_other_kinds(kind):
    organisation, admin = _administered(kind)

    with pytest.raises(services.DeclaringNotOpen):
        services.support_declare(organisation=organisation, by=admin)
    with pytest.raises(services.DeclaringNotOpen):
        services.support_record(organisation=organisation)
    assert issubclass(services.DeclaringNotOpen, PermissionDenied)
    assert not SupportDeclaration.objects.exists()
    assert not SupportCounter.objects.exists()


# --- Other organisations: why not, and where instead --------------------------------------------


@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_other_organisations_see_why_and_where_to_take_part(kind):
    organisation, admin = _administered(kind)

    response = client_for(admin).get(_url("support", organisation))

    assert response.status_code == 200
    html = response.content.decode()
    assert REASON in html
    assert "The Alliance is a call to European enterprises of all sizes" in html
    assert "neither the Commission nor any public authority signs it" in html
    assert f'href="{reverse("alliance:coalitions")}"' in html
    assert f'href="{reverse("forum:index")}"' in html
    assert f'action="{_url("declare", organisation)}"' not in html
    assert "Declare support" not in html


def test_the_initiatives_register_is_offered_instead():
    organisation, admin = _administered(OrganisationKind.TRADE_UNION)
    html = client_for(admin).get(_url("support", organisation)).content.decode()

    assert f'href="{reverse("initiatives:index")}">CSR initiatives</a>' in html


@pytest.mark.parametrize("kind", OTHER_KINDS)
def test_posting_a_declaration_is_a_403_with_the_reason_and_writes_nothing(kind):
    organisation, admin = _administered(kind)

    response = client_for(admin).post(
        _url("declare", organisation),
        {"statement": "We support it.", "priority_areas": [Theme.objects.first().pk]},
    )

    assert response.status_code == 403
    assert REASON in response.content.decode()
    assert not SupportDeclaration.objects.exists()
    assert not SupportCounter.objects.exists()


def test_a_plain_member_of_an_ngo_is_told_the_same():
    organisation, _admin = _administered(OrganisationKind.NGO)
    member = MembershipFactory(organisation=organisation, role=Role.MEMBER).user

    html = client_for(member).get(_url("support", organisation)).content.decode()

    assert REASON in html
    assert client_for(member).post(_url("declare", organisation)).status_code == 403


def test_the_panel_points_other_organisations_elsewhere():
    organisation, admin = _administered(OrganisationKind.PUBLIC_AUTHORITY)

    html = client_for(admin).get(organisation.get_absolute_url()).content.decode()

    assert "The Alliance is a call to enterprises" in html
    assert "How your organisation takes part" in html
    assert 'id="lead-declare-heading"' not in html


def test_their_next_steps_do_not_ask_them_to_declare():
    organisation, admin = _administered(OrganisationKind.RESEARCH)
    association, _other = _administered(OrganisationKind.ASSOCIATION)
    MembershipFactory(user=admin, organisation=association, role=Role.ADMIN)

    steps = {s.organisation: s for s in next_steps_of(admin)}

    assert not steps[organisation].declare_support
    assert steps[association].declare_support


def test_the_checklist_asks_a_business_association_to_declare_and_not_a_trade_union():
    association, admin = _administered(OrganisationKind.ASSOCIATION)
    _union, other = _administered(OrganisationKind.TRADE_UNION)

    association_steps = {i.step.key: i for i in checklist_of(admin).items}
    assert association_steps["declare_support"].url == _url("support", association)
    assert "declare_support" not in {i.step.key for i in checklist_of(other).items}


def test_the_start_page_does_not_say_an_ngo_supports_the_alliance():
    organisation, admin = _administered(OrganisationKind.NGO)
    Profile.objects.create(organisation=organisation, strategy="Ours.", published=True)
    CoalitionMember.objects.create(coalition=Coalition.objects.first(), organisation=organisation)
    # With every step done the checklist gives way to the organisations' next steps.
    SavedSearch.objects.create(user=admin, name="Water", query="q=water")

    html = client_for(admin).get(reverse("start")).content.decode()

    assert "All done: its CSR profile is public and it is in a coalition." in html
    assert "it supports the Alliance" not in html


def test_their_profile_form_does_not_offer_a_statement_of_support():
    organisation, admin = _administered(OrganisationKind.RESEARCH)
    client = client_for(admin)

    html = client.get(_url("profile_edit", organisation)).content.decode()
    assert 'name="states_support"' not in html
    response = client.post(
        _url("profile_edit", organisation), {"strategy": "Research.", "states_support": "on"}
    )

    assert response.status_code == 302
    assert not Profile.objects.get(organisation=organisation).states_support


# --- Declarations made before are kept until withdrawn ------------------------------------------


def test_changing_the_kind_in_the_organisation_form_keeps_the_declaration():
    organisation, admin = _administered(OrganisationKind.ENTERPRISE)
    services.support_declare(organisation=organisation, by=admin, statement="Kept.")
    before = _counts()

    response = client_for(admin).post(
        reverse("accounts:organisation_edit", args=[organisation.slug]),
        {
            "name": organisation.name,
            "kind": OrganisationKind.NGO,
            "size_class": organisation.size_class,
            "country": organisation.country,
            "sector": "",
            "website": "",
        },
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.kind == OrganisationKind.NGO
    assert SupportDeclaration.objects.get(organisation=organisation).statement == "Kept."
    assert _counts() == before


def test_a_kept_declaration_shows_to_the_organisations_members(legacy, bob):
    organisation, admin = legacy
    member = MembershipFactory(organisation=organisation, role=Role.MEMBER).user

    page = client_for(member).get(_url("support", organisation)).content.decode()
    panel = client_for(member).get(organisation.get_absolute_url()).content.decode()

    assert "Our earlier word." in page
    # It still supports the Alliance, so its profile may still say so.
    assert 'name="states_support"' in (
        client_for(admin).get(_url("profile_edit", organisation)).content.decode()
    )
    assert "A declaration kept until you withdraw it" in page
    assert "has supported the Alliance since" in page
    assert "Your organisation has supported the Alliance since" in panel
    assert "kept, and counted, until you withdraw it" in panel
    # And to nobody else.
    assert client_for(bob).get(_url("support", organisation)).status_code == 404


def test_a_kept_declaration_counts_in_the_counters_and_releases(legacy):
    organisation, _admin = legacy

    assert _total() == (1, 0)
    supporters = services.statistics_supporters()
    assert len(supporters) == 1
    assert supporters[0].country == organisation.country
    assert supporters[0].priority_areas == frozenset({"eco-efficiency"})


def test_a_kept_declaration_cannot_be_changed(legacy):
    organisation, admin = legacy
    client = client_for(admin)

    assert f'action="{_url("support_update", organisation)}"' not in (
        client.get(_url("support", organisation)).content.decode()
    )
    response = client.post(
        _url("support_update", organisation), {"statement": "New words", "priority_areas": []}
    )

    assert response.status_code == 403
    assert REASON in response.content.decode()
    declaration = SupportDeclaration.objects.get(organisation=organisation)
    assert declaration.statement == "Our earlier word."
    assert [t.slug for t in declaration.priority_areas.all()] == ["eco-efficiency"]
    assert not SupportCounter.objects.filter(withdrawn__gt=0).exists()


def test_a_kept_declaration_can_be_withdrawn_and_not_made_again(legacy):
    organisation, admin = legacy
    client = client_for(admin)

    confirm = client.get(_url("withdraw", organisation)).content.decode()
    assert "cannot declare support again" in confirm
    response = client.post(_url("withdraw", organisation))

    assert response.status_code == 302
    assert not SupportDeclaration.objects.exists()
    assert _total() == (1, 1)
    withdrawn = SupportCounter.objects.get(
        dimension=Dimension.PRIORITY_AREA, value="eco-efficiency"
    )
    assert (withdrawn.declared, withdrawn.withdrawn) == (1, 1)

    again = client.post(_url("declare", organisation), {"statement": "Once more."})

    assert again.status_code == 403
    assert REASON in again.content.decode()
    assert not SupportDeclaration.objects.exists()
    assert _total() == (1, 1)
    page = client.get(_url("support", organisation)).content.decode()
    assert f"Why {organisation.name} does not declare support" in page


# --- What the pages say is stored ---------------------------------------------------------------


def test_the_pages_name_what_a_declaration_stores(alice, org_a):
    # The pages list these fields; a new field must be added to what they say
    # (templates/alliance/what_is_stored.html).
    fields = {f.name for f in SupportDeclaration._meta.get_fields()}
    assert fields == {"id", "organisation", "statement", "priority_areas", "declared_at"}

    client = client_for(alice)
    for url in (_url("support", org_a), org_a.get_absolute_url()):
        html = client.get(url).content.decode()
        assert (
            "A declaration of support stores: your organisation, the date and time it declared, "
            "its statement of intent and its priority areas (both optional)."
        ) in html
        assert "It does not record which person declared." in html
        assert "Only your organisation's members see its declaration" in html
        assert "No page of the portal lists supporters, for anyone, staff included" in html
        assert "Withdrawing deletes the declaration with its date, statement and priority" in html
