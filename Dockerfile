# syntax=docker/dockerfile:1
# Ansvar: one HTTP server (Slack, Teams, local chat page, /healthz, /readyz, /metrics).
#   docker build -t ansvar .
#   docker run -p 3978:3978 --env-file .env -v ansvar-data:/app/data ansvar

# --- build: all dependencies, compile TypeScript to dist/ --------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY adapters ./adapters
COPY knowledge ./knowledge
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: production dependencies and the build output only, as a non-root user -------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATABASE_URL=sqlite:/app/data/ansvar.db \
    KNOWLEDGE_DIR=/app/knowledge
WORKDIR /app
# Code, dependencies and knowledge stay owned by root (read-only to the app user; hot reload only
# reads knowledge/); the app user may write in /app/data alone.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY --from=build /app/adapters/web/assets ./adapters/web/assets
COPY --from=build /app/knowledge ./knowledge
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node directly (not through npm), so the SIGTERM of `docker stop` reaches Ansvar and it shuts down gracefully.
CMD ["node", "bin/ansvar.js", "serve"]
