"""The supporter badge: SVG and PNG in the four languages, laid out around its measured words so
nothing is clipped, served at public addresses that name no organisation, and offered on the
support page with downloads and HTML to paste."""

from __future__ import annotations

import html
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext
from PIL import Image

from accounts.models import Role
from alliance import badge, services
from tests.conftest import client_for
from tests.factories import MembershipFactory

LANGUAGES = ("en", "nl", "fr", "de")
SVG = "{http://www.w3.org/2000/svg}"
WORDS = {
    "en": ("We support the", "European Alliance for CSR"),
    "nl": ("Wij steunen de", "Europese Alliantie voor MVO"),
    "fr": ("Nous soutenons l’", "Alliance européenne pour la RSE"),
    "de": ("Wir unterstützen die", "Europäische Allianz für CSR"),
}
ALT = {
    "en": "We support the European Alliance for CSR",
    "nl": "Wij steunen de Europese Alliantie voor MVO",
    "fr": "Nous soutenons l’Alliance européenne pour la RSE",
    "de": "Wir unterstützen die Europäische Allianz für CSR",
}


def _parse(svg: bytes) -> ET.Element:
    # The portal's own output, parsed to prove it is well-formed XML.
    return ET.fromstring(svg)  # noqa: S314


def _fits(found: badge.Layout) -> list[str]:
    """Every line, at every scale the PNG is drawn, measured with the font it is drawn in,
    against the width the badge leaves it; what overflows."""
    over = []
    for line in found.lines:
        for scale in badge.SCALES:
            drawn = badge.font(line.size * scale, bold=line.bold).getlength(line.text)
            if drawn > found.text_box * scale or line.width > found.text_box:
                over.append(f"{line.text!r} at {scale}x: {drawn} > {found.text_box * scale}")
    return over


# --- Layout: measured, never clipped ---------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_is_laid_out_around_its_measured_words(language):
    found = badge.badge_layout(language)

    assert _fits(found) == []
    assert [line.text for line in found.lines] == list(WORDS[language])
    assert badge.WIDTH_MIN <= found.width <= badge.WIDTH_MAX
    # Sized to the words: the longest line ends close to the right padding, not far short of it.
    assert found.text_box - max(line.width for line in found.lines) < 1
    assert found.height == badge.HEIGHT_MIN


def test_the_words_come_from_the_catalogues():
    for language in LANGUAGES:
        with translation.override(language):
            first = pgettext("first line of the badge", "We support the")
        assert badge.words(language).first == first == WORDS[language][0]
        assert badge.words(language).label == ALT[language]


def test_the_badge_grows_for_longer_words():
    short = badge.layout("We support the", "Alliance")
    longer = badge.layout("We support the", "European Alliance for CSR and more")

    assert short.width == badge.WIDTH_MIN
    assert longer.width > short.width
    assert _fits(longer) == []


def test_words_too_long_for_the_widest_badge_step_the_type_down():
    # Too wide at 15 px bold, narrow enough at a smaller size.
    second = "Europäische Allianz für CSR, Ausgabe 20"
    assert badge.measure(second, badge.SECOND_SIZE[0], bold=True) > badge.TEXT_MAX
    found = badge.layout("Wir unterstützen die", second)

    assert len(found.lines) == 2
    assert badge.SECOND_SIZE[1] <= found.lines[1].size < badge.SECOND_SIZE[0]
    assert found.width <= badge.WIDTH_MAX
    assert _fits(found) == []


def test_words_too_long_at_the_smallest_type_wrap_to_more_lines():
    first = "We are proud to say that we support the very long introductory words of this"
    second = "European Alliance for Corporate Social Responsibility and its coalitions"
    found = badge.layout(first, second)

    assert len(found.lines) > 2
    assert " ".join(line.text for line in found.lines) == f"{first} {second}"
    assert found.width <= badge.WIDTH_MAX
    assert found.height > badge.HEIGHT_MIN
    assert _fits(found) == []
    baselines = [line.baseline for line in found.lines]
    assert baselines == sorted(baselines)
    # The last line's descenders stay inside, clear of the edge.
    assert baselines[-1] + 0.25 * found.lines[-1].size <= found.height - badge.PAD_Y / 2


def test_a_single_word_wider_than_the_badge_widens_it_rather_than_being_cut():
    word = "Verantwoordelijkheidsbevorderingsgemeenschapsinitiatief"
    found = badge.layout("Wij steunen de", word)

    assert found.width > badge.WIDTH_MAX
    assert _fits(found) == []


def test_the_fonts_are_the_ones_shipped_with_the_portal():
    for path in badge.FONT_FILES.values():
        assert path.is_file()
        assert path.parent == badge.FONTS
    assert (badge.FONTS / "LICENSE-DejaVu.txt").read_text().startswith("DejaVu Sans")
    assert badge.font(13, bold=False).getname() == ("DejaVu Sans", "Book")
    assert badge.font(15, bold=True).getname() == ("DejaVu Sans", "Bold")


# --- The images ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("scale", badge.SCALES)
def test_the_png_decodes_at_its_size_with_its_words_inside(language, scale):
    found = badge.badge_layout(language)
    image = Image.open(io.BytesIO(badge.png(language, scale)))
    image.load()

    assert image.format == "PNG"
    assert image.size == (found.width * scale, found.height * scale)
    assert image.mode == "RGBA"
    pixels = image.load()

    def white(x: int, y: int) -> bool:
        r, g, b, a = pixels[x, y]
        return a == 255 and min(r, g, b) > 160

    # The words are drawn (white on green, right of the tick)…
    text_x = int(badge.TEXT_X * scale)
    assert any(white(x, y) for x in range(text_x, image.width // 2) for y in range(image.height))
    # …and none of them reaches the right padding: nothing runs over the edge.
    padding_x = int((found.width - badge.PAD_RIGHT + 2) * scale)
    assert not any(white(x, y) for x in range(padding_x, image.width) for y in range(image.height))
    # The corners are rounded: transparent, so the badge sits on any background.
    assert pixels[0, 0][3] == 0


def test_the_2x_png_is_the_1x_png_twice_as_large():
    small = Image.open(io.BytesIO(badge.png("en", 1)))
    large = Image.open(io.BytesIO(badge.png("en", 2)))

    assert large.size == (small.width * 2, small.height * 2)


def test_unknown_languages_and_scales_are_refused():
    with pytest.raises(ValueError):
        badge.png("xx", 1)
    with pytest.raises(ValueError):
        badge.png("en", 3)
    with pytest.raises(ValueError):
        badge.svg("xx")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_svg_is_well_formed_and_uses_the_measured_layout(language):
    found = badge.badge_layout(language)
    root = _parse(badge.svg(language))

    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height")) == (str(found.width), str(found.height))
    assert root.get("viewBox") == f"0 0 {found.width} {found.height}"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    assert root.get("aria-label") == root.find(f"{SVG}title").text == ALT[language]
    texts = root.findall(f"{SVG}text")
    assert [text.text for text in texts] == list(WORDS[language])
    for text, line in zip(texts, found.lines, strict=True):
        assert text.get("font-family").startswith("'DejaVu Sans'")
        assert text.get("font-family").endswith("sans-serif")
        assert float(text.get("x")) == badge.TEXT_X
        assert float(text.get("font-size")) == line.size
        # A fallback font is stretched or squeezed to the measured width, never past the box.
        assert float(text.get("textLength")) == pytest.approx(line.width, abs=0.01)
        assert float(text.get("x")) + float(text.get("textLength")) <= found.width - 15
        assert text.get("lengthAdjust") == "spacingAndGlyphs"


def test_the_svg_escapes_its_words():
    found = badge.layout("A <b> & c", "d \"e\" 'f'")

    root = _parse(badge.render_svg(found, label="<t> & u", language="en"))

    assert [text.text for text in root.findall(f"{SVG}text")] == ["A <b> & c", "d \"e\" 'f'"]
    assert root.find(f"{SVG}title").text == "<t> & u"


def test_a_wrapped_badge_draws_every_line_inside():
    found = badge.layout(
        "We are proud to say that we support the",
        "European Alliance for Corporate Social Responsibility and its coalitions",
    )
    image = Image.open(io.BytesIO(badge.render_png(found, 2)))

    assert image.size == (found.width * 2, found.height * 2)
    assert (
        len(_parse(badge.render_svg(found, label="x", language="en"))) == len(found.lines) + 4
    )  # title, rect, circle, tick


# --- The public addresses --------------------------------------------------------------------


def _public(name: str, language: str) -> str:
    return reverse(f"badge:{name}", kwargs={"language": language})


def test_the_public_addresses_are_language_neutral_and_name_no_organisation():
    assert _public("svg", "nl") == "/alliance/badge/nl.svg"
    assert _public("png", "nl") == "/alliance/badge/nl.png"
    assert _public("png_2x", "nl") == "/alliance/badge/nl@2x.png"
    with translation.override("de"):
        assert _public("svg", "fr") == "/alliance/badge/fr.svg"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content_type", "scale"),
    [("svg", "image/svg+xml", None), ("png", "image/png", 1), ("png_2x", "image/png", 2)],
)
def test_anyone_gets_the_badge_with_cache_headers(name, content_type, scale):
    filename = {"svg": "de.svg", "png": "de.png", "png_2x": "de@2x.png"}[name]
    client = Client()
    response = client.get(_public(name, "de"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"public", f"max-age={badge.MAX_AGE}"} <= directives
    assert response["ETag"]
    assert response["Content-Language"] == "de"
    assert response["Content-Disposition"] == (
        f'inline; filename="european-alliance-for-csr-{filename}"'
    )
    assert "Set-Cookie" not in response.headers and not response.cookies
    if scale is None:
        assert "Wir unterstützen die" in response.content.decode()
    else:
        found = badge.badge_layout("de")
        size = Image.open(io.BytesIO(response.content)).size
        assert size == (found.width * scale, found.height * scale)

    again = client.get(_public(name, "de"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.django_db
def test_each_language_has_its_own_image():
    client = Client()
    bodies = {language: client.get(_public("svg", language)).content for language in LANGUAGES}
    pngs = {language: client.get(_public("png", language)).content for language in LANGUAGES}

    assert len(set(bodies.values())) == len(set(pngs.values())) == 4
    for language, body in bodies.items():
        assert WORDS[language][1].encode() in body


@pytest.mark.django_db
def test_an_unknown_language_is_not_found():
    client = Client()
    for path in ("/alliance/badge/xx.svg", "/alliance/badge/xx.png", "/alliance/badge/xx@2x.png"):
        assert client.get(path).status_code == 404
    assert client.get("/alliance/badge/nl@2x@2x.png").status_code == 404
    assert client.get("/nl/alliance/badge/nl.svg").status_code == 404


@pytest.mark.django_db
def test_the_images_are_read_only():
    client = Client(enforce_csrf_checks=False)
    assert client.post(_public("png", "en")).status_code == 405
    assert client.head(_public("png", "en")).status_code == 200


@pytest.mark.django_db
def test_every_supporter_and_every_visitor_gets_the_same_bytes(alice, org_a, bob, org_b):
    org_b_admin = MembershipFactory(organisation=org_b, role=Role.ADMIN).user
    services.support_declare(organisation=org_a, by=alice)
    services.support_declare(organisation=org_b, by=org_b_admin)

    for name in ("svg", "png", "png_2x"):
        answers = {
            client_for(alice).get(_public(name, "fr")).content,
            client_for(bob).get(_public(name, "fr")).content,
            Client().get(_public(name, "fr")).content,
        }
        assert len(answers) == 1
    # The members' download of the support page is that very file.
    download = client_for(alice).get(
        reverse("alliance:badge", args=[org_a.slug]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert download.content == Client().get(_public("svg", "en")).content
    assert download["Content-Disposition"].startswith("attachment")
    body = download.content.decode()
    for identifier in (org_a.name, org_a.slug, org_b.name, org_b.slug):
        assert identifier not in body


@pytest.mark.django_db
def test_a_signed_in_visitor_gets_the_image_privately(alice):
    response = client_for(alice).get(_public("png", "en"))

    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives


# --- The support page ------------------------------------------------------------------------


def _support(org) -> str:
    return reverse("alliance:support", args=[org.slug])


def _textarea(page: str) -> str:
    found = re.search(r'<textarea id="badge-html"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, "no HTML to copy on the page"
    return html.unescape(found.group(1))


@pytest.mark.django_db
def test_the_support_page_offers_the_badge_in_the_interface_language(alice, org_a, settings):
    settings.SITE_URL = "https://csr.example.eu"
    services.support_declare(organisation=org_a, by=alice)
    client = client_for(alice)

    with translation.override("nl"):
        path = _support(org_a)
    page = client.get(path).content.decode()

    found = badge.badge_layout("nl")
    assert 'id="badge"' in page
    assert f'<img src="/alliance/badge/nl@2x.png" width="{found.width}"' in page
    assert 'href="/alliance/badge/nl.svg" download="european-alliance-for-csr-nl.svg"' in page
    assert 'href="/alliance/badge/nl@2x.png" download="european-alliance-for-csr-nl@2x.png"' in (
        page
    )
    assert 'href="/alliance/badge/nl.png" download="european-alliance-for-csr-nl.png"' in page
    assert f"{found.width * 2} × {found.height * 2}" in page
    snippet = _textarea(page)
    assert snippet == badge.offer("nl").snippet
    assert 'src="https://csr.example.eu/alliance/badge/nl@2x.png"' in snippet
    assert f'width="{found.width}" height="{found.height}"' in snippet
    assert f'alt="{ALT["nl"]}"' in snippet
    assert 'href="https://csr.example.eu/nl/alliance/"' in snippet
    assert org_a.name not in snippet and org_a.slug not in snippet
    # The field is read-only, and copy.js adds the button where the browser allows it.
    assert re.search(r'<textarea id="badge-html"[^>]*\breadonly\b', page)
    assert 'data-copy="badge-html"' in page
    assert "js/copy.js" in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_support_page_switches_the_badge_language_with_a_link(alice, org_a, language):
    services.support_declare(organisation=org_a, by=alice)

    response = client_for(alice).get(_support(org_a), {"lang": language})
    page = response.content.decode()

    assert response.status_code == 200
    assert f'href="?lang={language}#badge" hreflang="{language}" lang="{language}" ' in page
    assert f'aria-current="true">{_local_name(language)}</a>' in page
    section = page[page.index('id="badge"') : page.index("</section>", page.index('id="badge"'))]
    assert section.count('aria-current="true"') == 1
    assert f'alt="{ALT[language]}" lang="{language}"' in page
    assert f"/alliance/badge/{language}@2x.png" in _textarea(page)
    # The page itself stays in its interface language.
    assert "Download SVG" in page


def _local_name(language: str) -> str:
    return translation.get_language_info(language)["name_local"].capitalize()


@pytest.mark.django_db
def test_an_unknown_badge_language_is_refused_with_a_message(alice, org_a):
    services.support_declare(organisation=org_a, by=alice)

    response = client_for(alice).get(_support(org_a), {"lang": "xx"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "The badge comes in English, Dutch, French and German only." in page
    assert "/alliance/badge/en@2x.png" in page


@pytest.mark.django_db
def test_without_a_declaration_no_badge_is_offered(alice, org_a):
    page = client_for(alice).get(_support(org_a)).content.decode()

    assert 'id="badge"' not in page
    assert "/alliance/badge/" not in page
    assert "js/copy.js" not in page


@pytest.mark.django_db
def test_the_support_page_stays_members_only(alice, org_a, bob):
    services.support_declare(organisation=org_a, by=alice)

    assert client_for(bob).get(_support(org_a)).status_code == 404
    anonymous = Client().get(_support(org_a))
    assert anonymous.status_code == 302
