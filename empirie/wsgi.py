import gc
import os
from pathlib import Path

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "empirie.settings.local")
application = get_wsgi_application()


def load_what_every_process_keeps():
    """The URL patterns, both languages' catalogues and every template of the portal's own,
    compiled by the cached loader now rather than by the requests that first need them."""
    from django.conf import settings
    from django.template import engines
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018  # imported now, to be frozen with the rest
    for code, _name in settings.LANGUAGES:
        translation.activate(code)
    translation.deactivate()
    for engine in engines.all():
        for folder in map(Path, engine.template_dirs):
            if folder.is_relative_to(settings.BASE_DIR) and "site-packages" not in folder.parts:
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        engine.get_template(path.relative_to(folder).as_posix())


# What a web process loads to serve lives as long as the process. Frozen, the collector's
# full passes no longer walk it: unfrozen, one every few dozen requests walked some 150,000
# objects and held a request up by 50-100 ms; the templates compiled by the first requests
# (some 47,000 objects) still doubled each pass (26 ms) until they were loaded here too.
load_what_every_process_keeps()
gc.freeze()
