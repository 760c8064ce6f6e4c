from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

import pagecache
from accounts.models import Membership, User
from accounts.selectors import get_membership
from alliance import badge as badge_images
from alliance import selectors, services
from alliance.forms import CoalitionJoinForm, DeclarationForm, ProfileForm
from alliance.models import WHO_DECLARES, ActivityArea, Coalition, Profile, may_declare_support
from alliance.statistics import statistics_for_display
from forum import selectors as forum_selectors
from forum.models import Body
from initiatives import selectors as initiatives_selectors
from pagecache import public_page
from taxonomy.models import Theme

PROFILES_PER_PAGE = 20
BADGE_LANGUAGES_ONLY = gettext_lazy("The badge comes in English, Dutch, French and German only.")


# --- Public pages ----------------------------------------------------------------------------


@public_page("alliance", "taxonomy")
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "alliance/index.html",
        {"activity_areas": ActivityArea.objects.all(), "priority_areas": Theme.objects.all()},
    )


@public_page("alliance", "taxonomy", "forum")
@require_safe
def priority_area(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme.objects.select_related("coalition"), slug=slug)
    return render(request, "alliance/priority_area.html", {"theme": theme})


@public_page("statistics", "taxonomy")
@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    # The figures are the same for everyone in one language and change only with a release:
    # rendered once per release and language, not read, formatted and rendered per request.
    figures = pagecache.fragment(
        "alliance:statistics",
        ("statistics", "taxonomy"),
        lambda: render_to_string(
            "alliance/statistics_figures.html",
            {"stats": statistics_for_display(selectors.latest_statistics())},
        ),
    )
    return render(request, "alliance/statistics.html", {"figures": figures})


@require_safe
def statistics_json(request: HttpRequest) -> JsonResponse:
    data = selectors.latest_statistics()
    if data is None:
        return JsonResponse({"detail": _("The figures have not been released yet.")}, status=503)
    return JsonResponse(data)


@public_page("taxonomy")
@require_safe
def about_figures(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "alliance/about_figures.html",
        {
            "release_days": settings.STATISTICS_RELEASE_DAYS,
            "epsilon": settings.STATISTICS_EPSILON,
            "budget": settings.STATISTICS_EPSILON_PER_YEAR,
        },
    )


@public_page("alliance")
@require_safe
def profiles(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.published_profiles(), PROFILES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "alliance/profiles.html", {"page": page})


@public_page("alliance")
@require_safe
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.get_published_profile(slug)
    # A profile says "we support the Alliance" only while the declaration exists.
    supports = found.states_support and hasattr(found.organisation, "support_declaration")
    return render(request, "alliance/profile.html", {"profile": found, "supports": supports})


@public_page("alliance", "taxonomy")
@require_safe
def coalitions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "alliance/coalitions.html",
        {"coalitions": Coalition.objects.select_related("theme")},
    )


def _in_laboratory(lab: Body | None, user: User) -> bool:
    return lab is not None and forum_selectors.is_active_member(lab.pk, user)


def _coalition_page(request: HttpRequest, coalition: Coalition, status: int = 200) -> HttpResponse:
    admin_orgs = selectors.admin_organisations(request.user)
    view = selectors.coalition_view(coalition, request.user)
    joinable = admin_orgs.exclude(slug__in=view["my_slugs"])
    leavable = admin_orgs.filter(slug__in=view["my_slugs"])
    lab = selectors.laboratory_of(coalition)
    in_lab = _in_laboratory(lab, request.user)
    return render(
        request,
        "alliance/coalition.html",
        {
            "coalition": coalition,
            **view,
            **selectors.laboratory(coalition, request.user),
            "in_laboratory": in_lab,
            "linked_initiatives": initiatives_selectors.published_linked(
                coalition.initiatives.all()
            ),
            "join_form": CoalitionJoinForm(
                organisations=joinable, laboratory=None if in_lab else lab
            )
            if joinable.exists()
            else None,
            "leave_form": CoalitionJoinForm(
                organisations=leavable, laboratory=lab if in_lab else None, join=False
            )
            if leavable.exists()
            else None,
        },
        status=status,
    )


def _get_coalition(slug: str) -> Coalition:
    return get_object_or_404(
        Coalition.objects.select_related("theme", "laboratory"), theme__slug=slug
    )


@public_page("alliance", "taxonomy", "forum", "statistics", "initiatives")
@require_safe
def coalition(request: HttpRequest, slug: str) -> HttpResponse:
    return _coalition_page(request, _get_coalition(slug))


def _coalition_action(request: HttpRequest, slug: str, *, join: bool) -> HttpResponse:
    found = _get_coalition(slug)
    lab = selectors.laboratory_of(found)
    form = CoalitionJoinForm(
        request.POST,
        organisations=selectors.admin_organisations(request.user),
        laboratory=lab,
        join=join,
    )
    if not form.is_valid():
        messages.error(request, _("Choose one of the organisations you administer."))
        return _coalition_page(request, found, status=400)
    organisation = form.cleaned_data["organisation"]
    action = services.coalition_join if join else services.coalition_leave
    action(coalition=found, organisation=organisation, by=request.user)
    text = (
        _("%(organisation)s joined the coalition.")
        if join
        else _("%(organisation)s left the coalition.")
    )
    messages.success(request, text % {"organisation": organisation})
    if lab is not None and form.cleaned_data.get("laboratory"):
        # The second step: the laboratory's own page, which comes back here afterwards.
        back = urlencode({"next": found.get_absolute_url(), "organisation": organisation.slug})
        in_lab = _in_laboratory(lab, request.user)
        if join and not in_lab:
            return redirect(f"{reverse('forum:body_join', args=[lab.slug])}?{back}")
        if not join and in_lab:
            return redirect(f"{reverse('forum:body_leave', args=[lab.slug])}?{back}")
    return redirect(found)


@login_required
@require_POST
def coalition_join(request: HttpRequest, slug: str) -> HttpResponse:
    return _coalition_action(request, slug, join=True)


@login_required
@require_POST
def coalition_leave(request: HttpRequest, slug: str) -> HttpResponse:
    return _coalition_action(request, slug, join=False)


# --- An organisation's own support and profile (members only) ---------------------------------


def _support_page(
    request: HttpRequest,
    membership: Membership,
    *,
    form: DeclarationForm | None = None,
    status: int | None = None,
) -> HttpResponse:
    """The organisation's support page. ``status`` 403: a declaration (or a change to one) the
    organisation's kind may not make; the page says why and where to take part instead."""
    declaration = selectors.declaration_of(membership.organisation)
    may_declare = may_declare_support(membership.organisation)
    if form is None and declaration is not None:
        form = DeclarationForm(
            initial={
                "statement": declaration.statement,
                "priority_areas": list(declaration.priority_areas.all()),
            }
        )
    status = status or (400 if form is not None and form.errors else 200)
    badge = None
    if declaration is not None:
        asked = request.GET.get("lang") or None
        if asked is not None and asked not in badge_images.languages():
            messages.error(request, str(BADGE_LANGUAGES_ONLY))
            status = 400
        badge = badge_images.offer(badge_images.language_or_default(asked or get_language()))
    return render(
        request,
        "alliance/support.html",
        {
            "organisation": membership.organisation,
            "membership": membership,
            "declaration": declaration,
            "may_declare": may_declare,
            "who_declares": WHO_DECLARES,
            "form": form or DeclarationForm(),
            "badge": badge,
            "badge_languages": [
                {"code": code, "name": get_language_info(code)["name_local"]}
                for code in badge_images.languages()
            ],
        },
        status=status,
    )


@login_required
@require_safe
def support(request: HttpRequest, slug: str) -> HttpResponse:
    return _support_page(request, get_membership(request.user, slug))


@login_required
@require_POST
def support_declare(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request.user, slug, admin=True)
    if not may_declare_support(membership.organisation):
        return _support_page(request, membership, status=403)
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        return _support_page(request, membership, form=form)
    try:
        services.support_declare(
            organisation=membership.organisation, by=request.user, **form.cleaned_data
        )
    except services.DeclaringNotOpen:
        # Its kind changed since the check above, in another request.
        return _support_page(request, membership, status=403)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Thank you: %(organisation)s now supports the Alliance.")
            % {"organisation": membership.organisation},
        )
    return redirect("alliance:support", slug=slug)


@login_required
@require_POST
def support_update(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request.user, slug, admin=True)
    declaration = selectors.get_declaration(membership.organisation)
    if not may_declare_support(membership.organisation):
        return _support_page(request, membership, status=403)
    form = DeclarationForm(request.POST)
    if not form.is_valid():
        return _support_page(request, membership, form=form)
    try:
        services.support_change_priority_areas(
            declaration=declaration,
            by=request.user,
            priority_areas=form.cleaned_data["priority_areas"],
            statement=form.cleaned_data["statement"],
        )
    except services.DeclaringNotOpen:
        return _support_page(request, membership, status=403)
    messages.success(request, _("Your priority areas were saved."))
    return redirect("alliance:support", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def support_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request.user, slug, admin=True)
    declaration = selectors.get_declaration(membership.organisation)
    if request.method == "POST":
        services.support_withdraw(declaration=declaration, by=request.user)
        messages.success(
            request,
            _("Support withdrawn for %(organisation)s. Nothing of it is kept but anonymous counts.")
            % {"organisation": membership.organisation},
        )
        return redirect("alliance:support", slug=slug)
    return render(
        request,
        "includes/confirm.html",
        {
            "back": membership.organisation,
            "title": _("Withdraw your support?"),
            "question": _(
                "The declaration, your statement and your priority areas will be deleted. Your "
                "profile will no longer say that you support the Alliance. You can declare "
                "support again at any time."
            )
            if may_declare_support(membership.organisation)
            else _(
                "The declaration, your statement and your priority areas will be deleted. Your "
                "profile will no longer say that you support the Alliance. Your organisation "
                "cannot declare support again: only enterprises and business or sector "
                "associations declare support."
            ),
            "confirm_label": _("Withdraw support"),
        },
    )


@login_required
@require_safe
def badge(request: HttpRequest, slug: str) -> HttpResponse:
    """The badge in the interface language, as a download from the support page; the same
    file as the public ``badge:svg``."""
    membership = get_membership(request.user, slug)
    selectors.get_declaration(membership.organisation)
    language = badge_images.language_or_default(get_language())
    return _badge_image(request, language, "svg", disposition="attachment")


# --- The badge's public images ----------------------------------------------------------------


def _badge_image(
    request: HttpRequest, language: str, kind: str, *, disposition: str = "inline"
) -> HttpResponse:
    """``kind``: "svg", "png" or "png_2x". The same bytes for everyone, so shared caches may
    keep them (the site's headers make an answer to a signed-in visitor private all the same)."""
    if language not in badge_images.languages():
        raise Http404(str(BADGE_LANGUAGES_ONLY))
    if kind == "svg":
        content, content_type = badge_images.svg(language), "image/svg+xml; charset=utf-8"
    else:
        scale = 2 if kind == "png_2x" else 1
        content, content_type = badge_images.png(language, scale), "image/png"
    response = HttpResponse(content, content_type=content_type)
    response["ETag"] = badge_images.etag(content)
    response["Content-Language"] = language  # the image's words, whatever the interface's
    patch_cache_control(response, public=True, max_age=badge_images.MAX_AGE)
    name = badge_images.filename(language) + {"svg": ".svg", "png": ".png"}.get(kind, "@2x.png")
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return get_conditional_response(request, etag=response["ETag"], response=response)


@require_safe
def badge_svg(request: HttpRequest, language: str) -> HttpResponse:
    return _badge_image(request, language, "svg")


@require_safe
def badge_png(request: HttpRequest, language: str) -> HttpResponse:
    return _badge_image(request, language, "png")


@require_safe
def badge_png_2x(request: HttpRequest, language: str) -> HttpResponse:
    return _badge_image(request, language, "png_2x")


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request.user, slug, admin=True)
    organisation = membership.organisation
    current = Profile.objects.filter(organisation=organisation).first()
    form = ProfileForm(request.POST or None, instance=current)
    supports = hasattr(organisation, "support_declaration")
    may_declare = may_declare_support(organisation)
    if not supports and not may_declare:
        # It does not declare support, so its profile has nothing of the kind to say.
        del form.fields["states_support"]
    if request.method == "POST" and form.is_valid():
        publish = "publish" in request.POST
        try:
            services.profile_save(
                organisation=organisation, by=request.user, publish=publish, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None if publish else "states_support", exc.messages)
        else:
            messages.success(
                request,
                _("Your profile was saved, and it is public now.")
                if publish
                else _("Your profile was saved."),
            )
            return redirect("alliance:profile_edit", slug=slug)
    return render(
        request,
        "alliance/profile_form.html",
        {
            "organisation": organisation,
            "profile": current,
            "form": form,
            "supports": supports,
            "may_declare": may_declare,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def profile_publish(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request.user, slug, admin=True)
    published = request.POST.get("published") == "1"
    try:
        services.profile_publish(
            organisation=membership.organisation, by=request.user, published=published
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Your profile is public now.") if published else _("Your profile is private again."),
        )
    return redirect("alliance:profile_edit", slug=slug)
