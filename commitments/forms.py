from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationKind, User
from commitments import services
from commitments.models import Commitment, Framework, Pledge, ProgressReport, Status
from commitments.periods import Cycle
from taxonomy.models import Sector


class DateInput(forms.DateInput):
    input_type = "date"


class PledgeForm(forms.Form):
    targets = forms.MultipleChoiceField(
        label=_("Actions and sub-items"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one action or sub-item.")},
    )
    target_date = forms.DateField(
        label=_("Target date"),
        widget=DateInput,
        help_text=_("When you expect to have carried out what you pledge."),
    )
    is_public = forms.BooleanField(
        label=_("Make these pledges public"),
        required=False,
        help_text=_(
            "Public pledges show your organisation's name on the action's page. Private "
            "pledges are seen only by your organisation and the framework's coordinators."
        ),
    )

    def __init__(
        self,
        *args: Any,
        structure: list[Commitment],
        taken: set[tuple[int, int | None]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lookup: dict[str, services.Target] = {}
        self.groups: list[tuple[Commitment, list[tuple[str, str, str, bool]]]] = []
        choices = []
        for commitment in structure:
            options = []
            for action in commitment.actions.all():
                key = f"a{action.pk}"
                self.lookup[key] = services.Target(action=action)
                options.append((key, action.code, action.text, (action.pk, None) in taken))
                for sub in action.sub_items.all():
                    sub_key = f"s{sub.pk}"
                    self.lookup[sub_key] = services.Target(action=action, sub_item=sub)
                    options.append(
                        (
                            sub_key,
                            f"{action.code}{sub.letter}",
                            sub.text,
                            (action.pk, sub.pk) in taken,
                        )
                    )
            choices.extend((key, code) for key, code, _text, is_taken in options if not is_taken)
            self.groups.append((commitment, options))
        self.fields["targets"].choices = choices

    def chosen_targets(self) -> list[services.Target]:
        return [self.lookup[key] for key in self.cleaned_data["targets"]]


class ReportForm(forms.Form):
    period = forms.ChoiceField(label=_("Reporting period"))
    status = forms.TypedChoiceField(
        label=_("Status"), choices=Status.choices, coerce=int, widget=forms.RadioSelect
    )
    narrative = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=_("What your organisation did on this pledge in the period, and with whom."),
    )
    smes_reached = forms.IntegerField(
        label=_("SMEs reached"),
        min_value=0,
        max_value=10_000_000,
        required=False,
        help_text=_("How many SMEs your association's work reached in the period."),
    )
    practices_used = forms.CharField(
        label=_("Knowledge-centre practices used"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text=_("Titles or addresses of practices from the knowledge centre, one a line."),
    )

    # What a report says, as the services take it (the period is chosen once, on creation).
    REPORT_FIELDS = ("status", "narrative", "smes_reached", "practices_used")

    def __init__(
        self,
        *args: Any,
        pledge: Pledge,
        periods: list[str] | None = None,
        report: ProgressReport | None = None,
        **kwargs: Any,
    ) -> None:
        """A new report with ``periods`` to choose from, or the edit of ``report``."""
        if report is not None:
            kwargs["initial"] = {name: getattr(report, name) for name in self.REPORT_FIELDS}
        super().__init__(*args, **kwargs)
        if periods is None:
            del self.fields["period"]
        else:
            self.fields["period"].choices = [(code, code) for code in periods]
        if pledge.organisation.kind != OrganisationKind.ASSOCIATION:
            del self.fields["smes_reached"]

    def report_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.REPORT_FIELDS}


class EvidenceLinkForm(forms.Form):
    prefix = "link"  # the report page shows both evidence forms: their ids must not clash
    title = forms.CharField(label=_("Title of the link"), max_length=200)
    url = forms.URLField(label=_("Address"), assume_scheme="https", max_length=200)
    added = _("The link was added.")
    error_field: str | None = None  # where the service's refusal shows

    def add_to(self, report: ProgressReport, by: User) -> None:
        services.evidence_add_link(report=report, by=by, **self.cleaned_data)


class EvidenceFileForm(forms.Form):
    prefix = "file"
    title = forms.CharField(label=_("Title of the file"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, PNG, JPEG, DOCX, ODT or XLSX, up to 10 MB.")
    )
    added = _("The file was added.")
    error_field: str | None = "file"

    def add_to(self, report: ProgressReport, by: User) -> None:
        services.evidence_add_file(
            report=report, by=by, title=self.cleaned_data["title"], upload=self.cleaned_data["file"]
        )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return for revision"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment for the organisation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=_("Required when you return the report: say what needs revising."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what needs revising."))
        return data


class OutlineImportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    short_title = forms.CharField(label=_("Short title"), max_length=80)
    slug = forms.SlugField(label=_("Address key"), max_length=80)
    sector = forms.ModelChoiceField(
        label=_("Sector (NACE)"), queryset=Sector.objects.all(), required=False
    )
    sector_label = forms.CharField(
        label=_("Sector as the source names it"), max_length=200, required=False
    )
    introduction = forms.CharField(label=_("Introduction"), widget=forms.Textarea, required=False)
    source = forms.CharField(
        label=_("Source (attribution)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    source_url = forms.URLField(label=_("Source address"), required=False, assume_scheme="https")
    period_start = forms.DateField(label=_("Monitoring starts"), widget=DateInput)
    period_end = forms.DateField(label=_("Monitoring ends"), widget=DateInput)
    reporting_cycle = forms.ChoiceField(
        label=_("Reporting cycle"), choices=Cycle.choices, initial=Cycle.HALF_YEAR
    )
    coordinators = forms.ModelMultipleChoiceField(
        label=_("Coordinators"),
        queryset=User.objects.filter(is_active=True).order_by("email"),
        required=False,
    )
    is_published = forms.BooleanField(label=_("Published"), required=False)
    outline = forms.CharField(
        label=_("Outline"),
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "One commitment heading a line (“Commitment 1 – Title”), numbered actions under it "
            "(“1. Text”), lettered sub-items under an action (“a. Text”)."
        ),
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug in services.RESERVED_SLUGS:
            raise forms.ValidationError(_("This address key is reserved."))
        if Framework.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("A framework with this address key exists."))
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("period_end", _("The monitoring period must end after it starts."))
        return data
