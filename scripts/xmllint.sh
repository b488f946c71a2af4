# Sourced by test.sh: xmllint (Debian's libxml2-utils) for the tests that validate the Akoma Ntoso
# export against the OASIS schema kept in core/schemas/akn30 (`xmllint --noout --nonet --schema`).
if ! command -v xmllint >/dev/null 2>&1; then
  log "installing xmllint from Debian (libxml2-utils)"
  source "$ROOT/scripts/lib/debian.sh"
  debian_install xmllint libxml2-utils || exit 1
fi
log "$(xmllint --version 2>&1 | head -n 1)"
