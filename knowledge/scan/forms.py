from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from knowledge.scan.models import Option, Section


class SectionForm(forms.Form):
    """One radio group per question of a section; ``complete`` makes every one required (the
    "continue" button), otherwise what is answered is kept for later."""

    def __init__(
        self,
        *args: Any,
        section: Section,
        chosen: dict[int, Option],
        complete: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        for question in section.questions.all():
            field = forms.TypedChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=[(o.pk, o.label) for o in question.options.all()],
                coerce=int,
                widget=forms.RadioSelect,
                required=complete,
                empty_value=None,
                error_messages={"required": _("Choose an answer to this question.")},
            )
            field.question = question  # type: ignore[attr-defined]
            name = f"q{question.pk}"
            self.fields[name] = field
            if question.pk in chosen:
                self.initial[name] = chosen[question.pk].pk

    def choices(self) -> dict[int, int | None]:
        return {
            field.question.pk: self.cleaned_data.get(name)  # type: ignore[attr-defined]
            for name, field in self.fields.items()
        }
