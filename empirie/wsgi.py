import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "empirie.settings.local")
application = get_wsgi_application()

# What a web process loads to serve (Django, the apps, every view and URL pattern) lives as
# long as the process. Frozen, the collector's full passes no longer walk it: unfrozen, one
# every few dozen requests walked some 150,000 objects and held a request up by 50-100 ms.
get_resolver().url_patterns  # noqa: B018  # imported now, to be frozen with the rest
gc.freeze()
