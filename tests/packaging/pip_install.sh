#!/usr/bin/env bash
# `pip install --no-build-isolation --no-index` of the source tree into a fresh
# venv (pyproject.toml + setup.py: CMake builds the library and the bindings),
# then, from outside the source tree, import salesplan from the venv, compute
# the example plan and compare the result document with the CLI's byte for
# byte, and find salesplan in `pip list`.
# Usage: pip_install.sh PYTHON SOURCE_DIR WORK_DIR CLI VERSION
# Exit 77 (skipped) only when the interpreter has no venv support (Debian:
# python3-venv, which scripts/setup.sh installs).
set -euo pipefail
py=$1
src=$2
work=$3
cli=$4
version=$5

if ! "$py" -c 'import ensurepip, venv' 2>/dev/null; then
  echo "pip_install: $py has no venv support (install python3-venv): skipped"
  exit 77
fi
unset PYTHONPATH PYTHONHOME PIP_REQUIRE_VIRTUALENV
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PYTHONDONTWRITEBYTECODE=1
# The CMake build inside pip is kept in WORK_DIR/pip-build between runs.
export SALESPLAN_PIP_BUILD_DIR=$work/pip-build
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2}

venv=$work/venv
rm -rf "$venv" "$work/outside"
mkdir -p "$work/outside"
# --system-site-packages: the venv uses the system's setuptools and wheel (offline).
"$py" -m venv --system-site-packages "$venv"
"$venv/bin/python" -c 'import setuptools, wheel' \
  || { echo "pip_install: setuptools and wheel are needed (python3-setuptools, python3-wheel)"; exit 1; }
"$venv/bin/python" -m pip install --no-build-isolation --no-index --no-cache-dir "$src" \
  >"$work/pip.log" 2>&1 || { cat "$work/pip.log"; exit 1; }

cd "$work/outside"
"$cli" example >example.json
"$cli" plan example.json --format json >cli.json
"$venv/bin/python" - "$venv" "$version" <<'PY'
import os, sys
venv, version = os.path.realpath(sys.argv[1]), sys.argv[2]
import salesplan
where = os.path.realpath(salesplan.__file__)
assert where.startswith(venv + os.sep), "salesplan imported from %s, not the venv" % where
assert salesplan.__version__ == version, salesplan.__version__
result = salesplan.Plan.load("example.json").compute()
with open("python.json", "w", encoding="utf-8") as fh:
    fh.write(result.to_json())
doc = result.to_dict()
assert doc["target"]["deals_needed"] == result.overview.deals_needed > 0, doc["target"]
print("pip_install: imported", where)
PY
cmp cli.json python.json || { echo "the installed package computes another result than the CLI"; diff cli.json python.json | head -20; exit 1; }
"$venv/bin/python" -m pip list --format=freeze >pip-list.txt
grep -qx "salesplan==$version" pip-list.txt || { echo "salesplan==$version not in pip list:"; cat pip-list.txt; exit 1; }
echo "pip_install: salesplan $version installed with pip and shown by pip list"
