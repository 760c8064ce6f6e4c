""" "Next steps" on "Your portal": the registry of steps apps contribute, each step flipping to
done when the thing is done, words (not colour) for each state, hidden once all are done, and
one query however many rows there are."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts import next_steps
from accounts.models import OrganisationKind, Role
from accounts.next_steps import Step, StepState, checklist_of
from alliance import services as alliance_services
from alliance.models import Coalition, CoalitionMember, Profile
from knowledge.models import SavedSearch
from tests.conftest import client_for
from tests.factories import MembershipFactory, OrganisationFactory
from tests.knowledge.scan_helpers import THEMES, completed_run, make_questionnaire
from tests.utils import queries_for

pytestmark = pytest.mark.django_db

START = reverse("start")


def _states(user) -> dict[str, bool]:
    return {item.step.key: item.done for item in checklist_of(user).items}


def _coalition() -> Coalition:
    coalition = Coalition.objects.first()
    assert coalition is not None
    return coalition


def test_a_new_person_has_to_create_or_join_an_organisation_and_save_a_search(charlie):
    assert _states(charlie) == {"organisation": False, "save_search": False}


def test_an_enterprise_administrator_has_every_step(alice, org_a):
    assert org_a.kind == OrganisationKind.ENTERPRISE

    assert _states(alice) == {
        "organisation": True,
        "declare_support": False,
        "publish_profile": False,
        "join_coalition": False,
        "save_search": False,
    }


def test_only_enterprises_are_asked_to_declare_support(charlie):
    ngo = OrganisationFactory(kind=OrganisationKind.NGO)
    MembershipFactory(user=charlie, organisation=ngo, role=Role.ADMIN)

    assert "declare_support" not in _states(charlie)
    assert "publish_profile" in _states(charlie)


def test_a_plain_member_is_not_asked_for_what_only_administrators_do(bob):
    assert _states(bob) == {"organisation": True, "save_search": False}


def test_each_step_flips_to_done_when_it_is_done(alice, org_a):
    alliance_services.support_declare(organisation=org_a, by=alice)
    assert _states(alice)["declare_support"] is True

    Profile.objects.create(organisation=org_a, published=False)
    assert _states(alice)["publish_profile"] is False
    Profile.objects.filter(organisation=org_a).update(published=True)
    assert _states(alice)["publish_profile"] is True

    CoalitionMember.objects.create(coalition=_coalition(), organisation=org_a)
    assert _states(alice)["join_coalition"] is True

    SavedSearch.objects.create(user=alice, name="Water", query="q=water")
    assert _states(alice)["save_search"] is True
    assert checklist_of(alice).complete


def test_creating_an_organisation_completes_the_first_step(charlie):
    MembershipFactory(user=charlie, role=Role.MEMBER)

    assert _states(charlie)["organisation"] is True


def test_a_step_links_to_the_organisation_that_has_not_taken_it(alice, org_a):
    other = OrganisationFactory(name="Zeta Enterprise")
    MembershipFactory(user=alice, organisation=other, role=Role.ADMIN)
    alliance_services.support_declare(organisation=org_a, by=alice)

    item = next(i for i in checklist_of(alice).items if i.step.key == "declare_support")

    assert not item.done
    assert item.url == reverse("alliance:support", args=[other.slug])


def test_the_page_says_in_words_which_steps_are_done(alice_client, alice):
    SavedSearch.objects.create(user=alice, name="Water", query="q=water")

    html = alice_client.get(START).content.decode()
    section = html[html.index('id="next-steps-heading"') :]
    section = section[: section.index("</section>")]

    assert "2 of 5 done." in section
    assert re.search(
        r"Save a search in the knowledge centre\s*<span class=\"tag tag-done\">Done", section
    )
    assert f'<a href="{reverse("accounts:organisation_create")}"' not in section
    assert re.search(
        r'<a href="/alliance/organisations/[^"]+/support/">Declare your enterprise&#x27;s support',
        section,
    )
    assert section.count(">To do</span>") == 3
    # The mark is decoration: the words say it.
    assert 'class="checklist-mark" aria-hidden="true"' in section


def test_a_new_person_sees_the_checklist_first(charlie_client):
    html = charlie_client.get(START).content.decode()

    assert html.index("next-steps-heading") < html.index("start-meetings-heading")
    # The organisations' block would only repeat the checklist's steps.
    assert "start-steps-heading" not in html
    assert (
        f'<a href="{reverse("accounts:organisation_create")}">Create or join an organisation'
        in html
    )


def test_the_checklist_is_hidden_once_everything_is_done(alice_client, alice, org_a):
    alliance_services.support_declare(organisation=org_a, by=alice)
    Profile.objects.create(organisation=org_a, published=True)
    CoalitionMember.objects.create(coalition=_coalition(), organisation=org_a)
    SavedSearch.objects.create(user=alice, name="Water", query="q=water")

    assert "next-steps-heading" not in alice_client.get(START).content.decode()


def test_apps_add_steps_through_the_registry(charlie, monkeypatch):
    monkeypatch.setattr(next_steps, "_STEPS", dict(next_steps._STEPS))
    next_steps.register(
        Step(
            key="quick_scan",
            order=60,
            title="Take the quick scan",
            hint="Ten questions.",
            annotations=lambda: {},
            state=lambda values: StepState(done=False, url="/knowledge/quick-scan/"),
        )
    )

    assert [item.step.key for item in checklist_of(charlie).items][-1] == "quick_scan"


def test_the_checklist_is_one_query_however_many_rows(django_assert_num_queries, alice):
    def grow(n: int) -> None:
        for _ in range(n):
            organisation = OrganisationFactory()
            MembershipFactory(user=alice, organisation=organisation, role=Role.ADMIN)
            Profile.objects.create(organisation=organisation, published=True)
            SavedSearch.objects.create(user=alice, name="S", query="q=s")

    grow(1)
    with django_assert_num_queries(1):
        checklist_of(alice)
    grow(5)
    with django_assert_num_queries(1):
        checklist_of(alice)


def test_the_start_page_reads_as_many_queries_with_many_organisations(alice):
    client = client_for(alice)
    few = queries_for(client, START)
    for _ in range(4):
        MembershipFactory(user=alice, organisation=OrganisationFactory(), role=Role.ADMIN)

    assert queries_for(client, START) == few


def test_confirming_a_new_address_lands_on_the_checklist(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "new@example.org",
                "password1": "a long enough passphrase",
                "password2": "a long enough passphrase",
            },
        )
    key = re.search(r"/accounts/confirm-email/(\S+)/", mail.outbox[0].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_confirm_email", args=[key]), follow=True)

    assert response.redirect_chain[-1][0] == START
    html = response.content.decode()
    assert 'id="next-steps-heading"' in html
    assert "0 of 2 done." in html


# --- Hiding them ------------------------------------------------------------------------------

HIDE = reverse("accounts:next_steps")


def test_a_person_can_hide_the_steps_and_show_them_again(charlie_client, charlie):
    response = charlie_client.post(HIDE, {"hidden": "1"})

    assert response.status_code == 302 and response.url == START
    charlie.refresh_from_db()
    assert charlie.next_steps_hidden
    html = charlie_client.get(START).content.decode()
    assert 'id="next-steps-heading"' not in html
    assert "Your next steps are hidden." in html

    charlie_client.post(HIDE, {"hidden": "0"})

    assert 'id="next-steps-heading"' in charlie_client.get(START).content.decode()


def test_hiding_needs_a_post_a_sign_in_and_a_clear_answer(client, charlie_client):
    assert charlie_client.get(HIDE).status_code == 405
    assert client.post(HIDE, {"hidden": "1"}).status_code == 302  # to sign in
    assert charlie_client.post(HIDE, {"hidden": "maybe"}).status_code == 400
    assert charlie_client.post(HIDE).status_code == 400


def test_the_quick_scan_is_a_step_only_where_a_questionnaire_is_published(alice, org_a, charlie):
    assert "quick_scan" not in _states(alice)
    questionnaire = make_questionnaire()

    assert _states(alice)["quick_scan"] is False
    # Someone without an organisation has nothing to answer for.
    assert "quick_scan" not in _states(charlie)

    completed_run(org_a, questionnaire, points=dict.fromkeys(THEMES, 1), by=alice)
    assert _states(alice)["quick_scan"] is True
