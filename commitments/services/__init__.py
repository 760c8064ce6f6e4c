"""Writes on frameworks, pledges, progress reports, evidence and follows. Views, the admin, demo
seeding and tasks call these; business rules live here, not in views. One module a seam; this
package names them all, so callers write ``services.pledge_create``."""

from commitments.services.evidence import (
    EVIDENCE_KINDS,
    MAX_EVIDENCE_BYTES,
    evidence_add_file,
    evidence_add_link,
    evidence_remove,
)
from commitments.services.follows import follow_action, follow_pledge, unfollow
from commitments.services.frameworks import RESERVED_SLUGS, framework_create
from commitments.services.pledges import Target, pledge_create, pledge_set_public, pledge_withdraw
from commitments.services.practices import (
    action_practice_link,
    action_practice_unlink,
    action_practices_changed,
)
from commitments.services.reminders import TOPIC_REMINDERS, reminders_send
from commitments.services.reports import (
    TOPIC_FOLLOWING,
    TOPIC_REVIEW,
    report_create,
    report_review,
    report_submit,
    report_update,
)

__all__ = [
    "EVIDENCE_KINDS",
    "MAX_EVIDENCE_BYTES",
    "RESERVED_SLUGS",
    "TOPIC_FOLLOWING",
    "TOPIC_REMINDERS",
    "TOPIC_REVIEW",
    "Target",
    "action_practice_link",
    "action_practice_unlink",
    "action_practices_changed",
    "evidence_add_file",
    "evidence_add_link",
    "evidence_remove",
    "follow_action",
    "follow_pledge",
    "framework_create",
    "pledge_create",
    "pledge_set_public",
    "pledge_withdraw",
    "reminders_send",
    "report_create",
    "report_review",
    "report_submit",
    "report_update",
    "unfollow",
]
