# Sourced by test.sh and bench.sh: Debian's Chromium for the browser tests and the browser benchmark.
# playwright-core drives Chromium's headless shell (/usr/lib/chromium/chromium-headless-shell, package
# chromium-headless-shell: the same Chromium built for headless use only, which is what Playwright itself launches
# for headless pages) over its pipe; it never downloads a browser of its own (`playwright install` cannot reach its
# CDN here). Only the headless shell is installed (20 packages; the full browser brought 118), with the fonts
# chromium-common recommends (Liberation: the screenshots' text), and the full chromium too when IU_CHROMIUM names
# it (tests/support/browser.js runs the tests in it then).
source "$ROOT/scripts/lib/debian.sh"
HEADLESS_SHELL=/usr/lib/chromium/chromium-headless-shell
CHROMIUM_PACKAGES=(chromium-headless-shell fonts-liberation)
[ "${IU_CHROMIUM:-}" = /usr/bin/chromium ] && CHROMIUM_PACKAGES+=(chromium)
if [ ! -x "$HEADLESS_SHELL" ] || { [ -n "${IU_CHROMIUM:-}" ] && [ ! -x "$IU_CHROMIUM" ]; }; then
  log "installing Chromium from Debian (${CHROMIUM_PACKAGES[*]})"
  debian_install Chromium "${CHROMIUM_PACKAGES[@]}" || exit 1
fi
log "$("$HEADLESS_SHELL" --version 2>/dev/null)"
