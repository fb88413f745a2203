#!/usr/bin/env bash
# Installs the Debian packages LoyalNest builds and tests with, when they are missing.
# As root (or with sudo available) it runs apt-get; otherwise it prints the exact command to run.
set -euo pipefail
packages=(libncursesw5-dev libsqlite3-dev libcurl4-openssl-dev libicu-dev sqlite3 tmux)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ! command -v swift >/dev/null 2>&1; then
  echo "swift is not on PATH: install Swift 6.1 or newer (https://www.swift.org/install/linux/) and retry." >&2
  exit 2
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing missing packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
  echo "missing system packages; run:  sudo apt-get install -y ${missing[*]}" >&2
  exit 2
fi
