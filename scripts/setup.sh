# Shared set-up for scripts/demo and scripts/test (sourced, not run).
# Installs the Debian packages that are missing (and only then runs apt-get),
# then configures and builds the project in "$BUILD_DIR".
set -euo pipefail

SALESPLAN_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$SALESPLAN_ROOT/build}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}

# Build and test dependencies, all from Debian's archive.
SALESPLAN_PACKAGES=(cmake make gcc g++ pkg-config libcmocka-dev swig locales
                    python3 python3-dev python3-numpy python3-pandas python3-scipy
                    abigail-tools valgrind clang-14 libclang-rt-14-dev
                    python3-venv python3-setuptools python3-pip python3-wheel
                    postgresql-15 postgresql-server-dev-15 python3-distributed)

install_missing_packages() {
  local missing=() p
  for p in "${SALESPLAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "scripts: installing missing packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  generate_test_locale "$sudo"
}

# tests/test_locale.c and tests/python/test_locale.py load and render plans
# under a decimal-comma locale: generate de_DE.UTF-8 once (idempotent).
generate_test_locale() {
  local sudo=$1
  if locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
    return 0
  fi
  echo "scripts: generating the de_DE.UTF-8 locale" >&2
  $sudo sed -i 's/^# *de_DE.UTF-8/de_DE.UTF-8/' /etc/locale.gen
  $sudo locale-gen >/dev/null
}

# configure_and_build DIR [extra cmake args...]
configure_and_build() {
  local dir=$1; shift
  cmake -S "$SALESPLAN_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DSALESPLAN_WERROR=ON "$@" >"$dir.configure.log" 2>&1 \
    || { cat "$dir.configure.log" >&2; return 1; }
  cmake --build "$dir" -j "$JOBS"
}
