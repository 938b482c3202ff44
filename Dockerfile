# atlan-emulator as a service container: configuration by ATLAN_EMULATOR_* environment variables
# (or flags appended to `docker run IMAGE ...`), state in /data when ATLAN_EMULATOR_STATE_FILE is set.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md ./
COPY emulator ./emulator
COPY fixtures ./fixtures
COPY contracts ./contracts
RUN pip install . \
    && useradd --system --uid 10001 --user-group --home-dir /data --create-home emulator

USER emulator
WORKDIR /data
ENV ATLAN_EMULATOR_PORT=8765
EXPOSE 8765

# /_emulator/health needs no token, even with ATLAN_EMULATOR_ADMIN_TOKEN set.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=5 \
    CMD python -c "import os, urllib.request as u; u.urlopen('http://127.0.0.1:%s/_emulator/health' % os.environ.get('ATLAN_EMULATOR_PORT', '8765'), timeout=2)"

# 0.0.0.0: listen on the container's network interface, so the published port reaches it.
ENTRYPOINT ["atlan-emulator", "serve", "--host", "0.0.0.0"]
