"""Staff powers need a session that passed the second factor, wherever they are used; a staff
account without an authenticator enrols only with a one-time link."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import User
from commitments.models import ReportState
from knowledge.models import Status
from notifications.models import OutgoingEmail
from tests.conftest import client_for, sign_in_with_second_factor
from tests.factories import PASSWORD, UserFactory
from tests.security.permissions import expected, outcome
from tests.security.permissions_table import VIEWERS
from tests.security.test_permissions_matrix import Sweeper, rows

pytestmark = pytest.mark.django_db


def _password_only(user: User) -> Client:
    """Signed in with the password, as the sign-in form does for an account without an
    authenticator: the session has no second factor."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url != reverse("mfa_authenticate")
    assert client.session.get("_auth_user_id") == str(user.pk)
    return client


@pytest.fixture
def new_staff(db) -> User:
    """A superuser who has not set up an authenticator yet (with a verified address, as every
    factory-made person has)."""
    return UserFactory(email="new-staff@example.org", is_staff=True, is_superuser=True)


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _token(url: str) -> str:
    return urlsplit(url).query.removeprefix("token=")


# --- The SCRIPT_NAME trick and the admin ---------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/", "/x/admin/"])
def test_script_name_does_not_open_the_admin_without_the_second_factor(new_staff, path):
    client = _password_only(new_staff)

    response = client.get(path, SCRIPT_NAME="/x")

    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert urlsplit(response.url).path.endswith(reverse("accounts:second_factor"))


def test_script_name_does_not_let_a_password_only_session_change_data(new_staff, bob):
    client = _password_only(new_staff)
    change = reverse("admin:accounts_user_change", args=[bob.pk])

    response = client.post(
        change, {"email": bob.email, "name": "Taken over", "is_staff": "on"}, SCRIPT_NAME="/x"
    )

    bob.refresh_from_db()
    assert response.status_code == 302
    assert (bob.name, bob.is_staff) == ("Bob Brown", False)


def test_staff_with_an_authenticator_but_no_code_in_this_session_is_asked_for_one(staff):
    client = Client()
    client.force_login(staff)  # a session that never passed the second factor

    response = client.get(reverse("admin:index"), SCRIPT_NAME="/x")

    assert response.status_code == 302
    assert urlsplit(response.url).path.endswith(reverse("mfa_reauthenticate"))


def test_entering_a_code_in_the_session_opens_the_admin(staff):
    from allauth.mfa.utils import decrypt

    client = Client()
    client.force_login(staff)
    client.get(reverse("mfa_reauthenticate"))
    secret = decrypt(Authenticator.objects.get(user=staff, type="totp").data["secret"])
    client.post(reverse("mfa_reauthenticate"), {"code": _code(secret)})

    assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_site_itself_refuses_a_session_without_the_second_factor(staff, settings):
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "accounts.middleware.StaffSecondFactorMiddleware"
    ]
    client = Client()
    client.force_login(staff)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert client_for(staff).get(reverse("admin:index")).status_code == 200


# --- Every staff power outside the admin ----------------------------------------------------------


def test_a_password_only_staff_session_answers_every_url_as_an_ordinary_person(world, new_staff):
    """Every URL of the site, GET and POST: a staff session without the second factor gets what
    charlie (signed in, no organisation, no rights) gets. The admin sends it to set up a second
    factor; allauth's authenticator pages are tested below."""
    sweeper = Sweeper({"staff": _password_only(new_staff)})
    problems = []
    for row in rows(world):
        if row.name.startswith("mfa_") or row.name == "accounts:second_factor":
            continue
        want = expected(row.key, row.name)
        for method in ("GET", "POST"):
            got = sweeper.answer("staff", method, row.path)
            wanted = "302" if row.name.startswith("admin:") else want[method][1]
            if got != wanted:
                problems.append(f"{method} {row.path} ({row.key}): {got}, expected {wanted}")
    assert problems == []
    assert VIEWERS[1] == "charlie"


def test_each_staff_power_needs_the_second_factor(world, new_staff, staff):
    commitments = world.extra["commitments"]["canary"]
    report = commitments["submitted"]
    review = reverse("commitments:report_review", args=[report.uid])
    reads = [
        reverse("commitments:pledge", args=[commitments["pledge"].uid]),
        reverse("commitments:report", args=[commitments["draft"].uid]),
        reverse("commitments:evidence", args=[commitments["evidence"][1].uid]),
        reverse("commitments:review"),
        reverse("knowledge:practice", args=[world.extra["knowledge"]["canary"]["submission"].slug]),
    ]
    assert world.extra["knowledge"]["canary"]["submission"].status != Status.PUBLISHED
    password_only = _password_only(new_staff)
    with_code = client_for(staff)

    refused = [outcome(password_only.get(url)) for url in reads]
    accept_refused = password_only.post(review, {"decision": "accept"})
    report.refresh_from_db()
    assert refused == ["404", "404", "404", "403", "404"]
    assert accept_refused.status_code == 404
    assert report.state == ReportState.SUBMITTED

    assert [with_code.get(url).status_code for url in reads] == [200] * len(reads)
    assert with_code.post(review, {"decision": "accept"}).status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED


def test_the_request_user_carries_no_staff_power_but_the_account_keeps_it(new_staff):
    from django.test import RequestFactory

    from accounts.middleware import StaffSecondFactorMiddleware

    request = RequestFactory().get("/")
    request.user = User.objects.get(pk=new_staff.pk)
    request.session = Client().session
    seen = {}

    def view(request):
        seen["user"] = request.user
        request.user.name = "New name"
        request.user.save()
        return None

    StaffSecondFactorMiddleware(view)(request)

    user = seen["user"]
    assert (user.is_staff, user.is_superuser, user.is_staff_account) == (False, False, True)
    assert not user.has_perm("accounts.change_user")
    assert not user.has_module_perms("accounts")
    assert user.get_all_permissions() == set()
    user.refresh_from_db()
    assert (user.is_staff, user.is_superuser) == (False, False)
    new_staff.refresh_from_db()
    assert (new_staff.name, new_staff.is_staff, new_staff.is_superuser) == ("New name", True, True)


def test_saving_ones_profile_without_the_second_factor_keeps_staff_status(new_staff):
    client = _password_only(new_staff)

    client.post(reverse("accounts:overview"), {"name": "Renamed", "language": "en"})

    new_staff.refresh_from_db()
    assert new_staff.name == "Renamed"
    assert new_staff.is_staff and new_staff.is_superuser


# --- Enrolment --------------------------------------------------------------------------------


def _activate(client: Client) -> int:
    """Try to set up an authenticator app as allauth's page does; returns the POST's status."""
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302 and page.url.startswith(reverse("account_reauthenticate")):
        # allauth asks for the password again before any change to the second factor.
        client.post(page.url, {"password": PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
    if page.status_code != 200:
        return client.post(reverse("mfa_activate_totp"), {"code": "000000"}).status_code
    secret = client.session["mfa.totp.secret"]
    return client.post(reverse("mfa_activate_totp"), {"code": _code(secret)}).status_code


def test_staff_without_an_authenticator_cannot_enrol_with_the_password_alone(new_staff):
    client = _password_only(new_staff)

    pages = {
        name: client.get(reverse(name))
        for name in ("mfa_activate_totp", "mfa_generate_recovery_codes")
    }
    _activate(client)

    assert {name: r.url for name, r in pages.items()} == {
        name: reverse("accounts:second_factor") for name in pages
    }
    assert not Authenticator.objects.filter(user=new_staff).exists()


def test_staff_without_an_authenticator_are_sent_to_get_a_link(new_staff):
    response = _password_only(new_staff).get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:second_factor"))


def test_an_enrolment_link_lets_the_session_set_up_an_authenticator_once(new_staff):
    link = services.staff_enrolment_issue(user=new_staff, by=None)
    client = _password_only(new_staff)

    page = client.get(link)
    opened = client.post(reverse("accounts:second_factor"), {"token": _token(link)})
    activated = _activate(client)

    assert page.status_code == 200 and _token(link) in page.content.decode()
    assert opened.url == reverse("mfa_activate_totp")
    assert activated == 302
    assert Authenticator.objects.filter(user=new_staff, type="totp").exists()
    # A link opened is used up, in another session too.
    again = Client()
    again.force_login(new_staff)
    assert again.post(reverse("accounts:second_factor"), {"token": _token(link)}).status_code == 400


def test_staff_powers_come_once_the_new_authenticator_is_used(new_staff):
    link = services.staff_enrolment_issue(user=new_staff, by=None)
    client = _password_only(new_staff)
    client.post(reverse("accounts:second_factor"), {"token": _token(link)})
    _activate(client)

    assert client.get(reverse("admin:index")).url.startswith(reverse("mfa_reauthenticate"))
    assert client_for(new_staff).get(reverse("admin:index")).status_code == 200


def test_a_second_use_of_a_link_fails(new_staff):
    link = services.staff_enrolment_issue(user=new_staff, by=None)
    first = _password_only(new_staff)
    first.post(reverse("accounts:second_factor"), {"token": _token(link)})
    second = _password_only(new_staff)

    page = second.get(link)
    used = second.post(reverse("accounts:second_factor"), {"token": _token(link)})

    assert page.status_code == 400 and used.status_code == 400
    assert second.get(reverse("mfa_activate_totp")).url == reverse("accounts:second_factor")


def test_an_expired_link_fails(new_staff, settings):
    link = services.staff_enrolment_issue(user=new_staff, by=None)
    later = time.time() + settings.STAFF_ENROLMENT_MINUTES * 60 + 60
    with time_machine.travel(later):
        client = _password_only(new_staff)
        response = client.post(reverse("accounts:second_factor"), {"token": _token(link)})
        assert response.status_code == 400
        assert _activate(client) == 302
    assert not Authenticator.objects.filter(user=new_staff).exists()


def test_a_link_works_only_for_its_own_account(new_staff):
    other = UserFactory(is_staff=True)
    link = services.staff_enrolment_issue(user=other, by=None)
    client = _password_only(new_staff)

    response = client.post(reverse("accounts:second_factor"), {"token": _token(link)})

    assert response.status_code == 400
    assert client.get(reverse("mfa_activate_totp")).url == reverse("accounts:second_factor")
    assert services.staff_enrolment_is_live(user=other, token=_token(link))


def test_the_grant_of_a_link_runs_out(new_staff, settings):
    link = services.staff_enrolment_issue(user=new_staff, by=None)
    client = _password_only(new_staff)
    client.post(reverse("accounts:second_factor"), {"token": _token(link)})

    with time_machine.travel(time.time() + settings.STAFF_ENROLMENT_GRANT_SECONDS + 1):
        assert client.get(reverse("mfa_activate_totp")).url == reverse("accounts:second_factor")


def test_a_new_link_replaces_the_old_one(new_staff):
    old = services.staff_enrolment_issue(user=new_staff, by=None)
    services.staff_enrolment_issue(user=new_staff, by=None)

    assert not services.staff_enrolment_is_live(user=new_staff, token=_token(old))


def test_only_a_hash_of_the_link_is_stored(new_staff):
    from accounts.models import StaffEnrolment

    link = services.staff_enrolment_issue(user=new_staff, by=None)

    assert _token(link) not in str(list(StaffEnrolment.objects.values()))


def test_staff_may_have_a_link_emailed_to_their_verified_address(
    new_staff, django_capture_on_commit_callbacks, mailoutbox
):
    client = _password_only(new_staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:second_factor"))

    assert OutgoingEmail.objects.filter(to=new_staff.email, key__startswith="staff-enrolment:")
    (sent,) = [m for m in mailoutbox if m.to == [new_staff.email]]
    link = next(word for word in sent.body.split() if "token=" in word)
    opened = client.post(reverse("accounts:second_factor"), {"token": _token(link)})
    assert response.status_code == 302
    assert opened.url == reverse("mfa_activate_totp")


def test_no_link_is_emailed_to_an_unverified_address_or_a_non_staff_account(alice):
    from allauth.account.models import EmailAddress

    unverified = UserFactory(is_staff=True)
    EmailAddress.objects.filter(user=unverified).update(verified=False)

    client_for(unverified).post(reverse("accounts:second_factor"))
    client_for(alice).post(reverse("accounts:second_factor"))

    assert not OutgoingEmail.objects.filter(key__startswith="staff-enrolment:").exists()
    with pytest.raises(Exception, match="staff"):
        services.staff_enrolment_issue(user=alice, by=None)


def test_emailed_links_are_rate_limited(new_staff):
    client = _password_only(new_staff)

    for _ in range(5):
        client.post(reverse("accounts:second_factor"))

    assert OutgoingEmail.objects.filter(key__startswith="staff-enrolment:").count() == 3


def test_the_command_prints_a_link_for_the_first_superuser(new_staff, capsys):
    call_command("staff_enrolment_link", new_staff.email.upper())
    link = capsys.readouterr().out.strip()
    client = _password_only(new_staff)

    opened = client.post(reverse("accounts:second_factor"), {"token": _token(link)})

    assert opened.url == reverse("mfa_activate_totp")
    assert _activate(client) == 302
    assert Authenticator.objects.filter(user=new_staff, type="totp").exists()


def test_a_superuser_emails_a_link_from_the_admin(new_staff, staff):
    client = sign_in_with_second_factor(staff)

    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "send_enrolment_link", "_selected_action": [new_staff.pk]},
    )

    assert OutgoingEmail.objects.filter(to=new_staff.email, key__startswith="staff-enrolment:")


def test_a_password_only_session_cannot_reach_recovery_codes_of_an_enrolled_account(staff):
    client = Client()
    client.force_login(staff)

    for name in ("mfa_view_recovery_codes", "mfa_generate_recovery_codes", "mfa_deactivate_totp"):
        assert client.get(reverse(name)).url == reverse("accounts:second_factor"), name
