# Epilogue, one process per container (one group of shards each; see README "Running at scale").
# Build: docker build -t epilogue .   Run: see compose.yaml.

# Build a wheel from pyproject.toml (its dependencies and their version ranges come from there).
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY client ./client
COPY cogs ./cogs
RUN pip install --no-cache-dir --root-user-action=ignore build==1.* \
    && python -m build --wheel --outdir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    EPILOGUE_CONTENT_DIRECTORIES=/app/data/films
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir --root-user-action=ignore /wheels/*.whl \
    && rm -rf /wheels \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin epilogue
WORKDIR /app
COPY --chown=root:root data/films ./data/films
USER epilogue
# SQLite (the default) would live in /app/var: mount a volume there. PostgreSQL: set
# EPILOGUE_DATABASE_URL. The token only ever comes from the environment (DISCORD_TOKEN).
ENTRYPOINT ["epilogue"]
CMD ["run"]
