"""Writes on frameworks, pledges, progress reports and follows. Views, the admin, demo seeding
and tasks call these; business rules live here, not in views.

The outline parser (:func:`parse_outline`) is a pure function; :func:`framework_create` turns
its result into rows in one transaction, so a broken outline creates nothing.

A pasted outline looks like the published DESIGN-MTS text::

    COMMITMENT 1 - Raising awareness on CSR in MTS by:
    1. Dissemination of defined methods and strategies …
    3. Engage with key stakeholders …
       a. Collaboration and engagement with MTS national associations …

A commitment heading is "Commitment <n>" followed by a dash or colon and its title; actions
are "<n>." (or "<n>)"); sub-items are "<letter>." (or "<letter>)" or "(<letter>)"), optionally
after a bullet. Numbers and letters must run in order from 1 and from a. Any other non-empty
line continues the text of the line before it, as wrapped lines do when text is pasted.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

import uploads
from accounts.models import Membership, Organisation, OrganisationKind, Role
from accounts.services import require_admin
from commitments.models import (
    EDITABLE_STATES,
    STATUSES_NEEDING_EVIDENCE,
    Action,
    Commitment,
    Evidence,
    Follow,
    Framework,
    Pledge,
    ProgressReport,
    ReportComment,
    ReportState,
    Status,
    SubItem,
)
from knowledge.selectors import practices_named
from notifications.services import email_to_member
from pagecache import changed, invalidates

TOPIC_REMINDERS = "commitments.reminders"
TOPIC_REVIEW = "commitments.review"
TOPIC_FOLLOWING = "commitments.following"

# Framework addresses share /commitments/ with these pages.
RESERVED_SLUGS = {"pledges", "review", "following", "reports", "evidence"}

PLEDGING_KINDS = {OrganisationKind.ENTERPRISE, OrganisationKind.ASSOCIATION}


# --- The outline parser ------------------------------------------------------------------------

_COMMITMENT = re.compile(
    r"^commitment\s+(?P<number>\d+)\s*(?:[–—:.\-]\s*(?P<title>.*))?$", re.IGNORECASE
)
_ACTION = re.compile(r"^(?P<number>\d+)\s*[.)]\s*(?P<text>.*)$")
_SUB_ITEM = re.compile(r"^(?:[-*•]\s*)?(?:\((?P<p>[a-z])\)|(?P<letter>[a-z])[.)])\s+(?P<text>.*)$")
# "by:" ends each DESIGN-MTS heading ("Raising awareness on CSR in MTS by:"); not part of a title.
_TRAILING_BY = re.compile(r"\s+by:?\s*$", re.IGNORECASE)


@dataclass
class OutlineSubItem:
    letter: str
    text: str
    line: int


@dataclass
class OutlineAction:
    number: int
    text: str
    line: int
    sub_items: list[OutlineSubItem] = field(default_factory=list)


@dataclass
class OutlineCommitment:
    number: int
    title: str
    line: int
    actions: list[OutlineAction] = field(default_factory=list)


class OutlineError(ValueError):
    """Every problem found, each as (line number, message); nothing is created."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(self.messages))

    @property
    def messages(self) -> list[str]:
        return [
            _("Line %(line)s: %(problem)s") % {"line": line, "problem": problem}
            if line
            else problem
            for line, problem in self.problems
        ]


def _clean(text: str) -> str:
    return " ".join(text.split())


def parse_outline(text: str) -> list[OutlineCommitment]:
    """The commitments, actions and sub-items of ``text``; OutlineError lists every problem."""
    commitments: list[OutlineCommitment] = []
    problems: list[tuple[int, str]] = []
    last: OutlineCommitment | OutlineAction | OutlineSubItem | None = None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if match := _COMMITMENT.match(line):
            expected = len(commitments) + 1
            found = int(match["number"])
            if found != expected:
                problems.append(
                    (
                        number,
                        _("expected commitment %(expected)s, found commitment %(found)s.")
                        % {"expected": expected, "found": found},
                    )
                )
            title = _TRAILING_BY.sub("", _clean(match["title"] or ""))
            last = OutlineCommitment(number=found, title=title, line=number)
            commitments.append(last)
            continue
        if match := _ACTION.match(line):
            if not commitments:
                problems.append(
                    (
                        number,
                        _(
                            "an action comes before any commitment heading "
                            "(write “Commitment 1 – title” first)."
                        ),
                    )
                )
                continue
            commitment = commitments[-1]
            expected = len(commitment.actions) + 1
            found = int(match["number"])
            if found != expected:
                problems.append(
                    (
                        number,
                        _(
                            "expected action %(expected)s of commitment %(commitment)s, "
                            "found %(found)s."
                        )
                        % {"expected": expected, "commitment": commitment.number, "found": found},
                    )
                )
            last = OutlineAction(number=found, text=_clean(match["text"]), line=number)
            commitment.actions.append(last)
            continue
        if match := _SUB_ITEM.match(line):
            action = (
                commitments[-1].actions[-1] if commitments and commitments[-1].actions else None
            )
            if action is None:
                problems.append((number, _("a lettered sub-item comes before any action.")))
                continue
            letter = match["p"] or match["letter"]
            expected_letter = string.ascii_lowercase[len(action.sub_items) % 26]
            if letter != expected_letter:
                problems.append(
                    (
                        number,
                        _("expected sub-item %(expected)s, found %(found)s.")
                        % {"expected": expected_letter, "found": letter},
                    )
                )
            last = OutlineSubItem(letter=letter, text=_clean(match["text"]), line=number)
            action.sub_items.append(last)
            continue
        if last is None:
            problems.append(
                (
                    number,
                    _(
                        "the outline must start with a commitment heading such as "
                        "“Commitment 1 – Raising awareness”."
                    ),
                )
            )
            continue
        # A wrapped line: it continues whatever came before.
        if isinstance(last, OutlineCommitment):
            last.title = _TRAILING_BY.sub("", _clean(f"{last.title} {line}"))
        else:
            last.text = _clean(f"{last.text} {line}")

    for commitment in commitments:
        if not commitment.title:
            problems.append(
                (
                    commitment.line,
                    _("commitment %(number)s has no title.") % {"number": commitment.number},
                )
            )
        if not commitment.actions:
            problems.append(
                (
                    commitment.line,
                    _("commitment %(number)s has no actions.") % {"number": commitment.number},
                )
            )
        for action in commitment.actions:
            if not action.text:
                problems.append(
                    (action.line, _("action %(number)s has no text.") % {"number": action.number})
                )
            for sub_item in action.sub_items:
                if not sub_item.text:
                    problems.append(
                        (
                            sub_item.line,
                            _("sub-item %(letter)s has no text.") % {"letter": sub_item.letter},
                        )
                    )
    if not commitments and not problems:
        problems.append((0, _("The outline is empty: paste at least one commitment.")))
    if problems:
        raise OutlineError(sorted(problems, key=lambda problem: problem[0]))
    return commitments


# --- Frameworks --------------------------------------------------------------------------------


@invalidates("commitments")
def framework_create(
    *,
    slug: str,
    title: str,
    short_title: str,
    source: str,
    period_start: date,
    period_end: date,
    outline: str,
    sector: Any = None,
    sector_label: str = "",
    introduction: str = "",
    source_url: str = "",
    reporting_cycle: str = "half-year",
    is_published: bool = False,
    coordinators: Iterable[Any] = (),
) -> Framework:
    """Create a framework and its whole hierarchy from ``outline``, all or nothing.

    Raises OutlineError (nothing created) when the outline does not parse, and ValidationError
    when the framework's own fields are wrong (a taken address key, a period ending before it
    starts).
    """
    parsed = parse_outline(outline)
    if period_end < period_start:
        raise ValidationError(_("The monitoring period must end after it starts."))
    if slug in RESERVED_SLUGS:
        raise ValidationError(_("“%(slug)s” is a reserved address key.") % {"slug": slug})
    if Framework.objects.filter(slug=slug).exists():
        raise ValidationError(
            _("A framework with the address key “%(slug)s” exists.") % {"slug": slug}
        )
    with transaction.atomic():
        framework = Framework.objects.create(
            slug=slug,
            title=title,
            short_title=short_title,
            sector=sector,
            sector_label=sector_label,
            introduction=introduction,
            source=source,
            source_url=source_url,
            period_start=period_start,
            period_end=period_end,
            reporting_cycle=reporting_cycle,
            is_published=is_published,
        )
        framework.coordinators.set(list(coordinators))
        for item in parsed:
            commitment = Commitment.objects.create(
                framework=framework, number=item.number, title=item.title
            )
            for parsed_action in item.actions:
                action = Action.objects.create(
                    commitment=commitment, number=parsed_action.number, text=parsed_action.text
                )
                SubItem.objects.bulk_create(
                    SubItem(action=action, letter=sub.letter, text=sub.text)
                    for sub in parsed_action.sub_items
                )
    return framework


# --- Pledges -----------------------------------------------------------------------------------


def _is_member(organisation: Organisation, user: Any, *, admin: bool = False) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    memberships = Membership.objects.filter(organisation=organisation, user=user)
    if admin:
        memberships = memberships.filter(role=Role.ADMIN)
    return memberships.exists()


def _require_admin(organisation: Organisation, user: Any) -> None:
    require_admin(organisation=organisation, user=user)


@dataclass(frozen=True)
class Target:
    """What a pledge is to: an action, or one of its sub-items."""

    action: Action
    sub_item: SubItem | None = None


def pledge_create(
    *,
    organisation: Organisation,
    framework: Framework,
    by: Any,
    targets: Sequence[Target],
    target_date: date,
    is_public: bool = False,
) -> list[Pledge]:
    """Pledge ``organisation`` to each target, with one target date. All or nothing."""
    _require_admin(organisation, by)
    if organisation.kind not in PLEDGING_KINDS:
        raise PermissionDenied(_("Only enterprises and associations can pledge."))
    if not framework.is_published:
        raise ValidationError(_("This framework is not open for pledges."))
    if not targets:
        raise ValidationError(_("Choose at least one action or sub-item."))
    if target_date <= timezone.localdate():
        raise ValidationError(_("The target date must be in the future."))
    for target in targets:
        if target.action.commitment.framework_id != framework.pk or (
            target.sub_item is not None and target.sub_item.action_id != target.action.pk
        ):
            raise ValidationError(_("That action is not part of this framework."))
    existing = set(
        Pledge.objects.filter(organisation=organisation, framework=framework).values_list(
            "action_id", "sub_item_id"
        )
    )
    taken = [t for t in targets if (t.action.pk, t.sub_item.pk if t.sub_item else None) in existing]
    if taken:
        codes = ", ".join(t.sub_item.code if t.sub_item else t.action.code for t in taken)
        raise ValidationError(
            _("%(organisation)s has already pledged to %(codes)s.")
            % {"organisation": organisation.name, "codes": codes}
        )
    if is_public:
        # Only a public pledge changes a public page (the action's list of public pledges);
        # a private one shows in the dashboard's next release, not before.
        changed("commitments")
    with transaction.atomic():
        return [
            Pledge.objects.create(
                organisation=organisation,
                framework=framework,
                action=target.action,
                sub_item=target.sub_item,
                target_date=target_date,
                is_public=is_public,
                created_by=by,
            )
            for target in targets
        ]


@invalidates("commitments")
def pledge_set_public(*, pledge: Pledge, by: Any, is_public: bool) -> None:
    """Only the organisation itself decides whether its pledge is public."""
    _require_admin(pledge.organisation, by)
    with transaction.atomic():
        Pledge.objects.filter(pk=pledge.pk).update(is_public=is_public)
        if not is_public:
            # Outsiders who followed the public pledge may not follow a private one.
            Follow.objects.filter(pledge=pledge).exclude(
                user__memberships__organisation=pledge.organisation
            ).delete()
    pledge.is_public = is_public


def pledge_withdraw(*, pledge: Pledge, by: Any) -> None:
    """Withdraw a pledge: it goes, with its reports and evidence files."""
    _require_admin(pledge.organisation, by)
    stored = [e.file for e in Evidence.objects.filter(report__pledge=pledge).exclude(file="")]
    if pledge.is_public:
        changed("commitments")
    with transaction.atomic():
        Pledge.objects.filter(pk=pledge.pk).delete()
        transaction.on_commit(lambda: [f.storage.delete(f.name) for f in stored])


# --- Progress reports --------------------------------------------------------------------------


def _require_editable(report: ProgressReport) -> None:
    if not report.is_editable:
        raise ValidationError(
            _("This report is %(state)s and can no longer be changed.")
            % {"state": report.get_state_display().lower()}
        )


def _check_smes(pledge: Pledge, smes_reached: int | None) -> None:
    if smes_reached is not None and pledge.organisation.kind != OrganisationKind.ASSOCIATION:
        raise ValidationError(_("Only associations report the number of SMEs reached."))


def report_create(
    *,
    pledge: Pledge,
    by: Any,
    period: str,
    status: int,
    narrative: str,
    smes_reached: int | None = None,
    practices_used: str = "",
    today: date | None = None,
) -> ProgressReport:
    """Start the report of one pledge for one period (as a draft)."""
    _require_admin(pledge.organisation, by)
    today = today or timezone.localdate()
    framework = pledge.framework
    try:
        chosen = framework.period(period)
    except ValueError:
        raise ValidationError(
            _("“%(period)s” is not a reporting period of this framework.") % {"period": period}
        ) from None
    if chosen.start > today:
        raise ValidationError(_("The period %(period)s has not started yet.") % {"period": period})
    _check_smes(pledge, smes_reached)
    if pledge.reports.filter(period=chosen.code).exists():
        raise ValidationError(
            _("There is already a report for %(period)s.") % {"period": chosen.code}
        )
    with transaction.atomic():
        report = ProgressReport.objects.create(
            pledge=pledge,
            period=chosen.code,
            status=status,
            narrative=narrative.strip(),
            smes_reached=smes_reached,
            practices_used=practices_used.strip(),
            created_by=by,
        )
        report.practices.set(practices_named(practices_used.splitlines()))
    return report


def report_update(
    *,
    report: ProgressReport,
    by: Any,
    status: int,
    narrative: str,
    smes_reached: int | None = None,
    practices_used: str = "",
) -> None:
    _require_admin(report.pledge.organisation, by)
    _check_smes(report.pledge, smes_reached)
    with transaction.atomic():
        updated = ProgressReport.objects.filter(pk=report.pk, state__in=EDITABLE_STATES).update(
            status=status,
            narrative=narrative.strip(),
            smes_reached=smes_reached,
            practices_used=practices_used.strip(),
        )
        if updated != 1:
            report.refresh_from_db(fields=["state"])
            _require_editable(report)
        report.practices.set(practices_named(practices_used.splitlines()))


def evidence_add_link(*, report: ProgressReport, by: Any, title: str, url: str) -> Evidence:
    _require_admin(report.pledge.organisation, by)
    _require_editable(report)
    return Evidence.objects.create(report=report, title=title.strip(), url=url)


# What evidence is comes from its content, never from its name (uploads.validate).
EVIDENCE_KINDS = ("pdf", "png", "jpg", "docx", "odt", "xlsx")
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def evidence_add_file(
    *, report: ProgressReport, by: Any, title: str, upload: UploadedFile
) -> Evidence:
    """Store an evidence file under a generated name, if its content is an accepted type."""
    _require_admin(report.pledge.organisation, by)
    _require_editable(report)
    kind = uploads.validate(
        upload,
        accepted=EVIDENCE_KINDS,
        max_bytes=MAX_EVIDENCE_BYTES,
        not_accepted=_("This file is not one of the accepted kinds: %(kinds)s."),
    )
    evidence = Evidence(
        report=report,
        title=title.strip() or uploads.safe_name(upload.name, extension=kind.key),
        original_name=uploads.safe_name(upload.name, extension=kind.key, default="evidence"),
        content_type=kind.content_type,
        extension=kind.key,
        size=upload.size,
    )
    evidence.file.save("upload", upload, save=False)
    try:
        evidence.save()
    except Exception:
        # No row, no file: a failed write must not leave an orphan upload behind.
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


def evidence_remove(*, evidence: Evidence, by: Any) -> None:
    report = evidence.report
    _require_admin(report.pledge.organisation, by)
    _require_editable(report)
    stored = evidence.file if evidence.file else None
    with transaction.atomic():
        Evidence.objects.filter(pk=evidence.pk).delete()
        if stored is not None:
            name, storage = stored.name, stored.storage
            transaction.on_commit(lambda: storage.delete(name))


def _admins_of(organisation: Organisation) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(organisation=organisation, role=Role.ADMIN)
        .select_related("user")
        .order_by("user__email")
    ]


def report_submit(*, report: ProgressReport, by: Any) -> None:
    """Send a draft (or a returned report) to the framework's coordinators for review."""
    _require_admin(report.pledge.organisation, by)
    _require_editable(report)
    if report.status in STATUSES_NEEDING_EVIDENCE and not report.evidence.exists():
        raise ValidationError(
            _("A report saying “%(status)s” needs evidence: add a link or a file first.")
            % {"status": report.get_status_display()}
        )
    now = timezone.now()
    with transaction.atomic():
        updated = ProgressReport.objects.filter(pk=report.pk, state__in=EDITABLE_STATES).update(
            state=ReportState.SUBMITTED, submitted_at=now
        )
        if updated != 1:
            raise ValidationError(_("This report was submitted already."))
        ReportComment.objects.create(report=report, author=by, kind=ReportComment.Kind.SUBMITTED)
        framework = report.pledge.framework
        for coordinator in framework.coordinators.filter(is_active=True).order_by("pk"):
            email_to_member(
                user=coordinator,
                topic=TOPIC_REVIEW,
                kind="commitments_report_submitted",
                key=f"commitments.submitted:{report.uid}:{now.isoformat()}:{coordinator.pk}",
                context={"report": report, "pledge": report.pledge, "framework": framework},
            )
    report.state, report.submitted_at = ReportState.SUBMITTED, now


def report_review(*, report: ProgressReport, by: Any, accept: bool, comment: str = "") -> None:
    """A coordinator accepts a submitted report, or returns it for revision with a comment."""
    pledge = report.pledge
    if not pledge.framework.is_coordinator(by):
        raise PermissionDenied(_("Only the framework's coordinators review reports."))
    comment = comment.strip()
    if not accept and not comment:
        raise ValidationError(_("Say what needs revising: a returned report needs a comment."))
    state = ReportState.ACCEPTED if accept else ReportState.RETURNED
    now = timezone.now()
    with transaction.atomic():
        updated = ProgressReport.objects.filter(pk=report.pk, state=ReportState.SUBMITTED).update(
            state=state, reviewed_at=now, reviewed_by=by
        )
        if updated != 1:
            raise ValidationError(_("This report is not waiting for review."))
        ReportComment.objects.create(
            report=report,
            author=by,
            body=comment,
            kind=ReportComment.Kind.ACCEPTED if accept else ReportComment.Kind.RETURNED,
        )
        report.state, report.reviewed_at, report.reviewed_by = state, now, by
        for admin in _admins_of(pledge.organisation):
            email_to_member(
                user=admin,
                topic=TOPIC_REVIEW,
                kind="commitments_report_reviewed",
                key=f"commitments.reviewed:{report.uid}:{now.isoformat()}:{admin.pk}",
                context={"report": report, "pledge": pledge, "comment": comment},
            )
        if accept:
            _pledge_status_refresh(pledge=pledge, cause=report)
            if pledge.is_public:
                changed("commitments")  # a public pledge's status is public


def _pledge_status_refresh(*, pledge: Pledge, cause: ProgressReport) -> None:
    """A pledge's status is that of its latest accepted report; followers hear of a change."""
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    latest = locked.reports.accepted().order_by("-period").first()
    new = latest.status if latest else Status.NO_EVIDENCE
    old = locked.status
    if new == old:
        return
    Pledge.objects.filter(pk=pledge.pk).update(status=new)
    pledge.status = new
    _followers_notify(pledge=pledge, cause=cause, old=Status(old), new=Status(new))


def _followers_notify(*, pledge: Pledge, cause: ProgressReport, old: Status, new: Status) -> None:
    follows = Follow.objects.filter(
        Q(action_id=pledge.action_id) | Q(pledge=pledge, pledge__is_public=True)
    ).select_related("user")
    # One message per follower per change, even for someone following the action and the pledge.
    followers = {follow.user_id: follow.user for follow in follows}
    for user in followers.values():
        email_to_member(
            user=user,
            topic=TOPIC_FOLLOWING,
            kind="commitments_status_changed",
            key=f"commitments.status:{cause.uid}:{user.pk}",
            context={
                "pledge": pledge,
                "action": pledge.action,
                "framework": pledge.framework,
                # Followers of an action learn that a pledge moved, not whose it is.
                "organisation": pledge.organisation if pledge.is_public else None,
                "old_status": old.label,
                "new_status": new.label,
                "period": cause.period,
            },
        )


# --- Following ---------------------------------------------------------------------------------


def follow_action(*, user: Any, action: Action) -> None:
    Follow.objects.get_or_create(user=user, action=action)


def follow_pledge(*, user: Any, pledge: Pledge) -> None:
    if not pledge.is_public and not _is_member(pledge.organisation, user):
        raise PermissionDenied(_("Only public pledges can be followed."))
    Follow.objects.get_or_create(user=user, pledge=pledge)


def unfollow(*, user: Any, action: Action | None = None, pledge: Pledge | None = None) -> None:
    Follow.objects.filter(user=user, action=action, pledge=pledge).delete()


# --- Reminders ---------------------------------------------------------------------------------


def reminders_send(*, today: date | None = None) -> int:
    """Remind each administrator of a pledging organisation of reports falling due.

    Runs from beat; once a period's reminder window opens (two weeks before it falls due) it
    writes one outbox row per framework, period, organisation and administrator, whatever the
    number of runs. Returns the number of rows written or found.
    """
    today = today or timezone.localdate()
    written = 0
    for framework in Framework.objects.published().order_by("pk"):
        for period in framework.periods():
            if not period.reminder_from <= today <= period.due:
                continue
            done = ProgressReport.objects.filter(
                pledge=OuterRef("pk"),
                period=period.code,
                state__in=[ReportState.SUBMITTED, ReportState.ACCEPTED],
            )
            pending = (
                Pledge.objects.filter(framework=framework, created__date__lte=period.end)
                .filter(~Exists(done))
                .with_target()
            )
            by_organisation: dict[int, list[Pledge]] = defaultdict(list)
            for pledge in pending:
                by_organisation[pledge.organisation_id].append(pledge)
            admins = (
                Membership.objects.filter(
                    organisation_id__in=by_organisation, role=Role.ADMIN, user__is_active=True
                )
                .select_related("user", "organisation")
                .order_by("organisation_id", "user_id")
            )
            for membership in admins:
                with transaction.atomic():
                    row = email_to_member(
                        user=membership.user,
                        topic=TOPIC_REMINDERS,
                        kind="commitments_reminder",
                        key=(
                            f"commitments.reminder:{framework.pk}:{period.code}:"
                            f"{membership.organisation_id}:{membership.user_id}"
                        ),
                        context={
                            "framework": framework,
                            "period": period,
                            "organisation": membership.organisation,
                            "pledges": by_organisation[membership.organisation_id],
                        },
                    )
                written += row is not None
    return written
