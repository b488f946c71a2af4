# Sourced by test.sh and start-cluster.sh: Redis from Debian when the machine lacks it.
# The tests and `npm run start:cluster` start their own throwaway redis-server on a loopback port
# (tests/support/redis.js); nothing here starts a system service.
if ! command -v "${REDIS_SERVER:-redis-server}" >/dev/null 2>&1; then
  log "installing Redis from Debian"
  if [ "$(id -u)" -ne 0 ]; then echo "redis-server is missing and installing it needs root (apt-get install redis-server)" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  # Debian's package starts a system service on port 6379 where systemd or init runs it; ours do not use it.
fi
