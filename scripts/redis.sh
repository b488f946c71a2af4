# Sourced by test.sh and start-cluster.sh: Redis from Debian when the machine lacks it.
# The tests and `npm run start:cluster` start their own throwaway redis-server on a loopback port
# (tests/support/redis.js); nothing here starts a system service.
if ! command -v "${REDIS_SERVER:-redis-server}" >/dev/null 2>&1; then
  log "installing Redis from Debian"
  source "$ROOT/scripts/lib/debian.sh"
  debian_install redis-server redis-server || exit 1
  # Debian's package starts a system service on port 6379 where systemd or init runs it; ours do not use it.
fi
