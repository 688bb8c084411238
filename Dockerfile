# Parley server image. better-sqlite3 compiles SQLite, hence the build tools in the build stage.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
# `npm ci` runs `prepare` → `npm run build`, which also bundles the dashboard.
COPY dashboard ./dashboard
RUN npm ci && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/dist-dashboard ./dist-dashboard
COPY package.json ./
COPY bin ./bin
COPY intents ./intents
COPY flows ./flows
# The data volume must be writable by the unprivileged user (SQLite file, model cache, generated key).
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
EXPOSE 3000
USER node
CMD ["node", "bin/parley.js", "serve"]
