"""The translation lint (scripts/check_translations.py) that `make lint` runs."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The scripts import each other as `python scripts/check_translations.py` runs them: as siblings.
sys.path.insert(0, str(ROOT / "scripts"))
import check_translations as check  # noqa: E402
import translation_catalogues as catalogues  # noqa: E402


def _messages(problems):
    return [p.message for p in problems]


def test_template_text_outside_translate_tags_is_flagged():
    source = (
        "{% load i18n %}\n"
        "<h1>{% translate 'Practices' %}</h1>\n"
        '<p class="lead">Find a practice for {{ name }}</p>\n'
        '<img src="x.png" alt="Our logo">\n'
        '<input type="submit" value="Send">\n'
        '<a href="{% url "home" %}" title="Home page">{% translate "Home" %}</a>\n'
    )

    problems = check.template_problems(source, "bad.html")

    assert [(p.line, p.message) for p in problems] == [
        (3, 'not marked for translation: text "Find a practice for …"'),
        (4, 'not marked for translation: attribute alt="Our logo"'),
        (5, 'not marked for translation: attribute value="Send"'),
        (6, 'not marked for translation: attribute title="Home page"'),
    ]


def test_translated_template_passes():
    source = (
        "{% extends 'base.html' %}{% load i18n %}\n"
        "{% block main_class %}narrow{% endblock %}\n"
        "{% block content %}<h1>{% translate 'Practices' %}</h1>\n"
        "<p>{% blocktranslate with n=count %}{{ n }} practice{% plural %}{{ n }} practices"
        "{% endblocktranslate %} · 12 % · DESIGN-MTS · ISO 26000</p>\n"
        '<img alt="" src="x.png"><button value="up">{% translate "Up" %}</button>\n'
        "<p>{{ practice.title }} <code>GET /api/practices/</code></p>\n"
        '<span translate="no">Trivisi</span>{% comment %}Words in a comment{% endcomment %}\n'
        "<script>const words = 'not prose';</script>{# a note #}\n"
        "<p>Een voorbeeld in het Nederlands</p> {# i18n: ignore #}\n"
        "{% endblock %}"
    )

    assert check.template_problems(source, "good.html") == []


def test_python_literals_shown_to_people_are_flagged():
    source = (
        "from django.db import models\n"
        "from django.contrib import admin, messages\n"
        "from django.core.exceptions import ValidationError\n"
        "from django.utils.translation import gettext_lazy as _\n"
        "class Colour(models.TextChoices):\n"
        '    RED = "red", "Red"\n'
        '    BLUE = "blue"\n'
        "class Thing(models.Model):\n"
        '    title = models.CharField("title", max_length=9, help_text="Shown on the page")\n'
        '    kind = models.CharField(_("kind"), choices=[("a", "Alpha")])\n'
        "    class Meta:\n"
        '        verbose_name = "thing"\n'
        "def view(request):\n"
        '    messages.success(request, "Saved.")\n'
        '    raise ValidationError({"title": f"Too long: {request}"})\n'
        "def other(request):\n"
        '    raise Http404("No such practice")\n'
        '@admin.display(description="Published")\n'
        "def published(obj): ...\n"
    )

    lines = [p.line for p in check.python_problems(source, "bad.py")]

    assert lines == [6, 7, 9, 9, 10, 12, 14, 15, 17, 18]


def test_marked_python_passes():
    source = (
        "from django.db import models\n"
        "from django.contrib import admin, messages\n"
        "from django.utils.translation import gettext_lazy as _, ngettext\n"
        "class Colour(models.TextChoices):\n"
        '    RED = "red", _("Red")\n'
        "class Thing(models.Model):\n"
        '    title = models.CharField(_("title"), max_length=9, help_text=_("Shown"))\n'
        '    owner = models.ForeignKey("auth.User", on_delete=models.CASCADE)\n'
        "    class Meta:\n"
        '        verbose_name = _("thing")\n'
        "def view(request, n):\n"
        '    messages.success(request, ngettext("%d saved.", "%d saved.", n) % n)\n'
        '    raise Http404("Deliberately English")  # i18n: ignore\n'
        '@admin.display(description=_("Published"))\n'
        "def published(obj): ...\n"
    )

    assert check.python_problems(source, "good.py") == []


def test_the_portal_marks_every_string_it_shows():
    problems = check.check_templates(ROOT) + check.check_python(ROOT)

    assert problems == [], "\n".join(map(str, problems))


PO = """# header
msgid ""
msgstr ""
"Language: nl\\n"

#: a.py
msgid "Practices"
msgstr "Praktijken"

#: a.py
#, fuzzy, python-format
msgid "Saved %(name)s"
msgstr "Opgeslagen"

#: a.py
msgid "New"
msgstr ""

#: b.html
msgctxt "badge"
msgid "One"
msgid_plural "Many"
msgstr[0] "Een"
msgstr[1] ""

#~ msgid "Gone"
#~ msgstr "Weg"
"""


def test_catalogue_parser_reads_entries():
    entries = {e.msgid: e for e in catalogues.parse_po(PO)}

    assert set(entries) == {"Practices", "Saved %(name)s", "New", "One", "Gone"}
    assert entries["Saved %(name)s"].fuzzy
    assert entries["One"].msgctxt == "badge" and entries["One"].plural
    assert entries["Gone"].obsolete


def test_untranslated_fuzzy_and_stale_entries_fail_with_examples():
    entries = catalogues.parse_po(PO)
    current = {(None, "Practices"), (None, "Saved %(name)s"), (None, "New"), (None, "Marked")}

    problems = catalogues.catalogue_problems(entries, "nl", current)

    assert problems[0].startswith("nl: 2 untranslated entries, e.g. 'New'; 'One'")
    assert problems[1] == "nl: 1 fuzzy entries, e.g. 'Saved %(name)s'"
    assert "1 strings in the code are missing from the catalogue" in problems[2]
    assert "'Marked'" in problems[2]
    assert problems[3].startswith("nl: 1 entries are no longer in the code")


def test_complete_catalogue_passes():
    complete = PO.replace('msgstr ""\n\n#: b', 'msgstr "Nieuw"\n\n#: b')
    complete = complete.replace('msgstr[1] ""', 'msgstr[1] "Veel"').replace("#, fuzzy, ", "#, ")
    current = {(None, "Practices"), (None, "Saved %(name)s"), (None, "New"), ("badge", "One")}

    assert catalogues.catalogue_problems(catalogues.parse_po(complete), "nl", current) == []
