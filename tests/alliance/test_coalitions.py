import re

import pytest
from django.urls import reverse

from accounts.models import Role
from alliance.models import Coalition, CoalitionMember
from releases.services import release_publish
from taxonomy.models import Theme
from tests.alliance.factories import supporters
from tests.factories import MembershipFactory
from tests.utils import queries_for, without_noise

pytestmark = pytest.mark.django_db


@pytest.fixture
def coalition():
    return Coalition.objects.get(theme__slug="eco-efficiency")


def _url(name, coalition):
    return reverse(f"alliance:{name}", args=[coalition.theme.slug])


def test_one_coalition_per_priority_area():
    assert Coalition.objects.count() == Theme.objects.count() == 10


def test_admin_joins_and_leaves(alice_client, org_a, coalition):
    response = alice_client.post(_url("coalition_join", coalition), {"organisation": org_a.slug})

    assert response.status_code == 302
    assert CoalitionMember.objects.filter(coalition=coalition, organisation=org_a).exists()
    page = alice_client.get(_url("coalition", coalition)).content.decode()
    assert "Organisation A" in page

    alice_client.post(_url("coalition_leave", coalition), {"organisation": org_a.slug})
    assert not CoalitionMember.objects.exists()


def _join_choices(page):
    form = re.search(r'<form[^>]*coalition/?[^"]*join[^>]*>(.*?)</form>', page, re.S)
    assert form, "no join form"
    return re.findall(r"<option[^>]*>", form.group(1))


def test_join_form_chooses_the_only_organisation_already(alice_client, org_a, coalition):
    options = _join_choices(alice_client.get(_url("coalition", coalition)).content.decode())

    assert options == [f'<option value="{org_a.slug}" selected>']


def test_join_form_asks_when_there_are_several(alice_client, alice, org_a, org_b, coalition):
    MembershipFactory(user=alice, organisation=org_b, role=Role.ADMIN)

    options = _join_choices(alice_client.get(_url("coalition", coalition)).content.decode())

    assert len(options) == 3
    assert [option for option in options if "selected" in option] == ['<option value="" selected>']


def test_members_see_each_other_outsiders_see_the_released_count(
    client, alice_client, bob_client, org_a, coalition, monkeypatch
):
    without_noise(monkeypatch)  # the plumbing: which count is shown, and when
    others = supporters(3)
    for organisation in [org_a, *others]:
        CoalitionMember.objects.create(coalition=coalition, organisation=organisation)
    release_publish()

    member_page = alice_client.get(_url("coalition", coalition)).content.decode()
    outsider_page = bob_client.get(_url("coalition", coalition)).content.decode()
    anonymous_page = client.get(_url("coalition", coalition)).content.decode()

    assert all(o.name in member_page for o in others)
    for page in (outsider_page, anonymous_page):
        assert "fewer than 5" in page
        assert "approximate by design" in page
        assert not any(o.name in page for o in [org_a, *others])

    for organisation in supporters(6):
        CoalitionMember.objects.create(coalition=coalition, organisation=organisation)
    page = bob_client.get(_url("coalition", coalition)).content.decode()
    assert "fewer than 5" in page  # joining shows nothing until the next release

    release_publish()
    page = bob_client.get(_url("coalition", coalition)).content.decode()
    assert re.search(r'class="figure">\s*10\s*<', page)


def test_outsiders_see_no_count_before_the_first_release(client, org_a, coalition):
    CoalitionMember.objects.create(coalition=coalition, organisation=org_a)

    page = client.get(_url("coalition", coalition)).content.decode()

    assert "published with the next release" in page


def test_the_released_counts_carry_noise_calibrated_to_every_coalition(org_a, coalition):
    # One organisation may join all ten coalitions: the sensitivity is ten.
    CoalitionMember.objects.create(coalition=coalition, organisation=org_a)
    releases = [release_publish()[1] for _ in range(5)]

    assert {r.scope for r in releases} == {"coalitions"}
    assert {r.data["sensitivity"] for r in releases} == {10}
    values = [[c["value"] for c in r.data["members"]["cells"]] for r in releases]
    assert len({tuple(v) for v in values}) > 1  # the same counts, released differently


def test_member_of_an_organisation_cannot_join_for_it(bob_client, org_b, org_a, coalition):
    # bob is a member, not an administrator, of org_b; org_a is not his at all.
    for slug in (org_b.slug, org_a.slug):
        response = bob_client.post(_url("coalition_join", coalition), {"organisation": slug})
        assert response.status_code == 400
    assert not CoalitionMember.objects.exists()


def test_join_requires_sign_in(client, coalition):
    response = client.post(_url("coalition_join", coalition), {})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_unknown_coalition_is_404(client):
    assert client.get(reverse("alliance:coalition", args=["no-such-area"])).status_code == 404


def test_coalition_pages_queries_hold_as_members_grow(alice_client, org_a, coalition):
    CoalitionMember.objects.create(coalition=coalition, organisation=org_a)
    for organisation in supporters(10):
        CoalitionMember.objects.create(coalition=coalition, organisation=organisation)
    few = queries_for(alice_client, _url("coalition", coalition))
    few_list = queries_for(alice_client, reverse("alliance:coalitions"))
    for organisation in supporters(190):
        CoalitionMember.objects.create(coalition=coalition, organisation=organisation)

    assert queries_for(alice_client, _url("coalition", coalition)) == few
    assert queries_for(alice_client, reverse("alliance:coalitions")) == few_list


def test_coalition_shows_its_laboratory_meetings_from_the_forum(client, coalition):
    from forum.models import BodyKind, MeetingStatus, Visibility
    from tests.forum.factories import BodyFactory, MeetingFactory

    laboratory = BodyFactory(
        name="Eco-efficiency laboratory", kind=BodyKind.LABORATORY, theme=coalition.theme
    )
    MeetingFactory(body=laboratory, title="Lab: energy audits", visibility=Visibility.PUBLIC)
    MeetingFactory(body=laboratory, title="Lab: members only", visibility=Visibility.MEMBERS)
    MeetingFactory(
        body=laboratory,
        title="Lab: called off",
        visibility=Visibility.PUBLIC,
        status=MeetingStatus.CANCELLED,
    )

    page = client.get(_url("coalition", coalition)).content.decode()

    assert "Lab: energy audits" in page
    assert "Lab: members only" not in page
    assert "Lab: called off" not in page
    assert "All meetings of Eco-efficiency laboratory" in page


def test_coalition_without_a_laboratory_says_so(client, coalition):
    page = client.get(_url("coalition", coalition)).content.decode()

    assert "No laboratory meetings are planned yet." in page
