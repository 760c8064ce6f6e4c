"""The wording a person agrees to when they accept email, versioned.

Each text is shown where consent is given or withdrawn, and each act is recorded with the
text's version identifier and a hash of the exact wording shown, in the language shown
(``notifications.services.consent_record``). Changing a wording means a new version: add it
with ``version`` one higher (tests/notifications/test_consent.py holds the hash of each
version's English wording and fails on a silent edit).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ConsentText:
    key: str
    version: int
    wording: Promise

    @property
    def identifier(self) -> str:
        return f"{self.key}/v{self.version}"

    def render(self, **params: Any) -> str:
        """The wording in the active language, with ``params`` filled in."""
        text = str(self.wording)
        return text % params if params else text

    def sha256(self, **params: Any) -> str:
        return hashlib.sha256(self.render(**params).encode()).hexdigest()


# On the account page, under the list of kinds of email each with "Turn on" / "Turn off".
EMAIL_TOPICS = ConsentText(
    "email-topics",
    1,
    _(
        "When a kind of email is on, you agree to receive it at the address you sign in with. "
        "You can turn it off here at any time, or with the link at the foot of each email."
    ),
)

# The unsubscribe page; a mail client's one-click unsubscribe (RFC 8058) records the same.
UNSUBSCRIBE = ConsentText("unsubscribe", 1, _("Stop receiving “%(topic)s” emails?"))

# The saved-search form of the knowledge centre.
SAVED_SEARCH_ALERTS = ConsentText(
    "saved-search-alerts",
    1,
    _(
        "By saving this search you agree to receive an email when new practices match it, "
        "daily or weekly as you choose. Delete the saved search, or use the link in the email, "
        "to stop."
    ),
)

# The Forum preferences page, under the digest choice.
FORUM_DIGEST = ConsentText(
    "forum-digest",
    1,
    _(
        "Choosing a daily or weekly digest, you agree to receive the Forum's news by email. "
        "Choose “No digest” at any time to stop."
    ),
)

# "Ask an expert" in the knowledge centre's help desk.
HELPDESK_QUESTION = ConsentText(
    "helpdesk-question",
    1,
    _(
        "By sending this question you agree that the portal stores it with your email address, "
        "shows it to the experts of the priority area you chose, and emails you their answers. "
        "Nobody else sees it unless you allow it to be published without your name."
    ),
)

# The same form: the asker allows the question and its answer to be published, anonymised.
HELPDESK_PUBLISH = ConsentText(
    "helpdesk-publish",
    1,
    _(
        "Curators may publish my question and its answer in the knowledge centre, without my "
        "name, address or anything else that identifies me or my organisation."
    ),
)

ALL = (
    EMAIL_TOPICS,
    UNSUBSCRIBE,
    SAVED_SEARCH_ALERTS,
    FORUM_DIGEST,
    HELPDESK_QUESTION,
    HELPDESK_PUBLISH,
)
