from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from knowledge.models import Practice
from notifications.consent import HELPDESK_PUBLISH, HELPDESK_QUESTION
from taxonomy.choices import SizeClass
from taxonomy.models import Sector, Theme


class AskForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Your question"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Describe your situation; leave out names and anything confidential."),
    )
    theme = forms.ModelChoiceField(
        label=_("Priority area"),
        queryset=Theme.objects.order_by("position", "pk"),
        empty_label=_("Choose a priority area"),
    )
    sector = forms.ModelChoiceField(
        label=_("Sector (optional)"),
        queryset=Sector.objects.order_by("code"),
        required=False,
        empty_label=_("Any sector"),
    )
    size_class = forms.ChoiceField(
        label=_("Size of your organisation (optional)"),
        choices=[("", _("Not given")), *SizeClass.choices],
        required=False,
    )
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send the answer here. You need no account."),
    )
    consent = forms.BooleanField(label=HELPDESK_QUESTION.wording)
    publish_consent = forms.BooleanField(label=HELPDESK_PUBLISH.wording, required=False)
    # A field people never see (hidden by the style sheet, skipped by screen readers and the
    # keyboard): only robots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, signed_in: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["email"]
            del self.fields["website"]

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )


class HandoverForm(forms.Form):
    to = forms.ModelChoiceField(
        label=_("Hand over to"),
        queryset=None,
        required=False,
        empty_label=_("Back to the queue"),
    )

    def __init__(self, *args: Any, experts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = experts


class PublishForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    summary = forms.CharField(
        label=_("Summary"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Question and answer"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown. Remove names, addresses and anything that identifies the asker."),
    )
    related = forms.ModelMultipleChoiceField(
        label=_("Related practices"),
        queryset=Practice.objects.published().order_by("title"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    anonymised = forms.BooleanField(
        label=_("I removed everything that identifies the asker or their organisation.")
    )

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The practices of the question's priority area: a list one can read through.
        self.fields["related"].queryset = (
            Practice.objects.published().filter(themes=theme).order_by("title")
        )
