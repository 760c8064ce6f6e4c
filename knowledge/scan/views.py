"""The quick scan's pages. Every page after the introduction belongs to one organisation and
answers only to its members (``get_membership``: others get the 404 of a missing page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.selectors import get_membership, memberships_of
from knowledge.scan import export, selectors, services
from knowledge.scan.charts import score_chart
from knowledge.scan.forms import SectionForm
from knowledge.scan.models import Run
from knowledge.scan.recommend import recommendations_for


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    memberships = list(memberships_of(request.user)) if request.user.is_authenticated else []
    return render(
        request,
        "knowledge/scan/about.html",
        {"questionnaire": selectors.current_questionnaire(), "memberships": memberships},
    )


@login_required
@require_safe
def runs(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request.user, slug)
    return render(
        request,
        "knowledge/scan/runs.html",
        {
            "organisation": membership.organisation,
            "runs": selectors.runs_of(membership.organisation),
            "questionnaire": selectors.current_questionnaire(),
        },
    )


@login_required
@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request.user, slug)
    questionnaire = selectors.current_questionnaire()
    if questionnaire is None:
        raise Http404
    run = services.run_start(
        organisation=membership.organisation, questionnaire=questionnaire, by=request.user
    )
    return redirect("knowledge:scan_run", slug=slug, uid=run.uid)


def _member_run(request: HttpRequest, slug: str, uid: str) -> Run:
    membership = get_membership(request.user, slug)
    return selectors.get_run(membership.organisation, uid)


@login_required
@require_safe
def run(request: HttpRequest, slug: str, uid: str) -> HttpResponse:
    """Where a run continues: its result when finished, else the first section with an open
    question, else the page that finishes it."""
    found = _member_run(request, slug, uid)
    if found.is_complete:
        return redirect("knowledge:scan_result", slug=slug, uid=uid)
    section = selectors.progress_of(found).resume_at
    if section is None:
        return redirect("knowledge:scan_review", slug=slug, uid=uid)
    return redirect("knowledge:scan_section", slug=slug, uid=uid, position=section.position)


@login_required
@require_http_methods(["GET", "POST"])
def section(request: HttpRequest, slug: str, uid: str, position: int) -> HttpResponse:
    found = _member_run(request, slug, uid)
    if found.is_complete:
        return redirect("knowledge:scan_result", slug=slug, uid=uid)
    progress = selectors.progress_of(found)
    sections = progress.sections
    index = next((i for i, s in enumerate(sections) if s.position == position), None)
    if index is None:
        raise Http404
    current = sections[index]
    later = request.method == "POST" and "later" in request.POST
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        section=current,
        chosen=progress.chosen,
        complete=not later,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.section_answer(
                run=found, section=current, choices=form.choices(), by=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if later:
                messages.success(
                    request, _("Your answers are saved. Continue where you left off any time.")
                )
                return redirect("knowledge:scan_runs", slug=slug)
            if index + 1 < len(sections):
                return redirect(
                    "knowledge:scan_section",
                    slug=slug,
                    uid=uid,
                    position=sections[index + 1].position,
                )
            return redirect("knowledge:scan_review", slug=slug, uid=uid)
    return render(
        request,
        "knowledge/scan/section.html",
        {
            "organisation": found.organisation,
            "run": found,
            "section": current,
            "form": form,
            "number": index + 1,
            "count": len(sections),
            "previous": sections[index - 1] if index else None,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, slug: str, uid: str) -> HttpResponse:
    found = _member_run(request, slug, uid)
    if found.is_complete:
        return redirect("knowledge:scan_result", slug=slug, uid=uid)
    error = ""
    if request.method == "POST":
        try:
            services.run_complete(run=found)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("knowledge:scan_result", slug=slug, uid=uid)
    progress = selectors.progress_of(found)
    return render(
        request,
        "knowledge/scan/review.html",
        {
            "organisation": found.organisation,
            "run": found,
            "progress": progress,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_safe
def result(request: HttpRequest, slug: str, uid: str) -> HttpResponse:
    found = _member_run(request, slug, uid)
    if not found.is_complete:
        return redirect("knowledge:scan_run", slug=slug, uid=uid)
    outcome = selectors.result_of(found)
    recommendations = recommendations_for(
        [row.section for row in outcome.weak_rows],
        organisation=found.organisation,
        language=translation.get_language(),
    )
    return render(
        request,
        "knowledge/scan/result.html",
        {
            "organisation": found.organisation,
            "run": found,
            "result": outcome,
            "chart": score_chart(outcome),
            "recommendations": recommendations,
            "runs_url": reverse("knowledge:scan_runs", args=[slug]),
        },
    )


@login_required
@require_safe
def result_csv(request: HttpRequest, slug: str, uid: str) -> HttpResponse:
    found = _member_run(request, slug, uid)
    if not found.is_complete:
        raise Http404
    return export.csv_response(selectors.result_of(found))


@login_required
@require_safe
def result_pdf(request: HttpRequest, slug: str, uid: str) -> HttpResponse:
    found = _member_run(request, slug, uid)
    if not found.is_complete:
        raise Http404
    outcome = selectors.result_of(found)
    recommendations = recommendations_for(
        [row.section for row in outcome.weak_rows],
        organisation=found.organisation,
        language=translation.get_language(),
    )
    return export.pdf_response(outcome, recommendations)
