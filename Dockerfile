# One image for every Listening Post process; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
# Chromium prints the weekly report's PDF (playwright-core drives it; nothing is downloaded at run time).
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-liberation \
  && rm -rf /var/lib/apt/lists/*
ENV CHROMIUM_PATH=/usr/bin/chromium
COPY package.json package-lock.json turbo.json tsconfig.base.json ./
COPY packages ./packages
COPY services ./services
COPY web ./web
COPY migrations ./migrations
COPY scripts ./scripts
RUN npm ci && npx turbo run build --filter=@lp/web
ENV NODE_ENV=production
EXPOSE 3000
CMD ["node", "scripts/start.mjs"]
