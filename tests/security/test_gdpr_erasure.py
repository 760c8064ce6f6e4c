"""GDPR end to end: a person who used every feature downloads their data, then deletes their
account (or their organisation goes); afterwards no column of any table, no link to the
person or the organisation and no file under MEDIA_ROOT holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts import hooks, privacy
from accounts import services as accounts_services
from accounts.models import Invitation, Organisation, OrganisationKind, Role, User
from alliance import services as alliance_services
from alliance.models import Coalition
from commitments import services as commitments_services
from commitments.models import Evidence, Framework, Status
from forum import services as forum_services
from forum.models import ActionItem, Constituency, DigestFrequency, MemberRole
from initiatives import services as initiatives_services
from knowledge import services as knowledge_services
from knowledge.models import Practice
from knowledge.models import Status as PracticeStatus
from notifications.models import OutgoingEmail
from notifications.services import email_opt_out
from tests.conftest import client_for
from tests.factories import PASSWORD, OrganisationFactory, UserFactory
from tests.forum.factories import BodyFactory, MeetingFactory
from tests.knowledge.scan_helpers import completed_run, make_questionnaire

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="searches every column with PostgreSQL's catalogue",
    ),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EMAIL = "zelda.quennell@example.org"
SECOND_EMAIL = "zq-work@example.net"
NAME = "Zelda Quennell-Ivarsson"
ORGANISATION = "Quennell Ivarsson Tooling"


@dataclass
class World:
    person: User
    organisation: Organisation
    colleague: User | None
    evidence_files: list[Path] = field(default_factory=list)


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _framework(coordinator: User) -> Framework:
    today = timezone.localdate()
    return commitments_services.framework_create(
        slug="gdpr-framework",
        title="Framework for the erasure test",
        short_title="GDPR",
        source="Written for the erasure test.",
        period_start=date(today.year - 2, 1, 1),
        period_end=date(today.year + 2, 12, 31),
        outline="Commitment 1 – Acting by:\n1. Do one thing.\n2. Do another.\n",
        is_published=True,
        coordinators=[coordinator],
    )


def build_world(*, secretariat: User, staff: User, with_colleague: bool) -> World:
    """The person, through the services, in every feature of the portal."""
    person = UserFactory(email=EMAIL, name=NAME)
    EmailAddress.objects.create(user=person, email=SECOND_EMAIL, verified=False, primary=False)
    client = client_for(person)  # a signed-in session
    organisation = accounts_services.organisation_create(
        by=person,
        name=ORGANISATION,
        kind=OrganisationKind.ENTERPRISE,
        size_class="small",
        country="BE",
    )

    # Invitations sent (and accepted by a colleague), received and accepted, received pending.
    colleague = None
    if with_colleague:
        colleague = UserFactory(email="colleague@example.org", name="Colin League")
        sent = accounts_services.invitation_send(
            organisation=organisation, by=person, email=colleague.email
        )
        accounts_services.invitation_accept(invitation=sent, user=colleague)
    other = OrganisationFactory(name="Other Organisation")
    other_admin = UserFactory(email="other-admin@example.org", name="Olga Other")
    other.memberships.create(user=other_admin, role=Role.ADMIN)
    received = accounts_services.invitation_send(organisation=other, by=other_admin, email=EMAIL)
    accounts_services.invitation_accept(invitation=received, user=person)
    third = OrganisationFactory(name="Third Organisation")
    third.memberships.create(user=other_admin, role=Role.ADMIN)
    accounts_services.invitation_send(organisation=third, by=other_admin, email=SECOND_EMAIL)

    # Alliance: declaration, a published profile, a coalition.
    alliance_services.support_declare(
        organisation=organisation, by=person, statement=f"{ORGANISATION} supports the Alliance."
    )
    alliance_services.profile_save(
        organisation=organisation, by=person, strategy="Our strategy, in our words."
    )
    alliance_services.profile_publish(organisation=organisation, by=person, published=True)
    coalition = Coalition.objects.select_related("theme").first()
    assert coalition is not None
    alliance_services.coalition_join(coalition=coalition, organisation=organisation, by=person)

    # Knowledge: a saved search (with its consent), a suggestion in review with a file, a
    # published suggestion, and an edit of it in the history under the person's name.
    knowledge_services.saved_search_create(
        user=person, name="Energy for SMEs", query="q=energy", frequency="weekly"
    )
    data = {"summary": "What we did.", "type": "good-practice", "language": "en"}
    knowledge_services.submission_create(
        user=person, data={**data, "title": "Pending suggestion"}, upload=_upload("ours.pdf")
    )
    published = knowledge_services.submission_create(
        user=person, data={**data, "title": "Published suggestion"}
    )
    knowledge_services.practice_set_status(practice=published, status=PracticeStatus.PUBLISHED)
    published.refresh_from_db()
    published._history_user = person  # as HistoryRequestMiddleware sets it on an edit
    published.summary = "What we did, told better."
    published.save()

    # Knowledge: the organisation's quick scan, answered by the person.
    completed_run(
        organisation,
        make_questionnaire(),
        points={"eco-efficiency": 1, "working-conditions": 2, "supply-chain": 0},
        by=person,
    )
    # Help desk: a question asked signed in and answered, one asked without an account from
    # the person's address, and the person as an expert who answered someone else.
    from knowledge.helpdesk import services as helpdesk_services
    from tests.knowledge.helpdesk_helpers import ask, make_expert

    asked = ask(person, subject="Our question")
    helpdesk_services.answer_post(question=asked, by=make_expert(), body="An answer.")
    helpdesk_services.reply_post(question=asked, by=person, body="Thanks, from us.")
    ask(email=EMAIL, subject="Asked without an account")
    make_expert(person, areas=("sme-growth",))
    other_question = ask(email="someone@example.org", area="sme-growth")
    helpdesk_services.answer_post(question=other_question, by=person, body="My answer.")

    # Calls for projects: the organisation's proposal with a file, sent, reviewed and accepted
    # (an initiative); the person reviewing another organisation's proposal to another call.
    from initiatives.calls import services as calls_services
    from tests.initiatives.calls.helpers import (
        applicant,
        close,
        make_call,
        make_proposal,
        score_all,
    )

    call = make_call(title="Erasure call", reviewers=[staff])
    proposal = calls_services.proposal_start(
        call=call,
        organisation=organisation,
        by=person,
        text=calls_services.ProposalText("Our project", "What we propose.", "In detail."),
    )
    calls_services.proposal_file_add(proposal=proposal, by=person, upload=_upload("plan.pdf"))
    calls_services.proposal_submit(proposal=proposal, by=person)
    close(call)
    proposal.refresh_from_db()
    score_all(proposal, staff, [4, 3])
    calls_services.proposal_decide(proposal=proposal, by=staff, accept=True, message="Yes.")
    reviewed_call = close(make_call(title="Erasure call reviewed", reviewers=[person]))
    score_all(make_proposal(reviewed_call, *applicant("Applying Organisation")), person, [2, 5])

    # Forum: a member, with preferences (and so a calendar token), a registration, an
    # activity update in a compiled paper and an action item; a document the secretariat
    # uploads for the meeting; a request to join.
    body = BodyFactory(name="Erasure review group")
    forum_services.member_add(
        body=body,
        by=secretariat,
        user=person,
        constituency=Constituency.BUSINESS,
        role=MemberRole.MEMBER,
        organisation=organisation,
    )
    forum_services.preferences_update(
        user=person, digest_frequency=DigestFrequency.NONE, time_zone="Europe/Lisbon"
    )
    meeting = MeetingFactory(body=body, updates_due_at=timezone.now() + timedelta(days=5))
    forum_services.registration_register(meeting=meeting, user=person)
    # An activity update, compiled into the update paper, which names the person.
    forum_services.update_submit(meeting=meeting, user=person, text="Our CSR activities.")
    forum_services.update_paper_compile(meeting=meeting, by=secretariat)
    forum_services.action_item_add(
        meeting=meeting,
        by=secretariat,
        title="Draft the note",
        owner=person,
        due_date=timezone.localdate() + timedelta(days=20),
    )
    forum_services.document_upload(
        meeting=meeting, by=secretariat, title="Agenda", upload=_upload("agenda.pdf")
    )
    # A request to join another body, waiting for its secretariat.
    forum_services.join_ask(
        body=BodyFactory(name="Erasure laboratory"),
        user=person,
        organisation=organisation,
        constituency=Constituency.BUSINESS,
        motivation="We would like to take part in the laboratory.",
    )

    # Commitments: a pledge, a report with a file submitted and reviewed, a follow, and the
    # person among a framework's coordinators.
    coordinator = UserFactory(email="coord@example.org", name="Cora Ordinator")
    framework = _framework(coordinator)
    framework.coordinators.add(person)
    action = framework.commitments.get(number=1).actions.get(number=1)
    (pledge,) = commitments_services.pledge_create(
        organisation=organisation,
        framework=framework,
        by=person,
        targets=[commitments_services.Target(action=action)],
        target_date=timezone.localdate() + timedelta(days=365),
    )
    period = framework.periods_open(timezone.localdate())[0].code
    report = commitments_services.report_create(
        pledge=pledge, by=person, period=period, status=Status.LIMITED, narrative="We did it."
    )
    commitments_services.evidence_add_file(
        report=report, by=person, title="Attendance", upload=_upload("attendance.pdf")
    )
    commitments_services.report_submit(report=report, by=person)
    commitments_services.report_review(
        report=report, by=coordinator, accept=False, comment=f"Thank you, {NAME}: add a date."
    )
    commitments_services.follow_pledge(user=person, pledge=pledge)
    email_opt_out(user_id=person.pk, topic="commitments.following")

    # Initiatives: one registered with a file and a partner asked; another organisation's
    # request to confirm a partnership, answered.
    own = initiatives_services.register_initiative(
        organisation,
        by=person,
        title="Apprentices in safety",
        description="Training.",
        publish=True,
    )
    initiatives_services.resource_add_file(
        initiative=own, by=person, title="Plan", upload=_upload("plan.pdf")
    )
    initiatives_services.partner_invite(
        initiative=own, by=person, partner=OrganisationFactory(name="Initiative Partner")
    )
    hosted = initiatives_services.register_initiative(
        OrganisationFactory(name="Initiative Host"), by=None, title="Hosted", description="D"
    )
    request = initiatives_services.partner_invite(initiative=hosted, by=None, partner=organisation)
    initiatives_services.partner_answer(partnership=request, by=person, confirm=True)

    # A staff member changed the person's account in the admin.
    LogEntry.objects.log_actions(
        user_id=staff.pk, queryset=[person], action_flag=CHANGE, change_message="Changed name."
    )

    assert client.get(reverse("accounts:overview")).status_code == 200
    world = World(person=person, organisation=organisation, colleague=colleague)
    world.evidence_files = [
        Path(e.file.path) for e in Evidence.objects.filter(report__pledge=pledge).exclude(file="")
    ]
    return world


# --- The search ---------------------------------------------------------------------------------


def text_hits(needles: list[str]) -> list[str]:
    """Every (table, column) of the database whose text holds one of ``needles``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema()"
            " AND data_type IN ('text', 'character varying', 'json', 'jsonb')"
        )
        columns = cursor.fetchall()
        hits = []
        for table, column in columns:
            for needle in needles:
                # Table and column names come from PostgreSQL's own catalogue.
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608
                    [f"%{needle}%"],
                )
                if cursor.fetchone()[0]:
                    hits.append(f"{table}.{column} holds {needle!r}")
    return hits


def link_hits(model: type, pk: int) -> list[str]:
    """Every link (historical ones, without a database constraint, too) still pointing at
    the row ``pk`` of ``model``."""
    hits = []
    for each in apps.get_models(include_auto_created=True):
        for f in each._meta.concrete_fields:
            if (
                f.is_relation
                and f.related_model is model
                and each._base_manager.filter(**{f.attname: pk}).exists()
            ):
                hits.append(f"{each._meta.label}.{f.name} = {pk}")
    return hits


def session_hits(pk: int) -> list[str]:
    return [
        s.session_key
        for s in Session.objects.all()
        if s.get_decoded().get("_auth_user_id") == str(pk)
    ]


def media_hits(needles: list[str]) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    hits = []
    for path in root.rglob("*") if root.exists() else []:
        if path.is_file():
            content = path.read_bytes().lower()
            for needle in needles:
                if needle.lower() in str(path.relative_to(root)).lower() or (
                    needle.lower().encode() in content
                ):
                    hits.append(f"{path.relative_to(root)} holds {needle!r}")
    return hits


def person_needles(person: User) -> list[str]:
    return [EMAIL, SECOND_EMAIL, NAME]


# --- The tests ---------------------------------------------------------------------------------


def test_download_has_a_section_for_every_app_that_holds_the_person(secretariat, staff):
    world = build_world(secretariat=secretariat, staff=staff, with_colleague=True)

    data = client_for(world.person).get(reverse("accounts:personal_data")).json()

    exported = {s for s, e in hooks.personal_data.items() if e.export is not None}
    assert {"knowledge", "forum", "commitments", "alliance"} <= exported
    for section in exported:
        assert data[section], f"the download's {section!r} is empty"
    for app in ("knowledge", "forum", "commitments"):
        empty = [part for part, value in data[app].items() if not value]
        assert not empty, f"{app}: {empty}"
    assert {i["organisation"] for i in data["invitations_received"]} == {
        "Other Organisation",
        "Third Organisation",
    }
    assert data["knowledge"]["saved_searches"][0]["name"] == "Energy for SMEs"
    (scan,) = data["quick_scan"]
    assert scan["organisation"] == ORGANISATION and scan["started_by_you"]
    assert len(scan["your_answers"]) == 6 and scan["overall"] is not None
    assert data["forum"]["registrations"][0]["meeting"].startswith("Review meeting")
    assert data["commitments"]["pledges_you_made"][0]["organisation"] == ORGANISATION
    (ours,) = [o for o in data["alliance"] if o["organisation"] == ORGANISATION]
    assert ours["statement"] == f"{ORGANISATION} supports the Alliance."
    assert ours["profile"]["published"] and ours["coalitions"]
    assert "feed_token" not in str(data["forum"]["preferences"])


def test_deleting_the_account_leaves_nothing_of_the_person(
    secretariat, staff, django_capture_on_commit_callbacks
):
    world = build_world(secretariat=secretariat, staff=staff, with_colleague=True)
    person = world.person
    needles = person_needles(person)
    assert text_hits(needles) and link_hits(get_user_model(), person.pk)  # the search sees them
    assert session_hits(person.pk) and media_hits(["ours"]) == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(person).post(reverse("accounts:delete"), {"password": PASSWORD})

    assert response.status_code == 302
    assert text_hits(needles) == []
    assert link_hits(get_user_model(), person.pk) == []
    assert session_hits(person.pk) == []
    assert media_hits(needles) == []
    # The organisation stays with the colleague, its records and files intact.
    assert Organisation.objects.filter(pk=world.organisation.pk).exists()
    assert all(path.exists() for path in world.evidence_files)
    # What others keep lost only the person: the published practice, the mail to the colleague.
    assert Practice.objects.filter(title="Published suggestion", submitted_by=None).exists()
    assert not Practice.objects.filter(title="Pending suggestion").exists()
    assert ActionItem.objects.get(title="Draft the note").owner is None
    invitation_mail = OutgoingEmail.objects.get(to="colleague@example.org")
    assert privacy.ERASED in invitation_mail.body_text
    assert not Invitation.objects.filter(email__in=[EMAIL, SECOND_EMAIL]).exists()


def test_the_pending_suggestion_file_goes_with_the_person(
    secretariat, staff, django_capture_on_commit_callbacks
):
    world = build_world(secretariat=secretariat, staff=staff, with_colleague=True)
    pending = Practice.objects.get(title="Pending suggestion")
    stored = Path(pending.attachments.get().file.path)
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        privacy.account_delete(user=world.person)

    assert not stored.exists()


def test_deleting_the_organisation_leaves_nothing_of_it(
    secretariat, staff, django_capture_on_commit_callbacks
):
    world = build_world(secretariat=secretariat, staff=staff, with_colleague=True)
    organisation, organisation_id = world.organisation, world.organisation.pk
    assert world.evidence_files and all(path.exists() for path in world.evidence_files)
    assert text_hits([ORGANISATION, organisation.slug])

    with django_capture_on_commit_callbacks(execute=True):
        privacy.organisation_delete(organisation=organisation)

    assert text_hits([ORGANISATION, organisation.slug]) == []
    assert link_hits(Organisation, organisation_id) == []
    assert not any(path.exists() for path in world.evidence_files)
    assert media_hits([organisation.slug]) == []
    # The people stay.
    assert get_user_model().objects.filter(pk=world.person.pk).exists()


def test_the_last_member_leaving_takes_person_and_organisation(
    secretariat, staff, django_capture_on_commit_callbacks
):
    world = build_world(secretariat=secretariat, staff=staff, with_colleague=False)
    person, organisation = world.person, world.organisation
    person_id, organisation_id = person.pk, organisation.pk
    needles = [*person_needles(person), ORGANISATION, organisation.slug]

    with django_capture_on_commit_callbacks(execute=True):
        privacy.account_delete(user=person)

    assert text_hits(needles) == []
    assert link_hits(get_user_model(), person_id) == []
    assert link_hits(Organisation, organisation_id) == []
    assert session_hits(person_id) == []
    assert not any(path.exists() for path in world.evidence_files)
    assert media_hits(needles) == []
