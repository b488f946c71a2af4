#!/usr/bin/env bash
# Runs a subset of Directus' own blackbox tests (directus/directus tests/blackbox) against the Directus 12.4.0 of
# this project's node_modules, with the iu-cutter bundle loaded and without it, on SQLite and PostgreSQL.
# By hand, not part of `npm test`; docs/BLACKBOX.md has the results and what each step does.
#
#   bash scripts/blackbox.sh <directus-checkout> [sqlite3|postgres ...] [--bundle on|off|both]
#
# <directus-checkout>: a directus/directus tree holding tests/blackbox and tests/mock-license-server
# (docs/BLACKBOX.md says which commit). Nothing of it is copied into this repository. Into the checkout this
# script writes only: tests/package.json + tests/node_modules (the suite's npm dependencies, pinned to the versions
# of its pnpm-lock.yaml), tests/mock-license-server/dist/run.js (built from its source with esbuild), dist/cli.js
# (one line importing scripts/blackbox-directus.js), and one edit: the `only` lists of
# tests/blackbox/setup/sequential-tests.ts (the subset below; the file is restored at the end).
# Results: .run/blackbox/<db>-bundle-<on|off>.json (vitest's JSON report) and .log (IU_BLACKBOX_OUT: elsewhere).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

CHECKOUT="${1:?usage: bash scripts/blackbox.sh <directus-checkout> [sqlite3|postgres ...] [--bundle on|off|both]}"
CHECKOUT="$(cd "$CHECKOUT" && pwd)"
shift
DBS=() BUNDLES=(off on)
while [ $# -gt 0 ]; do
  case "$1" in
    --bundle) shift; case "$1" in on) BUNDLES=(on) ;; off) BUNDLES=(off) ;; both) BUNDLES=(off on) ;; *) echo "--bundle takes on, off or both" >&2; exit 2 ;; esac ;;
    sqlite3|postgres) DBS+=("$1") ;;
    *) echo "unknown argument $1: give sqlite3 and/or postgres, and --bundle on|off|both" >&2; exit 2 ;;
  esac
  shift
done
[ ${#DBS[@]} -gt 0 ] || DBS=(sqlite3 postgres)
BB="$CHECKOUT/tests/blackbox"
[ -f "$BB/common/config.ts" ] && [ -f "$CHECKOUT/tests/mock-license-server/src/run.ts" ] \
  || { echo "$CHECKOUT has no tests/blackbox or tests/mock-license-server: give a directus/directus checkout" >&2; exit 2; }
[ -f "$ROOT/extension/dist/api.js" ] || { echo "extension/dist is missing: run npm run build first" >&2; exit 2; }

# The subset, in the order it runs (the suite runs its files one after another; seed-database and common come first
# because every other file uses the collections, users, roles and tokens they create). docs/BLACKBOX.md says why
# these files and not the others. The relational item files (items/m2o, o2m, m2m, m2a: 9 283 tests whose seeds
# create several hundred collections) are left out: their seeding alone took over 8 min on this shared machine.
# IU_BLACKBOX_ONLY="/tests/db/seed-database.test.ts /common/common.test.ts …" runs another list.
SUBSET=(
  /tests/db/seed-database.test.ts
  /common/common.test.ts
  /tests/db/routes/schema/schema.test.ts
  /tests/db/routes/collections/crud.test.ts
  /tests/db/routes/fields/change-fields.test.ts
  /tests/db/routes/fields/crud.test.ts
  /tests/db/routes/items/no-relation.test.ts
  /tests/db/routes/items/singleton.test.ts
  /tests/db/routes/items/conceal-filter.test.ts
  /tests/db/routes/items/hash-filter.test.ts
  /tests/db/routes/permissions/check-item-permissions.test.ts
  /tests/db/routes/permissions/cache-purge.test.ts
  /tests/db/routes/flows/webhook.test.ts
  /tests/db/routes/server/ping.test.ts
  /tests/db/routes/collections/schema-cache.test.ts
)
[ -n "${IU_BLACKBOX_ONLY:-}" ] && read -r -a SUBSET <<<"$IU_BLACKBOX_ONLY"

# 1. The suite's npm dependencies (the versions its pnpm-lock.yaml resolves; @directus/types and @directus/utils are
#    workspace packages there: here the versions Directus 12.4.0 itself depends on; pg and sqlite3 for its knex).
if [ ! -f "$CHECKOUT/tests/node_modules/.iu-blackbox-deps" ]; then
  log "installing the blackbox suite's npm dependencies into $CHECKOUT/tests/node_modules"
  cat >"$CHECKOUT/tests/package.json" <<'EOF'
{
  "name": "iu-cutter-blackbox-deps",
  "private": true,
  "type": "module",
  "dependencies": {
    "@directus/license": "0.3.0",
    "@directus/tsconfig": "4.0.0",
    "@directus/types": "17.0.0",
    "@directus/utils": "13.5.5",
    "@fastify/type-provider-typebox": "6.1.0",
    "argon2": "0.44.0",
    "axios": "1.16.1",
    "esbuild": "0.28.1",
    "fastify": "5.8.5",
    "fastify-type-provider-zod": "6.1.0",
    "get-port": "7.1.0",
    "globby": "14.1.0",
    "graphql": "16.12.0",
    "graphql-ws": "6.0.6",
    "ioredis": "5.8.2",
    "jose": "6.2.3",
    "js-yaml": "4.1.1",
    "json-to-graphql-query": "2.3.0",
    "knex": "3.1.0",
    "listr2": "9.0.5",
    "lodash-es": "4.18.1",
    "pg": "8.16.3",
    "seedrandom": "3.0.5",
    "sqlite3": "5.1.7",
    "supertest": "7.1.4",
    "typebox": "1.1.37",
    "uuid": "11.1.0",
    "vite-tsconfig-paths": "5.1.4",
    "vitest": "3.2.6",
    "ws": "8.21.0",
    "zod": "4.1.12"
  }
}
EOF
  (cd "$CHECKOUT/tests" && npm install --no-audit --no-fund --loglevel=error)
  touch "$CHECKOUT/tests/node_modules/.iu-blackbox-deps"
fi

# 2. The mock license server the suite starts (setup/setup.ts runs tests/mock-license-server/dist/run.js).
if [ ! -f "$CHECKOUT/tests/mock-license-server/dist/run.js" ]; then
  log "building the mock license server"
  "$CHECKOUT/tests/node_modules/.bin/esbuild" "$CHECKOUT/tests/mock-license-server/src/run.ts" --bundle --platform=node \
    --format=esm --packages=external --log-level=warning --outfile="$CHECKOUT/tests/mock-license-server/dist/run.js"
fi

# 3. `node <checkout>/dist/cli` (config.ts paths.cli) starts this project's Directus 12.4.0 (scripts/blackbox-directus.js).
mkdir -p "$CHECKOUT/dist"
printf "import '%s';\n" "$ROOT/scripts/blackbox-directus.js" >"$CHECKOUT/dist/cli.js"

# 4. The subset: the suite's `only` lists (setup/sequential-tests.ts), restored on exit.
SEQ="$BB/setup/sequential-tests.ts"
[ -f "$SEQ.iu-orig" ] || cp "$SEQ" "$SEQ.iu-orig"   # an interrupted run left its backup: keep the original
PG_DIR="" REDIS_PID=""
cleanup() {
  mv -f "$SEQ.iu-orig" "$SEQ" 2>/dev/null || true
  [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null || true
  if [ -n "$PG_DIR" ]; then pg_as_owner pg_ctl -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$PG_DIR"; fi
}
trap cleanup EXIT
SUBSET_CSV="$(printf '%s\n' "${SUBSET[@]}")" node -e '
const fs = require("fs"); const file = process.argv[1];
const list = process.env.SUBSET_CSV.split("\n").filter(Boolean);
let src = fs.readFileSync(file, "utf8");
// The db project`s list (the second); the common project`s stays empty: seed-database.test.ts seeds for the
// common list when that one is not empty, and the common project is not run here.
const blocks = [...src.matchAll(/only: \[[^\]]*\]/g)];
if (blocks.length !== 2) { console.error("sequential-tests.ts: expected two `only` lists, found " + blocks.length); process.exit(1); }
const db = blocks[1];
src = src.slice(0, db.index) + "only: [" + list.map((f) => JSON.stringify(f)).join(", ") + "]" + src.slice(db.index + db[0].length);
fs.writeFileSync(file, src);
' "$SEQ"

# 5. The services of the suite's docker-compose.yml that the subset uses, as local processes on the same ports:
#    Redis on 6108 (REDIS_ENABLED, SYNCHRONIZATION_STORE=redis) and, for postgres, PostgreSQL 15 on 6100.
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
pg_as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$PG_BIN/$1" "${@:2}"; else "$PG_BIN/$1" "${@:2}"; fi; }
source "$ROOT/scripts/redis.sh"

OUT="${IU_BLACKBOX_OUT:-$ROOT/.run/blackbox}"   # IU_BLACKBOX_OUT: another folder, for a run of another list
MISMATCH=0
mkdir -p "$OUT"
for db in "${DBS[@]}"; do
  if [ "$db" = postgres ]; then source "$ROOT/scripts/postgres.sh"; fi
  for bundle in "${BUNDLES[@]}"; do
    name="$db-bundle-$bundle"
    log "blackbox $name"
    STATE="$OUT/$name.state"
    rm -rf "$STATE" "$BB/test.db" && mkdir -p "$STATE"
    redis-server --port 6108 --bind 127.0.0.1 --save '' --appendonly no --dir "$STATE" >"$STATE/redis.log" 2>&1 &
    REDIS_PID=$!
    if [ "$db" = postgres ]; then
      PG_DIR="$(mktemp -d /tmp/iu-bb-pg-XXXX)" && chmod 777 "$PG_DIR"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DIR"
      pg_as_owner initdb -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
      pg_as_owner pg_ctl -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-p 6100 -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
      pg_as_owner createdb -h 127.0.0.1 -p 6100 -U postgres directus
    fi
    start=$(date +%s)
    set +e
    (cd "$BB" && TEST_DB="$db" TEST_SAVE_LOGS=warn IU_BLACKBOX_BUNDLE=$([ "$bundle" = on ] && echo 1 || echo 0) IU_BLACKBOX_STATE="$STATE" \
      "$CHECKOUT/tests/node_modules/.bin/vitest" --watch=false --project db --reporter=default --reporter=json \
      --outputFile.json="$OUT/$name.json") >"$OUT/$name.log" 2>&1
    rc=$?
    set -e
    log "blackbox $name: exit $rc in $(( $(date +%s) - start )) s; $OUT/$name.log"
    for f in "$BB"/server-log-*.txt; do [ -f "$f" ] && mv "$f" "$STATE/"; done
    # Which configuration really ran (scripts/blackbox-directus.js asked /iu-cutter/me of every Directus it started).
    want=$([ "$bundle" = on ] && echo IU_FORBIDDEN || echo ROUTE_NOT_FOUND)
    seen="$(cat "$STATE"/iu-cutter-endpoint-*.txt 2>/dev/null | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
    log "blackbox $name: /iu-cutter/me answered: ${seen:-nothing} (expected $want from every instance)"
    if [ -z "$seen" ] || grep -qv "^$want$" "$STATE"/iu-cutter-endpoint-*.txt; then
      echo "blackbox $name: the instances did not run the configuration asked for (see $STATE); its results are not comparable" >&2
      MISMATCH=1
    fi
    kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=""
    if [ -n "$PG_DIR" ]; then pg_as_owner pg_ctl -D "$PG_DIR/data" -m fast -w stop >/dev/null; rm -rf "$PG_DIR"; PG_DIR=""; fi
  done
done
node "$ROOT/scripts/blackbox-report.js" "$OUT"
exit "$MISMATCH"
