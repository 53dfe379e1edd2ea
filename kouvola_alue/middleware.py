from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class UrlLanguageMiddleware(LocaleMiddleware):
    """
    The URL alone decides the language: /en/… is English, every other address Finnish.

    Django's LocaleMiddleware already does so with ``i18n_patterns(prefix_default_language=
    False)``: an unprefixed path gets LANGUAGE_CODE whatever the browser's Accept-Language or
    an old language cookie says (a Finnish city's pages stay Finnish for everyone with an
    English phone). Its response, though, still says ``Vary: Accept-Language`` on those
    paths, which would make every shared cache keep a copy of a Finnish page per browser
    language; the redirect it could add only applies when Finnish has a prefix too.
    """

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
