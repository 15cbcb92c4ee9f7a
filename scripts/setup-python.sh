#!/usr/bin/env bash
# Installs what the unit tests of "Copy as Python (NumPy) / PyTorch" need: Debian's python3 with
# numpy and torch (python3-numpy, python3-torch), when /usr/bin/python3 cannot import them.
set -euo pipefail
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import numpy, torch' >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
echo "setup-python: installing python3-numpy and python3-torch with apt-get" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3 python3-numpy python3-torch >/dev/null
