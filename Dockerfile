# One image for every TellOnce service; SERVICE picks which one runs.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npx tsc -p tsconfig.build.json && npm run build:console --if-present

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY scripts ./scripts
COPY deploy/kafka/topics.json ./deploy/kafka/topics.json
COPY tsconfig.base.json ./
USER node
ENV SERVICE=gateway
CMD ["sh", "-c", "exec node -r ./scripts/register-paths.js dist/apps/${SERVICE}/src/main.js"]
