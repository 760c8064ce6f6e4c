"""Fail when text shown to people is not translatable, or when a catalogue is not complete.

Three checks, all run by ``make lint`` (or pick some with ``--templates``, ``--python``,
``--catalogues``):

* templates: text between tags and user-facing attributes (alt, title, aria-label,
  placeholder, a button's value, the meta description) outside ``{% translate %}`` and
  ``{% blocktranslate %}`` must not contain words;
* Python: literals passed where Django shows them to people (verbose names, help texts,
  labels, choices, validation and flash messages, 404/403/400 messages, admin descriptions,
  email subjects) must go through gettext;
* catalogues: ``locale/<lang>/LC_MESSAGES/django.po`` must have no untranslated or fuzzy entry,
  and must hold exactly the strings ``makemessages`` finds today (``translation_catalogues.py``
  beside this script).

A line may opt out with ``{# i18n: ignore #}`` (templates) or ``# i18n: ignore`` (Python),
for deliberate cases such as a sample in another language. Proper names and symbols that read
the same in every language are listed in ``ALLOWED``.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from translation_catalogues import COPY_IGNORE, ROOT, check_catalogues  # scripts/

SKIP_DIRS = COPY_IGNORE | {"migrations", "locale", "scripts"}

# Words that are the same in every language: names of the Alliance's instruments, standards,
# formats and the product, plus a few symbols.
ALLOWED = (
    "DESIGN-MTS",
    "ISO 26000",
    "ISO",
    "NACE",
    "CSR",
    "SME",
    "EU",
    "OpenAPI",
    "JSON",
    "CSV",
    "XLSX",
    "PDF",
    "RSS",
    "Atom",
    "iCalendar",
    "iCal",
    "URL",
    "TOTP",
    "Markdown",
    "e-mail",
    "Nederlands",
    "Français",
    "Deutsch",
    "English",
    "UTC",
    "km",
)
_ALLOWED_RE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(re.escape(w) for w in sorted(ALLOWED, key=len, reverse=True))
    # Placeholders for template variables and tags, and the units of a size or a count.
    + r")(?![\w-])"
)
_LETTER = re.compile(r"[^\W\d_]")
TEMPLATE_OPT_OUT = "{# i18n: ignore #}"
PYTHON_OPT_OUT = "# i18n: ignore"
# Stands for a template tag or variable in the text handed to the HTML parser: not a letter,
# so "{{ count }} %" has no words, and one per tag so attribute values keep their shape.
HOLE = "\ue000"

USER_ATTRIBUTES = {"alt", "title", "aria-label", "aria-description", "placeholder", "label"}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def has_words(text: str) -> bool:
    return bool(_LETTER.search(_ALLOWED_RE.sub("", text.replace(HOLE, " "))))


# --- templates ------------------------------------------------------------------------------


def _template_skeleton(source: str) -> str:
    """The template as the HTML parser should see it: every tag, variable and comment, and
    every translated region, replaced by HOLE characters (newlines kept, so lines match)."""
    from django.template.base import Lexer, TokenType

    parts: list[str] = []
    depth_translate = 0
    depth_comment = 0
    block_stack: list[str] = []
    for token in Lexer(source).tokenize():
        raw = token.token_string if hasattr(token, "token_string") else token.contents
        newlines = "\n" * raw.count("\n")
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split(" ", 1)[0] if token.contents else ""
            if name in {"blocktranslate", "blocktrans"}:
                depth_translate += 1
            elif name in {"endblocktranslate", "endblocktrans"}:
                depth_translate = max(0, depth_translate - 1)
            elif name in {"comment", "verbatim"} or (
                # {% block main_class %}narrow{% endblock %} fills an attribute, not text.
                name == "block" and token.contents.split()[-1].endswith("_class")
            ):
                depth_comment += 1
                block_stack.append(name)
            elif name in {"endcomment", "endverbatim"} or (
                name == "endblock" and block_stack and block_stack[-1] == "block"
            ):
                depth_comment = max(0, depth_comment - 1)
                block_stack.pop()
            elif name == "block":
                block_stack.append("other")
            elif name == "endblock" and block_stack:
                block_stack.pop()
            # A tag that names an element (<{% if a %}a{% else %}button{% endif %} …) must
            # still read as a tag to the parser.
            after_bracket = bool(parts) and parts[-1].endswith(("<", "</"))
            parts.append(("t" if after_bracket else HOLE) + newlines)
        elif token.token_type == TokenType.TEXT and not depth_translate and not depth_comment:
            parts.append(token.contents)
        else:
            # Variables, {# comments #}, and text inside translation or comment blocks.
            parts.append(HOLE + "\n" * token.contents.count("\n"))
    return "".join(parts)


# Elements whose text is not prose to translate: code samples and scripts, and whatever a
# template marks with translate="no" (proper names, samples).
UNTRANSLATED_ELEMENTS = {"script", "style", "code", "pre", "kbd", "samp"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID_ELEMENTS |= {"source", "track", "wbr"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._open: list[tuple[str, bool]] = []  # (tag, text inside is exempt)

    @property
    def _exempt(self) -> bool:
        return bool(self._open) and self._open[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag not in VOID_ELEMENTS:
            exempt = self._exempt or tag in UNTRANSLATED_ELEMENTS or values.get("translate") == "no"
            self._open.append((tag, exempt))
        if values.get("translate") == "no":
            return
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            user_facing = name in USER_ATTRIBUTES
            if name == "value" and tag == "input" and values.get("type") in {"submit", "button"}:
                user_facing = True
            if name == "content" and tag == "meta" and values.get("name") == "description":
                user_facing = True
            if user_facing and has_words(value):
                self.found.append((line, f'attribute {name}="{value.strip()}"'))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self._open.pop()

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching tag (HTML lets <p> and <li> close implicitly).
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        if not self._exempt and has_words(data):
            line = self.getpos()[0]
            # The parser reports where the data starts; point at the line with the words.
            leading = data[: len(data) - len(data.lstrip())]
            self.found.append((line + leading.count("\n"), f'text "{" ".join(data.split())}"'))


def template_problems(source: str, path: str = "<template>") -> list[Problem]:
    """Untranslated words in one template."""
    opted_out = {
        number
        for number, line in enumerate(source.splitlines(), start=1)
        if TEMPLATE_OPT_OUT in line
    }
    collector = _TextCollector()
    collector.feed(_template_skeleton(source))
    collector.close()
    return [
        Problem(path, line, f"not marked for translation: {what.replace(HOLE, '…')}")
        for line, what in collector.found
        if line not in opted_out
    ]


# --- Python ---------------------------------------------------------------------------------

GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "format_lazy",
    "_lazy",
}
USER_KEYWORDS = {
    "verbose_name",
    "verbose_name_plural",
    "help_text",
    "label",
    "empty_label",
    "description",
    "short_description",
    "subject",
    "empty_value_display",
}
MESSAGE_FUNCTIONS = {"success", "error", "info", "warning", "debug"}
EXCEPTIONS_WITH_MESSAGE = {
    "ValidationError",
    "Http404",
    "PermissionDenied",
    "HttpResponseBadRequest",
    "HttpResponseForbidden",
    "HttpResponseNotFound",
    "BadRequest",
}
CHOICES_BASES = {"TextChoices", "IntegerChoices", "Choices"}


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _untranslated(node: ast.AST | None) -> bool:
    """A literal with words that does not go through gettext."""
    if node is None:
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and has_words(node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_untranslated(value) for value in node.values)
    if isinstance(node, ast.BinOp):
        return _untranslated(node.left)
    if isinstance(node, ast.Call) and _name(node.func) == "format" and node.func:
        return isinstance(node.func, ast.Attribute) and _untranslated(node.func.value)
    return False


class _PythonChecker(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.found: list[tuple[int, str]] = []

    def flag(self, node: ast.AST, what: str) -> None:
        self.found.append((node.lineno, what))

    def visit_Call(self, node: ast.Call) -> None:
        func = _name(node.func)
        if func in GETTEXT:
            return  # whatever is inside is marked
        for keyword in node.keywords:
            if keyword.arg in USER_KEYWORDS and _untranslated(keyword.value):
                self.flag(keyword.value, f"{keyword.arg}= is not marked for translation")
            elif keyword.arg == "choices":
                self._check_choices(keyword.value)
            elif keyword.arg == "error_messages" and isinstance(keyword.value, ast.Dict):
                for value in keyword.value.values:
                    if _untranslated(value):
                        self.flag(value, "error message is not marked for translation")
        if (
            isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "models"
            and func.endswith("Field")
            and func not in {"ForeignKey", "ManyToManyField", "OneToOneField"}
            and node.args
            and _untranslated(node.args[0])
        ):
            self.flag(node.args[0], f"verbose name of {func} is not marked for translation")
        if (
            func in MESSAGE_FUNCTIONS
            and _name(getattr(node.func, "value", None)) == "messages"
            and len(node.args) > 1
            and _untranslated(node.args[1])
        ):
            self.flag(node.args[1], f"messages.{func} text is not marked for translation")
        if func == "add_message" and len(node.args) > 2 and _untranslated(node.args[2]):
            self.flag(node.args[2], "message is not marked for translation")
        if func == "add_error" and len(node.args) > 1 and _untranslated(node.args[1]):
            self.flag(node.args[1], "form error is not marked for translation")
        if func in EXCEPTIONS_WITH_MESSAGE and node.args:
            first = node.args[0]
            if _untranslated(first):
                self.flag(first, f"{func} message is not marked for translation")
            elif isinstance(first, ast.Dict):
                for value in first.values:
                    if _untranslated(value):
                        self.flag(value, f"{func} message is not marked for translation")
        if func == "send_mail" and node.args and _untranslated(node.args[0]):
            self.flag(node.args[0], "email subject is not marked for translation")
        self.generic_visit(node)

    def _check_choices(self, node: ast.AST) -> None:
        if isinstance(node, ast.List | ast.Tuple):
            for item in node.elts:
                if isinstance(item, ast.Tuple) and len(item.elts) == 2:
                    if _untranslated(item.elts[1]):
                        self.flag(item.elts[1], "choice label is not marked for translation")
                    elif isinstance(item.elts[1], ast.List | ast.Tuple):
                        self._check_choices(item.elts[1])

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if any(_name(base) in CHOICES_BASES for base in node.bases):
            for statement in node.body:
                if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
                    continue
                target = statement.targets[0]
                if not isinstance(target, ast.Name) or target.id.startswith("_"):
                    continue
                value = statement.value
                label = value.elts[-1] if isinstance(value, ast.Tuple) else None
                if label is None or _untranslated(label):
                    # Without a label Django shows the member's name: English.
                    self.flag(statement, f"choice {target.id} has no translated label")
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if (
                isinstance(target, ast.Attribute | ast.Name)
                and _name(target) in {"short_description", "verbose_name", "verbose_name_plural"}
                and _untranslated(node.value)
            ):
                self.flag(node.value, f"{_name(target)} is not marked for translation")
            if isinstance(target, ast.Name) and (
                target.id in {"choices", "CHOICES"} or target.id.endswith("_CHOICES")
            ):
                self._check_choices(node.value)
        self.generic_visit(node)


def python_problems(source: str, path: str = "<python>") -> list[Problem]:
    """Literals shown to people that do not go through gettext, in one module."""
    checker = _PythonChecker(path)
    checker.visit(ast.parse(source, filename=path))
    lines = source.splitlines()
    return [
        Problem(path, line, what)
        for line, what in checker.found
        if not (line <= len(lines) and PYTHON_OPT_OUT in lines[line - 1])
    ]


# --- walking the project -----------------------------------------------------------------------


def _files(root: Path, suffixes: tuple[str, ...]) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        for filename in sorted(filenames):
            if filename.endswith(suffixes):
                yield Path(dirpath) / filename


def template_files(root: Path = ROOT) -> Iterator[Path]:
    for path in _files(root, (".html", ".txt", ".svg")):
        if "templates" in path.relative_to(root).parts:
            yield path


def python_files(root: Path = ROOT) -> Iterator[Path]:
    for path in _files(root, (".py",)):
        if path.relative_to(root).parts[0] not in {"config"} or path.name != "test_settings.py":
            yield path


def _check(
    root: Path, paths: Iterable[Path], problems_in: Callable[[str, str], list[Problem]]
) -> list[Problem]:
    problems: list[Problem] = []
    for path in paths:
        problems += problems_in(path.read_text(encoding="utf-8"), str(path.relative_to(root)))
    return problems


def check_templates(root: Path = ROOT) -> list[Problem]:
    return _check(root, template_files(root), template_problems)


def check_python(root: Path = ROOT) -> list[Problem]:
    return _check(root, python_files(root), python_problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--templates", action="store_true")
    parser.add_argument("--python", action="store_true")
    parser.add_argument("--catalogues", action="store_true")
    args = parser.parse_args(argv)
    every = not (args.templates or args.python or args.catalogues)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    failed = False
    if every or args.templates or args.python:
        problems = []
        if every or args.templates:
            problems += check_templates()
        if every or args.python:
            problems += check_python()
        for problem in problems:
            print(problem)
        if problems:
            print(f"{len(problems)} strings shown to people are not marked for translation.")
            failed = True
    if every or args.catalogues:
        problems = check_catalogues()
        for problem in problems:
            print(f"locale/{problem}")
        if problems:
            print("The catalogues are not complete: translate, then compile with compilemessages.")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
