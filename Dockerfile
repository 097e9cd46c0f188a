# The portal's image: web (gunicorn), Celery worker and beat all run from it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    PATH=/opt/venv/bin:$PATH

RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN DJANGO_SETTINGS_MODULE=empirie.settings.production \
    SECRET_KEY=build-only-collectstatic-needs-a-secret-of-fifty-characters-or-more \
    DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput

RUN useradd --system --uid 1000 empirie && mkdir -p /app/media /app/private-media && chown empirie /app/media /app/private-media
USER empirie
EXPOSE 8000
CMD ["gunicorn", "empirie.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
