"""The forum's part of the site-wide catalogue (tests/catalogue.py).

Each side (canary and control) gets the same things: a coordination group whose secretariat
member is the side's organisation admin, representing that organisation; a public meeting of it
with an agenda item, a document, the admin's registration, published minutes, an action item,
a recommendation review, the admin's activity update and the update paper compiled from it; a
members-only meeting; a short series with the standing item "Updates by members"; a
recommendation raised by the admin's membership, with a reasoned response; and the admin's
forum preferences (the calendar feed's secret address); an invitation to the body sent to the
admin; and a request to join the body, waiting, from another person of the side's organisation.
"""

from __future__ import annotations

import re
from datetime import time, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from forum import services
from forum.models import (
    BodyKind,
    Constituency,
    MemberPreferences,
    MemberRole,
    Minutes,
    MinutesRevision,
    RecommendationStatus,
    Visibility,
)
from notifications.models import OutgoingEmail
from notifications.services import email_opened
from tests.factories import MembershipFactory, UserFactory
from tests.forum.factories import BodyFactory, MemberFactory

SIDES = ("canary", "control")

# URL parameter -> the object (in a side's dict) whose address key fills it, per pattern.
_SLUG = {
    "forum:body",
    "forum:body_edit",
    "forum:members",
    "forum:member_add",
    "forum:meeting_create",
    "forum:series_create",
    "forum:actions",
    "forum:recommendations",
    "forum:recommendation_create",
    "forum:body_join",
    "forum:body_leave",
    "forum:join_requests",
    "forum:body_updates",
}
_JOIN_REQUEST = {"forum:join_request_approve", "forum:join_request_decline"}
_MEMBER = {"forum:member_edit", "forum:member_end"}
_RECOMMENDATION = {
    "forum:recommendation",
    "forum:recommendation_review",
    "forum:recommendation_respond",
}
# Pages whose answer depends on who may see the meeting: asked for a public meeting and for a
# members-only one.
_MEETING_READS = {"forum:meeting", "forum:meeting_ics"}
_MEETING = {
    "forum:meeting_edit",
    "forum:meeting_cancel",
    "forum:register",
    "forum:decline",
    "forum:attendance",
    "forum:agenda_add",
    "forum:document_add",
    "forum:minutes_edit",
    "forum:minutes_publish",
    "forum:minutes_reopen",
    "forum:action_add",
    "forum:register_public",
    "forum:meeting_updates",
    "forum:updates_deadline",
    "forum:update_paper_compile",
    "forum:update_paper",
    "forum:update_paper_pdf",
}
_AGENDA = {"forum:agenda_edit", "forum:agenda_move", "forum:agenda_delete"}
_ACTION = {"forum:action_done", "forum:action_reopen"}


def _build_side(world: Any, side_name: str) -> dict[str, Any]:
    side = getattr(world, side_name)
    admin = side.admin
    body = BodyFactory(name=f"Catalogue coordination group {side_name}", kind=BodyKind.COORDINATION)
    member = MemberFactory(
        body=body,
        user=admin,
        organisation=side.organisation,
        constituency=Constituency.BUSINESS,
        role=MemberRole.SECRETARIAT,
    )
    starts = (timezone.now() + timedelta(days=20)).replace(microsecond=0)
    meeting = services.meeting_schedule(
        body=body,
        by=admin,
        title=f"Catalogue public meeting {side_name}",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone="Europe/Brussels",
        place="Brussels",
        visibility=Visibility.PUBLIC,
    )
    private_meeting = services.meeting_schedule(
        body=body,
        by=admin,
        title=f"Catalogue members' meeting {side_name}",
        starts_at=starts + timedelta(days=7),
        ends_at=starts + timedelta(days=7, hours=2),
        time_zone="Europe/Brussels",
        visibility=Visibility.MEMBERS,
    )
    first = timezone.localdate() + timedelta(days=40)
    series = services.series_create(
        body=body,
        by=admin,
        title=f"Catalogue series {side_name}",
        first_date=first,
        start_time=time(10, 0),
        duration=timedelta(hours=2),
        time_zone="Europe/Brussels",
        interval_months=3,
        until=first + timedelta(days=100),
    )
    agenda_item = services.agenda_item_add(
        meeting=meeting, by=admin, title="Update by members", presenter="Secretariat"
    )
    document = services.document_upload(
        meeting=meeting,
        by=admin,
        title="Background paper",
        upload=SimpleUploadedFile("paper.pdf", b"%PDF-1.4 Background."),
        agenda_item=agenda_item,
    )
    services.standing_item_add(
        series=series, by=admin, title="Updates by members", updates_days_before=3
    )
    services.updates_deadline_set(
        meeting=meeting, by=admin, due_at=meeting.starts_at - timedelta(days=3)
    )
    services.update_submit(
        meeting=meeting, user=admin, text=f"Our CSR activities this quarter ({side_name})."
    )
    update_paper = services.update_paper_compile(meeting=meeting, by=admin)
    registration = services.registration_register(meeting=meeting, user=admin)
    minutes = services.minutes_save(
        meeting=meeting, by=admin, kind="summary", text="The group met in Brussels."
    )
    # Published ahead of the meeting, so that the same meeting also takes registrations.
    minutes = services.minutes_publish(minutes=minutes, by=admin, confirm_future=True)
    action_item = services.action_item_add(
        meeting=meeting,
        by=admin,
        title="Circulate the background paper",
        owner=admin,
        due_date=timezone.localdate() + timedelta(days=30),
    )
    recommendation = services.recommendation_create(
        body=body,
        by=admin,
        reference="R1",
        title="Report on due diligence",
        text="Members report on their due diligence each year.",
        raised_by=[member],
    )
    review = services.recommendation_review(
        recommendation=recommendation,
        by=admin,
        meeting=meeting,
        status=RecommendationStatus.ACCEPTED,
        note="Accepted at the review meeting.",
    )
    recommendation = services.recommendation_respond(
        recommendation=recommendation, by=admin, response="The Commission agrees."
    )
    services.member_invite(
        body=body,
        by=admin,
        email=admin.email,
        organisation_name=side.organisation.name,
        constituency=Constituency.BUSINESS,
        role=MemberRole.MEMBER,
    )
    invitation = OutgoingEmail.objects.filter(to=admin.email, key__startswith="forum.invitation:")
    _subject, text, _html = email_opened(invitation.latest("pk"))
    join_token = re.search(r"/forum/join/([^/\s]+)/", text)[1]
    colleague = UserFactory(email=f"{side_name}-colleague@example.org", name="Colleague Person")
    MembershipFactory(user=colleague, organisation=side.organisation)
    join_request = services.join_ask(
        body=body,
        user=colleague,
        organisation=side.organisation,
        constituency=Constituency.BUSINESS,
        motivation="We run a programme on skills.",
    ).request
    return {
        "body": body,
        "member": member,
        "join_request": join_request,
        "join_token": join_token,
        "meeting": meeting,
        "private_meeting": private_meeting,
        "series": series,
        "agenda_item": agenda_item,
        "document": document,
        "document_version": document.versions.get(),
        "registration": registration,
        "minutes": Minutes.objects.get(pk=minutes.pk),
        "minutes_revision": MinutesRevision.objects.get(minutes=minutes, number=1),
        "action_item": action_item,
        "recommendation": recommendation,
        "review": review,
        "preferences": services.preferences_for(admin),
        "update_paper": update_paper,
    }


def build(world: Any) -> None:
    world.extra["forum"] = {name: _build_side(world, name) for name in SIDES}


def _admin_kwargs(name: str, objects: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The side's own object for the admin pages of forum's models."""
    by_model = {
        "body": objects["body"],
        "member": objects["member"],
        "joinrequest": objects["join_request"],
        "memberpreferences": objects["preferences"],
        "meeting": objects["meeting"],
        "meetingseries": objects["series"],
        "agendaitem": objects["agenda_item"],
        "document": objects["document"],
        "documentversion": objects["document_version"],
        "registration": objects["registration"],
        "minutes": objects["minutes"],
        "minutesrevision": objects["minutes_revision"],
        "actionitem": objects["action_item"],
        "recommendation": objects["recommendation"],
        "recommendationreview": objects["review"],
    }
    short = name.removeprefix("admin:forum_")
    for model_name in sorted(by_model, key=len, reverse=True):
        if short.startswith(f"{model_name}_"):
            return [{"object_id": by_model[model_name].pk}]
    raise AssertionError(f"no forum object for the admin URL {name}")


def kwargs(name: str, params: tuple[str, ...], side_name: str, world: Any) -> list[dict] | None:
    if name.startswith("admin:forum_") and "object_id" in params:
        return _admin_kwargs(name, world.extra["forum"][side_name])
    if not name.startswith("forum:"):
        return None
    objects = world.extra["forum"][side_name]
    if name in _SLUG:
        return [{"slug": objects["body"].slug}]
    if name in _JOIN_REQUEST:
        return [{"uid": objects["join_request"].uid}]
    if name in _MEMBER:
        return [{"slug": objects["body"].slug, "uid": objects["member"].uid}]
    if name in _RECOMMENDATION:
        return [{"uid": objects["recommendation"].uid}]
    if name in _MEETING_READS:
        return [{"uid": objects["meeting"].uid}, {"uid": objects["private_meeting"].uid}]
    if name in _MEETING:
        return [{"uid": objects["meeting"].uid}]
    if name in _AGENDA:
        return [{"uid": objects["agenda_item"].uid}]
    if name == "forum:series_standing":
        return [{"uid": objects["series"].uid}]
    if name == "forum:document_version_add":
        return [{"uid": objects["document"].uid}]
    if name == "forum:document_download":
        version = objects["document_version"]
        return [{"uid": objects["document"].uid, "number": version.number}]
    if name in _ACTION:
        return [{"uid": objects["action_item"].uid}]
    if name == "forum:join":
        # An invitation to the side's admin, who is already a member: accepting it is refused.
        return [{"token": objects["join_token"]}]
    if name == "forum:feed":
        # Read afresh: a request to forum:feed_rotate gives the feed a new address.
        preferences = MemberPreferences.objects.get(pk=objects["preferences"].pk)
        return [{"token": preferences.feed_token}]
    raise AssertionError(f"URL pattern {name} {params} has no entry in tests/forum/catalogue.py")
