# DUS-portalen: one image for the web server (the default command) and for the Celery
# worker and beat (see docker-compose.yml). Every setting comes from the environment at run
# time (see .env.example); nothing secret is baked into the image.
FROM python:3.13-slim

# PYTHONPATH=/app: run the code in /app (next to templates/, static/, locale/, which settings
# find from the package's location), not the copy `pip install .` puts in site-packages.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# A home of its own: gunicorn puts its control socket under ~/.gunicorn.
RUN groupadd --system --gid 10001 dus \
    && useradd --system --uid 10001 --gid dus --create-home --home-dir /home/dus \
        --shell /usr/sbin/nologin dus

WORKDIR /app

# The project and its dependencies.
COPY pyproject.toml ./
COPY dus ./dus
COPY missions ./missions
COPY portfolio ./portfolio
COPY dialogues ./dialogues
RUN pip install . && rm -rf build ./*.egg-info

COPY manage.py ./
COPY templates ./templates
COPY static ./static
COPY locale ./locale

# Static files, hashed and compressed for whitenoise. Settings refuse to load without a key and
# hosts when DEBUG is off, so this one command gets throwaway values; they are not kept in the
# image. var/ is where settings put SQLite when no DATABASE_URL is given: the only writable place.
RUN SECRET_KEY=collectstatic-only-not-a-secret ALLOWED_HOSTS=localhost SITE_URL=http://localhost \
        python manage.py collectstatic --no-input \
    && mkdir -p var \
    && chown dus:dus var

USER dus

EXPOSE 8000

# /healthz answers 200 when the database answers. Sent with the first ALLOWED_HOSTS name as
# Host (so a production host list passes), redirects not followed: anything but 200 fails.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import http.client, os; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); c = http.client.HTTPConnection('127.0.0.1', 8000, timeout=5); c.request('GET', '/healthz', headers={'Host': h if h not in ('', '*') else 'localhost'}); raise SystemExit(c.getresponse().status != 200)"]

CMD ["gunicorn", "dus.wsgi", "--workers", "2", "--bind", "0.0.0.0:8000"]
