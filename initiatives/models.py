"""Organisations' CSR initiatives and projects: private to the organisation until it publishes
them. Nothing here reads or shows whether the organisation supports the Alliance: the
Communication calls the Alliance "a political umbrella for new or existing CSR initiatives",
and an initiative stands on its own."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from taxonomy.choices import Country
from taxonomy.models import Iso26000Subject, Theme
from uploads.models import LinkOrFile


def new_uid() -> str:
    # Opaque, URL-safe and unguessable: initiatives are private until published.
    return secrets.token_urlsafe(12)


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")


class InitiativeQuerySet(models.QuerySet["Initiative"]):
    def published(self) -> InitiativeQuerySet:
        return self.filter(published_at__isnull=False)

    def of_member(self, user) -> InitiativeQuerySet:
        """What ``user`` may see: published ones and those of their organisations."""
        if not user.is_authenticated:
            return self.published()
        return self.filter(
            Q(published_at__isnull=False) | Q(organisation__memberships__user=user)
        ).distinct()


class Initiative(models.Model):
    uid = models.CharField(max_length=24, unique=True, default=new_uid, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="initiatives",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), help_text=_("Markdown."))
    themes = models.ManyToManyField(
        Theme, verbose_name=_("priority areas"), related_name="initiatives", blank=True
    )
    iso26000 = models.ManyToManyField(
        Iso26000Subject,
        verbose_name=_("ISO 26000 core subjects"),
        related_name="initiatives",
        blank=True,
    )
    # Codes from taxonomy's Country, as the knowledge centre stores them.
    countries = models.JSONField(_("countries"), default=list, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    results = models.TextField(_("results"), blank=True, help_text=_("Markdown."))
    practices = models.ManyToManyField(
        "knowledge.Practice",
        verbose_name=_("practices it produced"),
        related_name="initiatives",
        blank=True,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registered_initiatives",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at", "pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="initiatives_initiative_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", kwargs={"uid": self.uid})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def country_labels(self) -> list[str]:
        labels = dict(Country.choices)
        return [str(labels.get(code, code)) for code in self.countries]


class PartnerState(models.TextChoices):
    INVITED = "invited", _("Invited")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class InitiativePartnerQuerySet(models.QuerySet["InitiativePartner"]):
    def confirmed(self) -> InitiativePartnerQuerySet:
        return self.filter(state=PartnerState.CONFIRMED)


class InitiativePartner(models.Model):
    """Another organisation named as a partner. It is named on the initiative's pages only once
    its administrators have confirmed."""

    uid = models.CharField(max_length=24, unique=True, default=new_uid, editable=False)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partner organisation"),
        on_delete=models.CASCADE,
        related_name="initiative_partnerships",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=PartnerState.choices, default=PartnerState.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = InitiativePartnerQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "pk"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "organisation"], name="initiatives_partner_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_state_display()})"


def _resource_path(instance: Resource, filename: str) -> str:
    # The stored name is generated: the uploader's file name never reaches the file system.
    return f"initiatives/{secrets.token_hex(16)}.{instance.extension}"


class Resource(LinkOrFile):
    """A link or a file belonging with an initiative."""

    uid = models.CharField(max_length=24, unique=True, default=new_uid, editable=False)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="resources")
    url = models.URLField(
        _("address"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    file = models.FileField(_("file"), upload_to=_resource_path, blank=True, max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(LinkOrFile.Meta):
        ordering = ["created_at", "pk"]
        verbose_name = _("link or file")
        verbose_name_plural = _("links and files")


# The calls for projects live in their own package; importing them here registers them with
# the app.
from initiatives.calls.models import (  # noqa: E402, F401
    Call,
    Criterion,
    Proposal,
    ProposalFile,
    Review,
    Reviewer,
    Score,
)
