# Sourced by test.sh and bench.sh: PostgreSQL 15 from Debian when the machine lacks it.
# The tests and benchmarks start their own throwaway cluster on a loopback port.
if [ ! -x /usr/lib/postgresql/15/bin/initdb ] && [ -z "${PG_BIN:-}" ]; then
  log "installing PostgreSQL 15 from Debian"
  source "$ROOT/scripts/lib/debian.sh"
  debian_install "PostgreSQL 15" postgresql || exit 1
fi
