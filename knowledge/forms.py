from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from knowledge.files import validate_attachment
from knowledge.models import Audience, Frequency, Language, PracticeType
from notifications.consent import SAVED_SEARCH_ALERTS
from taxonomy.choices import Country
from taxonomy.models import Theme


class SubmissionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: what it is and who it helps."),
    )
    body = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Optional. You may use Markdown."),
    )
    type = forms.ChoiceField(label=_("Type"), choices=PracticeType.choices)
    themes = forms.ModelMultipleChoiceField(
        label=_("Priority areas"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience = forms.MultipleChoiceField(
        label=_("Audience"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    countries = forms.MultipleChoiceField(
        label=_("Countries"), choices=Country.choices, required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, required=False)
    publisher = forms.CharField(label=_("Publisher"), max_length=200, required=False)
    url = forms.URLField(
        label=_("Web address"), required=False, assume_scheme="https", max_length=200
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Optional. PDF, DOCX, ODT, XLSX, PPTX, PNG or JPEG, at most 20 MB."),
    )

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_attachment(upload)
        return upload


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name of this search"), max_length=120, required=False)
    query = forms.CharField(max_length=1000, required=False, widget=forms.HiddenInput)
    frequency = forms.ChoiceField(
        label=_("Email me new matching practices"),
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
        help_text=SAVED_SEARCH_ALERTS.wording,
    )
