# One image for every CareGraph service; docker-compose.yml picks the entry point per container.
# Stages: `build` compiles; `hive` keeps the dev dependencies (Hive Gateway is a devDependency of bench/, used by
# deploy/hive); the last stage, the default, is the production image with dev dependencies pruned.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci && npx tsc --build

FROM build AS hive
ENV NODE_ENV=production HOST=0.0.0.0
USER node
EXPOSE 4000
STOPSIGNAL SIGTERM

FROM build AS runtime
RUN npm prune --omit=dev && npm cache clean --force
ENV NODE_ENV=production HOST=0.0.0.0
USER node
EXPOSE 4000 4001 4002 4003 4004
# Every service drains in-flight requests for up to 10 s on SIGTERM, then exits 0.
STOPSIGNAL SIGTERM
