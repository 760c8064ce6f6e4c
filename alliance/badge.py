"""The supporter badge: one image per interface language, the same for every supporter.

It names no organisation and is served at public, organisation-independent addresses
(``/alliance/badge/<language>.svg``, ``.png``, ``@2x.png``), so showing it tells the portal
nothing and lets nobody list supporters: a supporter shows it where it likes, as its own
statement.

The words are measured with the font the PNG is drawn with (DejaVu Sans, shipped in
``static/fonts/`` so every server draws the same picture) and the badge is laid out around
them, so no translation is ever clipped: the badge grows up to ``WIDTH_MAX``, then the type steps
down to its smallest sizes, then the lines wrap. The SVG uses the same layout and asks, with
``textLength``, that each line fill exactly its measured width, so a viewer without DejaVu Sans
draws it in a fallback font of the same width rather than past the edge.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext
from PIL import Image, ImageDraw, ImageFont

from notifications.links import site_url

# One copy of the font serves the badge and the demo PDFs (knowledge/demo_files.py).
FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
FONT_FILES = {False: FONTS / "DejaVuSans.ttf", True: FONTS / "DejaVuSans-Bold.ttf"}
# The SVG names the PNG's font first, then its relatives of about the same width.
FONT_FAMILY = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Arial, Helvetica, sans-serif"

GREEN = "#0b5a48"
WHITE = "#ffffff"

# Geometry in CSS pixels (the 1x PNG and the SVG's user units).
HEIGHT_MIN = 72
WIDTH_MIN = 240
WIDTH_MAX = 360
RADIUS = 10
ICON_X = 36  # the centre of the white disc with the tick
ICON_R = 20
TEXT_X = 66  # where the words start
PAD_RIGHT = 16
PAD_Y = 12
# The widest the words may be before the type steps down or the lines wrap.
TEXT_MAX = WIDTH_MAX - TEXT_X - PAD_RIGHT
LINE_HEIGHT = 1.3  # times the font size
BASELINE = 1.0  # from the top of a line box to its baseline, times the font size
# (size, smallest size) of the first line (regular) and the second (bold); steps of half a pixel.
FIRST_SIZE = (13.0, 11.0)
SECOND_SIZE = (15.0, 12.0)
SIZE_STEP = 0.5

# The PNG comes at these scales: 1x, and 2x for sharp email signatures on high-density screens.
SCALES = (1, 2)
# Shapes are drawn this many times larger and scaled down, which smooths their edges.
SUPERSAMPLE = 4
# The badge changes only with a new release of the portal (its words, its layout).
MAX_AGE = 24 * 60 * 60


@functools.cache
def font(size: float, *, bold: bool) -> ImageFont.FreeTypeFont:
    # The basic layout engine is part of every Pillow build (Raqm is optional), so every
    # server measures and draws alike.
    return ImageFont.truetype(str(FONT_FILES[bold]), size, layout_engine=ImageFont.Layout.BASIC)


def measure(text: str, size: float, *, bold: bool) -> float:
    """The width of ``text`` in CSS pixels: the widest it is drawn at any of ``SCALES`` (hinting
    moves glyphs by a fraction of a pixel from one size to the next)."""
    return max(font(size * scale, bold=bold).getlength(text) / scale for scale in SCALES)


@dataclass(frozen=True)
class Line:
    text: str
    size: float
    bold: bool
    x: float
    baseline: float
    width: float  # measured, CSS pixels


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    lines: tuple[Line, ...]

    @property
    def text_box(self) -> float:
        """The width the words have: from ``TEXT_X`` to the right padding."""
        return self.width - TEXT_X - PAD_RIGHT

    @property
    def icon_y(self) -> float:
        return self.height / 2


def _wrap(text: str, size: float, *, bold: bool) -> list[str]:
    """``text`` in lines no wider than ``TEXT_MAX``, broken between words (a single word wider
    than that keeps its own line, and the badge grows to fit it)."""
    lines: list[str] = []
    for word in text.split():
        if lines and measure(f"{lines[-1]} {word}", size, bold=bold) <= TEXT_MAX:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _sizes(preferred: float, smallest: float) -> list[float]:
    steps = round((preferred - smallest) / SIZE_STEP)
    return [preferred - i * SIZE_STEP for i in range(steps + 1)]


def layout(first: str, second: str) -> Layout:
    """The badge laid out around its two lines of words (regular, then bold)."""
    firsts, seconds = _sizes(*FIRST_SIZE), _sizes(*SECOND_SIZE)
    rows: list[tuple[str, float, bool]] = []
    for step in range(max(len(firsts), len(seconds))):
        first_size = firsts[min(step, len(firsts) - 1)]
        second_size = seconds[min(step, len(seconds) - 1)]
        if (
            measure(first, first_size, bold=False) <= TEXT_MAX
            and measure(second, second_size, bold=True) <= TEXT_MAX
        ):
            rows = [(first, first_size, False), (second, second_size, True)]
            break
    else:
        first_size, second_size = FIRST_SIZE[1], SECOND_SIZE[1]
        rows = [(text, first_size, False) for text in _wrap(first, first_size, bold=False)]
        rows += [(text, second_size, True) for text in _wrap(second, second_size, bold=True)]

    widths = [measure(text, size, bold=bold) for text, size, bold in rows]
    block = sum(size * LINE_HEIGHT for _text, size, _bold in rows)
    width = max(WIDTH_MIN, math.ceil(TEXT_X + max(widths) + PAD_RIGHT))
    height = max(HEIGHT_MIN, math.ceil(block + 2 * PAD_Y))
    top = (height - block) / 2
    lines = []
    for (text, size, bold), measured in zip(rows, widths, strict=True):
        lines.append(Line(text, size, bold, TEXT_X, round(top + size * BASELINE, 2), measured))
        top += size * LINE_HEIGHT
    return Layout(width, height, tuple(lines))


# --- The badge in one language ---------------------------------------------------------------


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@dataclass(frozen=True)
class Words:
    first: str
    second: str
    label: str  # the whole sentence: the image's title and an <img>'s alt text


def words(language: str) -> Words:
    # makemessages does not read .svg files: the badge's words are marked here.
    with translation.override(language):
        return Words(
            first=pgettext("first line of the badge", "We support the"),
            second=pgettext("second line of the badge", "European Alliance for CSR"),
            label=gettext("We support the European Alliance for CSR"),
        )


def language_or_default(language: str | None) -> str:
    return language if language in languages() else settings.LANGUAGE_CODE


def _check(language: str) -> None:
    if language not in languages():
        raise ValueError(f"the badge comes in {languages()}, not {language!r}")


# Translations change only with a release of the portal, so each image is drawn once a process.
@functools.cache
def badge_layout(language: str) -> Layout:
    _check(language)
    found = words(language)
    return layout(found.first, found.second)


@functools.cache
def svg(language: str) -> bytes:
    _check(language)
    return render_svg(badge_layout(language), label=words(language).label, language=language)


def render_svg(found: Layout, *, label: str, language: str) -> bytes:
    return (
        render_to_string(
            "alliance/badge.svg",
            {
                "layout": found,
                "label": label,
                "language": language,
                "font_family": FONT_FAMILY,
                "green": GREEN,
                "white": WHITE,
                "radius": RADIUS,
                "icon_x": ICON_X,
                "icon_r": ICON_R,
                "tick": _tick_path(found),
            },
        )
        .strip()
        .encode()
        + b"\n"
    )


def _tick_points(found: Layout) -> list[tuple[float, float]]:
    # The tick, relative to the disc's centre, as the first badge drew it.
    return [(ICON_X + dx, found.icon_y + dy) for dx, dy in ((-10, 1), (-3, 8), (10, -7))]


def _tick_path(found: Layout) -> str:
    (x0, y0), (x1, y1), (x2, y2) = _tick_points(found)
    return f"M{x0:g} {y0:g}L{x1:g} {y1:g}L{x2:g} {y2:g}"


@functools.cache
def png(language: str, scale: int = 1) -> bytes:
    _check(language)
    return render_png(badge_layout(language), scale)


def render_png(found: Layout, scale: int = 1) -> bytes:
    if scale not in SCALES:
        raise ValueError(f"the badge comes at scales {SCALES}, not {scale!r}")
    width, height = found.width * scale, found.height * scale

    # Shapes: drawn large, then scaled down, for smooth edges.
    k = scale * SUPERSAMPLE
    big = Image.new("RGBA", (width * SUPERSAMPLE, height * SUPERSAMPLE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    draw.rounded_rectangle(
        (0, 0, width * SUPERSAMPLE - 1, height * SUPERSAMPLE - 1), radius=RADIUS * k, fill=GREEN
    )
    cx, cy = ICON_X * k, found.icon_y * k
    draw.ellipse((cx - ICON_R * k, cy - ICON_R * k, cx + ICON_R * k, cy + ICON_R * k), fill=WHITE)
    points = [(x * k, y * k) for x, y in _tick_points(found)]
    stroke = 5 * k
    draw.line(points, fill=GREEN, width=stroke, joint="curve")
    for x, y in (points[0], points[-1]):  # round caps
        draw.ellipse((x - stroke / 2, y - stroke / 2, x + stroke / 2, y + stroke / 2), fill=GREEN)
    image = big.resize((width, height), Image.Resampling.LANCZOS)

    # Words: drawn at their final size, where the font's hinting keeps them sharp.
    draw = ImageDraw.Draw(image)
    for line in found.lines:
        draw.text(
            (line.x * scale, line.baseline * scale),
            line.text,
            font=font(line.size * scale, bold=line.bold),
            fill=WHITE,
            anchor="ls",
        )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def filename(language: str) -> str:
    """The name of a downloaded badge, without its extension."""
    return f"european-alliance-for-csr-{language}"


def etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


# --- What the support page offers ------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    language: str
    svg_url: str
    png_url: str
    png_2x_url: str
    width: int
    height: int
    alt: str
    snippet: str  # HTML to paste into an email signature or a web page

    @property
    def filename(self) -> str:
        return filename(self.language)

    @property
    def png_2x_width(self) -> int:
        return self.width * 2

    @property
    def png_2x_height(self) -> int:
        return self.height * 2


def offer(language: str) -> Offer:
    """The badge in ``language`` as the support page offers it: its public addresses, its size
    and the HTML to paste, with absolute addresses on ``SITE_URL`` (the snippet is read far
    from this site)."""
    found = badge_layout(language)
    svg_url = reverse("badge:svg", kwargs={"language": language})
    png_url = reverse("badge:png", kwargs={"language": language})
    png_2x_url = reverse("badge:png_2x", kwargs={"language": language})
    with translation.override(language):
        alliance_url = reverse("alliance:index")
    alt = words(language).label
    snippet = render_to_string(
        "alliance/badge_snippet.html",
        {
            "href": site_url() + alliance_url,
            "src": site_url() + png_2x_url,
            "width": found.width,
            "height": found.height,
            "alt": alt,
            "language": language,
        },
    ).strip()
    return Offer(
        language=language,
        svg_url=svg_url,
        png_url=png_url,
        png_2x_url=png_2x_url,
        width=found.width,
        height=found.height,
        alt=alt,
        snippet=snippet,
    )
