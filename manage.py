#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kouvola_alue.settings")
    # manage.py is the developer's tool: development mode unless DJANGO_DEBUG says otherwise.
    # The production entry point, gunicorn on kouvola_alue.wsgi, has no such default and
    # refuses to start without DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS.
    os.environ.setdefault("DJANGO_DEBUG", "true")
    if sys.argv[1:2] != ["runserver"]:
        # A command (the task worker, a migration, a purge) may run statements longer than a
        # web request may; the development server is the web.
        from kouvola_alue.database import use_command_timeouts

        use_command_timeouts()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
