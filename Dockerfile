# vigil: a drop-in Redis Sentinel. Build: docker build -t vigil .
# Run:   docker run -v "$PWD/sentinel.conf:/data/sentinel.conf" -p 26379:26379 vigil
# The config must be writable (vigil rewrites it as redis-sentinel does), so mount a file or a
# volume, not a read-only path. docker-compose.yml shows a 3-sentinel group.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY protocol ./protocol
# npm ci runs "prepare", which compiles src/ to dist/; then drop the dev dependencies.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund

FROM node:20-slim
# redis-tools: redis-cli for the health check and for operators inside the container.
RUN apt-get update \
 && apt-get install -y --no-install-recommends redis-tools \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
# The wire contract as data (command tables): dist/ imports these JSON files at run time.
COPY --from=build /app/protocol ./protocol
RUN mkdir -p /data && chown node:node /data
USER node
WORKDIR /data
VOLUME ["/data"]
EXPOSE 26379
HEALTHCHECK --interval=5s --timeout=3s --retries=5 CMD redis-cli -p 26379 ping | grep -q PONG
ENTRYPOINT ["/app/bin/vigil"]
CMD ["/data/sentinel.conf"]
