"""Reads with access rules: a private object and a missing one answer the same 404; a member
without the right role gets 403."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Value, prefetch_related_objects
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

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
    RecommendationReview,
    Registration,
    RegistrationStatus,
    is_forum_secretariat,
    remember_forum_secretariat,
)
from pagecache import remember


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


def get_meeting_with_standing(request: HttpRequest, uid: str) -> tuple[Meeting, services.Standing]:
    """``get_meeting`` and the viewer's standing in its body, in one query that also reads
    their zone preference (for ``services.zone_of``), their registration
    (``meeting.viewer_registration``, absent if none) and the minutes (``meeting.minutes``,
    absent if none, with their revisions)."""
    user = request.user
    meeting = get_object_or_404(
        Meeting.objects.with_viewer(user).visible_to(user).select_related("body", "minutes"),
        uid=uid,
    )
    minutes = getattr(meeting, "minutes", None)
    if minutes is not None:
        prefetch_related_objects([minutes], "revisions")
    if not user.is_authenticated:
        return meeting, services.NO_STANDING
    remember_forum_secretariat(user, meeting.viewer_secretariat)
    services.remember_zone(user, meeting.viewer_time_zone)
    roles = [meeting.viewer_role] if meeting.viewer_role else []
    return meeting, services.Standing.of(roles, secretariat=is_forum_secretariat(user))


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


def meeting_agenda_and_documents(meeting: Meeting) -> tuple[list[AgendaItem], list[Document]]:
    """The agenda, each item with its papers as ``item.papers``, and the meeting's papers that
    belong to no item: every paper is read in one query (its versions in one more)."""
    versions = DocumentVersion.objects.order_by("-number")
    documents = meeting.documents.prefetch_related(Prefetch("versions", queryset=versions))
    papers: dict[int, list[Document]] = {}
    loose: list[Document] = []
    for document in documents:
        if document.agenda_item_id is None:
            loose.append(document)
        else:
            papers.setdefault(document.agenda_item_id, []).append(document)
    agenda = list(meeting.agenda_items.order_by("position", "pk"))
    for item in agenda:
        item.papers = papers.get(item.pk, [])
    return agenda, loose


@dataclass(frozen=True)
class RegistrationFigures:
    registered: int
    waiting: int
    # meeting_balance's rows, when asked for.
    balance: list[dict[str, Any]]


def meeting_registration_figures(meeting: Meeting, *, balance: bool = False) -> RegistrationFigures:
    """How many people are registered and waiting and, with ``balance``, the rows of
    ``meeting_balance``: one query."""
    rows = (
        meeting.registrations.order_by()
        .values_list("status", "constituency")
        .annotate(n=Count("pk"))
    )
    if balance:
        # The constituencies the body has attending members in, as rows without a status.
        present = (
            Member.objects.active()
            .attending()
            .filter(body_id=meeting.body_id)
            .order_by()
            .annotate(no_status=Value(""), no_count=Value(0))
            .values_list("no_status", "constituency", "no_count")
            .distinct()
        )
        rows = rows.union(present, all=True)
    counts: dict[str, dict[str, int]] = {}
    for status, constituency, n in rows:
        counts.setdefault(status, {})[constituency] = n
    registered = counts.get(RegistrationStatus.REGISTERED, {})
    rows_of_balance: list[dict[str, Any]] = []
    if balance:
        present = set(counts.get("", {})) | set(registered)
        rows_of_balance = [
            {"key": key, "label": label, "count": registered.get(key, 0)}
            for key, label in Constituency.choices
            if key in present
        ]
    return RegistrationFigures(
        registered=sum(registered.values()),
        waiting=sum(counts.get(RegistrationStatus.WAITING, {}).values()),
        balance=rows_of_balance,
    )


def meeting_balance(meeting: Meeting) -> list[dict[str, Any]]:
    """Registrations per constituency, for every constituency the body has attending members
    in. A row with nobody registered is flagged for the secretariat."""
    return meeting_registration_figures(meeting, balance=True).balance


def meeting_action_items(meeting: Meeting) -> tuple[list[ActionItem], list[ActionItem]]:
    """The action items agreed at ``meeting`` and those carried over to it from earlier
    meetings (``ActionItem.objects.carried_to``), in one query."""
    items = (
        ActionItem.objects.filter(meeting=meeting) | ActionItem.objects.carried_to(meeting)
    ).select_related("owner", "meeting")
    agreed: list[ActionItem] = []
    carried: list[ActionItem] = []
    for item in items:
        (agreed if item.meeting_id == meeting.pk else carried).append(item)
    return agreed, carried


@dataclass(frozen=True)
class MeetingParts:
    agenda: list[AgendaItem]
    documents: list[Document]
    figures: RegistrationFigures
    reviews: list[RecommendationReview]


def meeting_page_parts(meeting: Meeting) -> MeetingParts:
    """What a meeting's page shows alike to everyone who may see it: the agenda with its
    papers, the other papers, the registration figures with the constituency balance, and
    the recommendations reviewed (the page shows the last two to members only). Up to five
    reads, kept in the cache until the forum changes (``pagecache.remember``) or the
    day does (which memberships are active depends on it)."""
    key = f"forum:meeting-page:{meeting.pk}:{timezone.localdate().isoformat()}"

    def read() -> MeetingParts:
        agenda, documents = meeting_agenda_and_documents(meeting)
        return MeetingParts(
            agenda=agenda,
            documents=documents,
            figures=meeting_registration_figures(meeting, balance=True),
            reviews=list(
                RecommendationReview.objects.filter(meeting=meeting).select_related(
                    "recommendation"
                )
            ),
        )

    return remember(key, ["forum"], read)


def meeting_registrations(meeting: Meeting) -> list[Registration]:
    return list(
        meeting.registrations.exclude(status=RegistrationStatus.DECLINED)
        .select_related("user")
        .order_by("status", "status_since", "pk")
    )


def is_secretariat(user: Any) -> bool:
    return is_forum_secretariat(user)
