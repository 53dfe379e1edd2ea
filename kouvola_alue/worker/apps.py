from django.apps import AppConfig


class WorkerConfig(AppConfig):
    # No models, so no name to show in the admin.
    name = "kouvola_alue.worker"
    label = "worker"
