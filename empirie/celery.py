import os

from celery import Celery

from . import logs  # noqa: F401 - connects the tasks' log lines and the request id's passing

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "empirie.settings.local")

app = Celery("empirie")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
