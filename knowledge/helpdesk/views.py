"""The help desk's pages: ask, the asker's questions and threads, the experts' queue, the
curator's publishing page and the service figures. Rules live in permissions, selectors and
services; views read the viewer once and pass it on."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from knowledge.helpdesk import selectors, services
from knowledge.helpdesk.forms import AskForm, HandoverForm, MessageForm, PublishForm
from knowledge.helpdesk.models import HelpQuestion
from knowledge.helpdesk.permissions import HelpdeskViewer, helpdesk_viewer_of

PER_PAGE = 25


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    signed_in = request.user.is_authenticated
    form = AskForm(request.POST or None, signed_in=signed_in)
    status = 200
    if request.method == "POST":
        if not signed_in and form.is_spam:
            # A robot filled in the hidden field: it sees what a person would, nothing is kept.
            return redirect("helpdesk:sent")
        if form.is_valid():
            data = form.cleaned_data
            email = "" if signed_in else data["email"]
            if not services.ask_allowed(
                user=request.user, email=email, address=get_adapter().get_client_ip(request)
            ):
                form.add_error(
                    None,
                    _("You have asked many questions in a short time. Please try again later."),
                )
                status = 429
            else:
                question = services.question_ask(
                    asker=request.user if signed_in else None,
                    email=email,
                    subject=data["subject"],
                    body=data["body"],
                    theme=data["theme"],
                    sector=data["sector"],
                    size_class=data["size_class"],
                    publish_consent=data["publish_consent"],
                )
                if signed_in:
                    messages.success(request, _("Your question is sent to the experts."))
                    return redirect(question)
                return redirect("helpdesk:sent")
        else:
            status = 400
    return render(request, "knowledge/helpdesk/ask.html", {"form": form}, status=status)


@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "knowledge/helpdesk/sent.html")


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    viewer = helpdesk_viewer_of(request.user)
    page = Paginator(selectors.questions_of_asker(viewer), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "knowledge/helpdesk/mine.html", {"page_obj": page})


def _question_page(
    request: HttpRequest,
    viewer: HelpdeskViewer,
    question: HelpQuestion,
    *,
    form: MessageForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "question": question,
        "thread": selectors.thread_of(question),
        "viewer": viewer,
        "is_asker": viewer.is_asker(question),
        "answers": viewer.answers(question),
        "form": form or MessageForm(),
        "handover_form": HandoverForm(experts=_experts(question)),
        "publishable": viewer.curates()
        and HelpQuestion.objects.publishable().filter(pk=question.pk).exists(),
    }
    return render(request, "knowledge/helpdesk/question.html", context, status=status)


def _experts(question: HelpQuestion):
    return (
        get_user_model()
        .objects.filter(expert__is_active=True, expert__themes=question.theme_id, is_active=True)
        .order_by("email")
    )


@login_required
@require_safe
def question(request: HttpRequest, uid: str) -> HttpResponse:
    viewer = helpdesk_viewer_of(request.user)
    return _question_page(request, viewer, selectors.question_for(viewer, uid))


@login_required
@require_POST
def question_post(request: HttpRequest, uid: str) -> HttpResponse:
    """The asker's reply, or an expert's answer: the same form, decided by who writes."""
    viewer = helpdesk_viewer_of(request.user)
    item = selectors.question_for(viewer, uid)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _question_page(request, viewer, item, form=form, status=400)
    if viewer.is_asker(item):
        services.reply_post(question=item, body=form.cleaned_data["body"], by=request.user)
        messages.success(request, _("Your reply is sent."))
    elif viewer.answers(item):
        try:
            services.answer_post(question=item, by=request.user, body=form.cleaned_data["body"])
        except services.NotAllowed as exc:
            raise PermissionDenied from exc
        messages.success(request, _("Your answer is sent to the asker."))
    else:
        raise PermissionDenied
    return redirect(item)


@login_required
@require_POST
def claim(request: HttpRequest, uid: str) -> HttpResponse:
    viewer = helpdesk_viewer_of(request.user)
    item = selectors.question_for(viewer, uid)
    if not viewer.answers(item):
        raise PermissionDenied
    try:
        services.question_claim(question=item, by=request.user)
    except services.Conflict:
        messages.error(request, _("Someone else took this question meanwhile."))
        return redirect("helpdesk:queue")
    messages.success(request, _("The question is yours to answer."))
    return redirect(item)


@login_required
@require_POST
def handover(request: HttpRequest, uid: str) -> HttpResponse:
    viewer = helpdesk_viewer_of(request.user)
    item = selectors.question_for(viewer, uid)
    if not viewer.answers(item):
        raise PermissionDenied
    form = HandoverForm(request.POST, experts=_experts(item))
    if not form.is_valid():
        return _question_page(request, viewer, item, status=400)
    try:
        services.question_handover(question=item, by=request.user, to=form.cleaned_data["to"])
    except services.NotAllowed as exc:
        raise PermissionDenied from exc
    messages.success(request, _("The question is handed over."))
    return redirect("helpdesk:queue")


@login_required
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    viewer = helpdesk_viewer_of(request.user)
    if not viewer.sees_queue():
        raise PermissionDenied
    waiting = Paginator(selectors.queue_of(viewer), PER_PAGE).get_page(request.GET.get("page"))
    answered = selectors.answered_of(viewer)[:PER_PAGE]
    return render(
        request,
        "knowledge/helpdesk/queue.html",
        {"page_obj": waiting, "answered": answered, "viewer": viewer},
    )


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, uid: str) -> HttpResponse:
    viewer = helpdesk_viewer_of(request.user)
    item = selectors.question_for(viewer, uid)
    if not viewer.curates():
        raise PermissionDenied
    if not HelpQuestion.objects.publishable().filter(pk=item.pk).exists():
        messages.error(
            request, _("Only an answered question whose asker agreed can be published, once.")
        )
        return redirect(item)
    thread = selectors.thread_of(item)
    initial = {
        "title": item.subject,
        "summary": item.subject,
        "body": services.publish_draft(item, thread),
    }
    form = PublishForm(request.POST or None, initial=initial, theme=item.theme)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            practice = services.question_publish(
                question=item,
                by=request.user,
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                related=data["related"],
            )
            messages.success(request, _("The question is published in the knowledge centre."))
            return redirect(practice)
        return render(
            request, "knowledge/helpdesk/publish.html", {"form": form, "question": item}, status=400
        )
    return render(request, "knowledge/helpdesk/publish.html", {"form": form, "question": item})


@login_required
@require_safe
def figures(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        raise PermissionDenied
    return render(
        request, "knowledge/helpdesk/figures.html", {"figures": selectors.service_figures()}
    )


@require_http_methods(["GET", "POST"])
def thread(request: HttpRequest, token: str) -> HttpResponse:
    """The thread as an asker without an account sees it, through the secret link we emailed."""
    item = selectors.question_by_token(token)
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            services.reply_post(question=item, body=form.cleaned_data["body"])
            messages.success(request, _("Your reply is sent."))
            return redirect("helpdesk:thread", token=token)
        status = 400
    context = {
        "question": item,
        "thread": selectors.thread_of(item),
        "form": form,
        "token": token,
    }
    response = render(request, "knowledge/helpdesk/thread.html", context, status=status)
    # The address is a secret: it must not leak to other sites or sit in shared caches.
    # ("same-origin", not "no-referrer": with that, browsers send "Origin: null" on the
    # reply form, which CSRF protection refuses.)
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def thread_delete(request: HttpRequest, token: str) -> HttpResponse:
    item = selectors.question_by_token(token)
    if request.method == "POST":
        services.question_delete_by_asker(question=item)
        messages.success(request, _("Your question and its answers are deleted."))
        return redirect("helpdesk:ask")
    context = {
        "title": _("Delete your question?"),
        "question": _("Your question “%(subject)s” and every answer and reply go for good.")
        % {"subject": item.subject},
        "confirm_label": _("Delete"),
        "cancel_url": reverse("helpdesk:thread", args=[token]),
    }
    response = render(request, "includes/confirm.html", context)
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response
