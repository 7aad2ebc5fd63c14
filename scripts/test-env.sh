# Sourced by scripts/test.sh (and by hand: `source scripts/test-env.sh`): the test stack is kept apart
# from `npm start`'s (own Kafka broker and ports, own databases, own Redis db).
export KAFKA_BROKERS=${TEST_KAFKA_BROKERS:-127.0.0.1:19092}
export DB_PREFIX=${TEST_DB_PREFIX:-tellonce_test}
export REDIS_URL=${TEST_REDIS_URL:-redis://127.0.0.1:6379/1}
export GATEWAY_PORT=${TEST_GATEWAY_PORT:-18080}
export SERVICE_PORT_BASE=${TEST_SERVICE_PORT_BASE:-13000}
export LOG_LEVEL=${LOG_LEVEL:-warn}
export NODE_ENV=test
export SMTP_URL=${TEST_SMTP_URL:-smtp://127.0.0.1:11025}
export SMTP_SINK_HTTP_PORT=${TEST_SMTP_SINK_HTTP_PORT:-11080}
