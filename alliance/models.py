"""The voluntary Alliance: declarations of support, anonymous counters, profiles, coalitions.

The Alliance "is not to be signed" and the operator keeps no list of supporters: a declaration
is visible to its own organisation's members only, nothing lists supporting organisations, and
withdrawal deletes the declaration. Only anonymous counters (month and one attribute at a time)
survive it.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, OrganisationKind

# Who declares support. COM(2006) 136 calls on "European enterprises of all sizes" to express
# their support for "an open alliance of European enterprises" (with the business networks of the
# Roadmap for Businesses), and says it "is not to be signed by enterprises, the Commission or any
# public authority". Trade unions, NGOs, public authorities and research bodies take part through
# initiatives, the coalitions and the Forum instead. The one place this rule is written: services,
# views, panels, the next steps (alliance/start.py) and the demo all ask it.
MAY_DECLARE_SUPPORT: frozenset[str] = frozenset(
    {OrganisationKind.ENTERPRISE, OrganisationKind.ASSOCIATION}
)
WHO_DECLARES = _(
    "Only enterprises and business or sector associations declare support for the Alliance. "
    "The Alliance is a call to European enterprises of all sizes; it is not signed by public "
    "authorities, and other organisations take part in other ways."
)


def may_declare_support(organisation: Organisation) -> bool:
    """Whether ``organisation`` is of a kind that declares support (``MAY_DECLARE_SUPPORT``).

    A declaration made before is kept whatever the kind now: it stays until withdrawn."""
    return organisation.kind in MAY_DECLARE_SUPPORT


class ActivityArea(models.Model):
    """One of the Alliance's three areas of activity (COM(2006) 136)."""

    slug = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("area of activity")
        verbose_name_plural = _("areas of activity")

    def __str__(self) -> str:
        return self.title


class SupportDeclaration(models.Model):
    """An organisation's declaration of support: no conditions, no signature."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="support_declaration"
    )
    statement = models.TextField(_("statement of intent"), blank=True, max_length=2000)
    # No reverse accessor from a theme: nothing should reach supporters from a priority area.
    priority_areas = models.ManyToManyField(
        "taxonomy.Theme", verbose_name=_("priority areas"), blank=True, related_name="+"
    )
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        verbose_name = _("support declaration")
        verbose_name_plural = _("support declarations")

    def __str__(self) -> str:
        return str(_("Support declaration"))


class Dimension(models.TextChoices):
    TOTAL = "total", _("All supporters")
    COUNTRY = "country", _("Country")
    SIZE_CLASS = "size_class", _("Size")
    SECTOR = "sector", _("Sector")
    PRIORITY_AREA = "priority_area", _("Priority area")


class SupportCounter(models.Model):
    """How many declarations were made and withdrawn in a month, for one attribute value.

    One attribute per row, never a combination of them, so a row cannot single out an
    organisation, and no row points to one.
    """

    month = models.DateField()
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    value = models.CharField(max_length=80, blank=True)
    declared = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("support counter")
        verbose_name_plural = _("support counters")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "dimension", "value"], name="alliance_counter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.dimension}={self.value}"


class ProfileQuerySet(models.QuerySet["Profile"]):
    def published(self) -> ProfileQuerySet:
        return self.filter(published=True)


class Profile(models.Model):
    """An organisation's own CSR profile, public only once it publishes it."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="csr_profile"
    )
    published = models.BooleanField(_("published"), default=False)
    strategy = models.TextField(_("CSR strategy"), blank=True, max_length=20000)
    initiatives = models.TextField(_("initiatives"), blank=True, max_length=20000)
    results = models.TextField(_("results"), blank=True, max_length=20000)
    best_practices = models.TextField(_("best practices"), blank=True, max_length=20000)
    states_support = models.BooleanField(
        _("say on this profile that we support the Alliance"), default=False
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("CSR profile")
        verbose_name_plural = _("CSR profiles")

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        return reverse("alliance:profile", kwargs={"slug": self.organisation.slug})

    SECTIONS = ("strategy", "initiatives", "results", "best_practices")

    def has_content(self) -> bool:
        return any(getattr(self, name).strip() for name in self.SECTIONS)


class Coalition(models.Model):
    """An open coalition of cooperation on one priority area."""

    theme = models.OneToOneField(
        "taxonomy.Theme", on_delete=models.CASCADE, related_name="coalition"
    )
    purpose = models.TextField(_("purpose"))
    # Where the coalition meets: its laboratory meetings are the meetings of this forum body.
    laboratory = models.ForeignKey(
        "forum.Body",
        verbose_name=_("laboratory"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coalitions",
        help_text=_("The forum body whose meetings are the coalition's laboratory meetings."),
    )
    # Initiatives their organisations linked to the coalition (initiatives.links); its page
    # lists the published ones.
    initiatives = models.ManyToManyField(
        "initiatives.Initiative",
        verbose_name=_("initiatives"),
        related_name="coalitions",
        blank=True,
    )

    class Meta:
        ordering = ["theme__position"]
        verbose_name = _("coalition")
        verbose_name_plural = _("coalitions")

    def __str__(self) -> str:
        return str(self.theme)

    def get_absolute_url(self) -> str:
        return reverse("alliance:coalition", kwargs={"slug": self.theme.slug})


class CoalitionMember(models.Model):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="coalition_memberships"
    )
    joined = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("coalition member")
        verbose_name_plural = _("coalition members")
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "organisation"], name="alliance_coalition_member_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.coalition}"
