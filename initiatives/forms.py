from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives import links
from initiatives.models import Initiative, Status
from knowledge.models import Practice
from taxonomy.choices import Country
from taxonomy.models import Iso26000Subject, Theme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the initiative does, for whom, and with what aim. You may use Markdown."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.PLANNED)
    starts_on = forms.DateField(label=_("Start"), required=False, widget=DateInput)
    ends_on = forms.DateField(
        label=_("End"), required=False, widget=DateInput, help_text=_("Leave empty if open-ended.")
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Priority areas"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    iso26000 = forms.ModelMultipleChoiceField(
        label=_("ISO 26000 core subjects"),
        queryset=Iso26000Subject.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        choices=Country.choices,
        required=False,
        help_text=_("Where the initiative takes place."),
    )
    results = forms.CharField(
        label=_("Results"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Optional. What it has achieved so far. You may use Markdown."),
    )
    practices = forms.ModelMultipleChoiceField(
        label=_("Practices it produced"),
        queryset=Practice.objects.published().order_by("title"),
        required=False,
        help_text=_("Guides, tools or case studies in the knowledge centre that came out of it."),
    )

    def __init__(self, *args: Any, initiative: Initiative | None = None, **kwargs: Any) -> None:
        if initiative is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": initiative.title,
                "description": initiative.description,
                "status": initiative.status,
                "starts_on": initiative.starts_on,
                "ends_on": initiative.ends_on,
                "themes": list(initiative.themes.all()),
                "iso26000": list(initiative.iso26000.all()),
                "countries": initiative.countries,
                "results": initiative.results,
                "practices": list(initiative.practices.all()),
                **{
                    kind.name: [linked.key for linked in kind.current(initiative)]
                    for kind in links.kinds()
                },
            }
        super().__init__(*args, **kwargs)
        for kind in links.kinds():
            self.fields[kind.name] = forms.MultipleChoiceField(
                label=kind.label,
                help_text=kind.help_text,
                choices=kind.choices(),
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end cannot come before the start."))
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "title",
                "description",
                "status",
                "starts_on",
                "ends_on",
                "themes",
                "iso26000",
                "countries",
                "results",
                "practices",
            )
        }

    def links_to(self) -> dict[str, list[str]]:
        return {kind.name: self.cleaned_data.get(kind.name, []) for kind in links.kinds()}


class PartnerForm(forms.Form):
    partner = forms.CharField(
        label=_("Partner organisation"),
        max_length=300,
        help_text=_(
            "Its name as registered on the portal, or the address of its organisation page. "
            "Its administrators are asked to confirm; it is named only once they have."
        ),
    )


class LinkForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Web address"), max_length=500, assume_scheme="https")


class FileForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    upload = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, ODT, XLSX, PPTX, PNG or JPEG, at most 10 MB."),
    )
