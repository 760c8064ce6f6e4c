"""Writes of the forum: every change that has a rule or sends mail goes through here, one module
per part (bodies and members, meetings, agenda and documents, registrations, minutes and action
items, recommendations, preferences, and the mail they send). Callers use ``services.x(...)``:
this module names every service.

Mail is written to the outbox in the same transaction as the change that causes it (through
``notifications.services.email_to_member``), so a rolled-back change sends nothing and a
repeated one sends nothing twice: every message has a key naming the recipient and the event.
Who may do what is in ``forum.permissions``.
"""

from forum.services.bodies import (
    body_create,
    body_update,
    member_add,
    member_end,
    member_invitation_is_for,
    member_invitation_read,
    member_invite,
    member_join,
    member_update,
)
from forum.services.documents import (
    ACCEPTED_KINDS,
    agenda_item_add,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_update,
    document_upload,
    document_version_add,
)
from forum.services.joining import (
    JoinAnswer,
    join_ask,
    join_request_approve,
    join_request_decline,
    member_leave,
)
from forum.services.mail import (
    TOPIC_ACTIONS,
    TOPIC_DIGEST,
    TOPIC_JOIN_REQUESTS,
    TOPIC_JOINING,
    TOPIC_MEETINGS,
    TOPIC_MINUTES,
    TOPIC_RECOMMENDATIONS,
    TOPIC_REMINDERS,
)
from forum.services.meetings import (
    meeting_cancel,
    meeting_schedule,
    meeting_update,
    series_create,
    series_extend,
    series_extend_all,
)
from forum.services.minutes import (
    action_item_add,
    action_item_complete,
    action_item_reopen,
    minutes_publish,
    minutes_reopen,
    minutes_save,
)
from forum.services.preferences import feed_token_rotate, preferences_for, preferences_update
from forum.services.recommendations import (
    recommendation_create,
    recommendation_respond,
    recommendation_review,
)
from forum.services.registrations import (
    attendance_record,
    registration_decline,
    registration_register,
    registrations_withdraw,
)
from forum.services.updates import (
    TOPIC_UPDATE_PAPERS,
    TOPIC_UPDATES,
    UPDATE_REMINDER_BEFORE,
    members_expected,
    standing_item_add,
    standing_items_apply,
    update_paper_compile,
    update_reminders_enqueue,
    update_submit,
    updates_deadline_set,
    updates_open,
)

__all__ = [
    "ACCEPTED_KINDS",
    "TOPIC_ACTIONS",
    "TOPIC_DIGEST",
    "TOPIC_JOINING",
    "TOPIC_JOIN_REQUESTS",
    "TOPIC_MEETINGS",
    "TOPIC_MINUTES",
    "TOPIC_RECOMMENDATIONS",
    "TOPIC_REMINDERS",
    "TOPIC_UPDATES",
    "TOPIC_UPDATE_PAPERS",
    "UPDATE_REMINDER_BEFORE",
    "JoinAnswer",
    "action_item_add",
    "action_item_complete",
    "action_item_reopen",
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_update",
    "attendance_record",
    "body_create",
    "body_update",
    "document_upload",
    "document_version_add",
    "feed_token_rotate",
    "join_ask",
    "join_request_approve",
    "join_request_decline",
    "meeting_cancel",
    "meeting_schedule",
    "meeting_update",
    "member_add",
    "member_end",
    "member_invitation_is_for",
    "member_invitation_read",
    "member_invite",
    "member_join",
    "member_leave",
    "member_update",
    "members_expected",
    "minutes_publish",
    "minutes_reopen",
    "minutes_save",
    "preferences_for",
    "preferences_update",
    "recommendation_create",
    "recommendation_respond",
    "recommendation_review",
    "registration_decline",
    "registration_register",
    "registrations_withdraw",
    "series_create",
    "series_extend",
    "series_extend_all",
    "standing_item_add",
    "standing_items_apply",
    "update_paper_compile",
    "update_reminders_enqueue",
    "update_submit",
    "updates_deadline_set",
    "updates_open",
]
