"""Questionnaires (versioned: a published version is frozen, so old answers keep their
meaning), their sections, questions and weighted options; an organisation's runs and answers."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from knowledge.models import new_scan_run_uid
from taxonomy.models import Iso26000Subject, Theme

DEFAULT_THRESHOLD = 50


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class QuestionnaireQuerySet(models.QuerySet["Questionnaire"]):
    def published(self) -> QuestionnaireQuerySet:
        return self.filter(status=QuestionnaireStatus.PUBLISHED)


class Questionnaire(models.Model):
    """One version of a questionnaire. Versions share a ``key``; at most one is published."""

    key = models.SlugField(
        _("key"), max_length=60, help_text=_("The same for every version of this questionnaire.")
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    threshold = models.PositiveSmallIntegerField(
        _("weak below (%)"),
        default=DEFAULT_THRESHOLD,
        validators=[MaxValueValidator(100)],
        help_text=_("A section scoring below this share of its points gets recommendations."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=QuestionnaireStatus.choices,
        default=QuestionnaireStatus.DRAFT,
        editable=False,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        ordering = ["key", "-version"]
        verbose_name = _("quick scan questionnaire")
        verbose_name_plural = _("quick scan questionnaires")
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="scan_questionnaire_version"),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(status="published"),
                name="scan_one_published_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_frozen(self) -> bool:
        """Published or retired: answers may point at it, so it never changes again."""
        return self.status != QuestionnaireStatus.DRAFT


class FrozenQuestionnaireMixin(models.Model):
    class Meta:
        abstract = True

    def owning_questionnaire(self) -> Questionnaire | None:
        raise NotImplementedError

    def clean(self) -> None:
        super().clean()
        questionnaire = self.owning_questionnaire()
        if questionnaire is not None and questionnaire.is_frozen:
            raise ValidationError(
                _("This version is published and cannot change. Make a new version to edit it.")
            )


class Section(FrozenQuestionnaireMixin):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("priority area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    iso26000 = models.ForeignKey(
        Iso26000Subject,
        verbose_name=_("ISO 26000 core subject"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title

    def owning_questionnaire(self) -> Questionnaire | None:
        return self.questionnaire if self.questionnaire_id else None

    @property
    def key(self) -> str:
        """What stays the same for this section across versions: its topic, else its place."""
        if self.theme_id:
            return f"theme:{self.theme_id}"
        if self.iso26000_id:
            return f"iso26000:{self.iso26000_id}"
        return f"position:{self.position}"


class Question(FrozenQuestionnaireMixin):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=400)
    help_text = models.CharField(_("explanation"), max_length=400, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="scan_question_weight_pos")
        ]

    def __str__(self) -> str:
        return self.text

    def owning_questionnaire(self) -> Questionnaire | None:
        return self.section.questionnaire if self.section_id else None


class Option(FrozenQuestionnaireMixin):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("answer"), max_length=200)
    points = models.PositiveSmallIntegerField(
        _("points"), default=0, validators=[MaxValueValidator(10)]
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")

    def __str__(self) -> str:
        return self.label

    def owning_questionnaire(self) -> Questionnaire | None:
        return self.question.section.questionnaire if self.question_id else None


class RunQuerySet(models.QuerySet["Run"]):
    def completed(self) -> RunQuerySet:
        return self.filter(completed_at__isnull=False)

    def open(self) -> RunQuerySet:
        return self.filter(completed_at__isnull=True)


class Run(models.Model):
    """One organisation's pass through one questionnaire version. Private to its members."""

    uid = models.CharField(max_length=24, unique=True, default=new_scan_run_uid, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="scan_runs"
    )
    # A version with answers cannot be deleted: the answers would lose their meaning.
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="runs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # Written once at completion: {section key: percent}, and the overall percent.
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    total = models.PositiveSmallIntegerField(_("overall score"), null=True, blank=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("quick scan run")
        verbose_name_plural = _("quick scan runs")
        constraints = [
            # Two members starting at once continue the same run.
            models.UniqueConstraint(
                fields=["organisation", "questionnaire"],
                condition=Q(completed_at__isnull=True),
                name="scan_one_open_run",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.questionnaire}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class Answer(models.Model):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="+")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    class Meta:
        verbose_name = _("quick scan answer")
        verbose_name_plural = _("quick scan answers")
        constraints = [
            models.UniqueConstraint(fields=["run", "question"], name="scan_one_answer_a_question")
        ]

    def __str__(self) -> str:
        return f"{self.question} → {self.option}"
