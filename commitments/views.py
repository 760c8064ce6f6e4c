from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic import ListView

import pagecache
from accounts.selectors import get_membership
from commitments import dashboard, selectors, services
from commitments.forms import (
    EvidenceFileForm,
    EvidenceLinkForm,
    PledgeForm,
    ReportForm,
    ReviewForm,
)
from commitments.models import PLEDGING_KINDS, Framework, Pledge, ProgressReport, Status
from commitments.selectors import ReportAccess
from pagecache import public_page
from stats import charts
from stats.suppression import Table

PAGE_SIZE = 25


def _unlinked_practices(report: ProgressReport) -> list[str]:
    """The lines of the report's practices that name nothing in the knowledge centre."""
    linked = report.practices.all()
    names = {p.title.lower() for p in linked} | {p.slug for p in linked}
    return [
        line.strip()
        for line in report.practices_used.splitlines()
        if line.strip()
        and line.strip().lower() not in names
        and not any(f"/p/{p.slug}" in line for p in linked)
    ]


# --- Browsing ----------------------------------------------------------------------------------


@method_decorator(require_safe, name="dispatch")
class FrameworkList(ListView):
    template_name = "commitments/index.html"
    context_object_name = "frameworks"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> Any:
        return (
            Framework.objects.published()
            .select_related("sector")
            .annotate(action_count=Count("commitments__actions", distinct=True))
            .order_by("title")
        )


index = public_page("commitments", "taxonomy")(FrameworkList.as_view())


@public_page("commitments", "taxonomy", "statistics")
@require_safe
def framework_detail(request: HttpRequest, slug: str) -> HttpResponse:
    framework = selectors.get_framework(slug)
    structure = selectors.framework_structure(framework)
    # The dashboard's released figures, so this page and the dashboard show the same.
    released = dashboard.released_figures(framework)
    cells = {}
    if released is not None:
        table = released.figures.pledged_per_action
        cells = {cell.key: charts.cell_text(cell.state, cell.value) for cell in table.cells}
    for commitment in structure:
        for action in commitment.actions.all():
            action.pledged_text = cells.get(action.code, _("not released yet"))
    return render(
        request,
        "commitments/framework_detail.html",
        {
            "framework": framework,
            "structure": structure,
            "pledging": selectors.pledging_memberships(request.user, framework),
            "released": released,
        },
    )


@public_page("commitments", "taxonomy", "statistics")
@require_safe
def action_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    framework = selectors.get_framework(slug)
    action = selectors.get_action(framework, code)
    figures = _action_status(framework, action)
    page = _paginate(request, selectors.public_pledges_of(action))
    return render(
        request,
        "commitments/action_detail.html",
        {
            "framework": framework,
            "action": action,
            "status_rows": figures,
            "page_obj": page,
            "pledges": page.object_list,
            "following": selectors.is_following(request.user, action=action),
        },
    )


def _action_status(framework: Framework, action: Any) -> list[tuple[str, str]]:
    """The action's row of the dashboard's latest release (never live counts)."""
    released = dashboard.released_figures(framework)
    if released is None or action.code not in released.figures.status_per_action:
        return []
    table = released.figures.status_per_action[action.code]
    labels = dict(Status.choices)
    out = [(str(labels[c.key]), charts.cell_text(c.state, c.value)) for c in table.cells]
    out.append((_("All pledging organisations"), charts.cell_text(table.total_state, table.total)))
    return out


def _paginate(request: HttpRequest, queryset: Any) -> Any:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Dashboard ---------------------------------------------------------------------------------


@public_page("commitments", "taxonomy", "statistics")
@require_safe
def dashboard_page(request: HttpRequest, slug: str) -> HttpResponse:
    framework = selectors.get_framework(slug)
    released = dashboard.released_figures(framework)
    if released is None:
        return render(
            request, "commitments/dashboard.html", {"framework": framework, "released": None}
        )
    figures = released.figures
    labels = figures.labels
    # The release has a cell for every country; the page lists those above zero.
    countries = Table(
        cells=[c for c in figures.by_country.cells if not (c.shown and c.value == 0)],
        total=figures.by_country.total,
        total_state=figures.by_country.total_state,
    )
    status_keys = labels["status"]

    def table_rows(table: Any, label: dict[Any, str]) -> list[tuple[str, str]]:
        return [
            (label.get(c.key, str(c.key)), charts.cell_text(c.state, c.value)) for c in table.cells
        ]

    pledged = figures.pledged_per_action.as_dict()["cells"]
    pledged_chart = charts.bars(
        list(zip(labels["action"], pledged, strict=True)), outline_small=False
    )
    status_actions = charts.stacked(
        [(code, figures.status_per_action[code]) for code in labels["action"]], status_keys
    )
    commitment_chart = charts.stacked(
        [(_("Commitment %(n)s") % {"n": n}, t) for n, t in figures.status_per_commitment.items()],
        status_keys,
    )
    trend_chart = charts.stacked(list(figures.trend.items()), status_keys)
    return render(
        request,
        "commitments/dashboard.html",
        {
            "framework": framework,
            "figures": figures,
            "released": released,
            "cache_version": pagecache.version("commitments", "taxonomy", "statistics"),
            "statuses": list(status_keys.items()),
            "pledged_chart": pledged_chart,
            "pledged_rows": [
                (figures.actions[i], charts.cell_text(c.state, c.value))
                for i, c in enumerate(figures.pledged_per_action.cells)
            ],
            "status_actions_chart": status_actions,
            "status_action_rows": [
                (
                    a,
                    [
                        charts.cell_text(c.state, c.value)
                        for c in figures.status_per_action[a.code].cells
                    ],
                    charts.cell_text(
                        figures.status_per_action[a.code].total_state,
                        figures.status_per_action[a.code].total,
                    ),
                )
                for a in figures.actions
            ],
            "commitment_chart": commitment_chart,
            "commitment_rows": [
                (
                    c,
                    charts.cell_text(
                        figures.pledged_per_commitment.cells[i].state,
                        figures.pledged_per_commitment.cells[i].value,
                    ),
                    [
                        charts.cell_text(x.state, x.value)
                        for x in figures.status_per_commitment[c.number].cells
                    ],
                    charts.cell_text(
                        figures.status_per_commitment[c.number].total_state,
                        figures.status_per_commitment[c.number].total,
                    ),
                )
                for i, c in enumerate(figures.commitments)
            ],
            "trend_chart": trend_chart,
            "trend_rows": [
                (
                    code,
                    [charts.cell_text(x.state, x.value) for x in t.cells],
                    charts.cell_text(t.total_state, t.total),
                )
                for code, t in figures.trend.items()
            ],
            "sme_rows": [
                (
                    s.period,
                    charts.cell_text(s.associations.state, s.associations.value),
                    charts.cell_text(s.state, s.smes),
                )
                for s in figures.smes
            ],
            "organisations_total": charts.cell_text(
                figures.by_kind.total_state, figures.by_kind.total
            ),
            "kind_chart": charts.bars(
                [
                    (labels["kind"].get(c["key"], c["key"]), c)
                    for c in figures.by_kind.as_dict()["cells"]
                ],
                outline_small=False,
            ),
            "kind_rows": table_rows(figures.by_kind, labels["kind"]),
            "country_chart": charts.bars(
                [
                    (labels["country"].get(c["key"], c["key"]), c)
                    for c in countries.as_dict()["cells"]
                ],
                outline_small=False,
            ),
            "country_rows": table_rows(countries, labels["country"]),
            "size_chart": charts.bars(
                [
                    (labels["size"].get(c["key"], c["key"]), c)
                    for c in figures.by_size.as_dict()["cells"]
                ],
                outline_small=False,
            ),
            "size_rows": table_rows(figures.by_size, labels["size"]),
            "sme_bound": dashboard.SMES_PER_ASSOCIATION_BOUND,
        },
    )


@require_safe
def dashboard_json(request: HttpRequest, slug: str) -> HttpResponse:
    framework = selectors.get_framework(slug)
    released = dashboard.released_figures(framework)
    if released is None:
        return JsonResponse({"detail": _("The figures have not been released yet.")}, status=503)
    data = {
        "released_at": released.released_at.isoformat(),
        "epsilon": released.epsilon,
        "delta": released.delta,
        **dashboard.figures_as_dict(released.figures),
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_safe
def dashboard_csv(request: HttpRequest, slug: str) -> HttpResponse:
    framework = selectors.get_framework(slug)
    released = dashboard.released_figures(framework)
    if released is None:
        return HttpResponse(
            _("The figures have not been released yet."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    body = dashboard.figures_as_csv(released.figures, released=released)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{framework.slug}-dashboard.csv"'
    return response


# --- Pledges -----------------------------------------------------------------------------------


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
            "reports": reports,
            "following": selectors.is_following(request.user, pledge=pledge),
            "can_report": access.is_admin
            and bool(_open_periods(pledge, set(reports.values_list("period", flat=True)))),
        },
    )


def _open_periods(pledge: Pledge, done: set[str]) -> list[str]:
    today = timezone.localdate()
    return [p.code for p in reversed(pledge.framework.periods_open(today)) if p.code not in done]


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


# --- Progress reports --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest, uid: str) -> HttpResponse:
    access = selectors.get_pledge(request.user, uid, admin=True)
    pledge = access.pledge
    periods = _open_periods(pledge, set(pledge.reports.values_list("period", flat=True)))
    form = ReportForm(request.POST or None, pledge=pledge, periods=periods)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                pledge=pledge,
                by=request.user,
                period=form.cleaned_data["period"],
                status=form.cleaned_data["status"],
                narrative=form.cleaned_data["narrative"],
                smes_reached=form.cleaned_data.get("smes_reached"),
                practices_used=form.cleaned_data["practices_used"],
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
    initial = {
        "status": report.status,
        "narrative": report.narrative,
        "smes_reached": report.smes_reached,
        "practices_used": report.practices_used,
    }
    form = ReportForm(request.POST or None, pledge=report.pledge, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(
                report=report,
                by=request.user,
                status=form.cleaned_data["status"],
                narrative=form.cleaned_data["narrative"],
                smes_reached=form.cleaned_data.get("smes_reached"),
                practices_used=form.cleaned_data["practices_used"],
            )
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
        "practices_other": _unlinked_practices(report),
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
    access = selectors.get_report(request.user, uid, admin=True)
    form = EvidenceLinkForm(request.POST)
    if form.is_valid():
        try:
            services.evidence_add_link(report=access.report, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The link was added."))
            return redirect(access.report)
    return _report_page(request, access, link_form=form, status=400)


@login_required
@require_POST
def evidence_file_add(request: HttpRequest, uid: str) -> HttpResponse:
    access = selectors.get_report(request.user, uid, admin=True)
    form = EvidenceFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add_file(
                report=access.report,
                by=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, _("The file was added."))
            return redirect(access.report)
    return _report_page(request, access, file_form=form, status=400)


@login_required
@require_safe
def evidence_download(request: HttpRequest, uid: str) -> HttpResponse:
    evidence = selectors.get_evidence(request.user, uid)
    if not evidence.file:
        return redirect(evidence.url)
    name = get_valid_filename(evidence.original_name) or f"evidence.{evidence.extension}"
    if not name.lower().endswith(f".{evidence.extension}"):
        name = f"{name}.{evidence.extension}"
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


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
