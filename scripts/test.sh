#!/usr/bin/env bash
# Builds everything and runs every test (unit and lit) through `ninja check`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
"$root/scripts/build.sh" check
