"""The knowledge centre: practices (guides, checklists, …), curated collections, attachments and
saved searches. Search lives in knowledge/search/; writes in knowledge/services.py."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

import uploads
from taxonomy.choices import Country
from taxonomy.models import Iso26000Subject, Sector, Theme


class PracticeType(models.TextChoices):
    GUIDE = "guide", _("Guide")
    CHECKLIST = "checklist", _("Checklist")
    EXERCISE = "exercise", _("Exercise")
    TRAINING = "training", _("Training session")
    INSTRUMENT = "instrument", _("Working instrument")
    STUDY = "study", _("Exploratory study")
    HANDBOOK = "handbook", _("Handbook")
    GOOD_PRACTICE = "good-practice", _("Good practice")
    CASE_STUDY = "case-study", _("Case study")
    # An answered help desk question, published anonymised (knowledge/helpdesk/).
    QUESTION_ANSWER = "question-answer", _("Question and answer")
    # A joint position paper or policy recommendations, such as DESIGN-MTS's (issue 15).
    POLICY_PAPER = "policy-paper", _("Position paper or policy recommendations")


class Audience(models.TextChoices):
    """Who a practice is written for. Stored as codes in a JSON list: a new audience needs no
    migration, and a code, once used, is never renamed (imports and saved searches name it).

    Trainers (who run courses, as in Trivisi's training sessions) stay apart from researchers
    and educators (universities and schools); public authorities (organisations that act:
    procurement, support programmes) apart from policy makers (who set policy, the readers of
    recommendations and of the monitoring dashboard)."""

    SME = "sme", _("Small and medium-sized enterprises")
    LARGE = "large-enterprise", _("Large enterprises")
    INTERMEDIARY = "intermediary", _("Intermediaries and business associations")
    EMPLOYEE = "employee", _("Employees and worker representatives")
    TRAINER = "trainer", _("Trainers")
    RESEARCHER = "researcher", _("Researchers and educators")
    PUBLIC = "public-authority", _("Public authorities")
    POLICY_MAKER = "policy-maker", _("Policy makers")
    INVESTOR = "investor", _("Investors")
    CONSUMER = "consumer", _("Consumers")


class Language(models.TextChoices):
    EN = "en", _("English")
    NL = "nl", _("Dutch")
    FR = "fr", _("French")
    DE = "de", _("German")
    OTHER = "other", _("Other language")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


def new_slug(title: str) -> str:
    """Readable but opaque: the title's first words and a random part, never a sequence."""
    stem = slugify(title)[:60].strip("-") or "practice"
    return f"{stem}-{secrets.token_hex(4)}"


class PracticeQuerySet(models.QuerySet):
    def published(self) -> PracticeQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def review_queue(self) -> PracticeQuerySet:
        return self.filter(status=Status.REVIEW)

    def review_overdue(self, today=None) -> PracticeQuerySet:
        today = today or timezone.localdate()
        return self.filter(status=Status.PUBLISHED, review_by__lt=today)


class Practice(models.Model):
    source_id = models.CharField(
        _("source id"),
        max_length=120,
        unique=True,
        help_text=_("The stable id of the record in the source it was imported from."),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), max_length=1000)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    type = models.CharField(_("type"), max_length=20, choices=PracticeType.choices)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("priority areas"), related_name="practices", blank=True
    )
    iso26000 = models.ManyToManyField(
        Iso26000Subject,
        verbose_name=_("ISO 26000 core subjects"),
        related_name="practices",
        blank=True,
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("NACE sectors"), related_name="practices", blank=True
    )
    # Lists of codes from Audience and Country; JSON keeps them portable to SQLite (make run).
    audience = models.JSONField(_("audience"), default=list, blank=True)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    # A practice keeps the one language it was written in; its versions in other languages
    # point at the original, and each version's page links to the others.
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        help_text=_("The original practice, when this one is a version in another language."),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("external address"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    review_by = models.DateField(_("review by"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_practices",
    )
    # Withdrawn practices (issue 14): an archived practice's page names what replaces it.
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text=_("The practice that replaces this one once it is archived."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Filled by a database trigger on PostgreSQL (see migration 0002_search); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PracticeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["-published_at", "title"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="knowledge_practice_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Identifiers only; no business flow here.
        if not self.slug:
            self.slug = new_slug(self.title)
        if not self.source_id:
            self.source_id = self.slug
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("knowledge:practice", args=[self.slug])

    def clean(self) -> None:
        super().clean()
        if self.successor_id is not None and self.successor_id == self.pk:
            raise ValidationError({"successor": _("A practice cannot replace itself.")})
        original = self.translation_of
        if original is None:
            return
        # Versions hang off the original, never off another version, so a group is one level.
        if original.translation_of_id is not None:
            original = self.translation_of = original.translation_of
        if original.pk == self.pk:
            raise ValidationError({"translation_of": _("A practice cannot translate itself.")})
        if self.translations.exists():
            raise ValidationError(
                {"translation_of": _("This practice is the original of other versions.")}
            )
        if original.language == self.language:
            raise ValidationError(
                {"translation_of": _("A translation is in another language than its original.")}
            )

    @property
    def is_withdrawn(self) -> bool:
        """Archived, and not a member's suggestion that was declined before it was ever
        published: that one was never public, so its page stays missing, not withdrawn."""
        if self.status != Status.ARCHIVED:
            return False
        return self.published_at is not None or self.submitted_by_id is None

    def other_language_versions(self) -> list[Practice]:
        """The published versions of this practice in other languages, original included."""
        root = self.translation_of_id or self.pk
        versions = (
            Practice.objects.published()
            .filter(models.Q(pk=root) | models.Q(translation_of_id=root))
            .exclude(pk=self.pk)
            .exclude(language__in=[self.language, Language.OTHER])
            .only("slug", "language")
        )
        order = [code for code, _name in settings.LANGUAGES]
        return sorted(
            versions, key=lambda v: order.index(v.language) if v.language in order else 99
        )

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels.get(code, code)) for code in self.audience]

    @property
    def country_labels(self) -> list[str]:
        labels = dict(Country.choices)
        return [str(labels.get(code, code)) for code in self.countries]


class Submission(Practice):
    """A practice suggested by a user, as the review queue shows it."""

    class Meta:
        proxy = True
        # The admin groups it under "Review queue" (accounts/admin_site.py): the name needs
        # no "to review", which made "Select submission to review to change".
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")


class PracticeDueForReview(Practice):
    class Meta:
        proxy = True
        verbose_name = _("practice due for review")
        verbose_name_plural = _("practices due for review")


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never comes from the uploader.
    return f"knowledge/{secrets.token_hex(16)}.{instance.extension}"


class Attachment(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    uid = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("original name"), max_length=200)
    extension = models.CharField(_("kind"), max_length=8)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(auto_now_add=True)
    # --- Downloads (issue 14): what the practice page shows, and how an import recognises a
    # file it already holds (the SHA-256 of its content).
    title = models.CharField(_("title"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:attachment", args=[self.uid])

    @property
    def label(self) -> str:
        return self.title or self.original_name

    @property
    def kind_label(self) -> str:
        kind = uploads.KINDS.get(self.extension)
        return kind.label if kind else self.extension.upper()


# --- External links (issue 14) ----------------------------------------------------------------


class PracticeLink(models.Model):
    """An address outside the portal that belongs with a practice: a tool, a video, the
    publisher's own page. Only http and https, so a link never runs script or opens a file."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(
        _("address"), max_length=500, validators=[URLValidator(schemes=["http", "https"])]
    )
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.title

    @property
    def host(self) -> str:
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")


class CollectionQuerySet(models.QuerySet):
    def published(self) -> CollectionQuerySet:
        return self.filter(is_published=True)


class Collection(models.Model):
    """A curated, ordered bundle of practices: one of Trivisi's 'boxes'."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    practices = models.ManyToManyField(
        Practice, through="CollectionItem", related_name="collections"
    )
    history = HistoricalRecords()

    objects = CollectionQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:collection", args=[self.slug])


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "practice"], name="knowledge_item_once_per_collection"
            )
        ]
        verbose_name = _("collection item")
        verbose_name_plural = _("collection items")

    def __str__(self) -> str:
        return f"{self.collection} · {self.practice}"


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


def new_token() -> str:
    return secrets.token_urlsafe(12)


class SavedSearch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    token = models.CharField(max_length=24, unique=True, default=new_token, editable=False)
    name = models.CharField(_("name"), max_length=120)
    # The library page's query string (q and facet parameters), normalised by search.Params.
    query = models.CharField(_("search"), max_length=1000, blank=True)
    frequency = models.CharField(
        _("email alerts"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_alert_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("knowledge:index") + (f"?{self.query}" if self.query else "")


class SearchSynonyms(models.Model):
    """Words and phrases a search treats as one: a query holding any of them also finds the
    others (knowledge/search/synonyms.py). Curated in the admin; both engines apply them."""

    language = models.CharField(
        _("language"),
        max_length=5,
        choices=[(code, label) for code, label in Language.choices if code != Language.OTHER],
    )
    terms = models.TextField(
        _("words and phrases"),
        help_text=_("One word or phrase per line (or separated by commas); at least two."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["language", "pk"]
        verbose_name = _("search synonyms")
        verbose_name_plural = _("search synonyms")

    def __str__(self) -> str:
        return ", ".join(self.term_list())

    def term_list(self) -> list[str]:
        """The words and phrases, in their order, each once."""
        found: list[str] = []
        for line in self.terms.replace(",", "\n").splitlines():
            term = " ".join(line.split())[:100]
            if term and term.casefold() not in {t.casefold() for t in found}:
                found.append(term)
        return found[:20]

    def clean(self) -> None:
        if len(self.term_list()) < 2:
            raise ValidationError({"terms": _("Give at least two words or phrases.")})


# The quick scan's and the help desk's identifiers, here so that their migrations name callables
# of knowledge.models (tests/config/test_migrations.py).
def new_scan_run_uid() -> str:
    return secrets.token_urlsafe(12)


def new_question_uid() -> str:
    return secrets.token_urlsafe(9)


def new_reply_token() -> str:
    # An anonymous asker's only key to their thread: long enough never to be guessed.
    return secrets.token_urlsafe(32)


# The quick scan's and the help desk's models live in their own packages; importing them here
# registers them with the app.
from knowledge.helpdesk.models import Expert, HelpQuestion, Message  # noqa: E402, F401
from knowledge.scan.models import (  # noqa: E402, F401
    Answer,
    Option,
    Question,
    Questionnaire,
    Run,
    Section,
)
