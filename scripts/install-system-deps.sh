#!/usr/bin/env bash
# Installs the Debian packages the tests use, when missing: fonts for headless XChart, Jupyter
# (nbclient, nbconvert) to execute the notebooks, PyTorch and NumPy to check the engine and the .npz
# export against them, unzip to test the release zip as a user unpacks it, and a single-node Slurm
# (with munge for its authentication) to run a sweep's job array.
set -euo pipefail
packages=(fontconfig fonts-dejavu-core jupyter-client python3-nbclient jupyter-nbconvert jupyter-notebook python3-torch
  python3-numpy unzip slurmctld slurmd slurm-client munge)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages the tests need: ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
