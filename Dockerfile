# One image for the API and the worker; the command picks which. Workflow code is bundled at build time.
FROM node:20-bookworm-slim
# Code nodes run Python snippets (docs/code-nodes.md); prlimit comes with util-linux.
RUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production
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
RUN npm run bundle:workflows -- /app/dist/workflow-bundle.js
# The web console the API serves at /.
RUN node apps/console/build.mjs
ENV WEFT_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js WEFT_API_HOST=0.0.0.0
USER node
CMD ["npm", "run", "api"]
