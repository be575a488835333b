# ddxbot's web process (Slack over HTTP and the Telegram webhook) and its release step, one image.
# Build: docker build -t ddxbot .   Run everything: docker compose up -d   (see "Deploy with Docker" in the README)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=3000

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY adapters ./adapters
COPY knowledge ./knowledge
RUN pip install . && rm -rf /app/*

# Everything from here on, and the running process, without root.
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin ddxbot
USER ddxbot
WORKDIR /home/ddxbot

# A knowledge base that does not validate fails the build, not the first conversation; one answer
# builds the knowledge cache (~/.cache/ddxbot) into the image, so no worker pays for it at start.
RUN ddxbot kb lint && ddxbot ask "calf cramps at night" > /dev/null

EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '3000')}/healthz\", timeout=4)"]
CMD ["ddxbot", "serve", "--host", "0.0.0.0"]
