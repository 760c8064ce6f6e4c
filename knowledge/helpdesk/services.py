"""Writes of the help desk: asking, claiming, answering, replying, handing over, publishing.

Each email is an outbox row written in the same transaction as the change that causes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from knowledge.helpdesk.models import HelpQuestion, Message, QuestionStatus
from knowledge.models import Practice, PracticeType, Status
from notifications.consent import HELPDESK_PUBLISH, HELPDESK_QUESTION
from notifications.links import email_link
from notifications.services import (
    MemberMail,
    consent_record,
    email_enqueue,
    email_render,
    email_to_member,
    emails_to_members,
)
from pagecache import invalidates

TOPIC_ANSWERS = "knowledge.helpdesk"
TOPIC_EXPERTS = "knowledge.helpdesk.experts"

# How many questions a visitor without an account may ask: per network address per hour and
# per email address per day. People signed in have their own, higher, ceiling per day.
ASKS_PER_ADDRESS_PER_HOUR = 5
ASKS_PER_EMAIL_PER_DAY = 3
ASKS_PER_ACCOUNT_PER_DAY = 20


class NotAllowed(Exception):
    """The person may see the question but not do this to it."""


class Conflict(Exception):
    """The question is no longer in a state that allows this (claimed meanwhile, say)."""


def _counted_within(key: str, *, limit: int, seconds: int) -> bool:
    """Count one more for ``key`` in the current window, in the shared cache; False past
    ``limit``. ``add`` then ``incr`` is atomic on Redis, so parallel requests cannot race."""
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=seconds)
        return True


def _hashed(value: str) -> str:
    # Keys in the cache hold no address in clear.
    return hashlib.sha256(value.casefold().encode()).hexdigest()[:32]


def ask_allowed(*, user: Any, email: str, address: str) -> bool:
    """Count one question asked and say whether it stays within the limits."""
    if user is not None and user.is_authenticated:
        return _counted_within(
            f"helpdesk:ask:user:{user.pk}", limit=ASKS_PER_ACCOUNT_PER_DAY, seconds=86400
        )
    by_address = _counted_within(
        f"helpdesk:ask:ip:{_hashed(address)}", limit=ASKS_PER_ADDRESS_PER_HOUR, seconds=3600
    )
    by_email = _counted_within(
        f"helpdesk:ask:email:{_hashed(email)}", limit=ASKS_PER_EMAIL_PER_DAY, seconds=86400
    )
    return by_address and by_email


def thread_url(question: HelpQuestion) -> str:
    """The anonymous asker's secret link to the thread (only ever sent to them)."""
    return email_link(reverse("helpdesk:thread", args=[question.reply_token]))


@transaction.atomic
def question_ask(
    *,
    asker: Any,
    email: str = "",
    subject: str,
    body: str,
    theme: Any,
    sector: Any = None,
    size_class: str = "",
    publish_consent: bool = False,
    language: str | None = None,
) -> HelpQuestion:
    """Record a question and the consent given with it; tell the area's experts."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    signed_in = asker is not None and asker.is_authenticated
    with translation.override(language):
        sha256 = HELPDESK_QUESTION.sha256()
    question = HelpQuestion.objects.create(
        asker=asker if signed_in else None,
        email="" if signed_in else email,
        subject=subject,
        body=body,
        theme=theme,
        sector=sector,
        size_class=size_class,
        publish_consent=publish_consent,
        language=language,
        consent_version=HELPDESK_QUESTION.identifier,
        consent_sha256=sha256,
    )
    if signed_in:
        consent_record(
            user_id=asker.pk,
            purpose=TOPIC_ANSWERS,
            text=HELPDESK_QUESTION,
            given=True,
            source="helpdesk",
            reference=question.uid,
            language=language,
        )
        if publish_consent:
            consent_record(
                user_id=asker.pk,
                purpose="helpdesk.publish",
                text=HELPDESK_PUBLISH,
                given=True,
                source="helpdesk",
                reference=question.uid,
                language=language,
            )
    _tell_experts(question)
    return question


def experts_of(theme_id: int) -> list[Any]:
    User = get_user_model()
    return list(
        User.objects.filter(
            expert__is_active=True, expert__themes=theme_id, is_active=True
        ).distinct()
    )


def _tell_experts(question: HelpQuestion) -> None:
    url = email_link(reverse("helpdesk:question", args=[question.uid]))
    emails_to_members(
        topic=TOPIC_EXPERTS,
        kind="knowledge_helpdesk_new",
        mails=[
            MemberMail(
                user=user,
                key=f"helpdesk-new-{question.uid}-{user.pk}",
                context={"question": question, "question_url": url},
            )
            for user in experts_of(question.theme_id)
            if user.pk != question.asker_id
        ],
    )


def question_claim(*, question: HelpQuestion, by: Any) -> None:
    """Take an open question; claiming is conditional, so two experts cannot both take it."""
    taken = HelpQuestion.objects.filter(pk=question.pk, status=QuestionStatus.OPEN).update(
        status=QuestionStatus.CLAIMED, claimed_by=by
    )
    if not taken:
        raise Conflict
    question.status, question.claimed_by = QuestionStatus.CLAIMED, by


@transaction.atomic
def question_handover(*, question: HelpQuestion, by: Any, to: Any = None) -> None:
    """Give a claimed question to another expert of its area, or back to the queue."""
    question = HelpQuestion.objects.select_for_update().get(pk=question.pk)
    if question.claimed_by_id != by.pk and not by.is_staff:
        raise NotAllowed
    if to is not None and to.pk not in {user.pk for user in experts_of(question.theme_id)}:
        raise NotAllowed
    unanswered = question.status in (QuestionStatus.OPEN, QuestionStatus.CLAIMED)
    if to is None:
        status = QuestionStatus.OPEN if unanswered else question.status
    else:
        status = QuestionStatus.CLAIMED if unanswered else question.status
    HelpQuestion.objects.filter(pk=question.pk).update(claimed_by=to, status=status)


@transaction.atomic
def answer_post(*, question: HelpQuestion, by: Any, body: str) -> Message:
    """An expert's answer: the question is theirs if nobody had it; the asker is emailed."""
    question = HelpQuestion.objects.select_for_update().get(pk=question.pk)
    if question.claimed_by_id not in (None, by.pk) and not by.is_staff:
        raise NotAllowed
    now = timezone.now()
    message = Message.objects.create(question=question, author=by, body=body)
    question.status = QuestionStatus.ANSWERED
    question.claimed_by_id = question.claimed_by_id or by.pk
    question.answered_at = now
    question.first_answered_at = question.first_answered_at or now
    question.save(update_fields=["status", "claimed_by", "answered_at", "first_answered_at"])
    _tell_asker(question, message)
    return message


def _tell_asker(question: HelpQuestion, message: Message) -> None:
    key = f"helpdesk-answer-{message.pk}"
    context = {"question": question, "message": message}
    if question.asker_id:
        email_to_member(
            user=question.asker,
            topic=TOPIC_ANSWERS,
            kind="knowledge_helpdesk_answer",
            key=key,
            context={
                **context,
                "question_url": email_link(reverse("helpdesk:question", args=[question.uid])),
            },
        )
        return
    # No account: the link to the thread is the asker's key, so it is a secret of the message.
    rendered = email_render(
        kind="knowledge_helpdesk_answer",
        context=context,
        language=question.language,
        secrets={"question_url": thread_url(question)},
    )
    email_enqueue(key=key, to=question.email, rendered=rendered)


@transaction.atomic
def reply_post(*, question: HelpQuestion, body: str, by: Any = None) -> Message:
    """The asker's reply: back to the expert who had it, or to the queue."""
    question = HelpQuestion.objects.select_for_update().get(pk=question.pk)
    message = Message.objects.create(question=question, author=by, from_asker=True, body=body)
    status = QuestionStatus.CLAIMED if question.claimed_by_id else QuestionStatus.OPEN
    HelpQuestion.objects.filter(pk=question.pk).update(status=status)
    question.status = status
    if question.claimed_by_id and question.claimed_by.is_active:
        email_to_member(
            user=question.claimed_by,
            topic=TOPIC_EXPERTS,
            kind="knowledge_helpdesk_reply",
            key=f"helpdesk-reply-{message.pk}",
            context={
                "question": question,
                "message": message,
                "question_url": email_link(reverse("helpdesk:question", args=[question.uid])),
            },
        )
    elif not question.claimed_by_id:
        _tell_experts_again(question, message)
    return message


def _tell_experts_again(question: HelpQuestion, message: Message) -> None:
    url = email_link(reverse("helpdesk:question", args=[question.uid]))
    emails_to_members(
        topic=TOPIC_EXPERTS,
        kind="knowledge_helpdesk_reply",
        mails=[
            MemberMail(
                user=user,
                key=f"helpdesk-reply-{message.pk}-{user.pk}",
                context={"question": question, "message": message, "question_url": url},
            )
            for user in experts_of(question.theme_id)
        ],
    )


@transaction.atomic
def question_delete_by_asker(*, question: HelpQuestion) -> None:
    """The asker takes the question back (their right to erasure; the link is their key)."""
    question.delete()


@invalidates("knowledge")
def publish_draft(question: HelpQuestion, thread: Iterable[Message]) -> str:
    """The thread as a first draft of the practice, for the curator to anonymise: the question,
    then each answer and follow-up under its own heading; no names, no addresses."""
    parts = [f"## {gettext('Question')}", "", question.body.strip()]
    for message in thread:
        heading = gettext("Follow-up question") if message.from_asker else gettext("Answer")
        parts += ["", f"## {heading}", "", message.body.strip()]
    return "\n".join(parts) + "\n"


@transaction.atomic
def question_publish(
    *,
    question: HelpQuestion,
    by: Any,
    title: str,
    summary: str,
    body: str,
    related: Iterable[Practice] = (),
) -> Practice:
    """Publish an answered question, anonymised by the curator, as a "Question and answer"
    practice, linked to related practices. Only with the asker's consent, and only once."""
    question = HelpQuestion.objects.select_for_update().get(pk=question.pk)
    if not HelpQuestion.objects.publishable().filter(pk=question.pk).exists():
        raise Conflict
    related = [p for p in related if p.status == Status.PUBLISHED]
    if related:
        links = "\n".join(
            f"- [{p.title}]({reverse('knowledge:practice', args=[p.slug])})" for p in related
        )
        body = f"{body.rstrip()}\n\n## {translation.gettext('Related practices')}\n\n{links}\n"
    practice = Practice.objects.create(
        title=title,
        summary=summary,
        body=body,
        type=PracticeType.QUESTION_ANSWER,
        language=question.language if question.language in ("en", "nl", "fr", "de") else "en",
        status=Status.PUBLISHED,
        published_at=timezone.now(),
        audience=["sme"],
        publisher=str(translation.gettext("Help desk")),
    )
    practice.themes.set([question.theme_id])
    if question.sector_id:
        practice.sectors.set([question.sector_id])
    HelpQuestion.objects.filter(pk=question.pk).update(practice=practice)
    question.practice = practice
    return practice
