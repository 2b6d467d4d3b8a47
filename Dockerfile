# syntax=docker/dockerfile:1
# The TalentMatch image: the web process (gunicorn), the Celery worker and beat all run from it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_STATICFILES_STORAGE=whitenoise.storage.CompressedManifestStaticFilesStorage \
    PRIVATE_MEDIA_ROOT=/app/var/private

# WeasyPrint renders the PDFs with Pango and HarfBuzz, and needs at least one font.
# pg_dump/pg_restore (backup_db, restore_db) must match the PostgreSQL 16 server of
# docker-compose.yml, which Debian's own client does not: it comes from the PostgreSQL apt repository.
ADD --chmod=644 https://www.postgresql.org/media/keys/ACCC4CF8.asc /usr/share/keyrings/pgdg.asc
RUN . /etc/os-release \
    && echo "deb [signed-by=/usr/share/keyrings/pgdg.asc] https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" \
        > /etc/apt/sources.list.d/pgdg.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
        postgresql-client-16 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
RUN python manage.py collectstatic --no-input \
    && useradd --system --uid 1000 --home-dir /app talentmatch \
    && mkdir -p "$PRIVATE_MEDIA_ROOT" /app/backups \
    && chown -R talentmatch:talentmatch /app/var /app/backups

USER talentmatch
EXPOSE 8000
# gunicorn takes X-Forwarded-Proto only from FORWARDED_ALLOW_IPS, the peers the app takes X-Forwarded-For from.
CMD ["sh", "-c", "python manage.py migrate --no-input && python manage.py load_skill_catalogue && exec gunicorn talentmatch.wsgi --bind 0.0.0.0:8000 --workers 2 --access-logfile - --forwarded-allow-ips \"${FORWARDED_ALLOW_IPS:-127.0.0.1,::1}\""]
