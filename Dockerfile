# One image for every CareGraph service; docker-compose.yml picks the entry point per container.
FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
RUN npm ci && npx tsc --build && npm prune --omit=dev
ENV NODE_ENV=production HOST=0.0.0.0
USER node
