"""Reads with access rules: a private object and a missing one answer the same 404; a member
without the right role gets 403."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from forum import services
from forum.models import (
    ActionItem,
    AgendaItem,
    Body,
    Constituency,
    Document,
    DocumentVersion,
    Meeting,
    Member,
    Recommendation,
    Registration,
    RegistrationStatus,
    is_forum_secretariat,
)


def get_body(slug: str) -> Body:
    return get_object_or_404(Body.objects.select_related("theme"), slug=slug)


def is_member(user: Any, body: Body) -> bool:
    if not user.is_authenticated:
        return False
    return Member.objects.active().filter(body=body, user=user).exists()


def get_body_for_member(request: HttpRequest, slug: str, *, manage: bool = False) -> Body:
    """A body's inner pages (members, action items): members and the secretariat only."""
    body = get_body(slug)
    manager = services.can_manage(request.user, body)
    if not manager and not is_member(request.user, body):
        raise Http404
    if manage:
        services.require_manager(request.user, body)
    return body


def get_body_to_manage(request: HttpRequest, slug: str) -> Body:
    body = get_body(slug)
    services.require_manager(request.user, body)
    return body


def get_meeting(request: HttpRequest, uid: str) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("body", "body__theme"), uid=uid
    )


def get_meeting_to_manage(request: HttpRequest, uid: str) -> Meeting:
    meeting = get_meeting(request, uid)
    services.require_manager(request.user, meeting.body)
    return meeting


def get_agenda_item_to_manage(request: HttpRequest, uid: str) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__body"), uid=uid)
    get_meeting_to_manage(request, item.meeting.uid)
    return item


def get_document(request: HttpRequest, uid: str) -> Document:
    document = get_object_or_404(Document.objects.select_related("meeting__body"), uid=uid)
    get_meeting(request, document.meeting.uid)
    return document


def get_action_item(request: HttpRequest, uid: str) -> ActionItem:
    item = get_object_or_404(ActionItem.objects.select_related("body", "meeting"), uid=uid)
    get_body_for_member(request, item.body.slug)
    return item


def get_recommendation(uid: str) -> Recommendation:
    return get_object_or_404(Recommendation.objects.select_related("body"), uid=uid)


def get_member_of(body: Body, uid: str) -> Member:
    return get_object_or_404(Member.objects.select_related("user", "body"), body=body, uid=uid)


def meetings_list(user: Any) -> QuerySet[Meeting]:
    return (
        Meeting.objects.visible_to(user)
        .select_related("body")
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
            )
        )
    )


def body_members(body: Body) -> QuerySet[Member]:
    return body.members.select_related("user", "organisation").order_by(
        "constituency", "user__name", "user__email"
    )


def meeting_agenda(meeting: Meeting) -> list[AgendaItem]:
    versions = DocumentVersion.objects.order_by("-number")
    documents = Document.objects.prefetch_related(Prefetch("versions", queryset=versions))
    return list(
        meeting.agenda_items.prefetch_related(Prefetch("documents", queryset=documents)).order_by(
            "position", "pk"
        )
    )


def meeting_documents(meeting: Meeting) -> list[Document]:
    versions = DocumentVersion.objects.order_by("-number")
    return list(
        meeting.documents.filter(agenda_item__isnull=True).prefetch_related(
            Prefetch("versions", queryset=versions)
        )
    )


def meeting_balance(meeting: Meeting) -> list[dict[str, Any]]:
    """Registrations per constituency, for every constituency the body has attending members
    in. A row with nobody registered is flagged for the secretariat."""
    counts = dict(
        meeting.registrations.filter(status=RegistrationStatus.REGISTERED)
        .values_list("constituency")
        .annotate(n=Count("pk"))
    )
    present = set(
        Member.objects.active()
        .attending()
        .filter(body_id=meeting.body_id)
        .values_list("constituency", flat=True)
    ) | set(counts)
    return [
        {"key": key, "label": label, "count": counts.get(key, 0)}
        for key, label in Constituency.choices
        if key in present
    ]


def meeting_registrations(meeting: Meeting) -> list[Registration]:
    return list(
        meeting.registrations.exclude(status=RegistrationStatus.DECLINED)
        .select_related("user")
        .order_by("status", "status_since", "pk")
    )


def is_secretariat(user: Any) -> bool:
    return is_forum_secretariat(user)
