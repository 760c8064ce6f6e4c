from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from alliance.models import Profile
from taxonomy.models import Theme


class DeclarationForm(forms.Form):
    statement = forms.CharField(
        label=_("Statement of intent (optional)"),
        help_text=_(
            "A few words on what your organisation wants to do. Only your colleagues see it."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    priority_areas = forms.ModelMultipleChoiceField(
        label=_("Priority areas you want to work on (optional)"),
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["strategy", "initiatives", "results", "best_practices", "states_support"]
        help_texts = {
            "strategy": _("Markdown: **bold**, *italic*, lists and links."),
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 6})
            for name in ("strategy", "initiatives", "results", "best_practices")
        }


class CoalitionJoinForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), to_field_name="slug"
    )
    # Offered when the coalition has a laboratory the person is not (or, leaving, is) in: the
    # next step is the laboratory's own page for joining (or leaving) it.
    laboratory = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args, organisations=None, laboratory=None, join=True, **kwargs):
        super().__init__(*args, **kwargs)
        if laboratory is None:
            del self.fields["laboratory"]
        else:
            self.fields["laboratory"].label = (
                _("Also join its laboratory, %(name)s (next step)")
                if join
                else _("Also leave its laboratory, %(name)s (next step)")
            ) % {"name": laboratory.name}
        field = self.fields["organisation"]
        field.queryset = organisations or Organisation.objects.none()
        if not self.is_bound:
            # One organisation to choose from (most people administer one): chosen already.
            only = list(field.queryset[:2])
            if len(only) == 1:
                field.empty_label = None
                self.initial.setdefault("organisation", only[0].slug)
