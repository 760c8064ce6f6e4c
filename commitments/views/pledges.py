"""Pledging, the pledge page, making a pledge public or private, withdrawing it; following."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic import ListView

from accounts.selectors import get_membership
from commitments import selectors, services
from commitments.forms import PledgeForm
from commitments.models import PLEDGING_KINDS, Pledge, ProgressReport
from commitments.views.browsing import PAGE_SIZE


@login_required
@require_http_methods(["GET", "POST"])
def pledge_create(request: HttpRequest, slug: str, organisation: str) -> HttpResponse:
    framework = selectors.get_framework(slug)
    membership = get_membership(request.user, organisation, admin=True)
    org = membership.organisation
    if org.kind not in PLEDGING_KINDS:
        raise PermissionDenied(_("Only enterprises and associations can pledge."))
    taken = set(
        Pledge.objects.filter(organisation=org, framework=framework).values_list(
            "action_id", "sub_item_id"
        )
    )
    form = PledgeForm(
        request.POST or None, structure=selectors.framework_structure(framework), taken=taken
    )
    if request.method == "POST" and form.is_valid():
        try:
            pledges = services.pledge_create(
                organisation=org,
                framework=framework,
                by=request.user,
                targets=form.chosen_targets(),
                target_date=form.cleaned_data["target_date"],
                is_public=form.cleaned_data["is_public"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _("%(organisation)s pledged to %(codes)s.")
                % {"organisation": org.name, "codes": ", ".join(p.target_code for p in pledges)},
            )
            return redirect("commitments:my_pledges")
    return render(
        request,
        "commitments/pledge_form.html",
        {"framework": framework, "organisation": org, "form": form},
        status=400 if form.errors else 200,
    )


@method_decorator([login_required, require_safe], name="dispatch")
class MyPledges(ListView):
    template_name = "commitments/my_pledges.html"
    context_object_name = "pledges"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> Any:
        return selectors.pledges_of_member(self.request.user)


my_pledges = MyPledges.as_view()


@require_safe
def pledge_detail(request: HttpRequest, uid: str) -> HttpResponse:
    access = selectors.get_pledge(request.user, uid)
    pledge = access.pledge
    reports = (
        pledge.reports.order_by("-period").annotate(evidence_count=Count("evidence"))
        if access.sees_reports
        else ProgressReport.objects.none()
    )
    return render(
        request,
        "commitments/pledge_detail.html",
        {
            "pledge": pledge,
            "access": access,
            "has_accepted_report": pledge.reports.accepted().exists(),
            "reports": reports,
            "following": selectors.is_following(request.user, pledge=pledge),
            "can_report": access.is_admin and bool(selectors.periods_to_report(pledge)),
        },
    )


@login_required
@require_POST
def pledge_visibility(request: HttpRequest, uid: str) -> HttpResponse:
    access = selectors.get_pledge(request.user, uid, admin=True)
    make_public = request.POST.get("public") == "1"
    services.pledge_set_public(pledge=access.pledge, by=request.user, is_public=make_public)
    messages.success(
        request,
        _("The pledge is now public: your organisation's name shows on the action's page.")
        if make_public
        else _("The pledge is now private."),
    )
    return redirect(access.pledge)


@login_required
@require_http_methods(["GET", "POST"])
def pledge_withdraw(request: HttpRequest, uid: str) -> HttpResponse:
    access = selectors.get_pledge(request.user, uid, admin=True)
    pledge = access.pledge
    if request.method == "POST":
        services.pledge_withdraw(pledge=pledge, by=request.user)
        messages.success(
            request, _("The pledge to %(code)s was withdrawn.") % {"code": pledge.target_code}
        )
        return redirect("commitments:my_pledges")
    return render(
        request,
        "includes/confirm.html",
        {
            "title": _("Withdraw the pledge to %(code)s?") % {"code": pledge.target_code},
            "question": _(
                "%(name)s will no longer be pledged to this action. Its progress reports and "
                "evidence files are deleted with it, and the dashboard stops counting it."
            )
            % {"name": pledge.organisation.name},
            "confirm_label": _("Withdraw pledge"),
            "cancel_url": pledge.get_absolute_url(),
            "cancel_label": _("Keep the pledge"),
        },
    )


# --- Following ---------------------------------------------------------------------------------


@login_required
@require_POST
def action_follow(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    action = selectors.get_action(selectors.get_framework(slug), code)
    if request.POST.get("follow") == "0":
        services.unfollow(user=request.user, action=action)
        messages.success(
            request, _("You no longer follow action %(code)s.") % {"code": action.code}
        )
    else:
        services.follow_action(user=request.user, action=action)
        messages.success(
            request,
            _("You follow action %(code)s: we email you when a pledge's status changes.")
            % {"code": action.code},
        )
    return redirect(action)


@login_required
@require_POST
def pledge_follow(request: HttpRequest, uid: str) -> HttpResponse:
    access = selectors.get_pledge(request.user, uid)
    if request.POST.get("follow") == "0":
        services.unfollow(user=request.user, pledge=access.pledge)
        messages.success(request, _("You no longer follow this pledge."))
    else:
        services.follow_pledge(user=request.user, pledge=access.pledge)
        messages.success(
            request, _("You follow this pledge: we email you when its status changes.")
        )
    return redirect(access.pledge)


@method_decorator([login_required, require_safe], name="dispatch")
class Following(ListView):
    template_name = "commitments/following.html"
    context_object_name = "follows"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> Any:
        return selectors.follows_of(self.request.user).order_by("-created", "-pk")


following = Following.as_view()
