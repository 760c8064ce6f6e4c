"""The pasted-outline parser: a pure function from text to commitments, actions and sub-items.
:func:`commitments.services.framework_create` turns its result into rows in one transaction, so
a broken outline creates nothing.

A pasted outline looks like the published DESIGN-MTS text::

    COMMITMENT 1 - Raising awareness on CSR in MTS by:
    1. Dissemination of defined methods and strategies …
    3. Engage with key stakeholders …
       a. Collaboration and engagement with MTS national associations …

A commitment heading is "Commitment <n>" followed by a dash or colon and its title; actions
are "<n>." (or "<n>)"); sub-items are "<letter>." (or "<letter>)" or "(<letter>)"), optionally
after a bullet. Numbers and letters must run in order from 1 and from a. Any other non-empty
line continues the text of the line before it, as wrapped lines do when text is pasted.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

_COMMITMENT = re.compile(
    r"^commitment\s+(?P<number>\d+)\s*(?:[–—:.\-]\s*(?P<title>.*))?$", re.IGNORECASE
)
_ACTION = re.compile(r"^(?P<number>\d+)\s*[.)]\s*(?P<text>.*)$")
_SUB_ITEM = re.compile(r"^(?:[-*•]\s*)?(?:\((?P<p>[a-z])\)|(?P<letter>[a-z])[.)])\s+(?P<text>.*)$")
# "by:" ends each DESIGN-MTS heading ("Raising awareness on CSR in MTS by:"); not part of a title.
_TRAILING_BY = re.compile(r"\s+by:?\s*$", re.IGNORECASE)


@dataclass
class OutlineSubItem:
    letter: str
    text: str
    line: int


@dataclass
class OutlineAction:
    number: int
    text: str
    line: int
    sub_items: list[OutlineSubItem] = field(default_factory=list)


@dataclass
class OutlineCommitment:
    number: int
    title: str
    line: int
    actions: list[OutlineAction] = field(default_factory=list)


class OutlineError(ValueError):
    """Every problem found, each as (line number, message); nothing is created."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(self.messages))

    @property
    def messages(self) -> list[str]:
        return [
            _("Line %(line)s: %(problem)s") % {"line": line, "problem": problem}
            if line
            else problem
            for line, problem in self.problems
        ]


def _clean(text: str) -> str:
    return " ".join(text.split())


def parse_outline(text: str) -> list[OutlineCommitment]:
    """The commitments, actions and sub-items of ``text``; OutlineError lists every problem."""
    commitments: list[OutlineCommitment] = []
    problems: list[tuple[int, str]] = []
    last: OutlineCommitment | OutlineAction | OutlineSubItem | None = None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if match := _COMMITMENT.match(line):
            expected = len(commitments) + 1
            found = int(match["number"])
            if found != expected:
                problems.append(
                    (
                        number,
                        _("expected commitment %(expected)s, found commitment %(found)s.")
                        % {"expected": expected, "found": found},
                    )
                )
            title = _TRAILING_BY.sub("", _clean(match["title"] or ""))
            last = OutlineCommitment(number=found, title=title, line=number)
            commitments.append(last)
            continue
        if match := _ACTION.match(line):
            if not commitments:
                problems.append(
                    (
                        number,
                        _(
                            "an action comes before any commitment heading "
                            "(write “Commitment 1 – title” first)."
                        ),
                    )
                )
                continue
            commitment = commitments[-1]
            expected = len(commitment.actions) + 1
            found = int(match["number"])
            if found != expected:
                problems.append(
                    (
                        number,
                        _(
                            "expected action %(expected)s of commitment %(commitment)s, "
                            "found %(found)s."
                        )
                        % {"expected": expected, "commitment": commitment.number, "found": found},
                    )
                )
            last = OutlineAction(number=found, text=_clean(match["text"]), line=number)
            commitment.actions.append(last)
            continue
        if match := _SUB_ITEM.match(line):
            action = (
                commitments[-1].actions[-1] if commitments and commitments[-1].actions else None
            )
            if action is None:
                problems.append((number, _("a lettered sub-item comes before any action.")))
                continue
            letter = match["p"] or match["letter"]
            expected_letter = string.ascii_lowercase[len(action.sub_items) % 26]
            if letter != expected_letter:
                problems.append(
                    (
                        number,
                        _("expected sub-item %(expected)s, found %(found)s.")
                        % {"expected": expected_letter, "found": letter},
                    )
                )
            last = OutlineSubItem(letter=letter, text=_clean(match["text"]), line=number)
            action.sub_items.append(last)
            continue
        if last is None:
            problems.append(
                (
                    number,
                    _(
                        "the outline must start with a commitment heading such as "
                        "“Commitment 1 – Raising awareness”."
                    ),
                )
            )
            continue
        # A wrapped line: it continues whatever came before.
        if isinstance(last, OutlineCommitment):
            last.title = _TRAILING_BY.sub("", _clean(f"{last.title} {line}"))
        else:
            last.text = _clean(f"{last.text} {line}")

    for commitment in commitments:
        if not commitment.title:
            problems.append(
                (
                    commitment.line,
                    _("commitment %(number)s has no title.") % {"number": commitment.number},
                )
            )
        if not commitment.actions:
            problems.append(
                (
                    commitment.line,
                    _("commitment %(number)s has no actions.") % {"number": commitment.number},
                )
            )
        for action in commitment.actions:
            if not action.text:
                problems.append(
                    (action.line, _("action %(number)s has no text.") % {"number": action.number})
                )
            for sub_item in action.sub_items:
                if not sub_item.text:
                    problems.append(
                        (
                            sub_item.line,
                            _("sub-item %(letter)s has no text.") % {"letter": sub_item.letter},
                        )
                    )
    if not commitments and not problems:
        problems.append((0, _("The outline is empty: paste at least one commitment.")))
    if problems:
        raise OutlineError(sorted(problems, key=lambda problem: problem[0]))
    return commitments
