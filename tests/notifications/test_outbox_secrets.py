"""Messages that carry a one-time secret: stored with a stand-in, sent in full, then forgotten."""

from __future__ import annotations

import pytest
from django.core import mail

from notifications import delivery, services
from notifications.models import OutgoingEmail, Status

pytestmark = pytest.mark.django_db

SECRET = "https://portal.example.org/reset/abc-Secret123?x=1&y=2"
STAND_IN = services.secret_stand_in("reset_url")


def _rendered(text: str = f"Reset here: {STAND_IN}") -> services.Rendered:
    return services.Rendered(
        subject="Reset your password",
        text=text,
        html=f'<p><a href="{STAND_IN}">Reset</a></p>',
        secrets={STAND_IN: SECRET},
    )


def _enqueue(rendered: services.Rendered | None = None, key: str = "test:secret"):
    return services.email_enqueue(key=key, to="dora@example.org", rendered=rendered or _rendered())


def _stored(row: OutgoingEmail) -> str:
    row.refresh_from_db()
    return " ".join(str(getattr(row, field.name)) for field in OutgoingEmail._meta.fields)


def test_the_secret_is_stored_encrypted_and_sent_in_full(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        row = _enqueue()

    assert row.carries_secret
    assert SECRET not in _stored(row)
    assert "abc-Secret123" not in _stored(row)
    assert STAND_IN in row.body_text

    assert delivery.outbox_send(ids=[row.pk]) == 1

    (message,) = mail.outbox
    assert message.body == f"Reset here: {SECRET}"
    assert message.alternatives[0][0] == (
        '<p><a href="https://portal.example.org/reset/abc-Secret123?x=1&amp;y=2">Reset</a></p>'
    )
    row.refresh_from_db()
    assert row.status == Status.SENT
    assert row.sealed == ""
    assert row.carries_secret


def test_a_secret_shown_some_other_way_is_withheld_too():
    # A template that printed the secret without its stand-in (a second variable, |safe).
    row = _enqueue(_rendered(text=f"Reset here: {SECRET}"))

    assert SECRET not in _stored(row)

    delivery.outbox_send(ids=[row.pk])
    assert mail.outbox[0].body == f"Reset here: {SECRET}"


def test_ordinary_mail_carries_no_secret():
    row = services.email_enqueue(
        key="test:plain",
        to="dora@example.org",
        rendered=services.Rendered(subject="Hi", text="Hello", html=""),
    )

    assert not row.carries_secret
    assert row.sealed == ""


def test_a_message_given_up_keeps_no_secret(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_outbox.RefusingBackend"
    row = _enqueue()

    for _ in range(delivery.MAX_ATTEMPTS):
        OutgoingEmail.objects.filter(pk=row.pk).update(due_at=row.created)
        delivery.outbox_send(ids=[row.pk])
        row.refresh_from_db()
        if row.status == Status.QUEUED:
            assert row.sealed  # a retry still has something to send

    assert row.status == Status.FAILED
    assert row.sealed == ""


def test_a_secret_that_cannot_be_read_is_not_sent_without_it(settings):
    row = _enqueue()
    settings.SECRET_KEY = "another key " * 5

    assert delivery.outbox_send(ids=[row.pk]) == 0

    assert mail.outbox == []
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert row.sealed == ""


def test_queued_secrets_outlive_a_rotation_of_the_secret_key(settings):
    row = _enqueue()
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a new key " * 6

    assert delivery.outbox_send(ids=[row.pk]) == 1
    assert SECRET in mail.outbox[0].body


def test_email_render_withholds_what_it_is_told_is_secret(alice, org_a):
    rendered = services.email_render(
        kind="invitation",
        context={"organisation": org_a, "inviter": alice, "invitation": None},
        secrets={"accept_url": SECRET},
    )

    assert SECRET not in rendered.text + rendered.html + rendered.subject
    assert services.secret_stand_in("accept_url") in rendered.text
    assert rendered.secrets == {services.secret_stand_in("accept_url"): SECRET}


@pytest.mark.parametrize(
    ("template", "context"),
    [
        ("account/email/login_code", {"code": "QX7KZ2"}),
        ("account/email/password_reset_code", {"code": "QX7KZ2"}),
        ("account/email/email_confirmation", {"code": "QX7KZ2"}),
    ],
)
def test_codes_allauth_may_send_are_withheld_too(alice, template, context):
    from accounts.adapters import AccountAdapter

    AccountAdapter().send_mail(template, alice.email, {"user": alice, **context})

    row = OutgoingEmail.objects.get()
    assert row.carries_secret
    assert "QX7KZ2" not in _stored(row)
    delivery.outbox_send(ids=[row.pk])
    assert "QX7KZ2" in mail.outbox[0].body
