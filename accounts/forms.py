from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Role, User
from taxonomy.forms import sector_choices


def _https_urls(field: models.Field, **kwargs: object) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class OrganisationForm(forms.ModelForm):
    class Meta:
        formfield_callback = _https_urls
        model = Organisation
        fields = ["name", "kind", "size_class", "country", "sector", "website"]
        help_texts = {
            "size_class": _("By staff headcount, as the EU defines SMEs."),
            "website": _("Optional. Start with https://"),
            "sector": _(
                "Your division of NACE Rev. 2, the EU's classification of economic activities."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = sector_choices()


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's email address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language"]


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
