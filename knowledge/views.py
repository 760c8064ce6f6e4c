from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic import DetailView, ListView

import pagecache
from knowledge import panels, search, selectors, services
from knowledge.forms import SavedSearchForm, SubmissionForm
from knowledge.models import Attachment, Collection, Practice, SavedSearch, Status
from markup import render_markdown_cached
from pagecache import public_page


@public_page("knowledge", "taxonomy")
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The library: search and facets together; htmx swaps only the results."""
    params = search.Params.parse(request.GET)
    results = search.search(params)
    panels.attach_labels(results.practices)
    context = {
        "params": params,
        "results": results,
        "sorts": search.SORTS,
        "save_form": SavedSearchForm(
            initial={"query": params.querystring(), "name": params.q[:120]}
        ),
    }
    template = "knowledge/includes/results.html" if request.htmx else "knowledge/index.html"
    return panels.add_areas(render(request, template, context), panels.label_areas())


def _visible_practice(request: HttpRequest, slug: str) -> Practice:
    """Published practices for everyone; staff also preview drafts and submissions."""
    practice = get_object_or_404(Practice.objects.prefetch_related("themes"), slug=slug)
    if practice.status != Status.PUBLISHED and not request.user.is_staff:
        raise Http404
    return practice


@public_page("knowledge", "taxonomy")
@require_safe
def practice(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(Practice.objects.defer("search_vector"), slug=slug)
    if item.is_withdrawn and not request.user.is_staff:
        # Gone, not missing: people arrive from old links and bookmarks (issue 14).
        context = {"practice": item, **selectors.withdrawn_page_parts(item)}
        return render(request, "knowledge/withdrawn.html", context, status=410)
    if item.status != Status.PUBLISHED and not request.user.is_staff:
        raise Http404
    if item.status == Status.PUBLISHED:
        # The same for everyone: kept rendered until the library, the vocabularies, what other
        # apps add (panels) or the practice's own row change.
        content = pagecache.fragment(
            f"knowledge:practice:{item.pk}:{selectors.practice_digest(item)}",
            ("knowledge", "taxonomy", *panels.section_areas()),
            lambda: _practice_content(item, preview=False),
        )
    else:
        content = _practice_content(item, preview=True)
    response = render(request, "knowledge/practice.html", {"practice": item, "content": content})
    return panels.add_areas(response, panels.section_areas())


def _practice_content(item: Practice, *, preview: bool) -> SafeString:
    prefetch_related_objects([item], "themes")
    context = {
        "practice": item,
        "body": render_markdown_cached(item.body),
        "preview": preview,
        **selectors.practice_page_parts(item),
        "panels": panels.sections(item),
    }
    return render_to_string("knowledge/practice_content.html", context)


@require_safe
def attachment(request: HttpRequest, uid: str) -> FileResponse:
    item = get_object_or_404(Attachment.objects.select_related("practice"), uid=uid)
    _visible_practice(request, item.practice.slug)
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=f"{item.practice.slug}.{item.extension}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


class CollectionList(ListView):
    template_name = "knowledge/collections.html"
    context_object_name = "collections"
    paginate_by = 20

    def get_queryset(self):
        return Collection.objects.published()


class CollectionDetail(DetailView):
    template_name = "knowledge/collection.html"
    context_object_name = "collection"

    def get_queryset(self):
        return Collection.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = get_language() or settings.LANGUAGE_CODE
        context["practices"] = selectors.collection_practices(self.object, language=language)
        context["reader_language"] = language
        return context


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    form = SubmissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.submission_create(
            user=request.user, data=form.cleaned_data, upload=form.cleaned_data.get("attachment")
        )
        messages.success(
            request,
            _("Thank you. A curator will review your suggestion; we will email you the outcome."),
        )
        return redirect("knowledge:submissions")
    return render(request, "knowledge/submit.html", {"form": form})


@login_required
@require_safe
def submissions(request: HttpRequest) -> HttpResponse:
    items = Practice.objects.filter(submitted_by=request.user).order_by("-created_at")
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    return render(request, "knowledge/submissions.html", {"submissions": page, "page": page})


@login_required
@require_safe
def saved_searches(request: HttpRequest) -> HttpResponse:
    items = SavedSearch.objects.filter(user=request.user)
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    return render(request, "knowledge/saved.html", {"saved_searches": page, "page": page})


@login_required
@require_POST
def saved_search_create(request: HttpRequest) -> HttpResponse:
    form = SavedSearchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The search could not be saved. Choose daily or weekly."))
        return redirect("knowledge:index")
    saved = services.saved_search_create(
        user=request.user,
        name=form.cleaned_data["name"],
        query=form.cleaned_data["query"],
        frequency=form.cleaned_data["frequency"],
    )
    messages.success(
        request, _("Search “%(name)s” saved. We will email you new matches.") % {"name": saved}
    )
    return redirect("knowledge:saved")


@login_required
@require_http_methods(["GET", "POST"])
def saved_search_delete(request: HttpRequest, token: str) -> HttpResponse:
    saved = get_object_or_404(SavedSearch, token=token, user=request.user)
    if request.method == "POST":
        services.saved_search_delete(saved_search=saved)
        messages.success(request, _("The saved search was deleted; its alerts stop."))
        return redirect("knowledge:saved")
    return render(
        request,
        "includes/confirm.html",
        {
            "title": _("Delete saved search"),
            "question": _("Delete “%(name)s”? Its email alerts stop.") % {"name": saved.name},
            "confirm_label": _("Delete"),
            "cancel_url": reverse("knowledge:saved"),
        },
    )
