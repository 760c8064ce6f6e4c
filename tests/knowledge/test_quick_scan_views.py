"""The quick scan's pages: taking it, its result, exports, privacy and bad input."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from knowledge.scan import services
from knowledge.scan.models import Answer, Run
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.knowledge.conftest import make_practice
from tests.knowledge.scan_helpers import completed_run, make_questionnaire

pytestmark = pytest.mark.django_db

WEAK_ECO = {"eco-efficiency": 0, "working-conditions": 3, "supply-chain": 2}


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_member_answers_section_by_section_and_sees_the_result(alice, org_a):
    questionnaire = make_questionnaire()
    client = client_of(alice)
    response = client.post(reverse("knowledge:scan_start", args=[org_a.slug]))
    run = Run.objects.get(organisation=org_a)
    assert response.status_code == 302
    response = client.get(response.url, follow=True)
    assert response.status_code == 200
    sections = list(questionnaire.sections.order_by("position"))
    assert response.request["PATH_INFO"] == reverse(
        "knowledge:scan_section", args=[org_a.slug, run.uid, sections[0].position]
    )
    html = response.content.decode()
    assert html.count("<fieldset") == 2 and html.count("<legend>") == 2
    for section in sections:
        data = {f"q{q.pk}": q.options.get(points=2).pk for q in section.questions.all()}
        data["continue"] = ""
        response = client.post(
            reverse("knowledge:scan_section", args=[org_a.slug, run.uid, section.position]), data
        )
        assert response.status_code == 302
    assert response.url == reverse("knowledge:scan_review", args=[org_a.slug, run.uid])
    response = client.post(response.url)
    assert response.url == reverse("knowledge:scan_result", args=[org_a.slug, run.uid])
    page = client.get(response.url)
    assert page.status_code == 200
    assert 'id="scan-profile"' in page.content.decode()  # the chart
    caption = '<caption id="scan-scores-caption">Score per section, out of 100</caption>'
    assert caption in page.content.decode()
    run.refresh_from_db()
    assert run.total == 67


def test_save_and_finish_later_keeps_partial_answers_and_resumes(alice, org_a):
    questionnaire = make_questionnaire()
    run = services.run_start(organisation=org_a, questionnaire=questionnaire, by=alice)
    first = questionnaire.sections.order_by("position").first()
    question = first.questions.first()
    client = client_of(alice)
    url = reverse("knowledge:scan_section", args=[org_a.slug, run.uid, first.position])
    response = client.post(url, {f"q{question.pk}": question.options.first().pk, "later": ""})
    assert response.status_code == 302
    assert Answer.objects.filter(run=run).count() == 1
    # Coming back resumes in the section with the open question, the answer ticked.
    resumed = client.get(reverse("knowledge:scan_run", args=[org_a.slug, run.uid]))
    assert resumed.url == url
    page = client.get(url).content.decode()
    chosen = question.options.first().pk
    assert re.search(
        rf'<input type="radio" name="q{question.pk}" value="{chosen}"[^>]* checked', page
    )
    assert page.count(" checked") == 1


def test_continue_without_answers_is_a_400_with_messages(alice, org_a):
    questionnaire = make_questionnaire()
    run = services.run_start(organisation=org_a, questionnaire=questionnaire, by=alice)
    first = questionnaire.sections.order_by("position").first()
    url = reverse("knowledge:scan_section", args=[org_a.slug, run.uid, first.position])
    response = client_of(alice).post(url, {"continue": ""})
    assert response.status_code == 400
    assert "Choose an answer to this question." in response.content.decode()
    assert 'class="error-summary"' in response.content.decode()


@pytest.mark.parametrize("value", ["999999", "not-a-number", "\x00"])
def test_an_unknown_answer_is_a_400(alice, org_a, value):
    questionnaire = make_questionnaire()
    run = services.run_start(organisation=org_a, questionnaire=questionnaire, by=alice)
    first = questionnaire.sections.order_by("position").first()
    question = first.questions.first()
    url = reverse("knowledge:scan_section", args=[org_a.slug, run.uid, first.position])
    response = client_of(alice).post(url, {f"q{question.pk}": value, "continue": ""})
    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_an_answer_of_another_section_is_a_400(alice, org_a):
    questionnaire = make_questionnaire()
    run = services.run_start(organisation=org_a, questionnaire=questionnaire, by=alice)
    first, second, _ = questionnaire.sections.order_by("position")
    question = first.questions.first()
    foreign = second.questions.first().options.first()
    url = reverse("knowledge:scan_section", args=[org_a.slug, run.uid, first.position])
    response = client_of(alice).post(url, {f"q{question.pk}": foreign.pk, "later": ""})
    assert response.status_code == 400


def test_finishing_with_open_questions_is_a_400(alice, org_a):
    questionnaire = make_questionnaire()
    run = services.run_start(organisation=org_a, questionnaire=questionnaire, by=alice)
    response = client_of(alice).post(reverse("knowledge:scan_review", args=[org_a.slug, run.uid]))
    assert response.status_code == 400
    assert "still open" in response.content.decode()


def test_unknown_section_is_404(alice, org_a):
    questionnaire = make_questionnaire()
    run = services.run_start(organisation=org_a, questionnaire=questionnaire, by=alice)
    url = reverse("knowledge:scan_section", args=[org_a.slug, run.uid, 99])
    assert client_of(alice).get(url).status_code == 404


def _run_urls(org, run) -> list[str]:
    return [
        reverse("knowledge:scan_runs", args=[org.slug]),
        reverse("knowledge:scan_run", args=[org.slug, run.uid]),
        reverse("knowledge:scan_result", args=[org.slug, run.uid]),
        reverse("knowledge:scan_csv", args=[org.slug, run.uid]),
        reverse("knowledge:scan_pdf", args=[org.slug, run.uid]),
        reverse("knowledge:scan_review", args=[org.slug, run.uid]),
        reverse("knowledge:scan_section", args=[org.slug, run.uid, 0]),
    ]


def test_results_are_404_to_other_organisations_and_the_run_is_bound_to_its_organisation(
    alice, bob, org_a, org_b
):
    questionnaire = make_questionnaire()
    run = completed_run(org_a, questionnaire, points=WEAK_ECO, by=alice)
    outsider = client_of(bob)
    for url in _run_urls(org_a, run):
        assert outsider.get(url).status_code == 404, url
    # Bob's own organisation in the address does not open Alice's run either.
    for url in _run_urls(org_b, run)[1:]:
        assert outsider.get(url).status_code == 404, url
    assert outsider.post(reverse("knowledge:scan_start", args=[org_a.slug])).status_code == 404
    anonymous = Client()
    for url in _run_urls(org_a, run):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url


def test_wrong_methods(alice, org_a):
    questionnaire = make_questionnaire()
    run = completed_run(org_a, questionnaire, points=WEAK_ECO, by=alice)
    client = client_of(alice)
    assert client.get(reverse("knowledge:scan_start", args=[org_a.slug])).status_code == 405
    assert (
        client.post(reverse("knowledge:scan_result", args=[org_a.slug, run.uid])).status_code == 405
    )
    assert client.post(reverse("knowledge:scan_csv", args=[org_a.slug, run.uid])).status_code == 405


def test_csv_export(alice, org_a):
    questionnaire = make_questionnaire()
    completed_run(org_a, questionnaire, points=dict.fromkeys(WEAK_ECO, 0), by=alice)
    run = completed_run(org_a, questionnaire, points=WEAK_ECO, by=alice)
    response = client_of(alice).get(reverse("knowledge:scan_csv", args=[org_a.slug, run.uid]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Section", "Score (%)", "Previous score (%)", "Change", "Weak"]
    assert rows[1] == ["Eco-efficiency and energy savings", "0", "0", "+0", "yes"]
    assert rows[2] == ["Working conditions", "100", "0", "+100", "no"]
    assert rows[-1][:2] == ["Overall", "56"]


def test_pdf_export_is_a_pdf_with_unicode_text(alice, org_a, settings):
    settings.LANGUAGE_CODE = "en"
    questionnaire = make_questionnaire()
    org_a.name = "Zoë & Søn Bäckerei"
    org_a.save()
    make_practice(title="Énergie: économiser", themes=["eco-efficiency"], language="en")
    run = completed_run(org_a, questionnaire, points=WEAK_ECO, by=alice)
    response = client_of(alice).get(reverse("knowledge:scan_pdf", args=[org_a.slug, run.uid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 1000


def test_an_unfinished_run_has_no_export(alice, org_a):
    questionnaire = make_questionnaire()
    run = services.run_start(organisation=org_a, questionnaire=questionnaire, by=alice)
    client = client_of(alice)
    assert client.get(reverse("knowledge:scan_csv", args=[org_a.slug, run.uid])).status_code == 404
    assert client.get(reverse("knowledge:scan_pdf", args=[org_a.slug, run.uid])).status_code == 404


def test_weak_sections_get_practices_for_the_organisations_size_sector_and_language(alice, org_a):
    from taxonomy.models import Sector

    questionnaire = make_questionnaire()
    food = Sector.objects.get(code="C")
    org_a.sector = food
    org_a.save()
    fits = make_practice(
        title="Energy for small firms", themes=["eco-efficiency"], audience=["sme"]
    )
    general = make_practice(title="Energy for anyone", themes=["eco-efficiency"])
    large = make_practice(
        title="Energy for large groups", themes=["eco-efficiency"], audience=["large-enterprise"]
    )
    dutch = make_practice(title="Energie besparen", themes=["eco-efficiency"], language="nl")
    other_sector = make_practice(title="Energy in farming", themes=["eco-efficiency"])
    other_sector.sectors.set([Sector.objects.get(code="A")])
    own_sector = make_practice(title="Energy in manufacturing", themes=["eco-efficiency"])
    own_sector.sectors.set([food])
    draft = make_practice(title="Energy draft", themes=["eco-efficiency"], status="draft")
    strong = make_practice(title="Working conditions guide", themes=["working-conditions"])
    run = completed_run(org_a, questionnaire, points=WEAK_ECO, by=alice)
    page = client_of(alice).get(reverse("knowledge:scan_result", args=[org_a.slug, run.uid]))
    html = page.content.decode()
    recommendations = page.context["recommendations"]
    assert [r.section.theme.slug for r in recommendations] == ["eco-efficiency"]
    shown = [p.title for p in recommendations[0].practices]
    # The organisation's sector first; general practices after; never another sector's, another
    # size's, another language's or an unpublished one.
    assert shown[0] == own_sector.title
    assert set(shown) <= {own_sector.title, fits.title, general.title}
    for hidden in (large, dutch, other_sector, draft, strong):
        assert hidden.title not in html
    assert "theme=eco-efficiency&amp;audience=sme&amp;language=en" in html


def test_the_result_shows_the_change_since_the_last_run(alice, org_a):
    questionnaire = make_questionnaire()
    completed_run(org_a, questionnaire, points=dict.fromkeys(WEAK_ECO, 1), by=alice)
    run = completed_run(org_a, questionnaire, points=WEAK_ECO, by=alice)
    page = client_of(alice).get(reverse("knowledge:scan_result", args=[org_a.slug, run.uid]))
    html = page.content.decode()
    assert "+67" in html and "-33" in html


def test_runs_page_reads_a_fixed_number_of_queries(alice, org_a, django_assert_num_queries):
    questionnaire = make_questionnaire()
    client = client_of(alice)
    url = reverse("knowledge:scan_runs", args=[org_a.slug])
    completed_run(org_a, questionnaire, points=WEAK_ECO, by=alice)
    client.get(url)  # warm the session
    with django_assert_num_queries(4) as few:
        assert client.get(url).status_code == 200
    for _ in range(4):
        completed_run(org_a, questionnaire, points=WEAK_ECO, by=alice)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_start_page_block_reads_a_fixed_number_of_queries(django_assert_num_queries):
    from knowledge.scan.start import quick_scans_of

    questionnaire = make_questionnaire()
    user = UserFactory()
    organisation = OrganisationFactory()
    MembershipFactory(user=user, organisation=organisation)
    with django_assert_num_queries(1):
        assert quick_scans_of(user)[0].latest is None
    for _ in range(3):
        other = OrganisationFactory()
        MembershipFactory(user=user, organisation=other)
        completed_run(other, questionnaire, points=WEAK_ECO, by=user)
    with django_assert_num_queries(2):
        scans = quick_scans_of(user)
    assert sum(1 for s in scans if s.latest and s.latest.is_complete) == 3


def test_about_page_links_each_organisation_and_the_library_links_to_it(alice, org_a):
    make_questionnaire()
    page = client_of(alice).get(reverse("knowledge:scan"))
    assert reverse("knowledge:scan_runs", args=[org_a.slug]) in page.content.decode()
    assert Client().get(reverse("knowledge:scan")).status_code == 200
    library = Client().get(reverse("knowledge:index")).content.decode()
    assert reverse("knowledge:scan") in library


def test_organisation_page_and_start_page_show_the_quick_scan(alice, org_a):
    make_questionnaire()
    client = client_of(alice)
    organisation_page = client.get(org_a.get_absolute_url()).content.decode()
    assert reverse("knowledge:scan_runs", args=[org_a.slug]) in organisation_page
    start = client.get(reverse("start")).content.decode()
    assert 'id="start-scan-heading"' in start
