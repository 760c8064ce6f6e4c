"""Who may use each URL of the site: the answer each viewer gets for each HTTP method.

tests/security/test_permissions_matrix.py requests every URL pattern, filled with real objects
by tests/catalogue.py from the canary side (alice's organisation), and compares each answer
with this table. Adding a URL pattern without a row here fails the suite: decide who may use it.

Viewers, in the order the answers are written:
  anonymous    not signed in
  charlie      signed in, no organisation
  alice        the administrator of the organisation that owns the objects (organisation A),
               and the secretariat member of its forum body
  bob          a member of another organisation (organisation B)
  secretariat  a member of the forum secretariat group
  staff        a superuser, signed in with password and authenticator code

An answer is a status code, or ``login`` for a redirect to a sign-in page. Write one answer for
everyone, two (anonymous, then everyone signed in) or six (one per viewer). ``other`` stands for
PUT, PATCH and DELETE together; a method not given answers 405 (Method Not Allowed).

The rules the rows follow: anonymous visitors on a members' page are sent to sign in; another
organisation's private object answers 404, as a missing one does; a visible object without the
permission to act on it answers 403; an empty POST is refused with 400 or the form again (200),
never 500.
"""

from __future__ import annotations

VIEWERS = ("anonymous", "charlie", "alice", "bob", "secretariat", "staff")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# Patterns the catalogue fills more than once, and what each filling is, in the catalogue's order.
VARIANTS = {
    "knowledge_api:practice": ("published", "submission"),
    "knowledge:practice": ("published", "submission"),
    "knowledge:attachment": ("published", "submission"),
    "forum:meeting": ("public", "members only"),
    "forum:meeting_ics": ("public", "members only"),
    "commitments:report": ("draft", "submitted", "accepted"),
    "commitments:evidence": ("link", "file"),
    "commitments:evidence_remove": ("link", "file"),
    "initiatives:resource": ("link", "file"),
    "initiatives:resource_remove": ("link", "file"),
}

# Every model registered in the admin. Its generated URLs (changelist, add, change, delete,
# history, import/export…) follow the rule below unless the table has a row for one of them.
ADMIN_MODELS = {
    "account.emailaddress",
    "auth.group",
    "django_celery_beat.clockedschedule",
    "django_celery_beat.crontabschedule",
    "django_celery_beat.intervalschedule",
    "django_celery_beat.periodictask",
    "django_celery_beat.solarschedule",
    "mfa.authenticator",
    "accounts.user",
    "accounts.organisation",
    "accounts.invitation",
    "alliance.activityarea",
    "alliance.coalition",
    "commitments.framework",
    "commitments.commitment",
    "commitments.action",
    "initiatives.initiative",
    "forum.body",
    "forum.meeting",
    "forum.meetingseries",
    "forum.registration",
    "forum.document",
    "forum.minutes",
    "forum.actionitem",
    "forum.recommendation",
    "forum.joinrequest",
    "knowledge.practice",
    "knowledge.submission",
    "knowledge.practicedueforreview",
    "knowledge.collection",
    "knowledge.savedsearch",
    "knowledge.questionnaire",
    "knowledge.section",
    "knowledge.question",
    "knowledge.searchsynonyms",
    "knowledge.helpquestion",
    "knowledge.expert",
    "initiatives.call",
    "initiatives.proposal",
    "portal.contactdetails",
    "notifications.outgoingemail",
    "releases.release",
    "taxonomy.theme",
    "taxonomy.iso26000subject",
    "taxonomy.sector",
}
# The admin's rule: whoever is not staff is sent to sign in, whatever the method; staff get the
# page (an empty POST shows the form again; Django's admin answers other methods as GET and
# writes only on POST).
ADMIN_NON_STAFF = {"GET": "login", "POST": "login", "other": "login"}
ADMIN_STAFF = {"GET": "200", "POST": "200", "other": "200"}


def row(**answers: str) -> dict[str, str]:
    return answers


def staff_only(**answers: str) -> dict[str, str]:
    """An admin page whose answers to staff differ from the rule; everyone else signs in."""
    return {method: f"login login login login login {answer}" for method, answer in answers.items()}


TABLE: dict[str, dict[str, str]] = {
    # The site's own machinery
    "health": row(GET="200"),
    "set_language": row(GET="405", POST="302"),
    "choose_language": row(GET="302"),
    "sitemap": row(GET="200"),
    "home": row(GET="200"),
    "start": row(GET="login 200", POST="login 405", other="login 405"),
    # The API (read-only: every other method is refused)
    "knowledge_api:practices": row(GET="200"),
    "knowledge_api:practice [published]": row(GET="200"),
    "knowledge_api:practice [submission]": row(GET="404"),
    "knowledge_api:facets": row(GET="200"),
    "knowledge_api:collections": row(GET="200"),
    "knowledge_api:collection": row(GET="200"),
    "openapi": row(GET="200"),
    "api_docs": row(GET="200"),
    "api_try": row(GET="400"),
    # Sign-in, sign-up and the second factor (django-allauth). Its form views take PUT as POST, as
    # Django's FormView does; signed-in people are sent on from the sign-in and sign-up pages.
    "account_login": row(
        GET="200 302", POST="200 302", PUT="200 302", PATCH="405 302", DELETE="405 302"
    ),
    "account_logout": row(GET="302 200", POST="302"),
    "account_inactive": row(GET="200"),
    "account_signup": row(
        GET="200 302", POST="200 302", PUT="200 302", PATCH="405 302", DELETE="405 302"
    ),
    "account_reauthenticate": row(
        GET="login 200", POST="login 200", PUT="login 200", PATCH="login 405", DELETE="login 405"
    ),
    "account_email": row(
        GET="login 200", POST="login 302", PUT="login 302", PATCH="login 405", DELETE="login 405"
    ),
    "account_email_verification_sent": row(GET="200"),
    "account_change_password": row(
        GET="login 200", POST="login 200", PUT="login 200", PATCH="login 405", DELETE="login 405"
    ),
    "account_set_password": row(GET="login 302", POST="login 302", other="login 302"),
    "account_reset_password": row(GET="200", POST="200", PUT="200", PATCH="405", DELETE="405"),
    "account_confirm_login_code": row(GET="login 302", POST="login 302", other="login 302"),
    "account_confirm_email": row(GET="200", POST="404"),
    "account_reset_password_from_key_done": row(GET="200"),
    "account_reset_password_from_key": row(GET="200", POST="200", other="200"),
    "account_reset_password_done": row(GET="200"),
    "mfa_index": row(GET="login 200", POST="login 405", other="login 405"),
    "mfa_authenticate": row(GET="login 302", POST="login 302", other="login 302"),
    "mfa_reauthenticate": row(
        GET="login 302 302 302 302 200",
        POST="login 302 302 302 302 200",
        PUT="login 302 302 302 302 200",
        PATCH="login 302 302 302 302 405",
        DELETE="login 302 302 302 302 405",
    ),
    "mfa_activate_totp": row(GET="login 302", POST="login 302", other="login 302"),
    "mfa_deactivate_totp": row(
        GET="login 404 404 404 404 302",
        POST="login 404 404 404 404 302",
        other="login 404 404 404 404 302",
    ),
    # Staff have recovery codes (tests/conftest.py): allauth asks for the password again first.
    "mfa_view_recovery_codes": row(
        GET="login 404 404 404 404 302", POST="login 405", other="login 405"
    ),
    "mfa_generate_recovery_codes": row(GET="login 302", POST="login 302", other="login 302"),
    "mfa_download_recovery_codes": row(
        GET="login 404 404 404 404 302",
        POST="login 404 404 404 404 302",
        other="login 404 404 404 404 302",
    ),
    # Accounts and organisations: another organisation's private pages answer 404
    "accounts:overview": row(GET="login 200", POST="login 200", other="login 405"),
    "accounts:personal_data": row(GET="login 200", POST="login 405", other="login 405"),
    "accounts:delete": row(GET="login 200", POST="login 200", other="login 405"),
    # An empty POST asks for an enrolment link: refused with a message, then back to the page.
    "accounts:second_factor": row(GET="login 200", POST="login 302", other="login 405"),
    # Hides or shows the "Next steps" on Your portal; an empty POST says neither.
    "accounts:next_steps": row(GET="login 405", POST="login 400", other="login 405"),
    "accounts:organisation_create": row(GET="login 200", POST="login 200", other="login 405"),
    "accounts:organisation": row(
        GET="login 404 200 404 404 404", POST="login 405", other="login 405"
    ),
    "accounts:organisation_edit": row(
        GET="login 404 200 404 404 404", POST="login 404 200 404 404 404", other="login 405"
    ),
    "accounts:leave": row(
        GET="login 404 200 404 404 404", POST="login 404 302 404 404 404", other="login 405"
    ),
    "accounts:invitation_create": row(
        GET="login 405", POST="login 404 400 404 404 404", other="login 405"
    ),
    "accounts:invitation_revoke": row(
        GET="login 405", POST="login 404 302 404 404 404", other="login 405"
    ),
    "accounts:role": row(GET="login 405", POST="login 404 302 404 404 404", other="login 405"),
    "accounts:remove": row(
        GET="login 404 200 404 404 404", POST="login 404 302 404 404 404", other="login 405"
    ),
    "accounts:invitation": row(GET="200", POST="login 400"),
    # Email
    "notifications:unsubscribe": row(GET="200", POST="200"),
    "notifications:preference": row(GET="login 405", POST="login 302", other="login 405"),
    # The Alliance: a declaration is its own organisation's business only
    "alliance:index": row(GET="200"),
    "alliance:priority_area": row(GET="200"),
    "alliance:statistics": row(GET="200"),
    "alliance:statistics_json": row(GET="200"),
    "alliance:about_figures": row(GET="200"),
    "alliance:coalitions": row(GET="200"),
    "alliance:coalition": row(GET="200"),
    "alliance:coalition_join": row(GET="login 405", POST="login 400", other="login 405"),
    "alliance:coalition_leave": row(GET="login 405", POST="login 400", other="login 405"),
    "alliance:profiles": row(GET="200"),
    "alliance:profile": row(GET="404"),
    "alliance:support": row(GET="login 404 200 404 404 404", POST="login 405", other="login 405"),
    "alliance:declare": row(GET="login 405", POST="login 404 302 404 404 404", other="login 405"),
    "alliance:support_update": row(
        GET="login 405", POST="login 404 302 404 404 404", other="login 405"
    ),
    "alliance:withdraw": row(
        GET="login 404 200 404 404 404", POST="login 404 302 404 404 404", other="login 405"
    ),
    "alliance:badge": row(GET="login 404 200 404 404 404", POST="login 405", other="login 405"),
    # The badge's images: the same for everyone, public, read-only.
    "badge:svg": row(GET="200"),
    "badge:png": row(GET="200"),
    "badge:png_2x": row(GET="200"),
    "alliance:profile_edit": row(
        GET="login 404 200 404 404 404", POST="login 404 200 404 404 404", other="login 405"
    ),
    "alliance:profile_publish": row(
        GET="login 405", POST="login 404 302 404 404 404", other="login 405"
    ),
    # The knowledge centre
    "knowledge:index": row(GET="200"),
    "knowledge:practice [published]": row(GET="200"),
    "knowledge:practice [submission]": row(GET="404 404 404 404 404 200"),
    "knowledge:attachment [published]": row(GET="200"),
    "knowledge:attachment [submission]": row(GET="404 404 404 404 404 200"),
    "knowledge:collections": row(GET="200"),
    "knowledge:collection": row(GET="200"),
    "knowledge:submit": row(GET="login 200", POST="login 200", other="login 405"),
    "knowledge:submissions": row(GET="login 200", POST="login 405", other="login 405"),
    "knowledge:saved": row(GET="login 200", POST="login 405", other="login 405"),
    "knowledge:saved_create": row(GET="login 405", POST="login 302", other="login 405"),
    "knowledge:saved_delete": row(
        GET="login 404 200 404 404 404", POST="login 404 302 404 404 404", other="login 405"
    ),
    "knowledge:feed": row(GET="200"),
    # The quick scan: the catalogue's run is completed, so its answer pages lead to the result.
    "knowledge:scan": row(GET="200"),
    "knowledge:scan_runs": row(
        GET="login 404 200 404 404 404", POST="login 405", other="login 405"
    ),
    "knowledge:scan_start": row(
        GET="login 405", POST="login 404 302 404 404 404", other="login 405"
    ),
    "knowledge:scan_run": row(GET="login 404 302 404 404 404", POST="login 405", other="login 405"),
    "knowledge:scan_section": row(
        GET="login 404 302 404 404 404", POST="login 404 302 404 404 404", other="login 405"
    ),
    "knowledge:scan_review": row(
        GET="login 404 302 404 404 404", POST="login 404 302 404 404 404", other="login 405"
    ),
    "knowledge:scan_result": row(
        GET="login 404 200 404 404 404", POST="login 405", other="login 405"
    ),
    "knowledge:scan_csv": row(GET="login 404 200 404 404 404", POST="login 405", other="login 405"),
    "knowledge:scan_pdf": row(GET="login 404 200 404 404 404", POST="login 405", other="login 405"),
    "knowledge:theme_feed": row(GET="200"),
    # The help desk: a question is its asker's (alice), the area's experts' and staff's; the
    # secret link in the email is an anonymous asker's key to their thread
    "contact": row(GET="200"),
    "helpdesk:ask": row(GET="200", POST="400"),
    "helpdesk:sent": row(GET="200"),
    "helpdesk:mine": row(GET="login 200", POST="login 405", other="login 405"),
    "helpdesk:queue": row(GET="login 403 403 403 403 200", POST="login 405", other="login 405"),
    "helpdesk:figures": row(GET="login 403 403 403 403 200", POST="login 405", other="login 405"),
    "helpdesk:question": row(GET="login 404 200 404 404 200", POST="login 405", other="login 405"),
    "helpdesk:question_post": row(
        GET="login 405", POST="login 404 400 404 404 400", other="login 405"
    ),
    # Answered already: staff are told someone has it and sent back to the queue.
    "helpdesk:claim": row(GET="login 405", POST="login 404 403 404 404 302", other="login 405"),
    "helpdesk:handover": row(GET="login 405", POST="login 404 403 404 404 302", other="login 405"),
    "helpdesk:publish": row(
        GET="login 404 403 404 404 200", POST="login 404 403 404 404 400", other="login 405"
    ),
    "helpdesk:thread": row(GET="200", POST="400"),
    "helpdesk:thread_delete": row(GET="200", POST="302"),
    # Calls for projects: the lists and a call's page are public; a proposal is its
    # organisation's (administrators write), the call's reviewers' and the curators' (staff
    # who may change calls). The catalogue's proposal is sent to a call now closed, so writing
    # to it is refused with 409 and the reason; the open call takes proposals from
    # administrators only.
    "calls:index": row(GET="200"),
    "calls:call": row(GET="200"),
    "calls:propose": row(
        GET="login 403 200 403 403 403", POST="login 403 400 403 403 403", other="login 405"
    ),
    "calls:ranking": row(GET="login 403 403 403 403 200", POST="login 405", other="login 405"),
    "calls:queue": row(GET="login 403", POST="login 405", other="login 405"),
    "calls:proposal": row(
        GET="login 404 200 404 404 200", POST="login 404 400 404 404 403", other="login 405"
    ),
    "calls:submit": row(GET="login 405", POST="login 404 409 404 404 403", other="login 405"),
    "calls:file_add": row(GET="login 405", POST="login 404 400 404 404 403", other="login 405"),
    "calls:file": row(GET="login 404 200 404 404 200", POST="login 405", other="login 405"),
    "calls:file_remove": row(
        GET="login 404 409 404 404 403", POST="login 404 409 404 404 403", other="login 405"
    ),
    "calls:review": row(
        GET="login 404 403 404 404 403", POST="login 404 403 404 404 403", other="login 405"
    ),
    "calls:decide": row(
        GET="login 404 403 404 404 200", POST="login 404 403 404 404 400", other="login 405"
    ),
    # The forum: the body's secretariat (alice) and the forum secretariat manage; others read
    # what is public
    "forum:index": row(GET="200"),
    "forum:me": row(GET="login 200", POST="login 200", other="login 405"),
    "forum:feed_rotate": row(GET="login 405", POST="login 302", other="login 405"),
    "forum:feed": row(GET="200"),
    "forum:meetings": row(GET="200"),
    "forum:body_create": row(
        GET="login 403 403 403 200 200", POST="login 403 403 403 200 200", other="login 405"
    ),
    "forum:body": row(GET="200"),
    "forum:body_edit": row(
        GET="login 403 200 403 200 200", POST="login 403 200 403 200 200", other="login 405"
    ),
    "forum:members": row(GET="login 404 200 404 200 200", POST="login 405", other="login 405"),
    "forum:member_add": row(GET="login 405", POST="login 404 400 404 400 400", other="login 405"),
    # An invitation (a signed link) sent to alice: only her account may open it; she is a
    # member already, so accepting it again is refused.
    "forum:join": row(
        GET="login 403 200 403 403 403", POST="login 403 400 403 403 403", other="login 405"
    ),
    # Asking to join: anyone signed in; alice is a member already and is sent back. The body
    # is moderated, so an empty request (no constituency, no motivation) is refused.
    "forum:body_join": row(
        GET="login 200 302 200 200 200", POST="login 400 302 400 400 400", other="login 405"
    ),
    # Leaving: only a member has a membership to leave.
    "forum:body_leave": row(
        GET="login 404 200 404 404 404", POST="login 404 302 404 404 404", other="login 405"
    ),
    # The queue of requests and its answers: the body's secretariat and the forum secretariat.
    "forum:join_requests": row(
        GET="login 404 200 404 200 200", POST="login 405", other="login 405"
    ),
    "forum:join_request_approve": row(
        GET="login 404 200 404 200 200", POST="login 404 400 404 400 400", other="login 405"
    ),
    "forum:join_request_decline": row(
        GET="login 404 200 404 200 200", POST="login 404 400 404 400 400", other="login 405"
    ),
    "forum:member_edit": row(
        GET="login 404 200 404 200 200", POST="login 404 200 404 200 200", other="login 405"
    ),
    "forum:member_end": row(
        GET="login 404 200 404 200 200", POST="login 404 302 404 302 302", other="login 405"
    ),
    "forum:meeting_create": row(
        GET="login 403 200 403 200 200", POST="login 403 200 403 200 200", other="login 405"
    ),
    "forum:series_create": row(
        GET="login 403 200 403 200 200", POST="login 403 200 403 200 200", other="login 405"
    ),
    "forum:actions": row(GET="login 404 200 404 200 200", POST="login 405", other="login 405"),
    "forum:recommendations": row(GET="200"),
    "forum:recommendation_create": row(
        GET="login 403 200 403 200 200", POST="login 403 200 403 200 200", other="login 405"
    ),
    "forum:recommendation": row(GET="200"),
    "forum:recommendation_review": row(
        GET="login 403 200 403 200 200", POST="login 403 200 403 200 200", other="login 405"
    ),
    "forum:recommendation_respond": row(
        GET="login 403 200 403 200 200", POST="login 403 200 403 200 200", other="login 405"
    ),
    "forum:meeting [public]": row(GET="200"),
    "forum:meeting [members only]": row(GET="404 404 200 404 200 200"),
    "forum:meeting_edit": row(
        GET="login 403 200 403 200 200", POST="login 403 200 403 200 200", other="login 405"
    ),
    "forum:meeting_cancel": row(
        GET="login 403 200 403 200 200", POST="login 403 302 403 302 302", other="login 405"
    ),
    # The catalogue's meeting is public: members register at once, others are sent to the
    # public form (forum:register_public), which asks whom they represent.
    "forum:register": row(GET="login 405", POST="login 302", other="login 405"),
    "forum:register_public": row(
        GET="login 200 302 200 200 200", POST="login 400 302 400 400 400", other="login 405"
    ),
    "forum:decline": row(GET="login 405", POST="login 403 302 403 403 403", other="login 405"),
    "forum:attendance": row(
        GET="login 403 200 403 200 200", POST="login 403 200 403 200 200", other="login 405"
    ),
    "forum:meeting_ics [public]": row(GET="200"),
    "forum:meeting_ics [members only]": row(GET="404 404 200 404 200 200"),
    "forum:agenda_add": row(
        GET="login 403 200 403 200 200", POST="login 403 200 403 200 200", other="login 405"
    ),
    "forum:document_add": row(
        GET="login 403 200 403 200 200", POST="login 403 200 403 200 200", other="login 405"
    ),
    "forum:minutes_edit": row(
        GET="login 403 200 403 200 200", POST="login 403 200 403 200 200", other="login 405"
    ),
    "forum:minutes_publish": row(
        GET="login 403 200 403 200 200", POST="login 403 302 403 302 302", other="login 405"
    ),
    "forum:minutes_reopen": row(
        GET="login 403 200 403 200 200", POST="login 403 200 403 200 200", other="login 405"
    ),
    "forum:action_add": row(
        GET="login 403 200 403 200 200", POST="login 403 200 403 200 200", other="login 405"
    ),
    "forum:agenda_edit": row(
        GET="login 403 200 403 200 200", POST="login 403 200 403 200 200", other="login 405"
    ),
    "forum:agenda_move": row(GET="login 405", POST="login 403 302 403 302 302", other="login 405"),
    "forum:agenda_delete": row(
        GET="login 403 200 403 200 200", POST="login 403 302 403 302 302", other="login 405"
    ),
    "forum:document_version_add": row(
        GET="login 403 200 403 200 200", POST="login 403 200 403 200 200", other="login 405"
    ),
    "forum:document_download": row(GET="200"),
    "forum:action_done": row(GET="login 405", POST="login 404 302 404 302 302", other="login 405"),
    "forum:action_reopen": row(
        GET="login 405", POST="login 404 302 404 302 302", other="login 405"
    ),
    # Members' activity updates: the body's members and the secretariat, 404 for everyone else
    # (the catalogue's meeting is public, its updates are not); the secretariat (alice's role,
    # the group, staff) compiles. Only members who attend send an update: the group and staff
    # are refused (403); an empty form is shown again (200).
    "forum:body_updates": row(GET="login 404 200 404 200 200", POST="login 405", other="login 405"),
    "forum:series_standing": row(
        GET="login 404 200 404 200 200", POST="login 404 200 404 200 200", other="login 405"
    ),
    "forum:meeting_updates": row(
        GET="login 404 200 404 200 200", POST="login 404 200 404 403 403", other="login 405"
    ),
    "forum:updates_deadline": row(
        GET="login 404 200 404 200 200", POST="login 404 200 404 200 200", other="login 405"
    ),
    "forum:update_paper_compile": row(
        GET="login 404 200 404 200 200", POST="login 404 302 404 302 302", other="login 405"
    ),
    "forum:update_paper": row(GET="login 404 200 404 200 200", POST="login 405", other="login 405"),
    "forum:update_paper_pdf": row(
        GET="login 404 200 404 200 200", POST="login 405", other="login 405"
    ),
    # Commitments: pledges and reports are private to the organisation and the coordinators (staff
    # coordinate every framework, and may look but not act for the organisation)
    "commitments:index": row(GET="200"),
    "commitments:my_pledges": row(GET="login 200", POST="login 405", other="login 405"),
    "commitments:review": row(GET="login 403 403 403 403 200", POST="login 405", other="login 405"),
    "commitments:following": row(GET="login 200", POST="login 405", other="login 405"),
    "commitments:pledge": row(GET="404 404 200 404 404 200"),
    "commitments:pledge_visibility": row(
        GET="login 405", POST="login 404 302 404 404 403", other="login 405"
    ),
    "commitments:pledge_withdraw": row(
        GET="login 404 200 404 404 403", POST="login 404 302 404 404 403", other="login 405"
    ),
    "commitments:pledge_follow": row(
        GET="login 405", POST="login 404 302 404 404 403", other="login 405"
    ),
    "commitments:report_create": row(
        GET="login 404 200 404 404 403", POST="login 404 200 404 404 403", other="login 405"
    ),
    "commitments:report [draft]": row(
        GET="login 404 200 404 404 200", POST="login 405", other="login 405"
    ),
    "commitments:report [submitted]": row(
        GET="login 404 200 404 404 200", POST="login 405", other="login 405"
    ),
    "commitments:report [accepted]": row(
        GET="login 404 200 404 404 200", POST="login 405", other="login 405"
    ),
    "commitments:report_edit": row(
        GET="login 404 200 404 404 403", POST="login 404 200 404 404 403", other="login 405"
    ),
    "commitments:report_submit": row(
        GET="login 405", POST="login 404 302 404 404 403", other="login 405"
    ),
    "commitments:report_review": row(
        GET="login 405", POST="login 404 403 404 404 400", other="login 405"
    ),
    "commitments:evidence_link_add": row(
        GET="login 405", POST="login 404 400 404 404 403", other="login 405"
    ),
    "commitments:evidence_file_add": row(
        GET="login 405", POST="login 404 400 404 404 403", other="login 405"
    ),
    "commitments:evidence [link]": row(
        GET="login 404 302 404 404 302", POST="login 405", other="login 405"
    ),
    "commitments:evidence [file]": row(
        GET="login 404 200 404 404 200", POST="login 405", other="login 405"
    ),
    "commitments:evidence_remove [link]": row(
        GET="login 404 200 404 404 403", POST="login 404 302 404 404 403", other="login 405"
    ),
    "commitments:evidence_remove [file]": row(
        GET="login 404 200 404 404 403", POST="login 404 302 404 404 403", other="login 405"
    ),
    "commitments:framework": row(GET="200"),
    "commitments:dashboard": row(GET="200"),
    "commitments:dashboard_csv": row(GET="200"),
    "commitments:dashboard_json": row(GET="200"),
    "commitments:action": row(GET="200"),
    "commitments:action_follow": row(GET="login 405", POST="login 302", other="login 405"),
    "commitments:pledge_create": row(
        GET="login 404 200 404 404 404", POST="login 404 200 404 404 404", other="login 405"
    ),
    # Initiatives: private to the organisation until it publishes them (these are private);
    # its members see them, its administrators act. Staff curate them in the admin only.
    "initiatives:index": row(GET="200"),
    "initiatives:organisation": row(
        GET="login 404 200 404 404 404", POST="login 405", other="login 405"
    ),
    "initiatives:create": row(
        GET="login 404 200 404 404 404", POST="login 404 400 404 404 404", other="login 405"
    ),
    "initiatives:detail": row(GET="404 404 200 404 404 404"),
    "initiatives:edit": row(
        GET="login 404 200 404 404 404", POST="login 404 400 404 404 404", other="login 405"
    ),
    "initiatives:publish": row(
        GET="login 405", POST="login 404 302 404 404 404", other="login 405"
    ),
    "initiatives:unpublish": row(
        GET="login 405", POST="login 404 302 404 404 404", other="login 405"
    ),
    "initiatives:delete": row(
        GET="login 404 200 404 404 404", POST="login 404 302 404 404 404", other="login 405"
    ),
    "initiatives:partner_add": row(
        GET="login 405", POST="login 404 400 404 404 404", other="login 405"
    ),
    "initiatives:partner_remove": row(
        GET="login 404 200 404 404 404", POST="login 404 302 404 404 404", other="login 405"
    ),
    # Answered by the partner organisation's administrators (alice's organisation is asked).
    "initiatives:partner_answer": row(
        GET="login 405", POST="login 404 400 404 404 404", other="login 405"
    ),
    "initiatives:link_add": row(
        GET="login 405", POST="login 404 400 404 404 404", other="login 405"
    ),
    "initiatives:file_add": row(
        GET="login 405", POST="login 404 400 404 404 404", other="login 405"
    ),
    "initiatives:resource [link]": row(GET="404 404 302 404 404 404"),
    "initiatives:resource [file]": row(GET="404 404 200 404 404 404"),
    "initiatives:resource_remove [link]": row(
        GET="login 404 200 404 404 404", POST="login 404 302 404 404 404", other="login 405"
    ),
    "initiatives:resource_remove [file]": row(
        GET="login 404 200 404 404 404", POST="login 404 302 404 404 404", other="login 405"
    ),
    # The admin: its own pages, and model pages whose answers to staff differ from ADMIN_STAFF
    "admin:index": staff_only(**ADMIN_STAFF),
    "admin:app_list": staff_only(**ADMIN_STAFF),
    "admin:password_change": staff_only(**ADMIN_STAFF),
    "admin:auth_user_password_change": staff_only(**ADMIN_STAFF),
    "admin:logout": row(
        GET="302 302 302 302 302 405",
        POST="302 302 302 302 302 200",
        other="302 302 302 302 302 405",
    ),
    "admin:login": row(
        GET="login 403 403 403 403 302",
        POST="login 403 403 403 403 200",
        PUT="login 403 403 403 403 200",
        PATCH="login 403 403 403 403 405",
        DELETE="login 403 403 403 403 405",
    ),
    "admin:password_change_done": staff_only(GET="200", POST="405", other="405"),
    "admin:autocomplete": staff_only(GET="403", POST="405", other="405"),
    "admin:jsi18n": staff_only(GET="200", POST="405", other="405"),
    "admin:view_on_site": staff_only(GET="302", POST="302", other="302"),
    "admin:accounts_organisation_delete": staff_only(GET="403", POST="403", other="403"),
    "admin:notifications_outgoingemail_add": staff_only(GET="403", POST="403", other="403"),
    "admin:notifications_outgoingemail_change": staff_only(GET="200", POST="302", other="200"),
    "admin:alliance_coalition_add": staff_only(GET="403", POST="403", other="403"),
    # Releases are read only: published by beat or the command, never changed.
    "admin:releases_release_add": staff_only(GET="403", POST="403", other="403"),
    "admin:releases_release_change": staff_only(GET="200", POST="403", other="200"),
    "admin:releases_release_delete": staff_only(GET="403", POST="403", other="403"),
    "admin:knowledge_practice_process_import": staff_only(GET="405", POST="200", other="405"),
    "admin:knowledge_submission_add": staff_only(GET="403", POST="403", other="403"),
    "admin:knowledge_practicedueforreview_add": staff_only(GET="403", POST="403", other="403"),
    "admin:knowledge_practicedueforreview_change": staff_only(GET="302", POST="302", other="302"),
    "admin:knowledge_savedsearch_add": staff_only(GET="403", POST="403", other="403"),
    # A published quick scan version is read only: a new version is made to change it.
    "admin:knowledge_questionnaire_change": staff_only(GET="200", POST="403", other="200"),
    "admin:knowledge_questionnaire_delete": staff_only(GET="403", POST="403", other="403"),
    "admin:knowledge_section_change": staff_only(GET="200", POST="403", other="200"),
    "admin:knowledge_section_delete": staff_only(GET="403", POST="403", other="403"),
    "admin:knowledge_question_change": staff_only(GET="200", POST="403", other="200"),
    "admin:knowledge_question_delete": staff_only(GET="403", POST="403", other="403"),
    # Questions are read in the admin; experts answer in the portal. The contact details are
    # one row: never added twice nor deleted; an empty form is valid (every field optional).
    "admin:knowledge_helpquestion_add": staff_only(GET="403", POST="403", other="403"),
    "admin:knowledge_helpquestion_change": staff_only(GET="200", POST="403", other="200"),
    # Read only: the secretariat answers requests to join in the body's queue.
    "admin:forum_joinrequest_add": staff_only(GET="403", POST="403", other="403"),
    "admin:forum_joinrequest_change": staff_only(GET="200", POST="403", other="200"),
    "admin:forum_joinrequest_delete": staff_only(GET="403", POST="403", other="403"),
    # Proposals are read in the admin; applicants write them and curators decide in the portal.
    "admin:initiatives_proposal_add": staff_only(GET="403", POST="403", other="403"),
    "admin:initiatives_proposal_change": staff_only(GET="200", POST="403", other="200"),
    "admin:portal_contactdetails_add": staff_only(GET="403", POST="403", other="403"),
    "admin:portal_contactdetails_delete": staff_only(GET="403", POST="403", other="403"),
    "admin:portal_contactdetails_change": staff_only(GET="200", POST="302", other="200"),
    "admin:commitments_framework_delete": staff_only(GET="403", POST="403", other="403"),
    "admin:commitments_commitment_delete": staff_only(GET="403", POST="403", other="403"),
    "admin:commitments_action_delete": staff_only(GET="403", POST="403", other="403"),
}
