from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def check_trusted_proxy_count(app_configs, **kwargs):
    """
    The client address of every rate limit depends on this number: too low and every visitor
    shares the proxy's address (one person's posts close a form for the whole city), too high
    and a visitor can choose their own address in X-Forwarded-For.
    """
    value = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return [
            checks.Error(
                f"DJANGO_TRUSTED_PROXY_COUNT must be a whole number 0 or more, not {value!r}.",
                hint="The number of proxies in front of the portal that append to "
                "X-Forwarded-For: 0 when gunicorn faces the clients, 1 behind one nginx.",
                id="limits.E001",
            )
        ]
    return []
