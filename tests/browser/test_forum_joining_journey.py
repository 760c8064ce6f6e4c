"""Taking part in the forum without an invitation, in the real Chromium, with axe on every page:
a person joins a coalition and, as the second step, asks to join its laboratory; the
secretariat, told by email, approves from the queue; the person registers for a laboratory
meeting, and later leaves the coalition and its laboratory, which gives up her place. And a
person who is no member registers for a public review meeting."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, expect

from accounts.models import Role
from alliance.models import Coalition
from alliance.services import activity_areas_load, coalitions_load
from forum import services
from forum.models import Body, BodyKind, Member, Registration, RegistrationStatus
from taxonomy.models import Theme
from taxonomy.services import vocabularies_load
from tests.browser.sessions import signed_in
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def _coalition() -> Coalition:
    if not Theme.objects.exists():
        # Another transactional test flushed what the migrations loaded.
        vocabularies_load()
        activity_areas_load()
        coalitions_load()
    return Coalition.objects.select_related("theme").get(theme__slug="eco-efficiency")


@pytest.mark.django_db(transaction=True)
def test_a_person_joins_a_coalition_and_its_laboratory_and_registers(
    browser: Browser, base_url: str, audited_page, secretariat
):
    coalition = _coalition()
    laboratory = Body.objects.create(name="Eco-efficiency laboratory", kind=BodyKind.FORUM)
    coalition.laboratory = laboratory
    coalition.save(update_fields=["laboratory"])
    starts = timezone.now() + timedelta(days=12)
    meeting = services.meeting_schedule(
        body=laboratory,
        by=secretariat,
        title="Laboratory meeting: energy audits",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone="Europe/Brussels",
        place="Brussels",
        visibility="members",
    )
    organisation = OrganisationFactory(name="Ferme Lumière")
    person = UserFactory(email="lea@example.org", name="Léa Martin")
    MembershipFactory(user=person, organisation=organisation, role=Role.ADMIN)

    person_context = signed_in(browser, base_url, person)
    sec_context = signed_in(browser, base_url, secretariat)
    try:
        audited = audited_page(person_context)
        page = audited.page

        # 1. The coalition's page offers its laboratory with the coalition.
        audited.visit(coalition.get_absolute_url())
        box = page.get_by_label("Also join its laboratory, Eco-efficiency laboratory (next step)")
        expect(box).to_be_checked()
        with audited.navigation():
            page.get_by_role("button", name="Join the coalition").click()

        # 2. The second step: the laboratory asks whom she represents and why.
        expect(page.get_by_role("heading", level=1)).to_have_text("Join Eco-efficiency laboratory")
        expect(page.get_by_label("Organisation you represent")).to_have_value(organisation.slug)
        page.get_by_label("Constituency").select_option(label="Business")
        page.get_by_label("Why you would like to join").fill("We audit our farms' energy use.")
        with audited.navigation():
            page.get_by_role("button", name="Send my request").click()
        assert audited.path == coalition.get_absolute_url()
        expect(page.get_by_role("main")).to_contain_text("Your request was sent")

        # 3. The secretariat is emailed and answers from the queue the email links to.
        notice = next(m for m in mail.outbox if m.to == [secretariat.email])
        assert notice.subject == "A request to join Eco-efficiency laboratory"
        queue = re.search(r"https?://\S+/forum/bodies/\S+/requests/", notice.body)
        assert queue, notice.body
        sec = audited_page(sec_context)
        sec.visit(laboratory.get_absolute_url())
        expect(sec.page.get_by_role("link", name="Requests to join (1)")).to_be_visible()
        sec.visit(urlsplit(queue.group(0)).path)
        expect(sec.page.get_by_role("main")).to_contain_text("We audit our farms' energy use.")
        with sec.navigation():
            sec.page.get_by_role("link", name="Approve Léa Martin").click()
        sec.page.get_by_label("Role").select_option(label="Member")
        with sec.navigation():
            sec.page.get_by_role("button", name="Approve").click()
        expect(sec.page.get_by_role("main")).to_contain_text("No requests are waiting.")
        assert Member.objects.active().filter(body=laboratory, user=person).exists()

        # 4. Now a member, she finds the laboratory meeting on the coalition page and registers.
        audited.visit(coalition.get_absolute_url())
        expect(page.get_by_role("main")).to_contain_text("You are a member of the laboratory.")
        with audited.navigation():
            page.get_by_role("link", name=meeting.title).click()
        with audited.navigation():
            page.get_by_role("button", name="Register").click()
        expect(page.get_by_role("main")).to_contain_text("You are registered for this meeting.")
        registration = Registration.objects.get(meeting=meeting, user=person)
        assert registration.status == RegistrationStatus.REGISTERED

        # 5. Later her organisation leaves the coalition, and she the laboratory: her place at
        # its members' meeting is given up, and the page and an email say so.
        audited.visit(coalition.get_absolute_url())
        expect(
            page.get_by_label("Also leave its laboratory, Eco-efficiency laboratory (next step)")
        ).to_be_checked()
        with audited.navigation():
            page.get_by_role("button", name="Leave the coalition").click()
        expect(page.get_by_role("main")).to_contain_text(
            "registrations for its public meetings stay"
        )
        with audited.navigation():
            page.get_by_role("button", name="Leave", exact=True).click()
        assert audited.path == coalition.get_absolute_url()
        expect(page.get_by_role("main")).to_contain_text(
            f"You are no longer registered for: {meeting.title}."
        )
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.DECLINED
        assert any(
            m.to == [person.email] and meeting.title in m.body and "cancelled" in m.subject
            for m in mail.outbox
        )
    finally:
        person_context.close()
        sec_context.close()


@pytest.mark.django_db(transaction=True)
def test_a_non_member_registers_for_a_public_review_meeting(
    browser: Browser, base_url: str, audited_page, secretariat
):
    forum = Body.objects.create(name="European Multistakeholder Forum on CSR", kind="forum")
    starts = timezone.now() + timedelta(days=20)
    meeting = services.meeting_schedule(
        body=forum,
        by=secretariat,
        title="Review meeting with all stakeholders",
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        time_zone="Europe/Brussels",
        place="Brussels",
        capacity=40,
        visibility="public",
    )
    person = UserFactory(email="tomas@example.org", name="Tomás Ruiz")
    context = signed_in(browser, base_url, person)
    try:
        audited = audited_page(context)
        page = audited.page
        audited.visit(meeting.get_absolute_url())
        expect(page.get_by_role("main")).to_contain_text("This meeting is open to everyone")
        with audited.navigation():
            page.get_by_role("link", name="Register", exact=True).click()
        page.get_by_label("Constituency you represent").select_option(
            label="Research and education"
        )
        page.get_by_label("Organisation").fill("University of Valencia")
        with audited.navigation():
            page.get_by_role("button", name="Register").click()
        assert audited.path == meeting.get_absolute_url()
        expect(page.get_by_role("main")).to_contain_text("You are registered for this meeting.")
        expect(page.get_by_role("button", name="Cancel my registration")).to_be_visible()
        registration = Registration.objects.get(meeting=meeting, user=person)
        assert (registration.constituency, registration.organisation_name) == (
            "research",
            "University of Valencia",
        )
        # Not a member: the body's digest and inner pages stay closed to him.
        assert not Member.objects.filter(user=person).exists()
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_the_other_joining_pages_pass_axe(
    browser: Browser, base_url: str, audited_page, secretariat
):
    """Declining a request, an open body's join page, and leaving a body."""
    moderated = Body.objects.create(name="Coordination group", kind=BodyKind.COORDINATION)
    open_body = Body.objects.create(name="Open laboratory", kind=BodyKind.FORUM, open_joining=True)
    asker = UserFactory(email="ana@example.org", name="Ana Costa")
    request = services.join_ask(
        body=moderated, user=asker, organisation=None, constituency="research", motivation="Hi."
    ).request
    sec_context = signed_in(browser, base_url, secretariat)
    asker_context = signed_in(browser, base_url, asker)
    try:
        sec = audited_page(sec_context)
        sec.visit(f"/forum/requests/{request.uid}/decline/")
        sec.page.get_by_label("Reason").fill("The group is for focal persons.")
        with sec.navigation():
            sec.page.get_by_role("button", name="Decline").click()
        expect(sec.page.get_by_role("main")).to_contain_text("No requests are waiting.")

        person = audited_page(asker_context)
        person.visit(moderated.get_absolute_url())
        with person.navigation():
            person.page.get_by_role("link", name="Ask to join").click()
        person.visit(open_body.get_absolute_url())
        with person.navigation():
            person.page.get_by_role("link", name="Join this body").click()
        person.page.get_by_label("Constituency").select_option(label="Research and education")
        with person.navigation():
            person.page.get_by_role("button", name="Join", exact=True).click()
        expect(person.page.get_by_role("main")).to_contain_text("You are a member of this body.")
        with person.navigation():
            person.page.get_by_role("link", name="Leave this body").click()
        with person.navigation():
            person.page.get_by_role("button", name="Leave").click()
        expect(person.page.get_by_role("main")).to_contain_text("You left Open laboratory.")
    finally:
        sec_context.close()
        asker_context.close()
