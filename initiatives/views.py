"""The initiatives register: the public list, an initiative's page, and what an organisation
does with its own initiatives. Thin views: the rules are in selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

import pagecache
import uploads
from accounts.selectors import get_membership
from initiatives import links, selectors, services
from initiatives.forms import FileForm, InitiativeForm, LinkForm, PartnerForm
from initiatives.selectors import Access

PAGE_SIZE = 20


def _with_link_areas(response: HttpResponse) -> HttpResponse:
    # Renew a cached page when what it shows from the apps above changes (coalitions, actions).
    response.page_cache_more_areas = links.areas()  # type: ignore[attr-defined]
    return response


@require_safe
@pagecache.public_page("initiatives", "taxonomy")
def index(request: HttpRequest) -> HttpResponse:
    found = selectors.search(request.GET)
    page = Paginator(found.results, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {
        key: value
        for key in ("q", "theme", "iso26000", "country", "status")
        if (value := request.GET.get(key))
    }
    return render(
        request,
        "initiatives/index.html",
        {
            "search": found,
            "page_obj": page,
            "initiatives": page.object_list,
            "page_query": urlencode(kept),
        },
    )


# --- An organisation's own initiatives ---------------------------------------------------------


def _organisation_page(request: HttpRequest, membership, *, status: int = 200) -> HttpResponse:
    organisation = membership.organisation
    page = Paginator(selectors.organisation_initiatives(organisation), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "initiatives/organisation.html",
        {
            "organisation": organisation,
            "membership": membership,
            "page_obj": page,
            "initiatives": page.object_list,
            "requests": selectors.partnership_requests(organisation),
        },
        status=status,
    )


@login_required
@require_safe
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    return _organisation_page(request, get_membership(request.user, slug))


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request.user, slug, admin=True)
    organisation = membership.organisation
    form = InitiativeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                # One transaction: the initiative and its links, or nothing.
                with transaction.atomic():
                    initiative = services.register_initiative(
                        organisation, by=request.user, **form.values()
                    )
                    services.initiative_update(
                        initiative=initiative, by=request.user, links_to=form.links_to()
                    )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "The initiative is registered. Only your organisation sees it until you "
                        "publish it."
                    ),
                )
                return redirect(initiative)
        return _form_page(request, form, organisation=organisation, status=400)
    return _form_page(request, form, organisation=organisation)


def _add_errors(form: InitiativeForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _form_page(
    request: HttpRequest, form: InitiativeForm, *, organisation, initiative=None, status=200
) -> HttpResponse:
    return render(
        request,
        "initiatives/form.html",
        {"form": form, "organisation": organisation, "initiative": initiative},
        status=status,
    )


# --- One initiative ----------------------------------------------------------------------------


def _detail_page(
    request: HttpRequest, access: Access, *, status: int = 200, **forms
) -> HttpResponse:
    initiative = access.initiative
    context = {
        "initiative": initiative,
        "access": access,
        "linked": [(kind, kind.current(initiative)) for kind in links.kinds()],
        "practices": initiative.practices.published().only("slug", "title", "language"),
        "resources": initiative.resources.all(),
    }
    if access.is_member:
        context["partners"] = selectors.initiative_partners(initiative)
    if access.is_admin:
        context.update(
            partner_form=forms.get("partner_form") or PartnerForm(),
            link_form=forms.get("link_form") or LinkForm(),
            file_form=forms.get("file_form") or FileForm(),
        )
    return _with_link_areas(render(request, "initiatives/detail.html", context, status=status))


@require_safe
@pagecache.public_page("initiatives", "taxonomy", "knowledge")
def detail(request: HttpRequest, uid: str) -> HttpResponse:
    return _detail_page(request, selectors.get_initiative(request.user, uid))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, uid: str) -> HttpResponse:
    access = selectors.get_initiative(request.user, uid, admin=True)
    initiative = access.initiative
    form = InitiativeForm(request.POST or None, initiative=initiative)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.initiative_update(
                    initiative=initiative,
                    by=request.user,
                    links_to=form.links_to(),
                    **form.values(),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The initiative was saved."))
                return redirect(initiative)
        return _form_page(
            request, form, organisation=initiative.organisation, initiative=initiative, status=400
        )
    return _form_page(request, form, organisation=initiative.organisation, initiative=initiative)


@login_required
@require_POST
def publish(request: HttpRequest, uid: str) -> HttpResponse:
    access = selectors.get_initiative(request.user, uid, admin=True)
    services.initiative_publish(initiative=access.initiative, by=request.user)
    messages.success(request, _("The initiative is published: everyone can find it."))
    return redirect(access.initiative)


@login_required
@require_POST
def unpublish(request: HttpRequest, uid: str) -> HttpResponse:
    access = selectors.get_initiative(request.user, uid, admin=True)
    services.initiative_unpublish(initiative=access.initiative, by=request.user)
    messages.success(request, _("The initiative is private again: only your organisation sees it."))
    return redirect(access.initiative)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, uid: str) -> HttpResponse:
    access = selectors.get_initiative(request.user, uid, admin=True)
    initiative = access.initiative
    if request.method == "POST":
        organisation = initiative.organisation
        services.initiative_delete(initiative=initiative, by=request.user)
        messages.success(request, _("“%(title)s” was deleted.") % {"title": initiative.title})
        return redirect("initiatives:organisation", slug=organisation.slug)
    return render(
        request,
        "includes/confirm.html",
        {
            "title": _("Delete “%(title)s”?") % {"title": initiative.title},
            "question": _(
                "The initiative is deleted with its partners, links and files. This cannot be "
                "undone."
            ),
            "confirm_label": _("Delete the initiative"),
            "back": initiative,
            "cancel_label": _("Keep it"),
        },
    )


# --- Partners ----------------------------------------------------------------------------------


@login_required
@require_POST
def partner_add(request: HttpRequest, uid: str) -> HttpResponse:
    access = selectors.get_initiative(request.user, uid, admin=True)
    form = PartnerForm(request.POST)
    if form.is_valid():
        try:
            partner = services.find_partner(form.cleaned_data["partner"])
            services.partner_invite(initiative=access.initiative, by=request.user, partner=partner)
        except ValidationError as exc:
            form.add_error("partner", exc.messages)
        else:
            messages.success(
                request,
                _("%(organisation)s is asked to confirm. It is named once it has.")
                % {"organisation": partner.name},
            )
            return redirect(access.initiative)
    return _detail_page(request, access, status=400, partner_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def partner_remove(request: HttpRequest, uid: str) -> HttpResponse:
    partnership = selectors.get_partnership_as_owner(request.user, uid)
    initiative = partnership.initiative
    if request.method == "POST":
        services.partner_remove(partnership=partnership, by=request.user)
        messages.success(
            request,
            _("%(organisation)s is no longer a partner.")
            % {"organisation": partnership.organisation.name},
        )
        return redirect(initiative)
    return render(
        request,
        "includes/confirm.html",
        {
            "title": _("Remove %(organisation)s as a partner?")
            % {"organisation": partnership.organisation.name},
            "question": _("It is no longer named on the initiative."),
            "confirm_label": _("Remove the partner"),
            "back": initiative,
            "cancel_label": _("Keep it"),
        },
    )


@login_required
@require_POST
def partner_answer(request: HttpRequest, uid: str) -> HttpResponse:
    partnership = selectors.get_partnership_as_partner(request.user, uid)
    answer = request.POST.get("answer")
    if answer not in ("confirm", "decline"):
        messages.error(request, _("Choose to confirm or to decline."))
        membership = get_membership(request.user, partnership.organisation.slug)
        return _organisation_page(request, membership, status=400)
    services.partner_answer(partnership=partnership, by=request.user, confirm=answer == "confirm")
    if answer == "confirm":
        text = _("%(organisation)s is named as a partner of “%(title)s”.")
    else:
        text = _("%(organisation)s is not named as a partner of “%(title)s”.")
    messages.success(
        request,
        text
        % {"organisation": partnership.organisation.name, "title": partnership.initiative.title},
    )
    return redirect("initiatives:organisation", slug=partnership.organisation.slug)


# --- Links and files ---------------------------------------------------------------------------


@login_required
@require_POST
def link_add(request: HttpRequest, uid: str) -> HttpResponse:
    access = selectors.get_initiative(request.user, uid, admin=True)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            services.resource_add_link(
                initiative=access.initiative, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The link was added."))
            return redirect(access.initiative)
    return _detail_page(request, access, status=400, link_form=form)


@login_required
@require_POST
def file_add(request: HttpRequest, uid: str) -> HttpResponse:
    access = selectors.get_initiative(request.user, uid, admin=True)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.resource_add_file(
                initiative=access.initiative,
                by=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["upload"],
            )
        except ValidationError as exc:
            form.add_error("upload", exc.messages)
        else:
            messages.success(request, _("The file was added."))
            return redirect(access.initiative)
    return _detail_page(request, access, status=400, file_form=form)


@require_safe
def resource(request: HttpRequest, uid: str) -> HttpResponse:
    found, access = selectors.get_resource(request.user, uid)
    if not found.file:
        return redirect(found.url)
    return uploads.attachment(found, private=not access.initiative.is_published)


@login_required
@require_http_methods(["GET", "POST"])
def resource_remove(request: HttpRequest, uid: str) -> HttpResponse:
    found, access = selectors.get_resource(request.user, uid, admin=True)
    if request.method == "POST":
        services.resource_remove(resource=found, by=request.user)
        messages.success(request, _("“%(title)s” was removed.") % {"title": found.title})
        return redirect(access.initiative)
    return render(
        request,
        "includes/confirm.html",
        {
            "title": _("Remove “%(title)s”?") % {"title": found.title},
            "question": _("It is taken off the initiative; a file is deleted."),
            "confirm_label": _("Remove"),
            "back": access.initiative,
            "cancel_label": _("Keep it"),
        },
    )
