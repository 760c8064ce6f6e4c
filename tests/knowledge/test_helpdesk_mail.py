"""The help desk's emails go through the outbox, on frozen time: the experts of the area hear
of a new question, the asker of each answer (an account with a one-click unsubscribe, a visitor
with the thread's link sealed until it is sent), the expert of a reply; rows the worker did not
send at once go out with the beat dispatcher, and nobody who turned a topic off gets one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from knowledge.helpdesk import services
from notifications import tasks
from notifications.models import OutgoingEmail, Status
from notifications.services import email_opt_out
from tests.knowledge.helpdesk_helpers import ask, make_expert

pytestmark = pytest.mark.django_db

NOW = datetime(2031, 3, 4, 10, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_the_area_experts_hear_of_a_new_question_at_once(
    frozen, alice, django_capture_on_commit_callbacks
):
    expert = make_expert()
    make_expert(areas=("sme-growth",))  # another area: not told

    with django_capture_on_commit_callbacks(execute=True):
        question = ask(alice)

    row = OutgoingEmail.objects.get(key__startswith="helpdesk-new-")
    assert (row.to, row.due_at, row.status) == (expert.email, NOW, Status.SENT)
    assert [m.to for m in mail.outbox] == [[expert.email]]
    assert f"/help/q/{question.uid}/" in mail.outbox[0].body


def test_an_answer_reaches_an_account_holder_with_a_one_click_unsubscribe(
    frozen, alice, django_capture_on_commit_callbacks
):
    question = ask(alice)
    expert = make_expert()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.answer_post(question=question, by=expert, body="Fix the leaks first.")

    row = OutgoingEmail.objects.get(to=alice.email, key__startswith="helpdesk-answer-")
    assert (row.due_at, row.status) == (NOW, Status.SENT)
    [sent] = [m for m in mail.outbox if m.to == [alice.email]]
    assert "Fix the leaks first." in sent.body and sent.alternatives
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_answer_the_worker_missed_goes_out_with_the_dispatcher(frozen, alice):
    question = ask(alice)
    services.answer_post(question=question, by=make_expert(), body="Fix the leaks first.")
    row = OutgoingEmail.objects.get(to=alice.email, key__startswith="helpdesk-answer-")
    assert row.status == Status.QUEUED and mail.outbox == []  # the commit hook never ran

    frozen.move_to(NOW + timedelta(minutes=1))
    tasks.dispatch_due.apply()

    row.refresh_from_db()
    assert row.status == Status.SENT
    assert [m.to for m in mail.outbox if "Fix the leaks first." in m.body] == [[alice.email]]


def test_a_visitor_gets_the_threads_link_only_in_the_mail_as_sent(
    frozen, django_capture_on_commit_callbacks
):
    question = ask(email="owner@sme.example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.answer_post(question=question, by=make_expert(), body="Use the metal dealer.")

    row = OutgoingEmail.objects.get(to="owner@sme.example.org")
    assert row.status == Status.SENT and row.sealed == ""  # emptied once sent
    assert question.reply_token not in row.body_text
    [sent] = [m for m in mail.outbox if m.to == ["owner@sme.example.org"]]
    assert f"/help/thread/{question.reply_token}/" in sent.body


def test_nobody_who_turned_the_topic_off_is_emailed(frozen, alice):
    question = ask(alice)
    expert = make_expert()
    email_opt_out(user_id=alice.pk, topic=services.TOPIC_ANSWERS)
    email_opt_out(user_id=expert.pk, topic=services.TOPIC_EXPERTS)

    services.answer_post(question=question, by=expert, body="An answer.")
    services.reply_post(question=question, by=alice, body="And the oil?")

    assert not OutgoingEmail.objects.filter(key__startswith="helpdesk-answer-").exists()
    assert not OutgoingEmail.objects.filter(key__startswith="helpdesk-reply-").exists()


def test_a_reply_reaches_the_expert_who_has_the_question(
    frozen, alice, django_capture_on_commit_callbacks
):
    question = ask(alice)
    expert = make_expert()
    services.answer_post(question=question, by=expert, body="First answer.")
    frozen.move_to(NOW + timedelta(days=2))

    with django_capture_on_commit_callbacks(execute=True):
        services.reply_post(question=question, by=alice, body="And the oil?")

    row = OutgoingEmail.objects.get(key__startswith="helpdesk-reply-")
    assert (row.to, row.due_at, row.status) == (expert.email, NOW + timedelta(days=2), Status.SENT)
    assert any(m.to == [expert.email] and "And the oil?" in m.body for m in mail.outbox)
