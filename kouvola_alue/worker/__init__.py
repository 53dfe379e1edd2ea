"""
The task worker (``manage.py db_worker``): django-tasks-db's own, which waits for the database
while it cannot be reached and then goes on, instead of exiting. Listed before
``django_tasks_db`` in INSTALLED_APPS, so its command is the one that name runs.
"""
