"""Python client for the matn.v1 gRPC API (Persian text normalization and
analysis).

The high-level client raises :class:`MatnError` with the server's field
violations decoded::

    from matn_client import Client

    with Client("127.0.0.1:50051") as client:
        resp = client.analyze("سلام دنیا.")
        for token in resp.tokens:
            print(token.text, token.lemma)

:class:`AsyncClient` is the same for asyncio. The functions below
(``connect``, ``analyze``, ``normalize``, ``bad_request_violations``) work on a
raw stub and raise ``grpc.RpcError``. The generated messages and stub are
``matn_client.pb`` and ``matn_client.pb_grpc``; ``google.rpc.Status`` and
``BadRequest`` come from the googleapis-common-protos package.
"""

from __future__ import annotations

from typing import Optional, Sequence, Tuple, Union

import grpc
from google.rpc import error_details_pb2, status_pb2

from .gen.matn.v1 import matn_pb2 as pb
from .gen.matn.v1 import matn_pb2_grpc as pb_grpc

__all__ = [
    "AsyncClient",
    "Client",
    "MatnError",
    "DEFAULT_ADDR",
    "pb",
    "pb_grpc",
    "target",
    "channel_options",
    "analyze_request",
    "normalize_request",
    "connect",
    "analyze",
    "normalize",
    "status_details",
    "bad_request_violations",
]

DEFAULT_ADDR = "127.0.0.1:50051"

# Responses for large documents with every feature can pass gRPC's 4 MiB default.
_MAX_MESSAGE_BYTES = 64 * 1024 * 1024

_STATUS_DETAILS_KEY = "grpc-status-details-bin"


def target(addr: str) -> str:
    """Turns ``http://host:port`` (as ``matn health --addr`` takes) into ``host:port``."""
    for scheme in ("http://", "https://", "grpc://"):
        if addr.startswith(scheme):
            addr = addr[len(scheme) :]
    return addr.rstrip("/")


class _BearerToken(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """Adds ``authorization: Bearer <token>`` to every call."""

    def __init__(self, token: str):
        self._header = ("authorization", f"Bearer {token}")

    def _with_token(self, details):
        metadata = list(details.metadata or []) + [self._header]
        return details._replace(metadata=metadata)

    def intercept_unary_unary(self, continuation, details, request):
        return continuation(self._with_token(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._with_token(details), request)

    def intercept_stream_unary(self, continuation, details, requests):
        return continuation(self._with_token(details), requests)

    def intercept_stream_stream(self, continuation, details, requests):
        return continuation(self._with_token(details), requests)


def channel_options(options: Sequence[Tuple[str, object]] = ()) -> list:
    """Channel options that let a large document's response through, then
    ``options``."""
    return [
        ("grpc.max_receive_message_length", _MAX_MESSAGE_BYTES),
        ("grpc.max_send_message_length", _MAX_MESSAGE_BYTES),
        *options,
    ]


def analyze_request(
    text: str,
    offset_encoding: int = pb.OFFSET_ENCODING_CODE_POINT,
    *,
    features: Optional[pb.Features] = None,
    normalization: Optional[pb.NormalizationOptions] = None,
    language_code: str = "",
) -> pb.AnalyzeRequest:
    """An AnalyzeRequest for ``text``; ``features=None`` asks for every feature."""
    req = pb.AnalyzeRequest(
        document=pb.Document(content=text, language_code=language_code),
        offset_encoding=offset_encoding,
    )
    if features is not None:
        req.features.CopyFrom(features)
    if normalization is not None:
        req.normalization.CopyFrom(normalization)
    return req


def normalize_request(
    text: str,
    offset_encoding: int = pb.OFFSET_ENCODING_CODE_POINT,
    *,
    include_edits: bool = False,
    normalization: Optional[pb.NormalizationOptions] = None,
    language_code: str = "",
) -> pb.NormalizeRequest:
    """A NormalizeRequest for ``text``."""
    req = pb.NormalizeRequest(
        document=pb.Document(content=text, language_code=language_code),
        offset_encoding=offset_encoding,
        include_edits=include_edits,
    )
    if normalization is not None:
        req.normalization.CopyFrom(normalization)
    return req


def connect(
    addr: str = DEFAULT_ADDR,
    *,
    ready_timeout: Optional[float] = None,
    options: Sequence[Tuple[str, object]] = (),
    token: Optional[str] = None,
) -> pb_grpc.TextAnalysisServiceStub:
    """Opens an insecure channel to ``addr`` and returns a TextAnalysisService stub.

    With ``ready_timeout`` (seconds), waits for the channel to connect and raises
    ``grpc.FutureTimeoutError`` if it does not. With ``token``, every call sends
    ``authorization: Bearer <token>`` (for a server started with
    ``--auth-tokens``). The channel is kept as ``stub.channel`` so that callers
    can close it.
    """
    channel = grpc.insecure_channel(target(addr), options=channel_options(options))
    if ready_timeout is not None:
        grpc.channel_ready_future(channel).result(timeout=ready_timeout)
    calls = grpc.intercept_channel(channel, _BearerToken(token)) if token else channel
    stub = pb_grpc.TextAnalysisServiceStub(calls)
    stub.channel = channel
    return stub


def analyze(
    stub: pb_grpc.TextAnalysisServiceStub,
    text: str,
    offset_encoding: int = pb.OFFSET_ENCODING_CODE_POINT,
    *,
    features: Optional[pb.Features] = None,
    normalization: Optional[pb.NormalizationOptions] = None,
    language_code: str = "",
    timeout: Optional[float] = 60.0,
) -> pb.AnalyzeResponse:
    """Calls Analyze on ``text``.

    The default offset encoding is code points, so every span indexes the Python
    ``str`` directly: ``text[span.start:span.end]``. ``features=None`` asks for
    every feature. Raises ``grpc.RpcError`` on failure.
    """
    req = analyze_request(
        text,
        offset_encoding,
        features=features,
        normalization=normalization,
        language_code=language_code,
    )
    return stub.Analyze(req, timeout=timeout)


def normalize(
    stub: pb_grpc.TextAnalysisServiceStub,
    text: str,
    offset_encoding: int = pb.OFFSET_ENCODING_CODE_POINT,
    *,
    include_edits: bool = False,
    normalization: Optional[pb.NormalizationOptions] = None,
    language_code: str = "",
    timeout: Optional[float] = 60.0,
) -> pb.NormalizeResponse:
    """Calls Normalize on ``text``. Raises ``grpc.RpcError`` on failure."""
    req = normalize_request(
        text,
        offset_encoding,
        include_edits=include_edits,
        normalization=normalization,
        language_code=language_code,
    )
    return stub.Normalize(req, timeout=timeout)


def status_details(err: grpc.RpcError) -> Optional[status_pb2.Status]:
    """The ``google.rpc.Status`` a server attached to a failed call, or None.

    It travels in the ``grpc-status-details-bin`` trailing metadata entry (what
    tonic-types' ``with_error_details`` and grpcio-status's ``rpc_status`` use).
    """
    trailing = getattr(err, "trailing_metadata", None)
    if trailing is None:
        return None
    for key, value in trailing() or ():
        if key == _STATUS_DETAILS_KEY:
            status = status_pb2.Status()
            status.ParseFromString(value if isinstance(value, bytes) else value.encode())
            return status
    return None


def bad_request_violations(
    err: Union[grpc.RpcError, status_pb2.Status, None],
) -> list:
    """The ``google.rpc.BadRequest.FieldViolation`` messages of an error.

    ``err`` is a ``grpc.RpcError`` from a call, or a ``google.rpc.Status`` (such as
    ``AnalyzeStreamResponse.error``). Returns an empty list when there are none.
    Each violation has ``field`` (a path like ``document.content``) and
    ``description``.
    """
    status = (
        err
        if isinstance(err, status_pb2.Status)
        else (status_details(err) if err is not None else None)
    )
    if status is None:
        return []
    violations = []
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            violations.extend(bad.field_violations)
    return violations


from .client import AsyncClient, Client, MatnError  # noqa: E402  (uses the helpers above)
