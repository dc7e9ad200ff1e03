# syntax=docker/dockerfile:1
# comment-thread-server in a container: built in one stage, run in another as a non-root user
# with nothing but Node.js, the server's build and its production dependencies. The SQLite file
# lives in the /data volume; PostgreSQL instead with COMMENT_DB (deploy/compose.yaml).
#   docker build -t comment-thread-server .
#   docker run -p 8787:8787 -v comments:/data -e COMMENT_ADMIN_TOKEN=… -e COMMENT_ORIGINS=https://blog.example comment-thread-server

FROM node:20-bookworm-slim AS build
WORKDIR /src
# The server's build bundles the widget's Markdown renderer and the moderation page from the
# repository's src/, so the whole workspace is installed here (no browser is downloaded).
ENV PUPPETEER_SKIP_DOWNLOAD=1
# better-sqlite3 builds from source where no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY server/package.json server/
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3 esbuild
COPY tsconfig.json ./
COPY src/ src/
COPY scripts/server-markdown.mjs scripts/server-admin.mjs scripts/
COPY server/ server/
RUN npm run build -w comment-thread-server
# The runtime's own node_modules: production dependencies only, native parts built here.
RUN mkdir /app && cp -r server/package.json server/dist /app/ && cd /app \
  && npm install --omit=dev --no-audit --no-fund --no-package-lock --ignore-scripts && npm rebuild better-sqlite3

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    COMMENT_DB=sqlite:/data/comments.db
WORKDIR /app
COPY --from=build /app /app
RUN mkdir /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM lets requests under way finish (server.ts); Node runs as PID 1 and handles it itself.
CMD ["node", "dist/cli.js"]
