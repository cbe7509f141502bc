import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parsipas.settings")
django_application = get_wsgi_application()

from parsipas.front.middleware import ChunkedBodyLimit  # noqa: E402 (needs Django set up)

# Chunked bodies (no Content-Length) are bounded before Django sees them.
application = ChunkedBodyLimit(django_application)
