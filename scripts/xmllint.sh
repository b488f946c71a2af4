# Sourced by test.sh: xmllint (Debian's libxml2-utils) for the tests that validate the Akoma Ntoso
# export against the OASIS schema kept in core/schemas/akn30 (`xmllint --noout --nonet --schema`).
if ! command -v xmllint >/dev/null 2>&1; then
  log "installing xmllint from Debian (libxml2-utils)"
  if [ "$(id -u)" -ne 0 ]; then echo "xmllint is missing and installing it needs root (apt-get install libxml2-utils)" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils >/dev/null
fi
log "$(xmllint --version 2>&1 | head -n 1)"
