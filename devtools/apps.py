from django.apps import AppConfig


class DevToolsConfig(AppConfig):
    """
    Development-only tools: ``make bench`` and the demo in bulk (``seed_kouvola --demo
    --scale N``). Installed by development and test settings and by ``make bench``
    (DJANGO_DEV_TOOLS=1), never by production settings; no app imports it (import-linter).
    """

    name = "devtools"
    verbose_name = "Development tools"
