"""Reads with access rules: a private object and a missing one answer the same 404; a member
without the right role gets 403. They take the person looking (a user, signed in or not), never
the request; the rules themselves are in ``forum.permissions``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from forum import permissions
from forum.models import (
    ActionItem,
    AgendaItem,
    Body,
    Constituency,
    Document,
    DocumentVersion,
    JoinRequest,
    JoinRequestStatus,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Member,
    MemberPreferences,
    MemberUpdate,
    Minutes,
    Recommendation,
    RecommendationReview,
    Registration,
    RegistrationStatus,
    UpdatePaper,
    secretariat_membership,
    secretariat_membership_of,
)
from forum.permissions import Standing, Viewer
from forum.prepared import PreparedRead
from pagecache import remember


def _viewer(user: Any, *, secretariat: bool, time_zone: str | None) -> Viewer:
    return Viewer(
        secretariat=secretariat or user.is_superuser,
        time_zone=ZoneInfo(time_zone or settings.TIME_ZONE),
    )


def viewer_of(user: Any) -> Viewer:
    """What the pages need to know about ``user`` (``permissions.Viewer``): one query for a
    signed-in person, none for a visitor. Read it once per request and pass it on."""
    if not user.is_authenticated:
        return Viewer(secretariat=False, time_zone=ZoneInfo(settings.TIME_ZONE))
    secretariat, time_zone = _viewer_row(user).values_list("in_group", "zone").get()
    return _viewer(user, secretariat=secretariat, time_zone=time_zone)


def _user_row(user_id: Any, body_id: int, on: date, **more: Any) -> QuerySet[Any]:
    """The person's row with what a page needs about them: in the "Forum secretariat" group,
    their zone, and their active role in the body (``Member.objects.active`` on ``on``)."""
    return (
        get_user_model()
        ._default_manager.filter(pk=user_id)
        .annotate(
            in_group=Exists(secretariat_membership_of(user_id)),
            zone=Subquery(
                MemberPreferences.objects.filter(user_id=user_id).values("time_zone")[:1]
            ),
            # One row at most: a person is a member of a body once (forum_member_unique).
            role=Subquery(
                Member.objects.active(on)
                .filter(body_id=body_id, user_id=user_id)
                .order_by()
                .values("role")[:1]
            ),
            **more,
        )
    )


# Stand-ins for PreparedRead: values no row holds, so they are found among the parameters.
_USER, _BODY, _MEETING, _DAY = -7_301_001, -7_301_002, -7_301_003, date(1901, 2, 3)

_VIEWER_IN_BODY = PreparedRead(
    get_user_model(),
    lambda user_id, body_id, on: _user_row(user_id, body_id, on).values_list(
        "in_group", "zone", "role"
    ),
    user_id=_USER,
    body_id=_BODY,
    on=_DAY,
)


def _answer_of(meeting_id: Any, user_id: Any, field: str) -> Subquery:
    # One row at most: a person registers once for a meeting (forum_registration_unique).
    return Subquery(
        Registration.objects.filter(meeting_id=meeting_id, user_id=user_id)
        .order_by()
        .values(field)[:1]
    )


_VIEWER_OF_MEETING = PreparedRead(
    get_user_model(),
    lambda user_id, body_id, meeting_id, on: _user_row(
        user_id,
        body_id,
        on,
        answer=_answer_of(meeting_id, user_id, "status"),
        attended=_answer_of(meeting_id, user_id, "attended"),
    ).values_list("in_group", "zone", "role", "answer", "attended"),
    user_id=_USER,
    body_id=_BODY,
    meeting_id=_MEETING,
    on=_DAY,
)


def viewer_in_body(user: Any, body: Body) -> tuple[Viewer, Standing]:
    """``viewer_of`` and the viewer's standing in ``body`` (``permissions.standing``), in one
    query for a signed-in person, none for a visitor. The query is compiled once per process
    (``forum.prepared``): its values are read afresh on every call."""
    if not user.is_authenticated:
        return viewer_of(user), permissions.NO_STANDING
    rows = _VIEWER_IN_BODY.rows(user_id=user.pk, body_id=body.pk, on=timezone.localdate())
    secretariat, time_zone, role = rows[0] if rows else (False, None, None)
    viewer = _viewer(user, secretariat=bool(secretariat), time_zone=time_zone)
    return viewer, Standing.of([role] if role else [], secretariat=viewer.secretariat)


def _viewer_row(user: Any) -> QuerySet[Any]:
    return (
        get_user_model()
        ._default_manager.filter(pk=user.pk)
        .annotate(
            in_group=Exists(secretariat_membership(user)),
            zone=Subquery(MemberPreferences.objects.filter(user=user).values("time_zone")[:1]),
        )
    )


def get_body(slug: str) -> Body:
    return get_object_or_404(Body.objects.select_related("theme"), slug=slug)


def _member_standing(user: Any, body: Body) -> Standing:
    """``user``'s standing in ``body``; 404 unless they are a member or manage it."""
    standing = permissions.standing(user, body)
    if not standing.member:
        raise Http404
    return standing


def get_body_with_standing(user: Any, slug: str) -> tuple[Body, Standing]:
    """A body's inner pages (members, action items): members and the secretariat only, with
    what the viewer is in it."""
    body = get_body(slug)
    return body, _member_standing(user, body)


def get_body_for_member(user: Any, slug: str, *, manage: bool = False) -> Body:
    body, standing = get_body_with_standing(user, slug)
    if manage:
        permissions.require_manager(user, body, manager=standing.manager)
    return body


def get_body_to_manage(user: Any, slug: str) -> Body:
    body = get_body(slug)
    permissions.require_manager(user, body)
    return body


def get_meeting(user: Any, uid: str) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(user).select_related("body", "body__theme"), uid=uid
    )


@dataclass(frozen=True)
class Answer:
    """The viewer's answer to a meeting's invitation, as their registration records it."""

    status: str
    attended: bool | None

    def get_status_display(self) -> str:
        return str(RegistrationStatus(self.status).label)


@dataclass(frozen=True)
class MeetingPage:
    meeting: Meeting
    parts: MeetingParts
    standing: Standing
    viewer: Viewer
    # The viewer's registration, None if they have not answered (or are not signed in).
    answer: Answer | None


def get_meeting_page(user: Any, uid: str) -> MeetingPage:
    """A meeting's page: the meeting with its body and minutes and what every viewer shares
    (``meeting_page_parts``) from the shared cache, then the viewer, their standing in the
    body and their answer, read afresh in one query, and ``Meeting.objects.visible_to``'s
    rule checked on them (``permissions.may_see_meeting``): a members-only meeting and a
    missing one answer the same 404, and a membership that ends or starts counts at once."""
    meeting, parts = _meeting_and_parts(uid)
    if not user.is_authenticated:
        standing, viewer, answer = permissions.NO_STANDING, viewer_of(user), None
    else:
        rows = _VIEWER_OF_MEETING.rows(
            user_id=user.pk,
            body_id=meeting.body_id,
            meeting_id=meeting.pk,
            on=timezone.localdate(),
        )
        secretariat, time_zone, role, status, attended = (
            rows[0] if rows else (False, None, None, None, None)
        )
        viewer = _viewer(user, secretariat=bool(secretariat), time_zone=time_zone)
        standing = Standing.of([role] if role else [], secretariat=viewer.secretariat)
        answer = Answer(status=status, attended=attended) if status else None
    if not permissions.may_see_meeting(meeting, standing):
        raise Http404
    return MeetingPage(
        meeting=meeting, parts=parts, standing=standing, viewer=viewer, answer=answer
    )


def minutes_to_show(meeting: Meeting, *, manager: bool) -> Minutes | None:
    """The minutes read with the meeting (``get_meeting_page``) if the viewer may read
    them: the secretariat sees drafts; others see published minutes, and while minutes are
    reopened, the last published revision."""
    minutes: Minutes | None = getattr(meeting, "minutes", None)
    if minutes is None or minutes.is_published or manager:
        return minutes
    return minutes if minutes.revision > 0 else None


def get_meeting_to_manage(user: Any, uid: str) -> Meeting:
    meeting = get_meeting(user, uid)
    permissions.require_manager(user, meeting.body)
    return meeting


def get_agenda_item_to_manage(user: Any, uid: str) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__body"), uid=uid)
    get_meeting_to_manage(user, item.meeting.uid)
    return item


def get_document(user: Any, uid: str) -> Document:
    document = get_object_or_404(Document.objects.select_related("meeting__body"), uid=uid)
    get_meeting(user, document.meeting.uid)
    return document


def get_action_item(user: Any, uid: str) -> ActionItem:
    item = get_object_or_404(ActionItem.objects.select_related("body", "meeting"), uid=uid)
    _member_standing(user, item.body)
    return item


def get_recommendation(uid: str) -> Recommendation:
    return get_object_or_404(Recommendation.objects.select_related("body"), uid=uid)


def get_member_of(body: Body, uid: str) -> Member:
    return get_object_or_404(Member.objects.select_related("user", "body"), body=body, uid=uid)


def meetings_list(user: Any, *, secretariat: bool | None = None) -> QuerySet[Meeting]:
    """The meetings ``user`` may see, each with its count of people registered.
    ``secretariat``: ``Viewer.secretariat``, when known."""
    return (
        Meeting.objects.visible_to(user, secretariat=secretariat)
        .select_related("body")
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
            )
        )
    )


def bodies_list(user: Any, *, secretariat: bool | None = None) -> QuerySet[Body]:
    """Every body with its count of active members and of upcoming meetings ``user`` may see."""
    upcoming = Q(meetings__ends_at__gte=timezone.now()) & ~Q(
        meetings__status=MeetingStatus.CANCELLED
    )
    visible = Meeting.objects.visible_to(user, secretariat=secretariat)
    return (
        Body.objects.select_related("theme")
        .annotate(
            member_count=Count(
                "members", filter=Q(members__in=Member.objects.active()), distinct=True
            ),
            upcoming_count=Count(
                "meetings", filter=upcoming & Q(meetings__in=visible), distinct=True
            ),
        )
        .order_by("kind", "name")
    )


def body_constituencies(body: Body) -> list[dict[str, Any]]:
    """How many active members each constituency has in ``body`` (label and ``n``)."""
    return [
        {"label": Constituency(row["constituency"]).label, "n": row["n"]}
        for row in Member.objects.active()
        .filter(body=body)
        .values("constituency")
        .annotate(n=Count("pk"))
        .order_by("constituency")
    ]


def body_action_items(body: Body, *, open_only: bool = True) -> QuerySet[ActionItem]:
    """The action items of ``body``, soonest due first (only the open ones by default)."""
    items = ActionItem.objects.filter(body=body).select_related("owner", "meeting")
    return (items.open() if open_only else items).order_by("due_date", "pk")


def body_recommendations(body: Body) -> QuerySet[Recommendation]:
    return body.recommendations.annotate(review_count=Count("reviews")).order_by("reference")


def recommendation_reviews(
    recommendation: Recommendation, user: Any
) -> QuerySet[RecommendationReview]:
    """The reviews of ``recommendation``, each saying whether ``user`` may see its meeting
    (``meeting_visible``)."""
    visible = Meeting.objects.visible_to(user).values("pk")
    return recommendation.reviews.select_related("meeting").annotate(
        meeting_visible=Count("meeting", filter=Q(meeting__in=visible))
    )


def attendance_of(
    meeting: Meeting,
) -> tuple[list[Member | Registration], list[int], dict[int, str]]:
    """The attending members of the meeting's body, the ids of those present so far (as
    recorded, else as registered): what the attendance log starts from, and each person's
    answer (a ``RegistrationStatus``; people without one are not in it)."""
    members: list[Member | Registration] = list(
        Member.objects.attending()
        .filter(body_id=meeting.body_id)
        .select_related("user")
        .order_by("constituency", "user__name")
    )
    # People from outside the body who registered for a public meeting are on the log too;
    # their registration stands in for a membership (it has a person and a constituency).
    known = {member.user_id for member in members}
    members += list(
        meeting.registrations.filter(
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING]
        )
        .exclude(user_id__in=known)
        .select_related("user")
        .order_by("constituency", "user__name")
    )
    rows = list(meeting.registrations.values_list("user_id", "status", "attended"))
    present = [
        user_id
        for user_id, status, attended in rows
        if attended or (attended is None and status == RegistrationStatus.REGISTERED)
    ]
    return members, present, {user_id: status for user_id, status, _attended in rows}


def active_member_count(body_id: int) -> int:
    return Member.objects.active().filter(body_id=body_id).count()


def memberships_of(user: Any) -> QuerySet[Member]:
    return Member.objects.filter(user=user).select_related("body").order_by("body__name")


def open_actions_of(user: Any) -> QuerySet[ActionItem]:
    return ActionItem.objects.open().filter(owner=user).select_related("body", "meeting")


def feed_of(token: str, *, since: datetime) -> tuple[Any, QuerySet[Meeting]]:
    """The person whose calendar feed ``token`` opens (404 for none, or an inactive account),
    and the meetings of the bodies they attend that end after ``since``."""
    preferences = get_object_or_404(
        MemberPreferences.objects.select_related("user"), feed_token=token, user__is_active=True
    )
    user = preferences.user
    meetings = (
        Meeting.objects.attendable_by(user)
        .filter(ends_at__gte=since)
        .select_related("body")
        .order_by("starts_at", "pk")
    )
    return user, meetings


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

    @property
    def unrepresented(self) -> list[dict[str, Any]]:
        """The rows of the balance with nobody registered (a warning for the secretariat)."""
        return [row for row in self.balance if row["count"] == 0]


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
    # meeting_action_items: agreed at the meeting, and carried over to it.
    action_items: tuple[list[ActionItem], list[ActionItem]]


def meeting_page_parts(meeting: Meeting) -> MeetingParts:
    """What a meeting's page shows alike to everyone who may see it: the agenda with its
    papers, the other papers, the registration figures with the constituency balance, the
    recommendations reviewed and the action items (the page shows the last three to members
    only). Up to six reads."""
    agenda, documents = meeting_agenda_and_documents(meeting)
    return MeetingParts(
        agenda=agenda,
        documents=documents,
        figures=meeting_registration_figures(meeting, balance=True),
        reviews=list(
            RecommendationReview.objects.filter(meeting=meeting).select_related("recommendation")
        ),
        action_items=meeting_action_items(meeting),
    )


def _meeting_and_parts(uid: str) -> tuple[Meeting, MeetingParts]:
    """The meeting (with its body, and its minutes with their revisions) and its
    ``meeting_page_parts``, whoever may see it: kept in the cache until the forum changes
    (``pagecache.remember``) or the day does (which memberships are active and which items
    are overdue depend on it). Who may see it is the caller's to check, on every request.
    404 for an unknown meeting, never cached."""
    key = f"forum:meeting-entry:{uid}:{timezone.localdate().isoformat()}"

    def read() -> tuple[Meeting, MeetingParts]:
        meeting = get_object_or_404(Meeting.objects.select_related("body", "minutes"), uid=uid)
        minutes = getattr(meeting, "minutes", None)
        if minutes is not None:
            prefetch_related_objects([minutes], "revisions")
        return meeting, meeting_page_parts(meeting)

    return remember(key, ["forum"], read)


def meeting_registrations(meeting: Meeting) -> list[Registration]:
    return list(
        meeting.registrations.exclude(status=RegistrationStatus.DECLINED)
        .select_related("user")
        .order_by("status", "status_since", "pk")
    )


def join_requests_pending(body: Body) -> QuerySet[JoinRequest]:
    """The requests to join ``body`` that wait for the secretariat, oldest first."""
    return (
        body.join_requests.filter(status=JoinRequestStatus.PENDING)
        .select_related("user", "organisation")
        .order_by("created", "pk")
    )


def pending_join_request(body: Body, user: Any) -> JoinRequest | None:
    if not user.is_authenticated:
        return None
    return body.join_requests.filter(user=user, status=JoinRequestStatus.PENDING).first()


def get_join_request_to_manage(user: Any, uid: str) -> JoinRequest:
    """A request to join, for the secretariat of its body: 404 for people outside the body,
    403 for its members without the secretariat role."""
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("body", "user", "organisation"), uid=uid
    )
    standing = _member_standing(user, join_request.body)
    permissions.require_manager(user, join_request.body, manager=standing.manager)
    return join_request


def is_attending_member(body_id: int, user: Any) -> bool:
    if not user.is_authenticated:
        return False
    return Member.objects.active().attending().filter(body_id=body_id, user=user).exists()


def is_active_member(body_id: int, user: Any) -> bool:
    """Whether ``user`` is a member of the body today, in any role."""
    if not user.is_authenticated:
        return False
    return Member.objects.active().filter(body_id=body_id, user=user).exists()


@dataclass(frozen=True)
class BodyParts:
    body: Body
    recommendation_count: int
    constituencies: list[dict[str, Any]]
    # The first open action items (the page shows them to members only).
    open_actions: list[ActionItem]


BODY_PAGE_MEETINGS = 10
BODY_PAGE_ACTIONS = 10


def body_page_parts(slug: str) -> BodyParts:
    """What a body's page shows alike to everyone who may see it (the page shows the
    constituencies and the action items to members only): four reads, kept in the cache
    until the forum or the vocabularies change (``pagecache.remember``) or the day does
    (active memberships and overdue items depend on it; an entry lasts ``PAGE_CACHE_SECONDS``
    at most, as an anonymous page does). 404 for an unknown body, never cached. The meeting
    lists are kept rendered apart (``body_meetings``)."""
    key = f"forum:body-parts:{slug}:{timezone.localdate().isoformat()}"

    def read() -> BodyParts:
        body = get_body(slug)
        return BodyParts(
            body=body,
            recommendation_count=body.recommendations.count(),
            constituencies=body_constituencies(body),
            open_actions=list(body_action_items(body)[:BODY_PAGE_ACTIONS]),
        )

    return remember(key, ["forum", "taxonomy"], read)


def body_meetings(body: Body, *, members_only_too: bool) -> tuple[list[Meeting], list[Meeting]]:
    """The next and the last ten meetings of ``body`` that a viewer sees, each with its count
    of people registered: every one (for members of the body, its secretariat and the
    forum's) or the public ones."""
    meetings = (
        Meeting.objects.filter(body=body)
        .select_related("body")
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
            )
        )
    )
    if not members_only_too:
        meetings = meetings.public()
    return (
        list(meetings.upcoming()[:BODY_PAGE_MEETINGS]),
        list(meetings.past()[:BODY_PAGE_MEETINGS]),
    )


# --- Members' activity updates ---------------------------------------------------------------


def get_meeting_for_updates(user: Any, uid: str) -> tuple[Meeting, Standing]:
    """A meeting's updates pages: for members of its body and the secretariat; 404 for
    everyone else, even when the meeting itself is public."""
    meeting = get_meeting(user, uid)
    return meeting, _member_standing(user, meeting.body)


def get_meeting_for_updates_to_manage(user: Any, uid: str) -> Meeting:
    """The same for the secretariat's pages: 404 outside the body, 403 for its members."""
    meeting, standing = get_meeting_for_updates(user, uid)
    permissions.require_manager(user, meeting.body, manager=standing.manager)
    return meeting


def get_series_to_manage(user: Any, uid: str) -> MeetingSeries:
    series = get_object_or_404(MeetingSeries.objects.select_related("body"), uid=uid)
    standing = _member_standing(user, series.body)
    permissions.require_manager(user, series.body, manager=standing.manager)
    return series


def meeting_updates(meeting: Meeting) -> list[MemberUpdate]:
    """The updates sent for ``meeting``, by constituency and name (one query)."""
    return list(
        MemberUpdate.objects.filter(meeting=meeting)
        .select_related("member__user", "member__organisation")
        .order_by("member__constituency", "member__user__name", "pk")
    )


def members_without_update(meeting: Meeting) -> list[Member]:
    """The members expected to send an update for ``meeting`` who have not (one query)."""
    sent = MemberUpdate.objects.filter(meeting=meeting, member=OuterRef("pk"))
    return list(
        Member.objects.active()
        .reporting()
        .filter(body_id=meeting.body_id)
        .filter(~Exists(sent))
        .select_related("user")
        .order_by("constituency", "user__name")
    )


def body_updates(body: Body, *, words: str = "") -> QuerySet[MemberUpdate]:
    """Every update sent in ``body``, newest meeting first, those matching ``words`` when
    given (``MemberUpdateQuerySet.search``)."""
    updates = MemberUpdate.objects.filter(meeting__body=body)
    if words.strip():
        updates = updates.search(words)
    return updates.select_related("member__user", "member__organisation", "meeting").order_by(
        "-meeting__starts_at", "member__constituency", "member__user__name", "pk"
    )


def update_paper_of(meeting: Meeting) -> UpdatePaper:
    return get_object_or_404(UpdatePaper.objects.select_related("compiled_by"), meeting=meeting)
