"""Middleware of the project package."""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
