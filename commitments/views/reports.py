"""Progress reports and their evidence, for the pledging organisation; review by the
framework's coordinators."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic import ListView

import uploads
from commitments import selectors, services
from commitments.forms import EvidenceFileForm, EvidenceLinkForm, ReportForm, ReviewForm
from commitments.models import Framework
from commitments.selectors import ReportAccess
from commitments.views.browsing import PAGE_SIZE


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest, uid: str) -> HttpResponse:
    access = selectors.get_pledge(request.user, uid, admin=True)
    pledge = access.pledge
    periods = selectors.periods_to_report(pledge)
    form = ReportForm(request.POST or None, pledge=pledge, periods=periods)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                pledge=pledge,
                by=request.user,
                period=form.cleaned_data["period"],
                **form.report_fields(),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _("Your draft report for %(period)s was saved. Add evidence, then submit it.")
                % {"period": report.period},
            )
            return redirect(report)
    return render(
        request,
        "commitments/report_form.html",
        {"pledge": pledge, "form": form, "creating": True, "no_periods": not periods},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, uid: str) -> HttpResponse:
    access = selectors.get_report(request.user, uid, admin=True)
    report = access.report
    if not report.is_editable:
        messages.error(request, _("This report can no longer be changed."))
        return redirect(report)
    form = ReportForm(request.POST or None, pledge=report.pledge, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(report=report, by=request.user, **form.report_fields())
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The report was saved."))
            return redirect(report)
    return render(
        request,
        "commitments/report_form.html",
        {"pledge": report.pledge, "report": report, "form": form, "creating": False},
        status=400 if form.errors else 200,
    )


def _report_page(
    request: HttpRequest, access: ReportAccess, *, status: int = 200, **forms: Any
) -> HttpResponse:
    report = access.report
    context: dict[str, Any] = {
        "report": report,
        "pledge": report.pledge,
        "access": access,
        "evidence": list(report.evidence.all()),
        "comments": list(report.comments.select_related("author")),
        "practices": list(report.practices.all()),
        "practices_other": selectors.unlinked_practices(report),
    }
    if access.is_admin and report.is_editable:
        context["link_form"] = forms.get("link_form") or EvidenceLinkForm()
        context["file_form"] = forms.get("file_form") or EvidenceFileForm()
    if access.is_coordinator and report.state == "submitted":
        context["review_form"] = forms.get("review_form") or ReviewForm()
    return render(request, "commitments/report_detail.html", context, status=status)


@login_required
@require_safe
def report_detail(request: HttpRequest, uid: str) -> HttpResponse:
    return _report_page(request, selectors.get_report(request.user, uid))


@login_required
@require_POST
def report_submit(request: HttpRequest, uid: str) -> HttpResponse:
    access = selectors.get_report(request.user, uid, admin=True)
    try:
        services.report_submit(report=access.report, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(access.report)
    messages.success(request, _("The report was submitted to the framework's coordinators."))
    return redirect(access.report)


@login_required
@require_POST
def report_review(request: HttpRequest, uid: str) -> HttpResponse:
    access = selectors.get_report(request.user, uid, coordinator=True)
    form = ReviewForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.report_review(
                report=access.report,
                by=request.user,
                accept=accept,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _("The report was accepted.")
                if accept
                else _("The report was returned for revision."),
            )
            return redirect("commitments:review")
    return _report_page(request, access, review_form=form, status=400)


@login_required
@require_POST
def evidence_link_add(request: HttpRequest, uid: str) -> HttpResponse:
    return _evidence_add(request, uid, EvidenceLinkForm(request.POST), form_name="link_form")


@login_required
@require_POST
def evidence_file_add(request: HttpRequest, uid: str) -> HttpResponse:
    form = EvidenceFileForm(request.POST, request.FILES)
    return _evidence_add(request, uid, form, form_name="file_form")


def _evidence_add(
    request: HttpRequest, uid: str, form: EvidenceLinkForm | EvidenceFileForm, *, form_name: str
) -> HttpResponse:
    access = selectors.get_report(request.user, uid, admin=True)
    if form.is_valid():
        try:
            form.add_to(access.report, request.user)
        except ValidationError as exc:
            form.add_error(form.error_field, exc.messages)
        else:
            messages.success(request, str(form.added))
            return redirect(access.report)
    return _report_page(request, access, status=400, **{form_name: form})


@login_required
@require_safe
def evidence_download(request: HttpRequest, uid: str) -> HttpResponse:
    evidence = selectors.get_evidence(request.user, uid)
    if not evidence.file:
        return redirect(evidence.url)
    return uploads.attachment(evidence, default="evidence")


@login_required
@require_http_methods(["GET", "POST"])
def evidence_remove(request: HttpRequest, uid: str) -> HttpResponse:
    evidence = selectors.get_evidence(request.user, uid, admin=True)
    report = evidence.report
    if request.method == "POST":
        try:
            services.evidence_remove(evidence=evidence, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("“%(title)s” was removed.") % {"title": evidence.title})
        return redirect(report)
    return render(
        request,
        "includes/confirm.html",
        {
            "title": _("Remove “%(title)s”?") % {"title": evidence.title},
            "question": _("The evidence is taken off the report; a file is deleted."),
            "confirm_label": _("Remove evidence"),
            "cancel_url": report.get_absolute_url(),
            "cancel_label": _("Keep it"),
        },
    )


@method_decorator([login_required, require_safe], name="dispatch")
class ReviewQueue(ListView):
    template_name = "commitments/review.html"
    context_object_name = "reports"
    paginate_by = PAGE_SIZE

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not Framework.objects.coordinated_by(request.user).exists():
            raise PermissionDenied(_("Only the coordinators of a framework review reports."))
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        return selectors.reports_awaiting_review(self.request.user)


review = ReviewQueue.as_view()
