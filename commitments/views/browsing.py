"""Framework, action and dashboard pages, and the dashboard's exports: open to everyone."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import ListView

import pagecache
from commitments import dashboard, dashboard_tables, selectors
from commitments.dashboard import Released
from commitments.models import Framework
from initiatives import selectors as initiatives_selectors
from pagecache import public_page

PAGE_SIZE = 25


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
    dashboard_tables.label_pledged(structure, released)
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


# "knowledge": the page lists the published practices serving the action; "initiatives": the
# published initiatives linked to it.
@public_page("commitments", "taxonomy", "statistics", "knowledge", "initiatives")
@require_safe
def action_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    framework = selectors.get_framework(slug)
    action = selectors.get_action(framework, code)
    page = _paginate(request, selectors.public_pledges_of(action))
    return render(
        request,
        "commitments/action_detail.html",
        {
            "framework": framework,
            "action": action,
            "status_rows": dashboard_tables.action_status_rows(
                dashboard.released_figures(framework), action
            ),
            "page_obj": page,
            "pledges": page.object_list,
            "following": selectors.is_following(request.user, action=action),
            "practices": selectors.practices_serving(action),
            "linked_initiatives": initiatives_selectors.published_linked(action.initiatives.all()),
        },
    )


def _paginate(request: HttpRequest, queryset: Any) -> Any:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Dashboard ---------------------------------------------------------------------------------


@public_page("commitments", "taxonomy", "statistics")
@require_safe
def dashboard_page(request: HttpRequest, slug: str) -> HttpResponse:
    context = pagecache.remember(
        f"commitments:dashboard-page:{slug}:{get_language()}", DASHBOARD_AREAS, lambda: _page(slug)
    )
    return render(request, "commitments/dashboard.html", context)


# What the dashboard shows changes with a release (statistics), the framework's text
# (commitments) and the vocabularies (taxonomy).
DASHBOARD_AREAS = ("commitments", "taxonomy", "statistics")


def _page(slug: str) -> dict[str, Any]:
    """The dashboard's context, the same for every visitor in one language, with its figures
    already rendered: kept in the shared cache until the next release (pagecache.remember), so
    a request reads one entry and renders only the page around it, instead of rebuilding the
    figures and tables from the release (about 8 ms) and rendering them (about 2 ms)."""
    framework, released = _released(slug)
    context: dict[str, Any] = {"framework": framework, "released": released is not None}
    if released is not None:
        context["figures_html"] = mark_safe(  # noqa: S308 — the portal's own template
            render_to_string(
                "commitments/dashboard_figures.html",
                {"framework": framework, **dashboard_tables.page_context(released)},
            )
        )
    return context


@require_safe
def dashboard_json(request: HttpRequest, slug: str) -> HttpResponse:
    _framework, released = _released(slug)
    if released is None:
        return JsonResponse({"detail": str(NOT_RELEASED)}, status=503)
    return JsonResponse(
        dashboard_tables.as_json(released), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )


@require_safe
def dashboard_csv(request: HttpRequest, slug: str) -> HttpResponse:
    framework, released = _released(slug)
    if released is None:
        return HttpResponse(str(NOT_RELEASED), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(
        dashboard_tables.as_csv(released), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{framework.slug}-dashboard.csv"'
    return response


NOT_RELEASED = _("The figures have not been released yet.")


def _released(slug: str) -> tuple[Framework, Released | None]:
    framework = selectors.get_framework(slug)
    return framework, dashboard.released_figures(framework)
