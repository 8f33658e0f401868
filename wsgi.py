"""WSGI entry point: `gunicorn wsgi:app`. The environment picks the configuration."""

from academy import create_app

app = create_app()
