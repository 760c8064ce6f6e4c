"""People, the organisations they represent, and the link between the two."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from taxonomy.choices import Country, SizeClass


def normalise_email(email: str) -> str:
    """Case-fold the whole address: two spellings of one mailbox must not become two accounts."""
    return email.strip().casefold()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. They sign in with their email address; there are no usernames."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # The person hid the "Next steps" on Your portal (accounts.next_steps) before doing them all.
    next_steps_hidden = models.BooleanField(_("next steps hidden"), default=False)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalise_email(self.email)

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    # --- Staff powers held back for one request (accounts.middleware) --------------------------
    # A staff session that has not passed the second factor gets a request user without staff
    # status, superuser status or permissions, so every check anywhere (``is_staff``,
    # ``has_perm``, the admin, templates' ``perms``) sees an ordinary person.
    staff_powers_withheld = False

    @property
    def is_staff_account(self) -> bool:
        """Whether the account holds staff powers, even when this request's copy does not."""
        return self.staff_powers_withheld or self.is_staff or self.is_superuser

    def withhold_staff_powers(self) -> None:
        self.staff_powers_withheld = True
        self.is_staff = False
        self.is_superuser = False

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.staff_powers_withheld and self.pk is not None:
            # The powers are the account's, not this request's: a profile form saving the
            # request's user must not write them away.
            fields = kwargs.get("update_fields")
            if fields is None:
                fields = [f.name for f in self._meta.concrete_fields if not f.primary_key]
            kwargs["update_fields"] = [f for f in fields if f not in ("is_staff", "is_superuser")]
        super().save(*args, **kwargs)

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        if self.staff_powers_withheld:
            self.withhold_staff_powers()

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return not self.staff_powers_withheld and super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        return not self.staff_powers_withheld and super().has_module_perms(app_label)

    def get_user_permissions(self, obj: object = None) -> set[str]:
        return set() if self.staff_powers_withheld else super().get_user_permissions(obj)

    def get_group_permissions(self, obj: object = None) -> set[str]:
        return set() if self.staff_powers_withheld else super().get_group_permissions(obj)

    def get_all_permissions(self, obj: object = None) -> set[str]:
        return set() if self.staff_powers_withheld else super().get_all_permissions(obj)


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    ASSOCIATION = "association", _("Business or sector association")
    TRADE_UNION = "trade-union", _("Trade union")
    NGO = "ngo", _("NGO or civil society organisation")
    PUBLIC_AUTHORITY = "public-authority", _("Public authority")
    RESEARCH = "research", _("Research or education")


def opaque_slug(name: str, *, fallback: str, random_chars: int = 8) -> str:
    """A name prefix for humans, then random characters so slugs can't be enumerated (the
    portal's rule for slugs of private objects); ``fallback`` when the name gives no prefix."""
    # Lower-case letters and digits only, so the slug stays a valid SlugField value.
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    prefix = slugify(name)[:60].strip("-") or fallback
    return f"{prefix}-{''.join(secrets.choice(alphabet) for _ in range(random_chars))}"


class Organisation(models.Model):
    """A company or other body a person represents. Private unless it publishes a profile."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address key"), max_length=80, unique=True, editable=False)
    kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=OrganisationKind.choices
    )
    size_class = models.CharField(_("size"), max_length=10, choices=SizeClass.choices)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    sector = models.ForeignKey(
        "taxonomy.Sector",
        verbose_name=_("sector (NACE)"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    website = models.URLField(_("website"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = opaque_slug(self.name, fallback="organisation")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("accounts:organisation", kwargs={"slug": self.slug})


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    """A person's place in an organisation."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="accounts_membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An organisation admin's invitation to a colleague, sent by email with a secret link."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True),
                name="accounts_invitation_one_open_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("accounts:invitation", kwargs={"token": self.token})

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def reissue(self, *, role: str, invited_by: User, expires_at: datetime) -> None:
        """Renew an open invitation with a fresh secret link: the link sent before stops
        working, so an expired link is never brought back to life."""
        self.token = _invitation_token()
        self.role = role
        self.invited_by = invited_by
        self.expires_at = expires_at
        self.save(update_fields=["token", "role", "invited_by", "expires_at"])


class StaffEnrolment(models.Model):
    """A one-time link with which a staff account may set up its second factor.

    Only the SHA-256 of the link's secret is stored; the link is shown or mailed once.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("second-factor enrolment link")
        verbose_name_plural = _("second-factor enrolment links")

    def __str__(self) -> str:
        return str(self.user)
