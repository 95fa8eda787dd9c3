# The app image for docker-compose.yml (`docker compose --profile app up`).
FROM node:20-bookworm-slim
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NODE_ENV=production
RUN apt-get update && apt-get install -y --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --include=dev
COPY . .
EXPOSE 18080
# The CLI runs in the container's main process, as the `sentinel` bin runs it (tsx registered
# inside node, no npx/tsx wrapper), so `docker stop`'s SIGTERM reaches the command and it drains.
CMD ["node", "bin/sentinel.js", "demo", "--port", "18080", "--host", "0.0.0.0"]
