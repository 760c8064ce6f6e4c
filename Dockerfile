# One image for web, worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# gettext's msgfmt compiles the interface's translations (.mo files are not committed).
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext \
 && rm -rf /var/lib/apt/lists/*
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir -r requirements/base.txt

COPY . .
RUN python manage.py compilemessages --verbosity 0 --ignore=var --ignore=node_modules --ignore=tests \
 && useradd --system --home /app portal \
 && mkdir -p /app/var && chown -R portal /app/var
USER portal

# collectstatic needs settings that load; these build-time values are not used at run time.
RUN DEBUG=0 SECRET_KEY=build-only-$(python -c "print('x'*60)") ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput --verbosity 0

EXPOSE 8000
# The same gunicorn settings as `make bench`: threaded workers, requests queued too long shed.
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi:application", "--access-logfile", "-"]
