"""Recommendations of a body: the list, one recommendation with its reviews, adding one,
recording a review and giving the reasoned response."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from forum import forms, permissions, selectors, services
from forum.views.common import form_view


@require_safe
def recommendations(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_body(slug)
    page = Paginator(selectors.body_recommendations(body), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "forum/recommendations.html",
        {
            "body": body,
            "page_obj": page,
            "recommendations": page.object_list,
            "can_manage": permissions.can_manage(request.user, body),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_create(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_body_to_manage(request.user, slug)
    return form_view(
        request,
        forms.RecommendationForm(request.POST or None, body=body),
        save=lambda data: services.recommendation_create(
            body=body,
            by=request.user,
            reference=data["reference"],
            title=data["title"],
            text=data["text"],
            raised_by=list(data["raised_by"]),
        ),
        done=_("The recommendation was added."),
        back=(reverse("forum:recommendations", args=[body.slug]), _("Recommendations")),
        then=lambda recommendation: recommendation,
        errors_on="reference",
        title=_("Add a recommendation of %(body)s") % {"body": body.name},
        submit=_("Add recommendation"),
    )


@require_safe
def recommendation_detail(request: HttpRequest, uid: str) -> HttpResponse:
    recommendation = selectors.get_recommendation(uid)
    standing = permissions.standing(request.user, recommendation.body)
    return render(
        request,
        "forum/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "body": recommendation.body,
            "reviews": selectors.recommendation_reviews(recommendation, request.user),
            "raised_by": recommendation.raised_by.select_related("organisation"),
            # Who represents which organisation is for the body's members (as on its member
            # list): the page is public, and an organisation's name must not be shown to
            # everyone because one of its people raised a recommendation.
            "show_organisations": standing.member,
            "can_manage": standing.manager,
        },
    )


def _recommendation_form(
    request: HttpRequest,
    uid: str,
    form_class: type[forms.ReviewForm | forms.ResponseForm],
    save: Callable[..., Any],
    **texts: str,
) -> HttpResponse:
    """A form of the secretariat about one recommendation: ``save(recommendation=, by=,
    **cleaned_data)``, then back to its page. ``texts``: ``done``, ``submit`` and ``title``,
    which may name ``%(ref)s``, the recommendation's reference."""
    recommendation = selectors.get_recommendation(uid)
    permissions.require_manager(request.user, recommendation.body)
    return form_view(
        request,
        form_class(request.POST or None, recommendation=recommendation),
        save=lambda data: save(recommendation=recommendation, by=request.user, **data),
        done=texts["done"],
        back=recommendation,
        title=texts["title"] % {"ref": recommendation.reference},
        submit=texts["submit"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_review(request: HttpRequest, uid: str) -> HttpResponse:
    return _recommendation_form(
        request,
        uid,
        forms.ReviewForm,
        services.recommendation_review,
        done=_("The review was recorded."),
        title=_("Record a review of %(ref)s"),
        submit=_("Record review"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_respond(request: HttpRequest, uid: str) -> HttpResponse:
    return _recommendation_form(
        request,
        uid,
        forms.ResponseForm,
        services.recommendation_respond,
        done=_("The response was saved and sent to the members who raised it."),
        title=_("Respond to %(ref)s"),
        submit=_("Save and send response"),
    )
