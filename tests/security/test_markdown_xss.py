"""Markdown written by users cannot carry script: a list of XSS payloads through
markup.render_markdown and through a page that shows user Markdown (an organisation's profile).

The output is parsed, not searched for strings: every element must be one markup allows, with
only the attributes it allows, and every link must use http, https or mailto (or be relative).
Text that merely *reads* "javascript:" is harmless once escaped, and is allowed.
"""

from __future__ import annotations

import html
import re
import uuid
from html.parser import HTMLParser

import pytest
from django.urls import reverse

import markup
from markup import render_markdown

PAYLOADS = [
    # Raw HTML
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<body onload="alert(1)">',
    '<div onmouseover="alert(1)">hover</div>',
    '<a href="#" onclick="alert(1)">x</a>',
    "<iframe src=//evil.example></iframe>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2Zz4=">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<input autofocus onfocus="alert(1)">',
    '<details open ontoggle="alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="//evil.example/x.css">',
    # SVG and MathML
    '<svg onload="alert(1)">',
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    # Style
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<a href="https://example.org" style="position:fixed;top:0;left:0">x</a>',
    # Links, raw
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    # Entity-encoded variants
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    # Markdown links and images
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click]( javascript:alert(1) )",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[click](https://example.org "title" onclick="alert(1)")',
    '[click](https://example.org" onmouseover="alert(1))',
    "![x](javascript:alert(1))",
    '![x](https://example.org/a.png" onerror="alert(1))',
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[ref]\n\n[ref]: javascript:alert(1)",
    '[ref]\n\n[ref]: https://example.org "a" onclick="alert(1)"',
    "<javascript:alert(1)>",
    '<https://example.org/" onclick="alert(1)>',
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "> <script>alert(1)</script>",
    "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |",
]

SAFE_SCHEMES = {"http", "https", "mailto"}
# What a browser's URL parser drops (WHATWG URL): C0 controls and spaces at either end, tabs
# and newlines anywhere. "java   script:" keeps its spaces and is a relative link, not script.
_EDGES = "".join(chr(c) for c in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in markup.ALLOWED_TAGS:
            self.problems.append(f"<{tag}>")
        allowed = markup.ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}
        for name, value in attrs:
            if name not in allowed:
                self.problems.append(f"<{tag} {name}>")
            if name == "href" and value is not None:
                url = _TAB_OR_NEWLINE.sub("", html.unescape(value).strip(_EDGES)).lower()
                scheme = url.split(":", 1)[0] if re.match(r"^[a-z][a-z0-9+.-]*:", url) else ""
                if scheme and scheme not in SAFE_SCHEMES:
                    self.problems.append(f"href={value!r}")

    handle_startendtag = handle_starttag


def problems_in(fragment: str) -> list[str]:
    checker = _Checker()
    checker.feed(fragment)
    checker.close()
    return checker.problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_render_markdown_keeps_no_script(payload):
    rendered = render_markdown(payload)

    assert problems_in(rendered) == [], rendered


def test_the_cached_rendering_is_the_sanitised_one_and_renders_once(monkeypatch):
    text = f"A text of its own: {uuid.uuid4()}.\n\n" + "\n\n".join(PAYLOADS)
    real = markup.render_markdown
    renders: list[str] = []

    def counting(text: str, **options: int) -> str:
        renders.append(text)
        return real(text, **options)

    monkeypatch.setattr(markup, "render_markdown", counting)

    first = markup.render_markdown_cached(text)
    second = markup.render_markdown_cached(text)
    other = markup.render_markdown_cached("Changed. " + text)

    assert first == second == real(text)
    assert problems_in(second) == []
    assert "Changed." in other and "Changed." not in second
    assert len(renders) == 2  # once per text


def test_the_checker_catches_what_it_should():
    # The check above must be able to fail.
    assert problems_in('<a href="jav&#x09;ascript:alert(1)">x</a>')
    assert problems_in('<a href=" &#x0a;java\nscript:alert(1)">x</a>')
    assert problems_in('<p onclick="x">y</p>')
    assert problems_in("<svg></svg>")
    assert problems_in('<a href="data:text/html,x">y</a>')
    assert problems_in('<a href="https://example.org" rel="nofollow">y</a>') == []


def test_plain_markdown_survives():
    rendered = render_markdown(
        "**bold** and [a link](https://example.org) and <mailto:a@example.org>"
    )
    assert "<strong>bold</strong>" in rendered
    assert 'href="https://example.org"' in rendered
    assert 'href="mailto:a@example.org"' in rendered


@pytest.mark.django_db
def test_a_profile_page_with_every_payload_keeps_no_script(client, alice_client, org_a):
    text = "\n\n".join(PAYLOADS)
    edit = reverse("alliance:profile_edit", args=[org_a.slug])
    assert alice_client.post(edit, {"strategy": text, "results": text}).status_code == 302
    publish = reverse("alliance:profile_publish", args=[org_a.slug])
    assert alice_client.post(publish, {"published": "1"}).status_code == 302

    page = client.get(reverse("alliance:profile", args=[org_a.slug]))

    assert page.status_code == 200
    # The two sections the Markdown fills, without the page's own <section> around them.
    sections = re.findall(r"<section>(.*?)</section>", page.content.decode(), re.DOTALL)
    rendered = [s for s in sections if "alert(1)" in s]
    assert len(rendered) == 2  # the payloads are there, as text
    for fragment in rendered:
        assert problems_in(fragment) == [], fragment
