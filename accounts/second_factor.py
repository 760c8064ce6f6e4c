"""What a session has proved: the second factor, or the right to set one up.

allauth keeps, in the session, a record of each way the person authenticated in it
(``get_authentication_records``): "password" at sign-in, "mfa" once an authenticator code or a
recovery code was accepted (at sign-in or when asked again). Staff powers need the "mfa" record.
"""

from __future__ import annotations

import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest

from accounts.models import User

ENROLMENT_GRANT = "accounts_enrolment_grant"


def passed_second_factor(request: HttpRequest, user: User) -> bool:
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def has_authenticator(user: User) -> bool:
    # Recovery codes alone are left over from a removed authenticator; they do not count.
    return (
        Authenticator.objects.filter(user=user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )


def grant_enrolment(request: HttpRequest, user: User) -> None:
    """This session opened a valid enrolment link: it may set up a second factor for a while."""
    request.session[ENROLMENT_GRANT] = {
        "user": user.pk,
        "until": int(time.time()) + settings.STAFF_ENROLMENT_GRANT_SECONDS,
    }


def has_enrolment_grant(request: HttpRequest, user: User) -> bool:
    grant = request.session.get(ENROLMENT_GRANT)
    return (
        isinstance(grant, dict)
        and grant.get("user") == user.pk
        and int(grant.get("until", 0)) > time.time()
    )


def may_manage_second_factor(request: HttpRequest, user: User) -> bool:
    """A staff account's authenticators are set up or changed only by a session that passed
    the second factor or opened an enrolment link: never with the password alone."""
    return passed_second_factor(request, user) or has_enrolment_grant(request, user)
