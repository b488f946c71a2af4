# Sourced by test.sh and bench.sh: Debian's Chromium for the browser tests and the browser benchmark.
# playwright-core drives Chromium's headless shell (/usr/lib/chromium/chromium-headless-shell, package
# chromium-headless-shell: the same Chromium built for headless use only, which is what Playwright itself launches
# for headless pages) over its pipe; it never downloads a browser of its own (`playwright install` cannot reach its
# CDN here). The full chromium comes along for walking the pages by hand, chromium-driver for WebDriver tools.
HEADLESS_SHELL=/usr/lib/chromium/chromium-headless-shell
if [ ! -x /usr/bin/chromium ] || [ ! -x "$HEADLESS_SHELL" ]; then
  log "installing Chromium from Debian (chromium, chromium-headless-shell, chromium-driver)"
  if [ "$(id -u)" -ne 0 ]; then echo "Chromium is missing and installing it needs root (apt-get install chromium chromium-headless-shell chromium-driver)" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-headless-shell chromium-driver >/dev/null
fi
# Debian's launcher script warns on stderr when `findmnt` lists /dev/shm twice; the version is what matters.
log "$(/usr/bin/chromium --version 2>/dev/null), and its headless shell"
