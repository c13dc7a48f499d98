# One image for the API, the worker and the API proxy; the command picks which. Everything is compiled in the build
# stage (workflow bundle, web console, TypeScript to JavaScript); the runtime stage has production dependencies only
# and runs plain JavaScript.

# --- build: every dependency, every compiler ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY libs/dsl/package.json libs/dsl/
COPY libs/interpreter/package.json libs/interpreter/
COPY libs/components/package.json libs/components/
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
COPY apps/cli/package.json apps/cli/
COPY apps/console/package.json apps/console/
COPY apps/cli/bin apps/cli/bin
# The lock file lists every platform's optional binaries, so the exact install works in any image.
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.json ./
COPY libs libs
COPY apps apps
COPY scripts/compile-for-image.mjs scripts/
RUN npm run bundle:workflows -- /app/dist/workflow-bundle.js
# The web console the API serves at /.
RUN node apps/console/build.mjs
# foo.ts -> foo.js beside it, and the workspaces' "main" pointed at the .js files.
RUN node scripts/compile-for-image.mjs /app

# --- runtime: production dependencies and the build's output ---
FROM node:20-bookworm-slim
# Code nodes run Python snippets (docs/code-nodes.md); prlimit comes with util-linux.
RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY --from=build /app/libs/dsl/package.json libs/dsl/
COPY --from=build /app/libs/interpreter/package.json libs/interpreter/
COPY --from=build /app/libs/components/package.json libs/components/
COPY --from=build /app/apps/api/package.json apps/api/
COPY --from=build /app/apps/worker/package.json apps/worker/
COPY --from=build /app/apps/cli/package.json apps/cli/
COPY --from=build /app/apps/console/package.json apps/console/
COPY apps/cli/bin apps/cli/bin
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/libs libs
COPY --from=build /app/apps apps
COPY --from=build /app/dist dist
COPY scripts/api-proxy.mjs scripts/
ENV WEFT_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js WEFT_API_HOST=0.0.0.0
USER node
# The worker: node apps/worker/src/main.js; the proxy: node scripts/api-proxy.mjs.
CMD ["node", "apps/api/src/main.js"]
