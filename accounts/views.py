from __future__ import annotations

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import privacy, selectors, services
from accounts import second_factor as second_factor_state
from accounts.forms import (
    AccountDeleteForm,
    InvitationForm,
    OrganisationForm,
    ProfileForm,
    RoleForm,
)
from accounts.models import Membership, Role
from accounts.panels import render_leads, render_panels
from notifications.consent import EMAIL_TOPICS
from notifications.selectors import preferences_for


@login_required
@require_safe
def personal_data(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        privacy.personal_data_export(user=request.user), json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="my-data-csr-portal.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        privacy.account_delete(user=user)
        messages.success(request, _("Your account and your personal data were deleted."))
        return redirect("home")
    return render(
        request,
        "includes/confirm.html",
        {
            "title": _("Delete your account?"),
            "question": _(
                "Your account, your email addresses and everything the portal keeps about you "
                "personally will be deleted. Where you are an organisation's only administrator, "
                "its longest-standing other member becomes administrator; an organisation with no "
                "other member is deleted with its declaration and profile."
            ),
            "before_url": reverse("accounts:personal_data"),
            "before_label": _("Download your data first"),
            "form": form,
            "confirm_label": _("Delete my account"),
            "back_url": reverse("accounts:overview"),
            "back_label": _("Your account"),
            "cancel_url": reverse("accounts:overview"),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def overview(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details were saved."))
        return redirect("accounts:overview")
    return render(
        request,
        "accounts/overview.html",
        {
            "form": form,
            "memberships": selectors.memberships_of(request.user),
            "invitations": selectors.invitations_for(request.user),
            "email_preferences": preferences_for(request.user.pk),
            "email_consent": EMAIL_TOPICS.render(),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(by=request.user, **form.cleaned_data)
        messages.success(
            request, _("%(name)s was created. You are its administrator.") % {"name": organisation}
        )
        return redirect(organisation)
    return render(
        request,
        "accounts/organisation_form.html",
        {"form": form, "creating": True},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def next_steps_visibility(request: HttpRequest) -> HttpResponse:
    """Hide the "Next steps" on Your portal, or show them again (``hidden`` is 1 or 0)."""
    hidden = request.POST.get("hidden")
    if hidden not in ("0", "1"):
        return HttpResponse(_("Say whether to hide the next steps."), status=400)
    services.next_steps_set_hidden(user=request.user, hidden=hidden == "1")
    return redirect("start")


def _organisation_page(
    request: HttpRequest, membership: Membership, *, invitation_form: InvitationForm | None = None
) -> HttpResponse:
    organisation = membership.organisation
    context = {
        "organisation": organisation,
        "membership": membership,
        "members": selectors.organisation_members(organisation),
        "leads": render_leads(request, membership),
        "panels": render_panels(request, membership),
    }
    if membership.is_admin:
        context |= {
            "invitation_form": invitation_form or InvitationForm(),
            "invitations": organisation.invitations.pending().select_related("invited_by"),
            "role_choices": Role.choices,
            "invitation_days": settings.INVITATION_DAYS,
        }
    status = 400 if invitation_form is not None and invitation_form.errors else 200
    return render(request, "accounts/organisation_detail.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _organisation_page(request, selectors.get_membership(request.user, slug))


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    membership = selectors.get_membership(request.user, slug, admin=True)
    form = OrganisationForm(request.POST or None, instance=membership.organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            organisation=membership.organisation, by=request.user, **form.cleaned_data
        )
        messages.success(request, _("The organisation's details were saved."))
        return redirect(membership.organisation)
    return render(
        request,
        "accounts/organisation_form.html",
        {"form": form, "organisation": membership.organisation},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def invitation_create(request: HttpRequest, slug: str) -> HttpResponse:
    membership = selectors.get_membership(request.user, slug, admin=True)
    organisation = membership.organisation
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_send(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error("email", exc.messages)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect(organisation)
    return _organisation_page(request, membership, invitation_form=form)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    membership = selectors.get_membership(request.user, slug, admin=True)
    invitation = selectors.get_open_invitation_of(membership.organisation, token)
    services.invitation_revoke(invitation=invitation, by=request.user)
    messages.success(
        request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
    )
    return redirect(membership.organisation)


@require_http_methods(["GET", "POST"])
def invitation_detail(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.get_invitation(token)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            membership = services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return render(
                request, "accounts/invitation.html", {"invitation": invitation}, status=400
            )
        messages.success(
            request, _("Welcome to %(name)s.") % {"name": membership.organisation.name}
        )
        return redirect(membership.organisation)
    return render(request, "accounts/invitation.html", {"invitation": invitation})


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, uid: str) -> HttpResponse:
    membership = selectors.get_membership(request.user, slug, admin=True)
    target = selectors.get_member_of(membership.organisation, uid)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return redirect(membership.organisation)
    try:
        services.membership_change_role(
            membership=target, role=form.cleaned_data["role"], by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(membership.organisation)
    messages.success(
        request,
        _("%(person)s is now %(role)s.")
        % {"person": target.user, "role": target.get_role_display().lower()},
    )
    if target.pk == membership.pk and not target.is_admin:
        return redirect("accounts:overview")
    return redirect(membership.organisation)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, slug: str, uid: str) -> HttpResponse:
    membership = selectors.get_membership(request.user, slug, admin=True)
    target = selectors.get_member_of(membership.organisation, uid)
    if request.method == "POST":
        try:
            services.membership_remove(membership=target, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(membership.organisation)
        messages.success(
            request,
            _("%(person)s was removed from %(organisation)s.")
            % {"person": target.user, "organisation": membership.organisation},
        )
        if target.pk == membership.pk:
            return redirect("accounts:overview")
        return redirect(membership.organisation)
    return render(
        request,
        "includes/confirm.html",
        {
            "back": membership.organisation,
            "title": _("Remove %(person)s?") % {"person": target.user},
            "question": _(
                "%(person)s will no longer be able to act for %(organisation)s. You can invite "
                "them again later."
            )
            % {"person": target.user, "organisation": membership.organisation},
            "confirm_label": _("Remove member"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_leave(request: HttpRequest, slug: str) -> HttpResponse:
    membership = selectors.get_membership(request.user, slug)
    if request.method == "POST":
        try:
            services.membership_leave(membership=membership)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(membership.organisation)
        messages.success(
            request, _("You left %(organisation)s.") % {"organisation": membership.organisation}
        )
        return redirect("accounts:overview")
    return render(
        request,
        "includes/confirm.html",
        {
            "back": membership.organisation,
            "title": _("Leave %(organisation)s?") % {"organisation": membership.organisation},
            "question": _(
                "You will no longer see this organisation's page or act for it. An administrator "
                "can invite you again."
            ),
            "confirm_label": _("Leave organisation"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """Where staff learn what their session lacks, ask for an enrolment link, and open it."""
    user = request.user
    token = (request.POST.get("token") or request.GET.get("token") or "")[:100]
    if request.method == "POST" and token:
        if services.staff_enrolment_redeem(user=user, token=token):
            second_factor_state.grant_enrolment(request, user)
            messages.success(request, _("Now set up your authenticator app."))
            return redirect("mfa_activate_totp")
        return _second_factor_page(request, dead_link=True)
    if request.method == "POST":
        _request_enrolment_link(request)
        return redirect("accounts:second_factor")
    if token and not services.staff_enrolment_is_live(user=user, token=token):
        return _second_factor_page(request, dead_link=True)
    return _second_factor_page(request, token=token)


def _second_factor_page(request: HttpRequest, *, token: str = "", dead_link: bool = False):
    user = request.user
    staff = user.is_staff_account
    context = {
        "staff": staff,
        "passed": second_factor_state.passed_second_factor(request, user),
        "has_authenticator": staff and second_factor_state.has_authenticator(user),
        "token": token,
        "dead_link": dead_link,
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/second_factor.html", context, status=400 if dead_link else 200)


def _request_enrolment_link(request: HttpRequest) -> None:
    user = request.user
    if not user.is_staff_account or second_factor_state.has_authenticator(user):
        messages.info(request, _("Your account needs no enrolment link."))
        return
    if not ratelimit.consume(request, action="staff_enrolment", user=user):
        messages.error(request, _("A link was sent a short while ago. Please check your email."))
        return
    try:
        services.staff_enrolment_send(user=user, by=None)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return
    messages.success(
        request, _("We sent a link to your email address. Open it while signed in here.")
    )
