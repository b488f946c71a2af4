#!/usr/bin/env bash
# `npm run start:cluster`: set everything up (PostgreSQL 15 and Redis from Debian when missing),
# then run two Directus + iu-cutter instances on one PostgreSQL database and one Redis.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$ROOT/scripts/setup.sh"
source "$ROOT/scripts/postgres.sh"
source "$ROOT/scripts/redis.sh"
exec node "$ROOT/scripts/start-cluster.js"
