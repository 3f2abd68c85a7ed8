"""Middleware of the project package."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control

from dus.logs import log_event


class LanguageMiddleware(LocaleMiddleware):
    """Danish unless the person chose English with the language switch.

    The browser's Accept-Language is not used: the portal is a Danish
    workplace tool, and a colleague on an English-language browser should see
    the same Danish pages as everyone else until they choose otherwise.
    """

    def process_request(self, request: HttpRequest) -> None:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PrivatePagesMiddleware:
    """Every answer to a signed-in person is theirs alone: `Cache-Control: private,
    no-store`, so neither a shared proxy nor the browser's cache keeps a page (for the
    next person at a shared computer to find with the back button). A view that sets
    Cache-Control itself keeps its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


# Where the session keeps when its person signed in and when they were last active
# (seconds since the epoch).
SIGNED_IN_AT = "dus_signed_in_at"
LAST_ACTIVE_AT = "dus_last_active_at"
# Activity is written to the session at most this often, not on every request.
TOUCH_SECONDS = 60


def stamp_sign_in(sender, request: HttpRequest, user, **kwargs) -> None:
    """On `user_logged_in`: the session's clocks start at the sign-in."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_ACTIVE_AT] = now


class SessionTimeoutMiddleware:
    """A sign-in ends after `SESSION_IDLE_SECONDS` without a request, and in any case
    `SESSION_COOKIE_AGE` seconds after the sign-in, however active the person is: the
    session is flushed on the server and the request goes on anonymous, so the next
    middleware sends it to the sign-in page.

    The sign-in time is kept in the session, not left to the cookie's expiry, which
    Django moves forward each time the session is saved. The last activity is written
    at most once a minute (TOUCH_SECONDS), so a busy person's clicks do not each cost a
    session write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session, now = request.session, int(time.time())
            signed_in = session.setdefault(SIGNED_IN_AT, now)  # a session from before
            last_active = session.get(LAST_ACTIVE_AT, now)
            if (
                now - signed_in >= settings.SESSION_COOKIE_AGE
                or now - last_active >= settings.SESSION_IDLE_SECONDS
            ):
                idle = now - signed_in < settings.SESSION_COOKIE_AGE
                request.session_end_reason = "idle" if idle else "age"  # for the log
                logout(request)
            elif now - last_active >= TOUCH_SECONDS or LAST_ACTIVE_AT not in session:
                session[LAST_ACTIVE_AT] = now
        return self.get_response(request)


class RefusalLogMiddleware:
    """Logs every refusal (403: a PermissionDenied from an access check, a view's own
    403, a failed CSRF check) as the event "permission_refused", with the user id and
    the URL's name, not its path or query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            match = request.resolver_match
            user = request.user if request.user.is_authenticated else None
            log_event(
                "permission_refused",
                user,
                view=match.view_name if match else "",
                method=request.method,
            )
        return response
