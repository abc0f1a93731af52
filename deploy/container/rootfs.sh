#!/usr/bin/env bash
# Puts BINARY, stripped, at DEST/usr/local/bin/matn, with the shared libraries
# it links (glibc, libm, libgcc_s and the loader, as ldd lists them): all that
# the FROM scratch runtime image needs. Used by the Dockerfile's build stage,
# and by CI to make the image from the binary it has just built.
#
# Usage: deploy/container/rootfs.sh BINARY DEST
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 BINARY DEST" >&2
  exit 2
fi
binary="$1"
dest="$2"

install -D -s -m 0755 "$binary" "$dest/usr/local/bin/matn"
ldd "$dest/usr/local/bin/matn" | grep -o '/[^ ]*' | xargs -I{} cp --parents -L {} "$dest"
