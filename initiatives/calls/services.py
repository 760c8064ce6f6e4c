"""Writes of the calls: proposals (start, edit, files, submit), reviews, decisions, and the
reminders. Each email is an outbox row written in the same transaction as its cause."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

import uploads
from accounts.models import Membership, Organisation, Role
from accounts.services import require_admin
from initiatives.calls.models import (
    SCORE_MAX,
    SCORE_MIN,
    Call,
    Criterion,
    Proposal,
    ProposalFile,
    ProposalState,
    Review,
    Reviewer,
    Score,
)
from initiatives.calls.permissions import is_curator
from initiatives.services import register_initiative
from notifications.links import email_link
from notifications.services import MemberMail, emails_to_members

TOPIC_APPLICANTS = "initiatives.calls"
TOPIC_REVIEWERS = "initiatives.calls.reviews"

# Reminders go out this long before the deadline they remind of.
DRAFT_REMINDER_BEFORE = timedelta(days=3)
REVIEW_REMINDER_BEFORE = timedelta(days=3)

# What a proposal's files may be, by their content (uploads.validate).
FILE_KINDS = ("pdf", "docx", "odt", "xlsx", "ods", "pptx", "png", "jpg")
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 10


class Closed(Exception):
    """The call no longer takes proposals (its deadline passed), or the thing is decided."""


class Conflict(Exception):
    """The object is not in a state that allows this (submitted already, decided…)."""


# --- Opening a call (the admin) -----------------------------------------------------------------


def call_problems(
    *, deadline: datetime | None, review_deadline: datetime | None, opening: bool
) -> list[str]:
    """Why a call with these dates cannot be saved (``opening``: opened now); empty if it can."""
    problems = []
    if opening and deadline is not None and deadline <= timezone.now():
        problems.append(_("The deadline for proposals must be in the future to open the call."))
    if deadline and review_deadline and review_deadline < deadline:
        problems.append(_("The deadline for reviews must not be before the one for proposals."))
    return problems


def call_opened(*, call: Call) -> None:
    """Record when a curator opened the call (the admin saved it opened)."""
    if call.opened_at is None:
        Call.objects.filter(pk=call.pk).update(opened_at=timezone.now())


# --- Proposals ----------------------------------------------------------------------------------


def _require_open(call: Call) -> None:
    if not call.is_open:
        raise Closed(
            _("The call closed on %(deadline)s: proposals can no longer be sent or changed.")
            % {"deadline": timezone.localtime(call.deadline).strftime("%Y-%m-%d %H:%M")}
        )


@dataclass(frozen=True)
class ProposalText:
    title: str
    summary: str
    description: str
    requested_amount: Decimal | None = None


@transaction.atomic
def proposal_start(
    *, call: Call, organisation: Organisation, by: Any, text: ProposalText
) -> Proposal:
    """A draft proposal of ``organisation`` to ``call``: one per organisation and call."""
    require_admin(organisation=organisation, user=by)
    call = Call.objects.select_for_update().get(pk=call.pk)
    _require_open(call)
    try:
        with transaction.atomic():
            return Proposal.objects.create(
                call=call,
                organisation=organisation,
                created_by=by,
                title=text.title.strip(),
                summary=text.summary.strip(),
                description=text.description,
                requested_amount=text.requested_amount,
            )
    except IntegrityError as exc:
        raise Conflict(_("Your organisation has a proposal to this call already.")) from exc


def _editable(proposal: Proposal, by: Any) -> Proposal:
    require_admin(organisation=proposal.organisation, user=by)
    _require_open(proposal.call)
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.is_decided:
        raise Closed(_("This proposal is decided and can no longer be changed."))
    return locked


@transaction.atomic
def proposal_update(*, proposal: Proposal, by: Any, text: ProposalText) -> Proposal:
    """Change a proposal until the call's deadline, sent or not: a sent one stays sent."""
    locked = _editable(proposal, by)
    locked.title = text.title.strip()
    locked.summary = text.summary.strip()
    locked.description = text.description
    locked.requested_amount = text.requested_amount
    locked.save(update_fields=["title", "summary", "description", "requested_amount", "updated_at"])
    return locked


@transaction.atomic
def proposal_submit(*, proposal: Proposal, by: Any) -> Proposal:
    locked = _editable(proposal, by)
    if not locked.is_draft:
        raise Conflict(_("This proposal is sent already."))
    locked.state = ProposalState.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["state", "submitted_at", "updated_at"])
    return locked


def proposal_file_add(*, proposal: Proposal, by: Any, upload: UploadedFile) -> ProposalFile:
    """Keep a file of the proposal under a generated name, if its content is accepted."""
    with transaction.atomic():
        locked = _editable(proposal, by)
        if locked.files.count() >= MAX_FILES:
            raise ValidationError(
                _("A proposal holds at most %(count)s files.") % {"count": MAX_FILES}
            )
        kind = uploads.validate(
            upload,
            accepted=FILE_KINDS,
            max_bytes=MAX_FILE_BYTES,
            not_accepted=_("This file is not one of the accepted kinds: %(kinds)s."),
        )
        item = ProposalFile(
            proposal=locked,
            **uploads.details(upload, kind, default="proposal"),
        )
        # The stored name is generated: the uploader's name never reaches the file system.
        item.file.save(f"{item.uid}.{kind.key}", upload, save=False)
        try:
            item.save()
        except Exception:
            item.file.storage.delete(item.file.name)
            raise
    return item


@transaction.atomic
def proposal_file_remove(*, item: ProposalFile, by: Any) -> None:
    _editable(item.proposal, by)
    ProposalFile.objects.filter(pk=item.pk).delete()
    uploads.delete_after_commit([item.file])


# --- Reviews ------------------------------------------------------------------------------------


def _require_reviewer(proposal: Proposal, by: Any) -> None:
    call = proposal.call
    if not Reviewer.objects.filter(call=call, user=by).exists():
        raise PermissionDenied(_("Only the call's reviewers review its proposals."))
    if Membership.objects.filter(organisation=proposal.organisation_id, user=by).exists():
        raise PermissionDenied(_("You do not review your own organisation's proposal."))
    if proposal.is_draft or call.is_open:
        raise Conflict(_("Proposals are reviewed after the call's deadline."))
    if proposal.is_decided:
        raise Closed(_("This proposal is decided: reviews are closed."))


@transaction.atomic
def review_save(
    *,
    proposal: Proposal,
    by: Any,
    scores: Mapping[int, tuple[int | None, str]],
    submit: bool = False,
) -> Review:
    """Keep a reviewer's scores (criterion id → score and comment); with ``submit``, every
    criterion must be scored, and the review is final: the reviewer then sees the others'."""
    _require_reviewer(proposal, by)
    review, _created = Review.objects.select_for_update().get_or_create(
        proposal=proposal, reviewer=by
    )
    if review.submitted_at is not None:
        raise Conflict(_("Your review of this proposal is submitted already."))
    criteria = {c.pk: c for c in Criterion.objects.filter(call=proposal.call_id)}
    missing = [c.title for pk, c in criteria.items() if scores.get(pk, (None, ""))[0] is None]
    if submit and missing:
        raise ValidationError(
            _("Score every criterion before you submit: %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    for pk, (value, comment) in scores.items():
        if pk not in criteria:
            continue
        if value is None:
            Score.objects.filter(review=review, criterion_id=pk).delete()
            continue
        if not SCORE_MIN <= value <= SCORE_MAX:
            raise ValidationError(_("A score is a whole number from 0 to 5."))
        Score.objects.update_or_create(
            review=review, criterion_id=pk, defaults={"value": value, "comment": comment.strip()}
        )
    if submit:
        review.submitted_at = timezone.now()
    review.save(update_fields=["submitted_at", "updated_at"])
    return review


# --- Decisions ----------------------------------------------------------------------------------


@transaction.atomic
def proposal_decide(*, proposal: Proposal, by: Any, accept: bool, message: str = "") -> Proposal:
    """The curator accepts or declines a submitted proposal once the call is closed; an
    accepted one becomes an initiative of the applicant organisation, private until the
    organisation publishes it. The applicants are told by email."""
    if not is_curator(by):
        raise PermissionDenied(_("Only curators decide on proposals."))
    locked = Proposal.objects.select_for_update().select_related("call", "organisation")
    locked = locked.get(pk=proposal.pk)
    if locked.call.is_open:
        raise Conflict(_("Proposals are decided after the call's deadline."))
    if locked.state != ProposalState.SUBMITTED:
        raise Conflict(_("Only a submitted proposal that is not decided yet can be decided."))
    locked.state = ProposalState.ACCEPTED if accept else ProposalState.DECLINED
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.decision_message = message.strip()
    fields = ["state", "decided_at", "decided_by", "decision_message", "updated_at"]
    if accept:
        locked.initiative = register_initiative(
            locked.organisation,
            by=None,
            title=locked.title,
            description=_initiative_description(locked),
            themes=list(locked.call.themes.all()),
        )
        fields.append("initiative")
    locked.save(update_fields=fields)
    _tell_applicants(locked)
    return locked


def _initiative_description(proposal: Proposal) -> str:
    link = reverse("calls:call", args=[proposal.call.uid])
    intro = _("Accepted in the call for projects “%(call)s”.") % {"call": proposal.call.title}
    return f"{proposal.summary.strip()}\n\n{proposal.description.strip()}\n\n[{intro}]({link})\n"


def _applicants(proposal: Proposal) -> list[Any]:
    """The organisation's administrators, and whoever wrote the proposal if still a member."""
    people = Membership.objects.filter(organisation=proposal.organisation_id).filter(
        Q(role=Role.ADMIN) | Q(user_id=proposal.created_by_id)
    )
    return [m.user for m in people.select_related("user").order_by("user_id")]


def _tell_applicants(proposal: Proposal) -> None:
    context = {
        "proposal": proposal,
        "call": proposal.call,
        "accepted": proposal.state == ProposalState.ACCEPTED,
        "proposal_url": email_link(reverse("calls:proposal", args=[proposal.uid])),
        "initiative_url": email_link(proposal.initiative.get_absolute_url())
        if proposal.initiative_id
        else "",
    }
    emails_to_members(
        topic=TOPIC_APPLICANTS,
        kind="initiatives_calls_decision",
        mails=[
            MemberMail(user=user, key=f"calls.decision:{proposal.pk}:{user.pk}", context=context)
            for user in _applicants(proposal)
            if user.is_active
        ],
    )


# --- Reminders ----------------------------------------------------------------------------------


def reminders_send(*, now: datetime | None = None) -> int:
    """Remind, through the outbox, reviewers who have proposals left to review once the review
    deadline is ``REVIEW_REMINDER_BEFORE`` away, and administrators of organisations whose
    proposal is still a draft once the call's deadline is ``DRAFT_REMINDER_BEFORE`` away.
    Beat runs it hourly; the outbox keys make each reminder once. Returns the rows written."""
    now = now or timezone.now()
    return _remind_reviewers(now) + _remind_drafts(now)


def _remind_reviewers(now: datetime) -> int:
    calls = Call.objects.published().filter(
        deadline__lte=now,
        review_deadline__gt=now,
        review_deadline__lte=now + REVIEW_REMINDER_BEFORE,
    )
    written = 0
    for call in calls.order_by("pk"):
        url = email_link(reverse("calls:queue"))
        mails = []
        for reviewer in Reviewer.objects.filter(call=call, user__is_active=True).select_related(
            "user"
        ):
            done = Review.objects.filter(
                proposal=OuterRef("pk"), reviewer=reviewer.user, submitted_at__isnull=False
            )
            own = Membership.objects.filter(user=reviewer.user).values("organisation_id")
            waiting = list(
                call.proposals.filter(state=ProposalState.SUBMITTED)
                .exclude(organisation_id__in=own)
                .filter(~Exists(done))
                .order_by("title")
            )
            if waiting:
                mails.append(
                    MemberMail(
                        user=reviewer.user,
                        key=f"calls.review-reminder:{call.pk}:{reviewer.user_id}",
                        context={"call": call, "proposals": waiting, "queue_url": url},
                    )
                )
        with transaction.atomic():
            written += emails_to_members(
                topic=TOPIC_REVIEWERS, kind="initiatives_calls_review_reminder", mails=mails
            )
    return written


def _remind_drafts(now: datetime) -> int:
    drafts = (
        Proposal.objects.filter(
            state=ProposalState.DRAFT,
            call__in=Call.objects.published(),
            call__deadline__gt=now,
            call__deadline__lte=now + DRAFT_REMINDER_BEFORE,
        )
        .select_related("call", "organisation")
        .order_by("pk")
    )
    by_organisation: dict[int, list[Proposal]] = defaultdict(list)
    for proposal in drafts:
        by_organisation[proposal.organisation_id].append(proposal)
    admins = Membership.objects.filter(
        organisation_id__in=by_organisation, role=Role.ADMIN, user__is_active=True
    ).select_related("user")
    mails = [
        MemberMail(
            user=membership.user,
            key=f"calls.draft-reminder:{proposal.pk}:{membership.user_id}",
            context={
                "proposal": proposal,
                "call": proposal.call,
                "proposal_url": email_link(reverse("calls:proposal", args=[proposal.uid])),
            },
        )
        for membership in admins.order_by("organisation_id", "user_id")
        for proposal in by_organisation[membership.organisation_id]
    ]
    with transaction.atomic():
        return emails_to_members(
            topic=TOPIC_APPLICANTS, kind="initiatives_calls_draft_reminder", mails=mails
        )


def reviewers_of(call: Call) -> Iterable[Reviewer]:
    return call.reviewers.select_related("user")
