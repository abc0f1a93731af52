#!/usr/bin/env bash
# Generates the Python stubs for matn/v1/matn.proto into matn_client/gen/.
#
# Only matn/v1/matn.proto is generated. google.rpc.Status is imported from the
# googleapis-common-protos package (`from google.rpc import status_pb2`), so
# google/rpc is deliberately NOT generated: a second copy of status_pb2 would
# shadow it and clash in the protobuf descriptor pool.
#
# The stubs are checked in, so that `pip install ./clients/python` works from a
# fresh clone; `.ci/run` regenerates them and fails if they differ.
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
touch "$out/__init__.py" "$out/matn/__init__.py" "$out/matn/v1/__init__.py"

# The gRPC module imports the messages as the top-level `matn.v1`; inside the
# installed package they live at `matn_client.gen.matn.v1`, so no top-level
# `matn` package is claimed and nothing is put on sys.path.
sed -i 's/^from matn\.v1 import /from matn_client.gen.matn.v1 import /' "$out/matn/v1/matn_pb2_grpc.py"

# Sanity check: the stubs import, and google.rpc.status_pb2 comes from
# googleapis-common-protos, not from anything generated here.
PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" "$python" - "$out" <<'PY'
import os
import sys

from google.rpc import status_pb2
from matn_client.gen.matn.v1 import matn_pb2, matn_pb2_grpc  # noqa: F401

out = os.path.realpath(sys.argv[1])
src = os.path.realpath(status_pb2.__file__)
if src.startswith(out + os.sep):
    sys.exit(f"google.rpc.status_pb2 resolved to generated code: {src}")
assert matn_pb2.DESCRIPTOR.services_by_name["TextAnalysisService"]
print(f"generated matn.v1 stubs in {out} (google.rpc.status_pb2 from {src})")
PY
