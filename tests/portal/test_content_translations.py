"""Content in four languages: vocabularies and Alliance pages filled by the reference data,
admin-entered translations of meetings and commitments with a marked fallback to the original,
and practices linked to their versions in other languages."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from alliance.models import ActivityArea, Coalition
from taxonomy.models import Iso26000Subject, Sector, Theme
from tests.forum.factories import BodyFactory, MeetingFactory
from tests.knowledge.conftest import make_practice

pytestmark = pytest.mark.django_db

OTHERS = ("nl", "fr", "de")


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Theme, ["name", "description"]),
        (Iso26000Subject, ["name"]),
        (Sector, ["name"]),
        (ActivityArea, ["title", "summary"]),
        (Coalition, ["purpose"]),
    ],
)
def test_reference_data_is_in_all_four_languages(model, fields):
    rows = list(model.objects.all())

    assert rows
    for row in rows:
        for field in fields:
            english = getattr(row, f"{field}_en")
            assert english
            for code in OTHERS:
                assert getattr(row, f"{field}_{code}"), (row.pk, field, code)
    if model is Theme:  # the priority areas' names all read differently in each language
        for row in rows:
            assert len({getattr(row, f"name_{c}") for c in ("en", *OTHERS)}) == 4


def test_priority_area_page_shows_the_vocabulary_in_the_page_language(client):
    html = client.get("/de/alliance/priority-areas/sustainable-innovation/").content.decode()

    assert "<h1>Nachhaltige Innovation und Unternehmertum</h1>" in html
    assert "Sustainable innovation and entrepreneurship" not in html


def _render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load translated %}" + source).render(Context(context))


def test_missing_translation_shows_the_original_marked_with_its_language():
    meeting = MeetingFactory(title="Review of the Forum's recommendations")

    english = _render('{% translated meeting "title" %}', "en", meeting=meeting)
    dutch = _render('{% translated meeting "title" %}', "nl", meeting=meeting)

    assert english == "Review of the Forum&#x27;s recommendations"
    assert dutch.startswith('<span lang="en">Review of the Forum&#x27;s recommendations</span>')
    assert '<small class="language-marker">' in dutch


def test_translation_entered_in_the_admin_is_shown_without_marker():
    meeting = MeetingFactory(title="Annual review")
    meeting.title_fr = "Revue annuelle"
    meeting.save()

    french = _render('{% translated meeting "title" %}', "fr", meeting=meeting)

    assert french == "Revue annuelle"


def test_original_in_another_language_is_marked_with_that_language():
    body = BodyFactory()
    with translation.override("nl"):
        meeting = MeetingFactory(
            body=body, title="Jaarlijkse evaluatie", description="Agenda\n\nVolgt"
        )

    html = _render('{% translated meeting "description" linebreaks=True %}', "de", meeting=meeting)

    assert html.startswith('<div lang="nl"><p>Agenda</p>\n\n<p>Volgt</p></div>')
    assert 'class="language-marker"' in html


def test_meeting_page_marks_an_untranslated_title(client):
    meeting = MeetingFactory(title="Open review meeting", visibility="public")

    html = client.get(f"/fr{meeting.get_absolute_url()}").content.decode()

    assert '<h1><span lang="en">Open review meeting</span> <small class="language-marker">' in html


def test_practice_page_links_its_versions_in_other_languages(client):
    original = make_practice(title="Supplier code of conduct", language="en")
    dutch = make_practice(title="Gedragscode voor leveranciers", language="nl")
    french = make_practice(title="Code de conduite fournisseurs", language="fr")
    for version in (dutch, french):
        version.translation_of = original
        version.full_clean()
        version.save()

    html = client.get(original.get_absolute_url()).content.decode()
    from_dutch = client.get(dutch.get_absolute_url()).content.decode()

    assert (
        f'<a href="{dutch.get_absolute_url()}" hreflang="nl" lang="nl">Nederlands</a>, '
        f'<a href="{french.get_absolute_url()}" hreflang="fr" lang="fr">Français</a>'
    ) in html
    assert 'hreflang="en" lang="en">English</a>' in from_dutch
    assert f'href="{french.get_absolute_url()}" hreflang="fr"' in from_dutch
    assert '<h1 lang="nl">Gedragscode voor leveranciers</h1>' in from_dutch


def test_a_translation_link_must_join_two_languages():
    original = make_practice(language="en")
    same = make_practice(language="en", translation_of=original)

    with pytest.raises(ValidationError) as error:
        same.full_clean()
    assert "translation_of" in error.value.message_dict

    original.translation_of = original
    with pytest.raises(ValidationError):
        original.full_clean()


def test_a_version_of_a_version_hangs_off_the_original():
    original = make_practice(language="en")
    dutch = make_practice(language="nl", translation_of=original)
    german = make_practice(language="de", translation_of=dutch)

    german.full_clean()

    assert german.translation_of == original


def test_unpublished_versions_are_not_linked(client):
    original = make_practice(language="en")
    make_practice(language="nl", translation_of=original, status="draft")

    html = client.get(original.get_absolute_url()).content.decode()

    assert 'class="also-in"' not in html
