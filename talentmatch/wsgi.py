"""WSGI entry point, served by gunicorn in production (and by runserver locally)."""

import os

from django.core.wsgi import get_wsgi_application

from talentmatch.checks import refuse_public_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talentmatch.settings")

# With DEBUG off, no request is served on a published secret key.
refuse_public_secret_key()
application = get_wsgi_application()
