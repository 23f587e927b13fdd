# One image for the three services; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps apps
COPY libs libs
COPY scripts scripts
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HTTP_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
# The browser pages are served as files (the console's, and the notifier's subscriber pages).
COPY --from=build /app/apps/console/public apps/console/public
COPY --from=build /app/apps/notifier/public apps/notifier/public
COPY package.json ./
USER node
# Overridden per service in docker-compose.yml.
CMD ["node", "dist/apps/ingestion/src/main.js"]
