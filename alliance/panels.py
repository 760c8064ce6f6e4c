from django.http import HttpRequest
from django.template.loader import render_to_string

from accounts.models import Membership
from alliance.models import Profile
from alliance.selectors import declaration_of


def organisation_panel(request: HttpRequest, membership: Membership) -> str:
    organisation = membership.organisation
    return render_to_string(
        "alliance/panel.html",
        {
            "organisation": organisation,
            "membership": membership,
            "declaration": declaration_of(organisation),
            "profile": Profile.objects.filter(organisation=organisation).first(),
        },
        request=request,
    )
