"""Middleware of the project package."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


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
