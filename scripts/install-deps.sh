#!/bin/sh
# Install, from Debian's packages, every tool the build, the emulator runs and
# the tests need. Idempotent: silent when everything is already present.
set -eu

PACKAGES="
gcc-riscv64-unknown-elf
binutils-riscv64-unknown-elf
gcc-riscv64-linux-gnu
libc6-dev-riscv64-cross
qemu-system-misc
opensbi
qemu-user
qemu-user-binfmt
genext2fs
e2fsprogs
python3-pytest
gdb-multiarch
make
"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO="sudo"
	else
		echo "install-deps: need root (or sudo) to install:$missing" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get update -qq ||
   ! $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
	echo "install-deps: apt-get could not install:$missing" >&2
	echo "install-deps: this project needs Debian 12 (bookworm) or newer packages." >&2
	exit 1
fi
echo "install-deps: done"
