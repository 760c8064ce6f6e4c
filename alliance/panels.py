from django.http import HttpRequest
from django.template.loader import render_to_string

from accounts.models import Membership
from alliance.models import Profile, SupportDeclaration, may_declare_support
from alliance.selectors import declaration_of


def organisation_panel(request: HttpRequest, membership: Membership) -> str:
    organisation = membership.organisation
    return render_to_string(
        "alliance/panel.html",
        {
            "organisation": organisation,
            "membership": membership,
            "declaration": declaration_of(organisation),
            "may_declare": may_declare_support(organisation),
            "profile": Profile.objects.filter(organisation=organisation).first(),
        },
        request=request,
    )


def declare_support_lead(request: HttpRequest, membership: Membership) -> str:
    """The first thing on the page of an enterprise (or business association) that has not
    declared its support, for its administrators (only they declare); other kinds of
    organisation do not declare (``MAY_DECLARE_SUPPORT``)."""
    organisation = membership.organisation
    if (
        not may_declare_support(organisation)
        or not membership.is_admin
        or SupportDeclaration.objects.filter(organisation=organisation).exists()
    ):
        return ""
    return render_to_string(
        "alliance/lead_declare.html", {"organisation": organisation}, request=request
    )
