"""The help desk: asking (signed in or with an email and consent), the experts' queue, claiming,
answering, replying, handing over, publishing as a practice, figures, privacy and rate limits."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from knowledge.helpdesk import selectors, services
from knowledge.helpdesk.models import HelpQuestion, Message, QuestionStatus
from knowledge.helpdesk.permissions import helpdesk_viewer_of
from knowledge.models import Practice, PracticeType, Status
from notifications.models import ConsentRecord, OutgoingEmail
from taxonomy.models import Theme
from tests.conftest import client_for
from tests.factories import PASSWORD, UserFactory
from tests.knowledge.conftest import make_practice
from tests.knowledge.helpdesk_helpers import AREA, ask, make_expert

pytestmark = pytest.mark.django_db


def _ask_data(**extra):
    data = {
        "subject": "Recycling metal shavings",
        "body": "Who takes back the shavings of a small workshop?",
        "theme": Theme.objects.get(slug=AREA).pk,
        "consent": "on",
        "publish_consent": "on",
    }
    data.update(extra)
    return data


# --- Asking -----------------------------------------------------------------------------------


def test_a_visitor_asks_with_an_email_and_consent(client, django_capture_on_commit_callbacks):
    expert = make_expert()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("helpdesk:ask"), _ask_data(email="sme@example.org"))

    assert response.status_code == 302
    assert response["Location"] == reverse("helpdesk:sent")
    question = HelpQuestion.objects.get()
    assert question.email == "sme@example.org"
    assert question.asker is None
    assert question.consent_version == "helpdesk-question/v1"
    assert len(question.consent_sha256) == 64
    assert question.publish_consent
    # The area's expert is told, through the outbox.
    assert OutgoingEmail.objects.filter(to=expert.email, key__startswith="helpdesk-new-").exists()


def test_a_visitor_must_consent_and_give_an_email(client):
    data = _ask_data()
    del data["consent"]
    response = client.post(reverse("helpdesk:ask"), data)

    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    assert "consent" in response.context["form"].errors
    assert not HelpQuestion.objects.exists()


def test_bad_input_is_a_400_with_the_form_again(client):
    response = client.post(reverse("helpdesk:ask"), {"theme": "not-a-number", "email": "x"})

    assert response.status_code == 400
    assert b"error" in response.content
    assert not HelpQuestion.objects.exists()


def test_a_signed_in_asker_records_consent_with_the_consent_records(charlie):
    client = client_for(charlie)
    response = client.post(reverse("helpdesk:ask"), _ask_data())

    question = HelpQuestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert question.asker == charlie
    assert question.email == ""
    records = ConsentRecord.objects.filter(user=charlie, reference=question.uid)
    assert {r.text_version for r in records} == {"helpdesk-question/v1", "helpdesk-publish/v1"}


def test_the_honeypot_keeps_nothing(client):
    response = client.post(
        reverse("helpdesk:ask"), _ask_data(email="bot@example.org", website="http://spam")
    )

    assert response.status_code == 302
    assert not HelpQuestion.objects.exists()


def test_anonymous_askers_are_rate_limited_per_email(client):
    for _ in range(services.ASKS_PER_EMAIL_PER_DAY):
        assert (
            client.post(reverse("helpdesk:ask"), _ask_data(email="a@example.org")).status_code
            == 302
        )

    response = client.post(reverse("helpdesk:ask"), _ask_data(email="a@example.org"))

    assert response.status_code == 429
    assert HelpQuestion.objects.count() == services.ASKS_PER_EMAIL_PER_DAY


def test_anonymous_askers_are_rate_limited_per_address(client):
    for number in range(services.ASKS_PER_ADDRESS_PER_HOUR):
        data = _ask_data(email=f"p{number}@example.org")
        assert client.post(reverse("helpdesk:ask"), data).status_code == 302

    response = client.post(reverse("helpdesk:ask"), _ask_data(email="new@example.org"))

    assert response.status_code == 429


# --- Privacy ----------------------------------------------------------------------------------


def test_nobody_else_sees_a_question(alice, bob, charlie, staff):
    question = ask(alice)
    expert_elsewhere = make_expert(areas=("sme-growth",))
    url = question.get_absolute_url()

    assert client_for(alice).get(url).status_code == 200
    assert client_for(make_expert()).get(url).status_code == 200
    for outsider in (bob, charlie, expert_elsewhere):
        assert client_for(outsider).get(url).status_code == 404
    assert client_for(bob).get("/help/q/not-a-question/").status_code == 404


def test_outsiders_cannot_post_claim_or_hand_over(alice, bob):
    question = ask(alice)
    client = client_for(bob)
    for name in ("question_post", "claim", "handover"):
        response = client.post(reverse(f"helpdesk:{name}", args=[question.uid]), {"body": "x"})
        assert response.status_code == 404, name
    assert not Message.objects.exists()


def test_the_asker_cannot_claim_or_publish(alice):
    question = ask(alice)
    client = client_for(alice)

    assert client.post(reverse("helpdesk:claim", args=[question.uid])).status_code == 403
    assert client.get(reverse("helpdesk:publish", args=[question.uid])).status_code == 403
    assert client.get(reverse("helpdesk:queue")).status_code == 403
    assert client.get(reverse("helpdesk:figures")).status_code == 403


def test_the_secret_link_opens_only_its_thread(client):
    question = ask(email="sme@example.org")

    assert client.get(reverse("helpdesk:thread", args=[question.reply_token])).status_code == 200
    assert client.get(reverse("helpdesk:thread", args=["x" * 43])).status_code == 404
    response = client.get(reverse("helpdesk:thread", args=[question.reply_token]))
    assert response["Referrer-Policy"] == "same-origin"


# --- The expert's work ------------------------------------------------------------------------


def test_an_expert_claims_answers_and_the_asker_is_emailed(
    alice, django_capture_on_commit_callbacks
):
    question = ask(alice)
    expert = make_expert()
    client = client_for(expert)

    assert client.post(reverse("helpdesk:claim", args=[question.uid])).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("helpdesk:question_post", args=[question.uid]),
            {"body": "Your metal dealer takes them back; ask for a container."},
        )

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.claimed_by == expert
    assert question.first_answered_at is not None
    mail = OutgoingEmail.objects.get(to=alice.email, key__startswith="helpdesk-answer-")
    assert "ask for a container" in mail.body_text
    assert question.uid in mail.body_text


def test_an_anonymous_asker_gets_the_secret_link_sealed_in_the_outbox(
    django_capture_on_commit_callbacks,
):
    question = ask(email="sme@example.org")
    expert = make_expert()

    services.answer_post(question=question, by=expert, body="Use the metal dealer.")

    mail = OutgoingEmail.objects.get(to="sme@example.org")
    assert mail.carries_secret
    assert question.reply_token not in mail.body_text
    assert "Use the metal dealer." in mail.body_text


def test_two_experts_cannot_both_claim():
    question = ask(email="sme@example.org")
    first, second = make_expert(), make_expert()

    services.question_claim(question=question, by=first)
    with pytest.raises(services.Conflict):
        services.question_claim(question=HelpQuestion.objects.get(pk=question.pk), by=second)


def test_a_claimed_question_is_answered_only_by_its_expert(alice):
    question = ask(alice)
    first, second = make_expert(), make_expert()
    services.question_claim(question=question, by=first)

    response = client_for(second).post(
        reverse("helpdesk:question_post", args=[question.uid]), {"body": "Me too"}
    )

    assert response.status_code == 403
    assert not Message.objects.exists()


def test_hand_over_to_another_expert_or_back_to_the_queue(alice):
    question = ask(alice)
    first, second = make_expert(), make_expert()
    services.question_claim(question=question, by=first)
    client = client_for(first)

    client.post(reverse("helpdesk:handover", args=[question.uid]), {"to": second.pk})
    question.refresh_from_db()
    assert question.claimed_by == second
    assert question.status == QuestionStatus.CLAIMED

    client_for(second).post(reverse("helpdesk:handover", args=[question.uid]), {"to": ""})
    question.refresh_from_db()
    assert question.claimed_by is None
    assert question.status == QuestionStatus.OPEN


def test_hand_over_only_to_an_expert_of_the_area(alice):
    question = ask(alice)
    first = make_expert()
    outsider = make_expert(areas=("sme-growth",))
    services.question_claim(question=question, by=first)

    response = client_for(first).post(
        reverse("helpdesk:handover", args=[question.uid]), {"to": outsider.pk}
    )

    assert response.status_code == 400
    question.refresh_from_db()
    assert question.claimed_by == first


def test_the_asker_replies_and_the_expert_is_emailed(alice, django_capture_on_commit_callbacks):
    question = ask(alice)
    expert = make_expert()
    services.answer_post(question=question, by=expert, body="First answer.")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).post(
            reverse("helpdesk:question_post", args=[question.uid]), {"body": "And the oil?"}
        )

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.CLAIMED
    assert [m.from_asker for m in question.messages.all()] == [False, True]
    assert OutgoingEmail.objects.filter(to=expert.email, key__startswith="helpdesk-reply-").exists()


def test_an_empty_reply_is_refused(alice):
    question = ask(alice)

    response = client_for(alice).post(reverse("helpdesk:question_post", args=[question.uid]), {})

    assert response.status_code == 400
    assert not Message.objects.exists()


def test_an_anonymous_asker_replies_and_deletes_through_the_link(client):
    question = ask(email="sme@example.org")
    services.answer_post(question=question, by=make_expert(), body="An answer.")
    url = reverse("helpdesk:thread", args=[question.reply_token])

    assert client.post(url, {"body": "Thank you, and the oil?"}).status_code == 302
    assert question.messages.filter(from_asker=True).count() == 1
    assert client.post(url, {"body": ""}).status_code == 400

    client.post(reverse("helpdesk:thread_delete", args=[question.reply_token]))
    assert not HelpQuestion.objects.exists()


# --- Publishing -------------------------------------------------------------------------------


def test_a_curator_publishes_an_answered_question_as_a_practice(alice, staff):
    from tests.conftest import sign_in_with_second_factor

    related = make_practice(title="Energy audit checklist", themes=[AREA])
    question = ask(alice)
    services.answer_post(question=question, by=make_expert(), body="Use a heat pump.")
    client = sign_in_with_second_factor(staff)

    page = client.get(reverse("helpdesk:publish", args=[question.uid]))
    assert page.status_code == 200
    response = client.post(
        reverse("helpdesk:publish", args=[question.uid]),
        {
            "title": "Cutting the energy use of a workshop",
            "summary": "A small workshop asked how to use less energy.",
            "body": "## Question\n\nHow?\n\n## Answer\n\nUse a heat pump.",
            "related": [related.pk],
            "anonymised": "on",
        },
    )

    practice = Practice.objects.get(type=PracticeType.QUESTION_ANSWER)
    assert response.status_code == 302
    assert practice.status == Status.PUBLISHED
    assert list(practice.themes.values_list("slug", flat=True)) == [AREA]
    assert related.get_absolute_url() in practice.body
    question.refresh_from_db()
    assert question.practice == practice
    # Published: on the practice page, and the link to it renders.
    shown = client.get(practice.get_absolute_url()).content.decode()
    assert f'href="{related.get_absolute_url()}"' in shown
    # Only once.
    again = client.post(reverse("helpdesk:publish", args=[question.uid]), {})
    assert again.status_code == 302
    assert Practice.objects.filter(type=PracticeType.QUESTION_ANSWER).count() == 1


def test_without_the_askers_consent_nothing_is_published(alice, staff):
    from tests.conftest import sign_in_with_second_factor

    question = ask(alice, publish_consent=False)
    services.answer_post(question=question, by=make_expert(), body="An answer.")

    with pytest.raises(services.Conflict):
        services.question_publish(question=question, by=staff, title="t", summary="s", body="b")
    response = sign_in_with_second_factor(staff).get(
        reverse("helpdesk:publish", args=[question.uid])
    )
    assert response.status_code == 302
    assert not Practice.objects.filter(type=PracticeType.QUESTION_ANSWER).exists()


# --- Figures and lists ------------------------------------------------------------------------


def test_service_figures_median_and_90th_percentile():
    expert = make_expert()
    start = timezone.now() - timedelta(days=10)
    for hours in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10):
        with time_machine.travel(start, tick=False):
            question = ask(email=f"p{hours}@example.org")
        with time_machine.travel(start + timedelta(hours=hours), tick=False):
            services.answer_post(question=question, by=expert, body="Answer")
    ask(email="open@example.org")

    figures = selectors.service_figures()

    assert figures.open == 1
    assert figures.answered == 10
    assert figures.median_hours == pytest.approx(5.5)
    assert figures.p90_hours == pytest.approx(9)
    area = next(a for a in figures.per_area if a.theme.slug == AREA)
    assert (area.asked, area.answered, area.open) == (11, 10, 1)


def test_the_figures_page_is_for_staff(staff, charlie):
    from tests.conftest import sign_in_with_second_factor

    assert sign_in_with_second_factor(staff).get(reverse("helpdesk:figures")).status_code == 200
    assert client_for(charlie).get(reverse("helpdesk:figures")).status_code == 403


def test_the_queue_shows_only_the_experts_areas():
    mine = ask(email="a@example.org", subject="Mine to answer")
    ask(email="b@example.org", subject="Not my area", area="sme-growth")
    expert = make_expert()

    page = client_for(expert).get(reverse("helpdesk:queue")).content.decode()

    assert mine.subject in page
    assert "Not my area" not in page


def test_the_queue_reads_a_fixed_number_of_queries(django_assert_max_num_queries):
    expert = make_expert()
    client = client_for(expert)
    ask(email="a@example.org")
    client.get(reverse("helpdesk:queue"))  # warm the session
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("helpdesk:queue"))
    for number in range(15):
        question = ask(email=f"p{number}@example.org")
        if number % 2:
            services.answer_post(question=question, by=expert, body="Answer")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("helpdesk:queue"))
    assert response.status_code == 200


def test_the_askers_list_reads_a_fixed_number_of_queries(alice, django_assert_max_num_queries):
    client = client_for(alice)
    ask(alice)
    client.get(reverse("helpdesk:mine"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("helpdesk:mine"))
    for _ in range(10):
        ask(alice)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("helpdesk:mine"))
    assert response.content.decode().count("<tr>") == 12  # header and eleven questions


def test_the_thread_reads_a_fixed_number_of_queries(alice, django_assert_max_num_queries):
    question = ask(alice)
    expert = make_expert()
    client = client_for(expert)
    services.answer_post(question=question, by=expert, body="One")
    client.get(question.get_absolute_url())
    with django_assert_max_num_queries(20) as few:
        client.get(question.get_absolute_url())
    for number in range(6):
        services.reply_post(question=question, by=alice, body=f"Reply {number}")
        services.answer_post(question=question, by=expert, body=f"Answer {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(question.get_absolute_url())


# --- Start page and GDPR ----------------------------------------------------------------------


def test_the_start_page_shows_questions_where_they_exist(alice, charlie):
    ask(alice, subject="Our energy question")
    make_expert(charlie)

    alice_page = client_for(alice).get(reverse("start")).content.decode()
    charlie_page = client_for(charlie).get(reverse("start")).content.decode()
    nobody = client_for(UserFactory()).get(reverse("start")).content.decode()

    assert "Our energy question" in alice_page
    assert "1 question waits for an expert" in charlie_page
    assert "start-helpdesk-heading" not in nobody


def test_the_download_and_erasure_cover_the_help_desk(alice):
    from accounts.hooks import personal_data

    mine = ask(alice, subject="Asked signed in")
    ask(email=alice.email, subject="Asked without an account")
    services.answer_post(question=mine, by=make_expert(), body="An answer")
    viewer = helpdesk_viewer_of(alice)
    assert viewer.sees(mine)

    export = personal_data["helpdesk"].export(alice)
    assert {q["subject"] for q in export["questions_you_asked"]} == {
        "Asked signed in",
        "Asked without an account",
    }
    assert export["questions_you_asked"][0]["thread"] or export["questions_you_asked"][1]["thread"]

    response = client_for(alice).post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not HelpQuestion.objects.exists()
    assert not Message.objects.exists()


def test_the_start_block_reads_three_queries_however_many_questions(
    alice, django_assert_num_queries
):
    from knowledge.helpdesk.start import helpdesk_news_of

    make_expert(alice)
    for _ in range(8):
        ask(alice)
        ask(email="other@example.org")

    with django_assert_num_queries(3):
        news = helpdesk_news_of(alice)

    assert len(news.questions) == 5
    assert news.waiting == 16


def test_the_demo_help_desk_is_made_once():
    from knowledge.helpdesk import demo

    UserFactory(email=demo.EXPERT)
    UserFactory(email=demo.ASKER)
    demo.seed()
    demo.seed()

    assert HelpQuestion.objects.count() == 2
    assert HelpQuestion.objects.unanswered().count() == 1
    assert Practice.objects.filter(type=PracticeType.QUESTION_ANSWER).count() == 1


def test_the_publishing_draft_is_the_thread_under_headings_without_names(alice):
    question = ask(alice)
    expert = make_expert()
    services.answer_post(question=question, by=expert, body="Start with a leak survey.")
    services.reply_post(question=question, by=alice, body="And after that?")

    draft = services.publish_draft(question, selectors.thread_of(question))

    assert draft == (
        "## Question\n\nWe are a small metal workshop with old compressors.\n\n"
        "## Answer\n\nStart with a leak survey.\n\n"
        "## Follow-up question\n\nAnd after that?\n"
    )
    assert alice.email not in draft and expert.email not in draft
