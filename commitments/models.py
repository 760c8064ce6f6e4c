"""Sector frameworks of joint commitments, organisations' pledges to their actions, and the
periodic progress reports that feed the monitoring dashboard."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationKind
from commitments import periods
from commitments.periods import Cycle, Period
from knowledge.models import Status as PracticeStatus
from uploads.models import LinkOrFile


def _uid() -> str:
    # Opaque, URL-safe and unguessable: pledges, reports and evidence are private by default.
    return secrets.token_urlsafe(12)


class FrameworkQuerySet(models.QuerySet["Framework"]):
    def published(self) -> FrameworkQuerySet:
        return self.filter(is_published=True)

    def coordinated_by(self, user: object) -> FrameworkQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if getattr(user, "is_staff", False):
            return self.all()
        return self.filter(coordinators=user)


class Framework(models.Model):
    """A sector's joint set of commitments, as its authors published it."""

    slug = models.SlugField(_("address key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    short_title = models.CharField(
        _("short title"), max_length=80, help_text=_("For example DESIGN-MTS.")
    )
    sector = models.ForeignKey(
        "taxonomy.Sector",
        verbose_name=_("sector (NACE)"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    sector_label = models.CharField(_("sector as the source names it"), max_length=200, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    source = models.TextField(
        _("source"), help_text=_("Who published the commitments, where and when (attribution).")
    )
    source_url = models.URLField(_("source address"), blank=True)
    period_start = models.DateField(_("monitoring starts"))
    period_end = models.DateField(_("monitoring ends"))
    reporting_cycle = models.CharField(
        _("reporting cycle"), max_length=10, choices=Cycle.choices, default=Cycle.HALF_YEAR
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        related_name="coordinated_frameworks",
        blank=True,
        help_text=_("They review progress reports. Staff can always review."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="commitments_framework_period_order",
            ),
        ]

    def __str__(self) -> str:
        return self.short_title or self.title

    def get_absolute_url(self) -> str:
        return reverse("commitments:framework", kwargs={"slug": self.slug})

    def periods(self) -> list[Period]:
        return periods.periods_between(self.period_start, self.period_end, self.reporting_cycle)

    def periods_open(self, today: date) -> list[Period]:
        """Periods a report may be written for: started, within the monitoring period."""
        return [p for p in self.periods() if p.start <= today]

    def period(self, code: str) -> Period:
        period = periods.parse(code, self.reporting_cycle)
        if period.end < self.period_start or period.start > self.period_end:
            raise ValueError(code)
        return period

    def is_coordinator(self, user: object) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        if getattr(user, "is_staff", False):
            return True
        return self.coordinators.filter(pk=user.pk).exists()  # type: ignore[attr-defined]


class Commitment(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="commitments")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["framework", "number"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="commitments_commitment_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return _("Commitment %(number)s – %(title)s") % {
            "number": self.number,
            "title": self.title,
        }


class ActionQuerySet(models.QuerySet["Action"]):
    def in_order(self) -> ActionQuerySet:
        return self.select_related("commitment__framework").order_by("commitment__number", "number")


class Action(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="actions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))
    # Knowledge-centre practices that serve the action (DESIGN-MTS's guidelines, training
    # modules, position paper…), linked by curators in the admin.
    practices = models.ManyToManyField(
        "knowledge.Practice",
        through="ActionPractice",
        verbose_name=_("practices serving it"),
        related_name="commitment_actions",
        blank=True,
    )
    # Initiatives their organisations linked to the action (initiatives.links); the action's
    # page lists the published ones.
    initiatives = models.ManyToManyField(
        "initiatives.Initiative",
        verbose_name=_("initiatives"),
        related_name="actions",
        blank=True,
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["commitment__number", "number"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "number"], name="commitments_action_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    def get_absolute_url(self) -> str:
        return reverse(
            "commitments:action",
            kwargs={"slug": self.commitment.framework.slug, "code": self.code},
        )

    @property
    def code(self) -> str:
        """Commitment and action number, as in "1.3"; public, like the framework itself."""
        return f"{self.commitment.number}.{self.number}"


class SubItem(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="sub_items")
    letter = models.CharField(_("letter"), max_length=2)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["action", "letter"]
        verbose_name = _("sub-item")
        verbose_name_plural = _("sub-items")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "letter"], name="commitments_subitem_letter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def code(self) -> str:
        return f"{self.action.code}{self.letter}"


class ActionPracticeQuerySet(models.QuerySet["ActionPractice"]):
    def public(self) -> ActionPracticeQuerySet:
        """Links shown to everyone: a published practice serving an action of a published
        framework."""
        return self.filter(
            practice__status=PracticeStatus.PUBLISHED,
            action__commitment__framework__is_published=True,
        )


class ActionPractice(models.Model):
    """A knowledge-centre practice that serves an action: the action's page lists it and the
    practice's page says "Serves DESIGN-MTS action 1.2". Curators link them in the admin."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="practice_links")
    practice = models.ForeignKey(
        "knowledge.Practice",
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="action_links",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ActionPracticeQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("practice serving the action")
        verbose_name_plural = _("practices serving the action")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "practice"], name="commitments_actionpractice_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action.code} ← {self.practice}"


class Status(models.IntegerChoices):
    """How far an organisation has come with a pledge; ordered, so "furthest" is a maximum."""

    NO_EVIDENCE = 0, _("No evidence")
    NOT_STARTED = 1, _("Not started")
    LIMITED = 2, _("Limited")
    SUBSTANTIAL = 3, _("Substantial")
    COMPLETE = 4, _("Complete")


# Statuses that claim progress: a report saying so must carry evidence.
STATUSES_NEEDING_EVIDENCE = {Status.LIMITED, Status.SUBSTANTIAL, Status.COMPLETE}


class PledgeQuerySet(models.QuerySet["Pledge"]):
    def public(self) -> PledgeQuerySet:
        return self.filter(is_public=True)

    def of_member(self, user: object) -> PledgeQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(organisation__memberships__user=user)

    def with_target(self) -> PledgeQuerySet:
        return self.select_related("organisation", "framework", "action__commitment", "sub_item")

    def with_accepted_report(self) -> PledgeQuerySet:
        """Annotate ``has_accepted_report``: until one is accepted, ``status`` is only the
        default, and pages say "no accepted report yet" rather than "No evidence"."""
        return self.annotate(
            has_accepted_report=models.Exists(
                ProgressReport.objects.accepted().filter(pledge=models.OuterRef("pk"))
            )
        )


# Who may pledge: enterprises and associations; other kinds of organisation follow and read.
PLEDGING_KINDS = frozenset({OrganisationKind.ENTERPRISE, OrganisationKind.ASSOCIATION})


class Pledge(models.Model):
    """An organisation's promise to carry out one action (or one of its sub-items).

    Private by default: only the organisation's members and the framework's coordinators see
    it, unless the organisation makes it public. There is no list of private pledgers.
    """

    uid = models.CharField(max_length=24, unique=True, default=_uid, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="pledges"
    )
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="pledges")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="pledges")
    sub_item = models.ForeignKey(
        SubItem, on_delete=models.CASCADE, related_name="pledges", null=True, blank=True
    )
    target_date = models.DateField(_("target date"))
    is_public = models.BooleanField(_("public"), default=False)
    status = models.PositiveSmallIntegerField(
        _("status"),
        choices=Status.choices,
        default=Status.NO_EVIDENCE,
        help_text=_("From the latest accepted progress report."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["action__commitment__number", "action__number", "sub_item__letter"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "action", "sub_item"],
                nulls_distinct=False,
                name="commitments_pledge_once_per_target",
            ),
        ]
        indexes = [models.Index(fields=["framework", "action"], name="commitments_pledge_fw")]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.target_code}"

    def get_absolute_url(self) -> str:
        return reverse("commitments:pledge", kwargs={"uid": self.uid})

    @property
    def target_code(self) -> str:
        # Built from the action, so a list that selected the action needs no query per row.
        if self.sub_item_id:
            return f"{self.action.code}{self.sub_item.letter}"  # type: ignore[union-attr]
        return self.action.code

    @property
    def target_text(self) -> str:
        return self.sub_item.text if self.sub_item_id else self.action.text  # type: ignore[union-attr]


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned for revision")
    ACCEPTED = "accepted", _("Accepted")


EDITABLE_STATES = [ReportState.DRAFT, ReportState.RETURNED]


class ProgressReportQuerySet(models.QuerySet["ProgressReport"]):
    def accepted(self) -> ProgressReportQuerySet:
        return self.filter(state=ReportState.ACCEPTED)


class ProgressReport(models.Model):
    """What an organisation did on one pledge in one reporting period."""

    uid = models.CharField(max_length=24, unique=True, default=_uid, editable=False)
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("reporting period"), max_length=7)
    status = models.PositiveSmallIntegerField(_("status"), choices=Status.choices)
    narrative = models.TextField(_("what was done"))
    smes_reached = models.PositiveIntegerField(
        _("SMEs reached"),
        null=True,
        blank=True,
        help_text=_("For associations: how many SMEs your work reached in this period."),
    )
    practices_used = models.TextField(
        _("knowledge-centre practices used"),
        blank=True,
        help_text=_("Titles or addresses of practices from the knowledge centre, one a line."),
    )
    # The lines of ``practices_used`` that name a published practice of the knowledge centre.
    practices = models.ManyToManyField(
        "knowledge.Practice", verbose_name=_("practices"), blank=True, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "period"], name="commitments_report_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pledge} · {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("commitments:report", kwargs={"uid": self.uid})

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class ReportComment(models.Model):
    """A coordinator's (or the reporting organisation's) comment in a report's review."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        RETURNED = "returned", _("Returned for revision")
        ACCEPTED = "accepted", _("Accepted")
        SUBMITTED = "submitted", _("Submitted")

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    body = models.TextField(_("comment"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("report comment")
        verbose_name_plural = _("report comments")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.report}"


def _evidence_path(instance: Evidence, filename: str) -> str:
    # The stored name is generated: the uploader's file name never reaches the file system.
    return f"commitments/evidence/{secrets.token_hex(16)}.{instance.extension}"


class Evidence(LinkOrFile):
    """A link or a file backing a progress report."""

    uid = models.CharField(max_length=24, unique=True, default=_uid, editable=False)
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(_("address"), blank=True)
    file = models.FileField(_("file"), upload_to=_evidence_path, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta(LinkOrFile.Meta):
        ordering = ["created", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")


class Follow(models.Model):
    """A signed-in person following an action, or a public pledge, for status changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commitment_follows"
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="follows", null=True, blank=True
    )
    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="follows", null=True, blank=True
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(Q(action__isnull=False) & Q(pledge__isnull=True))
                | (Q(action__isnull=True) & Q(pledge__isnull=False)),
                name="commitments_follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "action"],
                condition=Q(action__isnull=False),
                name="commitments_follow_action_once",
            ),
            models.UniqueConstraint(
                fields=["user", "pledge"],
                condition=Q(pledge__isnull=False),
                name="commitments_follow_pledge_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.action or self.pledge}"
