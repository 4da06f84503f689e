#!/bin/sh
# setup.sh — installs what plansim needs on Debian 12 (run as root), and
# configures the build folder.  Safe to run again.
set -e
packages="build-essential cmake pkg-config libgsl-dev libconfig-dev nettle-dev python3 python3-numpy gnuplot-nox fonts-noto-cjk libxlsxwriter-dev python3-openpyxl clang libclang-rt-14-dev libmicrohttpd-dev libjansson-dev chromium chromium-driver python3-selenium libopenmpi-dev openmpi-bin"
missing=""
for p in $packages; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq $missing
fi
# plansim serve's charts: Apache ECharts from npm, into web-vendor/ (not
# committed); CMake compiles its dist/echarts.min.js into the program.
root="$(dirname "$0")/.."
if [ ! -f "$root/web-vendor/node_modules/echarts/dist/echarts.min.js" ]; then
  # npm: the machine's own Node.js carries it (Debian's npm package
  # conflicts with that nodejs); Debian's only where there is none.
  command -v npm >/dev/null 2>&1 || apt-get install -y -qq npm
  npm install --no-audit --no-fund --silent --prefix "$root/web-vendor" echarts@5.6.0
fi
cmake -S "$(dirname "$0")/.." -B "${BUILD_DIR:-build}" -DCMAKE_BUILD_TYPE=Release >/dev/null
