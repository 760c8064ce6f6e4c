"""Calls for projects: a curator opens a call with criteria and reviewers, organisations submit
proposals, reviewers score them, the curator decides, and accepted proposals become initiatives.

Imported at the foot of ``initiatives/models.py`` so that Django registers the models with the
``initiatives`` app. Trivisi, Flanders' CSR programme, "launched a call for new projects" in
July 2002; with the European Social Fund's support 13 projects started by the end of the year.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from initiatives.models import Initiative, new_uid
from taxonomy.models import Theme

# A reviewer scores each criterion from 0 (not met) to 5 (fully met).
SCORE_MIN, SCORE_MAX = 0, 5


class CallState(models.TextChoices):
    DRAFT = "draft", _("Draft (not shown)")
    OPEN = "open", _("Opened")


class CallQuerySet(models.QuerySet["Call"]):
    def published(self) -> CallQuerySet:
        """Calls a curator opened: shown to everyone, open or, past the deadline, closed."""
        return self.filter(state=CallState.OPEN)

    def accepting(self) -> CallQuerySet:
        return self.published().filter(deadline__gt=timezone.now())

    def closed(self) -> CallQuerySet:
        return self.published().filter(deadline__lte=timezone.now())


class Call(models.Model):
    uid = models.CharField(max_length=24, unique=True, default=new_uid, editable=False)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(
        _("text"), help_text=_("Markdown: what the call is for, who may apply, the budget.")
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("priority areas"), related_name="calls", blank=True
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=CallState.choices,
        default=CallState.DRAFT,
        help_text=_("An opened call is shown to everyone and takes proposals until its deadline."),
    )
    deadline = models.DateTimeField(_("deadline for proposals"))
    review_deadline = models.DateTimeField(_("deadline for reviews"))
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-deadline", "pk"]
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(review_deadline__gte=models.F("deadline")),
                name="initiatives_call_reviews_after_proposals",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calls:call", args=[self.uid])

    @property
    def is_published(self) -> bool:
        return self.state == CallState.OPEN

    @property
    def is_open(self) -> bool:
        """Takes proposals: opened, and before its deadline."""
        return self.is_published and timezone.now() < self.deadline


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("what reviewers look for"), blank=True, max_length=2000)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0), name="initiatives_criterion_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Reviewer(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="call_reviews",
    )

    class Meta:
        ordering = ["user__email"]
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        constraints = [
            models.UniqueConstraint(fields=["call", "user"], name="initiatives_reviewer_once"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class ProposalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def submitted(self) -> ProposalQuerySet:
        """Proposals the applicants sent (and those decided since): what reviewers see."""
        return self.exclude(state=ProposalState.DRAFT)


class Proposal(models.Model):
    uid = models.CharField(max_length=24, unique=True, default=new_uid, editable=False)
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="proposals")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="call_proposals",
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000)
    description = models.TextField(_("description"), max_length=20000, help_text=_("Markdown."))
    requested_amount = models.DecimalField(
        _("amount requested (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ProposalState.choices,
        default=ProposalState.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_message = models.TextField(_("message to the applicant"), blank=True)
    # An accepted proposal becomes an initiative of the applicant organisation.
    initiative = models.OneToOneField(
        Initiative,
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="call_proposal",
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-created_at", "pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"], name="initiatives_proposal_one_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(requested_amount__isnull=True) | Q(requested_amount__gte=0),
                name="initiatives_proposal_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calls:proposal", args=[self.uid])

    @property
    def is_draft(self) -> bool:
        return self.state == ProposalState.DRAFT

    @property
    def is_decided(self) -> bool:
        return self.state in (ProposalState.ACCEPTED, ProposalState.DECLINED)


class ProposalFile(models.Model):
    uid = models.CharField(max_length=24, unique=True, default=new_uid, editable=False)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="files")
    # Stored under a generated name (services); the uploader's name is only shown.
    file = models.FileField(_("file"), upload_to="initiatives/calls/")
    original_name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("proposal file")
        verbose_name_plural = _("proposal files")

    def __str__(self) -> str:
        return self.original_name


class Review(models.Model):
    """One reviewer's scores of one proposal; the others' scores stay hidden from the reviewer
    until this review is submitted."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="call_proposal_reviews",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"], name="initiatives_review_once_per_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.reviewer}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        ordering = ["criterion__order", "criterion__pk"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="initiatives_score_once_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=SCORE_MIN) & Q(value__lte=SCORE_MAX),
                name="initiatives_score_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
