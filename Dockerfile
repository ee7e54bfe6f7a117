# Trợ lý NQ57: image that builds the index at build time and serves the assistant on port 8000.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    NQ57_SERVER__HOST=0.0.0.0 \
    NQ57_SERVER__PORT=8000

# gcc: a few wheels (underthesea's dependencies) may build from source on some platforms.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/nq57
COPY pyproject.toml README.md ./
COPY ingest ./ingest
COPY app ./app
COPY eval ./eval
COPY nq57 ./nq57
RUN pip install .

COPY corpus ./corpus
# The index is built into the image, so the container starts serving at once.
RUN NQ57_PATHS__CORPUS_DIR=/srv/nq57/corpus NQ57_PATHS__INDEX_DIR=/srv/nq57/index nq57 ingest

ENV NQ57_PATHS__CORPUS_DIR=/srv/nq57/corpus \
    NQ57_PATHS__INDEX_DIR=/srv/nq57/index
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8000/health || exit 1
CMD ["nq57", "serve"]
