from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from initiatives import services
from initiatives.models import Initiative, InitiativePartner, PartnerState, Resource, Status
from taxonomy.models import Iso26000Subject, Theme
from tests.factories import MembershipFactory, UserFactory
from tests.initiatives.factories import initiative

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_registering_keeps_the_initiative_private(alice, org_a):
    themes = Theme.objects.filter(slug__in=["eco-efficiency", "sme-growth"])
    found = services.register_initiative(
        org_a,
        by=alice,
        title="  Green offices  ",
        description="Less energy.",
        themes=themes,
        status=Status.ONGOING,
        iso26000=Iso26000Subject.objects.all()[:1],
        countries=["BE", "BE", "NL"],
        starts_on=date(2026, 1, 1),
    )

    assert found.title == "Green offices"
    assert found.published_at is None
    assert found.created_by == alice
    assert found.countries == ["BE", "NL"]
    assert set(found.themes.values_list("slug", flat=True)) == {"eco-efficiency", "sme-growth"}
    assert Initiative.objects.published().count() == 0


def test_a_member_who_is_not_an_administrator_cannot_register(bob, org_b):
    with pytest.raises(PermissionDenied):
        services.register_initiative(org_b, by=bob, title="T", description="D")


def test_the_portal_may_register_on_an_organisations_behalf(org_a):
    found = services.register_initiative(org_a, by=None, title="From a call", description="D")
    assert found.created_by is None


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"title": " "}, "title"),
        ({"description": ""}, "description"),
        ({"status": "finished"}, "status"),
        ({"countries": ["ZZ"]}, "countries"),
        ({"starts_on": date(2026, 5, 1), "ends_on": date(2026, 4, 1)}, "ends_on"),
    ],
)
def test_bad_values_are_refused_with_the_field_named(alice, org_a, values, field):
    with pytest.raises(ValidationError) as caught:
        initiative(org_a, by=alice, **values)
    assert field in caught.value.message_dict
    assert not Initiative.objects.exists()


def test_publishing_and_unpublishing(alice, org_a):
    found = initiative(org_a, by=alice)
    services.initiative_publish(initiative=found, by=alice)
    assert Initiative.objects.published().get() == found
    services.initiative_unpublish(initiative=found, by=alice)
    assert not Initiative.objects.published().exists()


def test_update_changes_only_what_is_given(alice, org_a):
    found = initiative(org_a, by=alice, results="Kept")
    services.initiative_update(initiative=found, by=alice, title="New title", status="completed")
    found.refresh_from_db()
    assert (found.title, found.status, found.results) == ("New title", "completed", "Kept")
    with pytest.raises(ValidationError):
        services.initiative_update(initiative=found, by=alice, title="")


def test_a_partner_is_named_only_once_it_confirms(alice, org_a, bob, org_b):
    found = initiative(org_a, by=alice, publish=True)
    partnership = services.partner_invite(initiative=found, by=alice, partner=org_b)
    assert partnership.state == PartnerState.INVITED
    assert not found.partners.confirmed().exists()

    # bob is a plain member of org_b: only its administrators answer.
    with pytest.raises(PermissionDenied):
        services.partner_answer(partnership=partnership, by=bob, confirm=True)
    admin_b = UserFactory()
    MembershipFactory(user=admin_b, organisation=org_b, role=Role.ADMIN)
    services.partner_answer(partnership=partnership, by=admin_b, confirm=True)
    assert found.partners.confirmed().get().organisation == org_b

    # A confirmed partner may stop being named.
    services.partner_answer(partnership=partnership, by=admin_b, confirm=False)
    assert not found.partners.confirmed().exists()


def test_partner_rules(alice, org_a, org_b):
    found = initiative(org_a, by=alice)
    with pytest.raises(ValidationError):
        services.partner_invite(initiative=found, by=alice, partner=org_a)
    services.partner_invite(initiative=found, by=alice, partner=org_b)
    with pytest.raises(ValidationError):
        services.partner_invite(initiative=found, by=alice, partner=org_b)
    assert InitiativePartner.objects.count() == 1


def test_finding_a_partner_by_name_or_page_address(org_a, org_b):
    assert services.find_partner("organisation b") == org_b
    assert services.find_partner(f"https://portal.example/organisations/{org_b.slug}/") == org_b
    with pytest.raises(ValidationError):
        services.find_partner("Nobody Ltd")


def test_files_are_judged_by_their_content(alice, org_a):
    found = initiative(org_a, by=alice)
    kept = services.resource_add_file(
        initiative=found,
        by=alice,
        title="Report",
        upload=SimpleUploadedFile("report.pdf", PDF),
    )
    assert kept.extension == "pdf" and kept.file
    with pytest.raises(ValidationError):
        services.resource_add_file(
            initiative=found,
            by=alice,
            title="Script",
            upload=SimpleUploadedFile("report.pdf", b"<script>alert(1)</script>"),
        )
    assert Resource.objects.count() == 1


def test_links_must_be_web_addresses(alice, org_a):
    found = initiative(org_a, by=alice)
    services.resource_add_link(initiative=found, by=alice, title="Site", url="https://e.org/")
    with pytest.raises(ValidationError):
        services.resource_add_link(
            initiative=found, by=alice, title="Bad", url="javascript:alert(1)"
        )


def test_deleting_removes_files_after_commit(alice, org_a, django_capture_on_commit_callbacks):
    found = initiative(org_a, by=alice)
    kept = services.resource_add_file(
        initiative=found, by=alice, title="", upload=SimpleUploadedFile("a.pdf", PDF)
    )
    storage, name = kept.file.storage, kept.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_delete(initiative=found, by=alice)
    assert not Initiative.objects.exists()
    assert not storage.exists(name)


def test_deleting_the_organisation_removes_its_initiatives_and_files(
    alice, org_a, org_b, django_capture_on_commit_callbacks
):
    from accounts.privacy import organisation_delete

    found = initiative(org_a, by=alice)
    services.partner_invite(initiative=found, by=alice, partner=org_b)
    kept = services.resource_add_file(
        initiative=found, by=alice, title="", upload=SimpleUploadedFile("a.pdf", PDF)
    )
    storage, name = kept.file.storage, kept.file.name
    with django_capture_on_commit_callbacks(execute=True):
        organisation_delete(organisation=org_a)
    assert not Initiative.objects.exists()
    assert not InitiativePartner.objects.exists()
    assert not storage.exists(name)


def test_the_partners_administrators_are_asked_by_email(
    alice, org_a, bob, org_b, django_capture_on_commit_callbacks
):
    import time_machine

    from notifications.models import OutgoingEmail

    admin_b = UserFactory(email="admin-b@example.org")
    MembershipFactory(user=admin_b, organisation=org_b, role=Role.ADMIN)
    found = initiative(org_a, by=alice)
    with time_machine.travel("2031-09-04 08:00Z", tick=False):
        partnership = services.partner_invite(initiative=found, by=alice, partner=org_b)

    (mail,) = OutgoingEmail.objects.all()
    assert mail.to == "admin-b@example.org"  # the administrators, not bob, a plain member
    assert "Organisation A names you as a partner" in mail.subject
    assert f"/initiatives/organisations/{org_b.slug}/" in mail.body_text
    assert "support" not in (mail.subject + mail.body_text).lower()

    # Declined, then asked again: a new message.
    services.partner_answer(partnership=partnership, by=admin_b, confirm=False)
    with time_machine.travel("2031-09-05 08:00Z", tick=False):
        services.partner_invite(initiative=found, by=alice, partner=org_b)
    assert OutgoingEmail.objects.count() == 2
