"""django-csp's middleware, building each policy once per process instead of on every response.

django-csp rebuilds the ``Content-Security-Policy`` header from the settings for every
response (copying the settings into a dataclass, sorting and joining every directive), twice
with the report-only policy: about a tenth of the processor time of the stack floor. The policy
only changes with the settings, and with the nonce when a page asked for one, so it is built
once with a stand-in for the nonce, and the request's nonce is put in its place. Responses
that carry a policy of their own (``csp_update``, ``csp_replace``, ``csp_override``) go
through django-csp's own code.
"""

from __future__ import annotations

import functools
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

# What django-csp's decorators leave on a response whose policy differs from the settings'.
_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
_STAND_IN = "Ym9ycm93ZWQtbm9uY2U="


@functools.cache
def _policy(*, report_only: bool, with_nonce: bool) -> str:
    return build_policy(nonce=_STAND_IN if with_nonce else None, report_only=report_only)


@receiver(setting_changed)
def _forget_policies(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policy.cache_clear()


class CSPMiddleware(BaseCSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if settings.DEBUG or any(
            getattr(response, name, None) is not None for name in _PER_RESPONSE
        ):
            return super().process_response(request, response)
        nonce = getattr(request, "_csp_nonce", None)
        for header, report_only, exempt, setting in (
            (HEADER, False, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (HEADER_REPORT_ONLY, True, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            policy = _policy(report_only=report_only, with_nonce=nonce is not None)
            if not policy or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if request.path_info.startswith(tuple(prefixes)):
                continue
            if nonce is not None:
                policy = policy.replace(f"'nonce-{_STAND_IN}'", f"'nonce-{nonce}'")
            response[header] = policy
        # As django-csp does: a nonce asked for after the header was written is an error.
        if nonce is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
