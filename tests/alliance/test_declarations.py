import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from alliance import services
from alliance.models import Dimension, Profile, SupportCounter, SupportDeclaration
from taxonomy.models import Theme
from tests.conftest import client_for
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _url(name, org):
    return reverse(f"alliance:{name}", args=[org.slug])


def _themes(*slugs):
    return list(Theme.objects.filter(slug__in=slugs))


def test_admin_declares_support_in_one_step(alice_client, org_a):
    response = alice_client.post(
        _url("declare", org_a),
        {
            "statement": "We will cut energy use.",
            "priority_areas": [t.pk for t in _themes("eco-efficiency", "sme-growth")],
        },
    )

    assert response.status_code == 302
    declaration = SupportDeclaration.objects.get(organisation=org_a)
    assert declaration.statement == "We will cut energy use."
    assert {t.slug for t in declaration.priority_areas.all()} == {"eco-efficiency", "sme-growth"}
    page = alice_client.get(_url("support", org_a)).content.decode()
    assert "We will cut energy use." in page


def test_declaring_needs_no_statement_or_areas(alice_client, org_a):
    alice_client.post(_url("declare", org_a), {})

    assert SupportDeclaration.objects.filter(organisation=org_a).exists()


def test_declaring_twice_is_refused_kindly(alice_client, org_a):
    alice_client.post(_url("declare", org_a), {})
    response = alice_client.post(_url("declare", org_a), {}, follow=True)

    assert SupportDeclaration.objects.count() == 1
    assert "already supports" in response.content.decode()


def test_bad_input_is_a_400_and_saves_nothing(alice_client, org_a):
    response = alice_client.post(
        _url("declare", org_a), {"statement": "x" * 2001, "priority_areas": ["999999"]}
    )

    assert response.status_code == 400
    assert not SupportDeclaration.objects.exists()


def test_member_sees_the_declaration_but_cannot_declare(org_a, alice):
    member = MembershipFactory(organisation=org_a, role=Role.MEMBER).user
    client = client_for(member)

    assert client.post(_url("declare", org_a), {}).status_code == 403
    services.support_declare(organisation=org_a, by=alice, statement="Our word.")
    page = client.get(_url("support", org_a)).content.decode()
    org_page = client.get(org_a.get_absolute_url()).content.decode()
    assert "Our word." in page
    assert "supported the Alliance since" in org_page


def test_outsider_and_anonymous_cannot_see_or_act(client, bob_client, org_a, alice):
    services.support_declare(organisation=org_a, by=alice, statement="Secret plan")

    for name in ("support", "badge", "withdraw"):
        assert bob_client.get(_url(name, org_a)).status_code == 404
        anonymous = client.get(_url(name, org_a))
        assert anonymous.status_code == 302
        assert anonymous.url.startswith(reverse("account_login"))
    assert bob_client.post(_url("declare", org_a), {}).status_code == 404
    assert bob_client.post(_url("withdraw", org_a)).status_code == 404
    assert SupportDeclaration.objects.filter(organisation=org_a).exists()


def test_changing_priority_areas(alice_client, alice, org_a):
    services.support_declare(
        organisation=org_a, by=alice, priority_areas=_themes("eco-efficiency", "sme-growth")
    )

    alice_client.post(
        _url("support_update", org_a),
        {"statement": "New words", "priority_areas": [t.pk for t in _themes("supply-chain")]},
    )

    declaration = SupportDeclaration.objects.get()
    assert [t.slug for t in declaration.priority_areas.all()] == ["supply-chain"]
    assert declaration.statement == "New words"
    month = timezone.now().date().replace(day=1)
    removed = SupportCounter.objects.get(
        month=month, dimension=Dimension.PRIORITY_AREA, value="sme-growth"
    )
    assert removed.withdrawn == 1


def test_withdrawal_asks_first_then_deletes_everything_but_counters(alice_client, alice, org_a):
    services.support_declare(
        organisation=org_a, by=alice, statement="Words", priority_areas=_themes("eco-efficiency")
    )
    Profile.objects.create(organisation=org_a, strategy="S", states_support=True, published=True)
    through = SupportDeclaration.priority_areas.through

    confirm = alice_client.get(_url("withdraw", org_a))
    assert confirm.status_code == 200
    assert SupportDeclaration.objects.exists()

    response = alice_client.post(_url("withdraw", org_a), follow=True)

    assert response.redirect_chain[0][1] == 302
    # No possessive built from a name ("GreenBolt Fasteners's").
    assert f"Support withdrawn for {org_a.name}." in response.content.decode()
    assert not SupportDeclaration.objects.exists()
    assert not through.objects.exists()
    assert not Profile.objects.get(organisation=org_a).states_support
    month = timezone.now().date().replace(day=1)
    total = SupportCounter.objects.get(month=month, dimension=Dimension.TOTAL)
    assert (total.declared, total.withdrawn) == (1, 1)
    # The counters carry no link to the organisation.
    field_names = {f.name for f in SupportCounter._meta.get_fields()}
    assert field_names == {"id", "month", "dimension", "value", "declared", "withdrawn"}


def test_counters_record_month_and_one_attribute_per_row(alice, org_a):
    at = dt.datetime(2026, 3, 14, 10, tzinfo=dt.UTC)
    services.support_declare(
        organisation=org_a, by=alice, priority_areas=_themes("eco-efficiency"), at=at
    )

    rows = set(SupportCounter.objects.values_list("month", "dimension", "value", "declared"))
    march = dt.date(2026, 3, 1)
    assert rows == {
        (march, "total", "", 1),
        (march, "country", org_a.country, 1),
        (march, "size_class", org_a.size_class, 1),
        (march, "sector", "", 1),
        (march, "priority_area", "eco-efficiency", 1),
    }


def test_declare_again_after_withdrawal(alice_client, alice, org_a):
    services.support_declare(organisation=org_a, by=alice)
    services.support_withdraw(declaration=SupportDeclaration.objects.get(), by=alice)

    alice_client.post(_url("declare", org_a), {})

    assert SupportDeclaration.objects.filter(organisation=org_a).exists()


def test_badge_is_the_same_file_for_every_supporter(alice, org_a, bob, org_b):
    org_b_admin = MembershipFactory(organisation=org_b, role=Role.ADMIN).user
    services.support_declare(organisation=org_a, by=alice)
    services.support_declare(organisation=org_b, by=org_b_admin)

    a = client_for(alice).get(_url("badge", org_a))
    b = client_for(bob).get(_url("badge", org_b))

    assert a.status_code == b.status_code == 200
    assert a["Content-Type"].startswith("image/svg+xml")
    assert "attachment" in a["Content-Disposition"]
    assert a.content == b.content
    # Identical for both organisations, so it holds nothing of either (its numbers are sizes).
    body = a.content.decode()
    for identifier in (org_a.name, org_a.slug, org_b.slug):
        assert identifier not in body
    assert "We support the European Alliance for CSR" in body


def test_badge_needs_a_declaration(alice_client, org_a):
    assert alice_client.get(_url("badge", org_a)).status_code == 404
