"""The forum's front page, bodies, and their members (with invitations to join)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic import ListView

import pagecache
from forum import forms, permissions, selectors, services
from forum.models import Body
from forum.permissions import Standing
from forum.views.common import ViewerMixin, confirm_page, form_view
from pagecache import public_page


class BodyListView(ViewerMixin, ListView):
    """The forum's front page: its bodies, and the next meetings the visitor may see."""

    template_name = "forum/index.html"
    context_object_name = "bodies"
    paginate_by = 30

    def get_queryset(self) -> Any:
        return selectors.bodies_list(self.request.user, secretariat=self.viewer.secretariat)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        meetings = selectors.meetings_list(self.request.user, secretariat=self.viewer.secretariat)
        context["upcoming"] = list(meetings.upcoming()[:5])
        context["is_secretariat"] = self.viewer.secretariat
        return context


index = public_page("forum", "taxonomy")(require_safe(BodyListView.as_view()))


@public_page("forum", "taxonomy")
@require_safe
def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # What every viewer sees alike comes from the shared cache (selectors.body_page_parts,
    # and the page's parts without forms kept rendered); the viewer and their standing are
    # read on each request, in one query.
    parts = selectors.body_page_parts(slug)
    body = parts.body
    viewer, standing = selectors.viewer_in_body(request.user, body)
    context: dict[str, Any] = {
        "body": body,
        "can_manage": standing.manager,
        "is_member": standing.member,
        "shared": _shared_html(parts, member=standing.member, viewer_tz=viewer.time_zone),
    }
    if request.user.is_authenticated:
        # Outside the forum's secretariat, being a member is having an active role, which
        # the standing has just read.
        joined = (
            selectors.is_active_member(body.pk, request.user)
            if viewer.secretariat
            else standing.member
        )
        context["joined"] = joined
        if not joined:
            context["pending_request"] = selectors.pending_join_request(body, request.user)
    if standing.manager:
        context["pending_count"] = selectors.join_requests_pending(body).count()
        context["series"] = list(body.series.only("uid", "title", "body_id"))
    return render(request, "forum/body_detail.html", context)


def _shared_html(
    parts: selectors.BodyParts, *, member: bool, viewer_tz: ZoneInfo
) -> dict[str, Any]:
    """The body's head, its meeting lists and the cards below them, rendered once for
    everyone who sees the same meetings (members of the body, its secretariat and the
    forum's see the members-only meetings too, ``Meeting.objects.visible_to``'s rule for one
    body, and the members-only cards) in one language and time zone, until the forum or the
    vocabularies change or the day does; kept no longer than an anonymous page."""
    body = parts.body

    def render_parts() -> dict[str, str]:
        upcoming, past = selectors.body_meetings(body, members_only_too=member)
        context = {
            "body": body,
            "is_member": member,
            "recommendation_count": parts.recommendation_count,
            "upcoming": upcoming,
            "past": past,
            "viewer_tz": viewer_tz,
        }
        if member:
            context |= {"constituencies": parts.constituencies, "open_actions": parts.open_actions}
        return {
            "head": render_to_string("forum/includes/body_head.html", context),
            "meetings": render_to_string("forum/includes/body_meetings.html", context),
            "bottom": render_to_string("forum/includes/body_bottom.html", context),
        }

    which = "all" if member else "public"
    day = timezone.localdate().isoformat()
    return pagecache.fragments(
        f"forum:body-html:{body.pk}:{viewer_tz.key}:{which}:{day}",
        ("forum", "taxonomy"),
        render_parts,
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest) -> HttpResponse:
    if not selectors.viewer_of(request.user).secretariat:
        raise PermissionDenied(_("Only the Forum secretariat can create bodies."))
    return form_view(
        request,
        forms.BodyForm(request.POST or None),
        save=lambda data: services.body_create(by=request.user, **data),
        done=lambda body: _("%(name)s was created.") % {"name": body.name},
        then=lambda body: body,
        back=(reverse("forum:index"), _("Forum")),
        title=_("Create a body"),
        submit=_("Create body"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_body_to_manage(request.user, slug)
    return form_view(
        request,
        forms.BodyForm(request.POST or None, instance=body),
        save=lambda data: services.body_update(body=body, by=request.user, **data),
        done=_("The body's details were saved."),
        back=body,
        title=_("Edit %(name)s") % {"name": body.name},
        submit=_("Save changes"),
    )


# --- Members --------------------------------------------------------------------------------------


def _members_page(
    request: HttpRequest, body: Body, standing: Standing, form: forms.MemberAddForm | None = None
) -> HttpResponse:
    page = Paginator(selectors.body_members(body), 50).get_page(request.GET.get("page"))
    context = {
        "body": body,
        "can_manage": standing.manager,
        "page_obj": page,
        "members": page.object_list,
        "today": timezone.localdate(),
    }
    if standing.manager:
        context["form"] = form or forms.MemberAddForm(initial={"start_date": timezone.localdate()})
    status = 400 if form is not None and form.errors else 200
    return render(request, "forum/members.html", context, status=status)


@login_required
@require_safe
def members(request: HttpRequest, slug: str) -> HttpResponse:
    return _members_page(request, *selectors.get_body_with_standing(request.user, slug))


@login_required
@require_POST
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    body, standing = selectors.get_body_with_standing(request.user, slug)
    permissions.require_manager(request.user, body, manager=standing.manager)
    form = forms.MemberAddForm(request.POST)
    if not form.is_valid():
        return _members_page(request, body, standing, form)
    services.member_invite(body=body, by=request.user, **form.cleaned_data)
    # The same answer for every address: whether it has an account is not for the form to say.
    messages.success(
        request,
        _("An invitation was sent to %(email)s. They appear in the list once they accept it.")
        % {"email": form.cleaned_data["email"]},
    )
    return redirect("forum:members", slug=body.slug)


@login_required
@require_http_methods(["GET", "POST"])
def member_join(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.member_invitation_read(token)
    if invitation is None:
        raise Http404
    if not services.member_invitation_is_for(invitation, request.user):
        return render(request, "forum/join.html", {"other_address": True}, status=403)
    form = forms.MemberJoinForm(
        # Bound on every POST: its one field may be left empty ("no organisation").
        request.POST if request.method == "POST" else None,
        user=request.user,
        organisation_name=invitation.organisation_name,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_join(
                invitation=invitation,
                user=request.user,
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request, _("You are now a member of %(body)s.") % {"body": invitation.body.name}
            )
            return redirect(invitation.body)
    return render(
        request,
        "forum/join.html",
        {"invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )


def _members_link(body: Body) -> tuple[str, str]:
    return reverse("forum:members", args=[body.slug]), _("Members of %(body)s") % {
        "body": body.name
    }


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, slug: str, uid: str) -> HttpResponse:
    body = selectors.get_body_for_member(request.user, slug, manage=True)
    member = selectors.get_member_of(body, uid)
    return form_view(
        request,
        forms.MemberEditForm(request.POST or None, instance=member),
        save=lambda data: services.member_update(member=member, by=request.user, **data),
        done=_("Membership of %(person)s saved.") % {"person": member.user},
        back=_members_link(body),
        title=_("Membership of %(person)s") % {"person": member.user},
        submit=_("Save membership"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_end(request: HttpRequest, slug: str, uid: str) -> HttpResponse:
    body = selectors.get_body_for_member(request.user, slug, manage=True)
    member = selectors.get_member_of(body, uid)
    if request.method == "POST":
        services.member_end(member=member, by=request.user)
        messages.success(
            request, _("Membership of %(person)s ends today.") % {"person": member.user}
        )
        return redirect("forum:members", slug=body.slug)
    return confirm_page(
        request,
        title=_("End the membership of %(person)s?") % {"person": member.user},
        question=_(
            "They stop receiving this body's minutes and digests, and can no longer register "
            "for its meetings. Their past registrations stay in the record."
        ),
        confirm=_("End membership"),
        back=_members_link(body),
    )
