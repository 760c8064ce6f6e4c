"""The help desk: questions asked to experts of a priority area, their threads, and the experts.

Imported at the foot of ``knowledge/models.py`` so that Django registers the models with the
``knowledge`` app. A question is private to its asker, the experts of its priority area and
staff, until a curator publishes it, anonymised, as a practice of type "Question and answer".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from knowledge.models import new_question_uid, new_reply_token
from taxonomy.choices import SizeClass
from taxonomy.models import Sector, Theme


class Expert(models.Model):
    """A person who answers questions of some priority areas (the expert role, per area)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="expert",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("priority areas"), related_name="experts", blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["user__email"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")

    def __str__(self) -> str:
        return str(self.user)


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an expert")
    CLAIMED = "claimed", _("Being answered")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class QuestionQuerySet(models.QuerySet["HelpQuestion"]):
    def unanswered(self) -> QuestionQuerySet:
        return self.filter(status__in=[QuestionStatus.OPEN, QuestionStatus.CLAIMED])

    def for_expert(self, user) -> QuestionQuerySet:
        """Questions of the priority areas ``user`` is an active expert for."""
        return self.filter(theme__experts__user=user, theme__experts__is_active=True)

    def publishable(self) -> QuestionQuerySet:
        return self.filter(
            status__in=[QuestionStatus.ANSWERED, QuestionStatus.CLOSED],
            publish_consent=True,
            practice__isnull=True,
        )


class HelpQuestion(models.Model):
    uid = models.CharField(max_length=16, unique=True, default=new_question_uid, editable=False)
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asker"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="helpdesk_questions",
    )
    # An anonymous asker's address; empty when the asker has an account (theirs is used).
    email = models.EmailField(_("email"), blank=True)
    reply_token = models.CharField(
        max_length=64, unique=True, default=new_reply_token, editable=False
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("question"), max_length=5000)
    theme = models.ForeignKey(
        Theme, verbose_name=_("priority area"), on_delete=models.PROTECT, related_name="+"
    )
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    size_class = models.CharField(
        _("size class"), max_length=10, choices=SizeClass.choices, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=QuestionStatus.choices,
        default=QuestionStatus.OPEN,
        db_index=True,
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("claimed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="helpdesk_claimed",
    )
    # The consent the asker gave to be emailed about this question (the consent text's
    # version and the hash of its wording as shown; an account holder's also goes to
    # notifications.ConsentRecord), and whether they let it be published, anonymised.
    consent_version = models.CharField(_("consent text version"), max_length=60, blank=True)
    consent_sha256 = models.CharField(_("hash of the wording shown"), max_length=64, blank=True)
    publish_consent = models.BooleanField(_("may be published anonymised"), default=False)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True, db_index=True)
    first_answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("last answered at"), null=True, blank=True)
    practice = models.OneToOneField(
        "knowledge.Practice",
        verbose_name=_("published as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="question",
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(asker__isnull=False) | ~Q(email=""),
                name="knowledge_helpquestion_has_asker_or_email",
            )
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("helpdesk:question", args=[self.uid])

    @property
    def asker_email(self) -> str:
        return self.asker.email if self.asker_id else self.email


class Message(models.Model):
    """One message of a question's thread: an expert's answer or the asker's reply."""

    question = models.ForeignKey(HelpQuestion, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_asker = models.BooleanField(_("from the asker"), default=False)
    body = models.TextField(_("message"), max_length=10000)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.question} · {self.created_at:%Y-%m-%d %H:%M}"
