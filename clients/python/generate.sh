#!/usr/bin/env bash
# Generates the Python stubs for matn/v1/matn.proto into matn_client/gen/.
#
# Only matn/v1/matn.proto is generated. google.rpc.Status is imported from the
# googleapis-common-protos package (`from google.rpc import status_pb2`), so
# google/rpc is deliberately NOT generated: a second copy of status_pb2 would
# shadow it and clash in the protobuf descriptor pool.
#
# matn_client/gen/ is an import root (the generated code imports itself as
# `matn.v1.matn_pb2`); matn_client puts it on sys.path.
#
# Usage: ./generate.sh            (uses $PYTHON, default python3, which must have
#                                 the packages of requirements.txt installed)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
proto_root="$(cd "$here/../../proto" && pwd)"
out="$here/matn_client/gen"
python="${PYTHON:-python3}"

rm -rf "$out"
mkdir -p "$out"

"$python" -m grpc_tools.protoc \
  --proto_path="$proto_root" \
  --python_out="$out" \
  --pyi_out="$out" \
  --grpc_python_out="$out" \
  matn/v1/matn.proto

# Regular packages (not namespace packages), so `matn.v1` is found only here.
touch "$out/matn/__init__.py" "$out/matn/v1/__init__.py"

# Sanity check: the stubs import, and google.rpc.status_pb2 comes from
# googleapis-common-protos, not from anything generated here.
PYTHONPATH="$out${PYTHONPATH:+:$PYTHONPATH}" "$python" - "$out" <<'PY'
import os
import sys

from google.rpc import status_pb2
from matn.v1 import matn_pb2, matn_pb2_grpc  # noqa: F401

out = os.path.realpath(sys.argv[1])
src = os.path.realpath(status_pb2.__file__)
if src.startswith(out + os.sep):
    sys.exit(f"google.rpc.status_pb2 resolved to generated code: {src}")
assert matn_pb2.DESCRIPTOR.services_by_name["TextAnalysisService"]
print(f"generated matn.v1 stubs in {out} (google.rpc.status_pb2 from {src})")
PY
