from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from initiatives.calls import services
from initiatives.calls.models import SCORE_MAX, SCORE_MIN, Criterion, Proposal


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["title", "summary", "description", "requested_amount"]
        labels = {"requested_amount": _("Amount requested in euros (optional)")}
        help_texts = {
            "summary": _("Two or three sentences: shown to reviewers first."),
            "description": _(
                "Markdown. What the project does, for whom, with which partners and when."
            ),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 12}),
        }

    def text(self) -> services.ProposalText:
        data = self.cleaned_data
        return services.ProposalText(
            title=data["title"],
            summary=data["summary"],
            description=data["description"],
            requested_amount=data["requested_amount"],
        )


class NewProposalForm(ProposalForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation applying"), queryset=Organisation.objects.none()
    )

    class Meta(ProposalForm.Meta):
        fields = ["organisation", *ProposalForm.Meta.fields]

    def __init__(self, *args: Any, organisations: Iterable[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        self.fields["organisation"].queryset = choices.order_by("name")
        self.fields["organisation"].empty_label = None


class FileForm(forms.Form):
    file = forms.FileField(
        label=_("Add a file"),
        help_text=_("PDF, Word, OpenDocument, Excel, PowerPoint, PNG or JPEG, up to 10 MB."),
    )


SCORE_CHOICES = [("", _("Not scored yet"))] + [
    (str(n), str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)
]


class ReviewForm(forms.Form):
    """A score (0 to 5) and an optional comment per criterion of the call."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("Score for “%(criterion)s” (weight %(weight)s)")
                % {"criterion": criterion.title, "weight": criterion.weight},
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=criterion.description,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s” (optional)") % {"criterion": criterion.title},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def scores(self) -> dict[int, tuple[int | None, str]]:
        data = self.cleaned_data
        return {
            c.pk: (data.get(f"score_{c.pk}"), data.get(f"comment_{c.pk}") or "")
            for c in self.criteria
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent with the decision; say why, above all when you decline."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("message") or "").strip():
            self.add_error("message", _("Tell the applicant why the proposal is declined."))
        return data
