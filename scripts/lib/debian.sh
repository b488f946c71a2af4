# Sourced by the scripts that need a Debian package the machine may lack (xmllint.sh, chromium.sh, postgres.sh,
# redis.sh): `debian_install WHY PACKAGE…` installs them as root, without the packages they only recommend.
#
# Why so lean: a fresh machine of npm test installs all four, and each used to run its own `apt-get update` and take
# the recommended packages too. Chromium alone came with 118 packages (udev, upower, Perl libraries, xdg-utils …),
# its headless shell needs 20. The package lists are read once per shell (IU_APT_UPDATED).
debian_install() {
  local why=$1
  shift
  if [ "$(id -u)" -ne 0 ]; then
    echo "$why is missing and installing it needs root (apt-get install --no-install-recommends $*)" >&2
    return 1
  fi
  if [ -z "${IU_APT_UPDATED:-}" ]; then
    apt-get update -qq || return 1
    IU_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
