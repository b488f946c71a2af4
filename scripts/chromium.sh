# Sourced by test.sh and bench.sh: Debian's Chromium for the browser tests and the browser benchmark.
# playwright-core drives /usr/bin/chromium over its pipe; it never downloads a browser of its own
# (`playwright install` cannot reach its CDN here). chromium-driver comes along for WebDriver tools.
if [ ! -x /usr/bin/chromium ]; then
  log "installing Chromium from Debian (chromium, chromium-driver)"
  if [ "$(id -u)" -ne 0 ]; then echo "Chromium is missing and installing it needs root (apt-get install chromium chromium-driver)" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
# Debian's launcher script warns on stderr when `findmnt` lists /dev/shm twice; the version is what matters.
log "$(/usr/bin/chromium --version 2>/dev/null)"
