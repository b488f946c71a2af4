# Sourced by test.sh and bench.sh: PostgreSQL 15 from Debian when the machine lacks it.
# The tests and benchmarks start their own throwaway cluster on a loopback port.
if [ ! -x /usr/lib/postgresql/15/bin/initdb ] && [ -z "${PG_BIN:-}" ]; then
  log "installing PostgreSQL 15 from Debian"
  if [ "$(id -u)" -ne 0 ]; then echo "PostgreSQL 15 is missing and installing it needs root (apt-get install postgresql)" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
