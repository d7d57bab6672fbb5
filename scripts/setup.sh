#!/usr/bin/env bash
# Installs what lrgrade needs and the machine lacks; does nothing when all is there.
#   scripts/setup.sh            build and test: pkg-config, libdeflate and Cairo (Debian: libdeflate-dev,
#                               libcairo2-dev), poppler's tools (poppler-utils),
#                               bubblewrap, and Python 3 with numpy, scikit-learn and matplotlib
#                               (students' scripts need them; the runner's tests run such scripts),
#                               seaborn (a valid way to draw the confusion matrix, tested), and pandas and
#                               tqdm, which students' scripts import (the style fixtures use pandas);
#                               binutils (readelf, against which the tests check lrgrade's ELF reading),
#                               and Slurm with munge (slurm-wlm, munge), which a test starts as a
#                               single-node cluster
set -euo pipefail

apt_packages=()
command -v pkg-config >/dev/null 2>&1 || apt_packages+=(pkg-config)
pkg-config --exists libdeflate 2>/dev/null || apt_packages+=(libdeflate-dev)
pkg-config --exists cairo 2>/dev/null || apt_packages+=(libcairo2-dev)
command -v pdftotext >/dev/null 2>&1 || apt_packages+=(poppler-utils)
command -v bwrap >/dev/null 2>&1 || apt_packages+=(bubblewrap)
command -v readelf >/dev/null 2>&1 || apt_packages+=(binutils)
command -v slurmctld >/dev/null 2>&1 || apt_packages+=(slurm-wlm)
command -v munged >/dev/null 2>&1 || apt_packages+=(munge)

if [ "${#apt_packages[@]}" -gt 0 ]; then
    echo "setup: installing ${apt_packages[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

command -v python3 >/dev/null 2>&1 || { echo "setup: python3 is required (students' scripts and the benchmarks)" >&2; exit 1; }
if ! python3 -c "import numpy, sklearn, matplotlib, seaborn, pandas, tqdm" 2>/dev/null; then
    echo "setup: installing numpy, scikit-learn, matplotlib, seaborn, pandas and tqdm with pip" >&2
    python3 -m pip install --quiet --disable-pip-version-check numpy scikit-learn matplotlib seaborn pandas tqdm
fi
