"""The calls' pages: the list of calls, a call's page, proposing, a proposal with its files,
the reviewer's queue and review form, the curator's ranking and decision. Rules live in
permissions, selectors and services; views read the viewer once and pass it on."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

import uploads
from accounts.models import Organisation
from initiatives.calls import selectors, services
from initiatives.calls.forms import (
    DecisionForm,
    FileForm,
    NewProposalForm,
    ProposalForm,
    ReviewForm,
)
from initiatives.calls.models import Call, Proposal
from initiatives.calls.permissions import CallsViewer, calls_viewer_of

PER_PAGE = 25


def _refused(request: HttpRequest, message: str, *, back: str) -> HttpResponse:
    """A change the state no longer allows (the deadline passed, decided already): 409 with
    the reason, never a half-written change."""
    return render(
        request,
        "initiatives/calls/refused.html",
        {"message": message, "back": back},
        status=409,
    )


# The list and a call's page are not in the anonymous page cache (pagecache.public_page): a
# call closes when its deadline passes, which no service sees happen, so no area would be
# renewed and a cached page would go on saying "open".
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    closed = Paginator(selectors.closed_calls(), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "initiatives/calls/index.html",
        {"open_calls": list(selectors.open_calls()), "page_obj": closed},
    )


@require_safe
def call(request: HttpRequest, uid: str) -> HttpResponse:
    viewer = calls_viewer_of(request.user)
    item = selectors.get_call(viewer, uid)
    return render(
        request,
        "initiatives/calls/call.html",
        {
            "call": item,
            "viewer": viewer,
            "criteria": selectors.criteria_of(item),
            "own_proposals": selectors.proposals_of_viewer(viewer, item),
            "accepted": selectors.accepted_of(item) if not item.is_open else [],
            "may_propose": item.is_open and bool(viewer.admin_of),
            "reviews_it": item.pk in viewer.reviews,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, uid: str) -> HttpResponse:
    viewer = calls_viewer_of(request.user)
    item = selectors.get_call(viewer, uid)
    if not viewer.admin_of:
        raise PermissionDenied(_("Only an administrator of an organisation can send a proposal."))
    if not item.is_open:
        return _refused(
            request,
            _("This call is closed: proposals can no longer be sent."),
            back=item.get_absolute_url(),
        )
    organisations = Organisation.objects.filter(pk__in=viewer.admin_of)
    form = NewProposalForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_start(
                call=item,
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                text=form.text(),
            )
        except services.Closed as exc:
            return _refused(request, str(exc), back=item.get_absolute_url())
        except services.Conflict as exc:
            form.add_error("organisation", str(exc))
        else:
            messages.success(
                request,
                _("Saved as a draft. Add files, then send the proposal before the deadline."),
            )
            return redirect(proposal)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "initiatives/calls/propose.html", {"call": item, "form": form}, status=status
    )


def _proposal_page(
    request: HttpRequest,
    viewer: CallsViewer,
    proposal: Proposal,
    *,
    form: ProposalForm | None = None,
    file_form: FileForm | None = None,
    status: int = 200,
) -> HttpResponse:
    item: Call = proposal.call
    criteria = selectors.criteria_of(item)
    editable = viewer.edits_proposal(proposal) and item.is_open and not proposal.is_decided
    context = {
        "proposal": proposal,
        "call": item,
        "viewer": viewer,
        "files": selectors.files_of(proposal),
        "editable": editable,
        "form": form or (ProposalForm(instance=proposal) if editable else None),
        "file_form": file_form or FileForm(),
        "reviews_it": viewer.reviews_proposal(proposal, item),
        "curates": viewer.curator and not proposal.is_draft,
        "seen": selectors.reviews_seen(viewer, proposal, criteria) if viewer.curator else None,
        "criteria": criteria,
    }
    return render(request, "initiatives/calls/proposal.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def proposal(request: HttpRequest, uid: str) -> HttpResponse:
    """The proposal; its administrators change it here until the call's deadline."""
    viewer = calls_viewer_of(request.user)
    item = selectors.get_proposal(viewer, uid)
    if request.method == "GET":
        return _proposal_page(request, viewer, item)
    if not viewer.edits_proposal(item):
        raise PermissionDenied
    form = ProposalForm(request.POST, instance=item)
    if not form.is_valid():
        item.refresh_from_db()
        return _proposal_page(request, viewer, item, form=form, status=400)
    try:
        services.proposal_update(proposal=item, by=request.user, text=form.text())
    except services.Closed as exc:
        return _refused(request, str(exc), back=item.get_absolute_url())
    messages.success(request, _("Your changes are saved."))
    return redirect(item)


@login_required
@require_POST
def submit(request: HttpRequest, uid: str) -> HttpResponse:
    viewer = calls_viewer_of(request.user)
    item = selectors.get_proposal(viewer, uid)
    if not viewer.edits_proposal(item):
        raise PermissionDenied
    try:
        services.proposal_submit(proposal=item, by=request.user)
    except (services.Closed, services.Conflict) as exc:
        return _refused(request, str(exc), back=item.get_absolute_url())
    messages.success(
        request, _("Your proposal is sent. You can still change it until the deadline.")
    )
    return redirect(item)


@login_required
@require_POST
def file_add(request: HttpRequest, uid: str) -> HttpResponse:
    viewer = calls_viewer_of(request.user)
    item = selectors.get_proposal(viewer, uid)
    if not viewer.edits_proposal(item):
        raise PermissionDenied
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.proposal_file_add(
                proposal=item, by=request.user, upload=form.cleaned_data["file"]
            )
        except services.Closed as exc:
            return _refused(request, str(exc), back=item.get_absolute_url())
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, _("The file is added."))
            return redirect(item)
    return _proposal_page(request, viewer, item, file_form=form, status=400)


def _file_of(request: HttpRequest, uid: str, file_uid: str):
    viewer = calls_viewer_of(request.user)
    item = selectors.get_proposal(viewer, uid)
    found = item.files.filter(uid=file_uid).first()
    if found is None:
        raise Http404
    return viewer, item, found


@login_required
@require_safe
def file_download(request: HttpRequest, uid: str, file_uid: str) -> HttpResponse:
    _viewer, _item, found = _file_of(request, uid, file_uid)
    return uploads.attachment(found, default="proposal")


@login_required
@require_http_methods(["GET", "POST"])
def file_remove(request: HttpRequest, uid: str, file_uid: str) -> HttpResponse:
    viewer, item, found = _file_of(request, uid, file_uid)
    if not viewer.edits_proposal(item):
        raise PermissionDenied
    if not item.call.is_open or item.is_decided:
        return _refused(
            request,
            _("The call is closed: the proposal's files can no longer be changed."),
            back=item.get_absolute_url(),
        )
    if request.method == "POST":
        try:
            services.proposal_file_remove(item=found, by=request.user)
        except services.Closed as exc:
            return _refused(request, str(exc), back=item.get_absolute_url())
        messages.success(request, _("The file is removed."))
        return redirect(item)
    context = {
        "title": _("Remove this file?"),
        "question": _("“%(name)s” is removed from the proposal.") % {"name": found.original_name},
        "confirm_label": _("Remove"),
        "cancel_url": item.get_absolute_url(),
    }
    return render(request, "includes/confirm.html", context)


@login_required
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    viewer = calls_viewer_of(request.user)
    if not viewer.is_reviewer:
        raise PermissionDenied
    page = Paginator(selectors.reviewer_queue(viewer), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "initiatives/calls/queue.html", {"page_obj": page})


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, uid: str) -> HttpResponse:
    """The reviewer's scores; the others' appear only once the reviewer submitted."""
    viewer = calls_viewer_of(request.user)
    item = selectors.get_proposal(viewer, uid)
    if not viewer.reviews_proposal(item, item.call):
        raise PermissionDenied
    criteria = selectors.criteria_of(item.call)
    seen = selectors.reviews_seen(viewer, item, criteria)
    initial = {}
    if seen.own:
        for pk, score in seen.own.scores.items():
            initial[f"score_{pk}"] = str(score.value)
            initial[f"comment_{pk}"] = score.comment
    form = ReviewForm(request.POST or None, initial=initial, criteria=criteria)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            submitting = request.POST.get("action") == "submit"
            try:
                services.review_save(
                    proposal=item, by=request.user, scores=form.scores(), submit=submitting
                )
            except (services.Closed, services.Conflict) as exc:
                return _refused(request, str(exc), back=item.get_absolute_url())
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(
                    request,
                    _("Your review is submitted.")
                    if submitting
                    else _("Your scores are saved. Submit the review when it is complete."),
                )
                return redirect("calls:review", uid=item.uid)
        status = 400
    submitted = seen.own is not None and seen.own.review.submitted_at is not None
    context = {
        "proposal": item,
        "call": item.call,
        "criteria": criteria,
        "seen": seen,
        "form": form,
        "files": selectors.files_of(item),
        "submitted": submitted,
        "shown": [seen.own, *seen.others] if submitted else [],
    }
    return render(request, "initiatives/calls/review.html", context, status=status)


@login_required
@require_safe
def ranking(request: HttpRequest, uid: str) -> HttpResponse:
    viewer = calls_viewer_of(request.user)
    item = selectors.get_call(viewer, uid)
    if not viewer.curator:
        raise PermissionDenied
    return render(
        request,
        "initiatives/calls/ranking.html",
        {
            "call": item,
            "proposals": selectors.ranking(item),
            "criteria": selectors.criteria_of(item),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, uid: str) -> HttpResponse:
    viewer = calls_viewer_of(request.user)
    item = selectors.get_proposal(viewer, uid)
    if not viewer.curator:
        raise PermissionDenied
    back = reverse("calls:ranking", args=[item.call.uid])
    if item.call.is_open or item.is_decided or item.is_draft:
        return _refused(
            request,
            _("Only a submitted proposal of a closed call, not decided yet, can be decided."),
            back=back,
        )
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                decided = services.proposal_decide(
                    proposal=item,
                    by=request.user,
                    accept=form.cleaned_data["decision"] == "accept",
                    message=form.cleaned_data["message"],
                )
            except (services.Closed, services.Conflict) as exc:
                return _refused(request, str(exc), back=back)
            messages.success(
                request,
                _("The proposal is accepted and the applicants are told.")
                if decided.initiative_id
                else _("The proposal is declined and the applicants are told."),
            )
            return redirect(back)
        status = 400
    else:
        status = 200
    criteria = selectors.criteria_of(item.call)
    context = {
        "proposal": item,
        "call": item.call,
        "form": form,
        "seen": selectors.reviews_seen(viewer, item, criteria),
        "criteria": criteria,
    }
    return render(request, "initiatives/calls/decide.html", context, status=status)
