"""The high-level clients: :class:`Client` (blocking) and :class:`AsyncClient`
(asyncio), over one gRPC channel each.

Both raise :class:`MatnError` for a failed call, with the server's
``google.rpc.BadRequest`` field violations decoded, and stream documents with
``analyze_stream``, yielding each result as the server sends it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import (
    AsyncIterable,
    AsyncIterator,
    Iterable,
    Iterator,
    List,
    Optional,
    Sequence,
    Tuple,
    Union,
)

import grpc
from google.rpc import status_pb2

from . import (
    DEFAULT_ADDR,
    analyze_request,
    bad_request_violations,
    channel_options,
    normalize_request,
    target,
)
from .gen.matn.v1 import matn_pb2 as pb
from .gen.matn.v1 import matn_pb2_grpc as pb_grpc

#: Features by name (``["tokens", "entities"]``), or a ``pb.Features``; None asks
#: for every feature.
FeaturesArg = Union[pb.Features, Iterable[str], None]
#: A document of a stream: its text, or ``(id, text)``.
StreamDocument = Union[str, Tuple[str, str]]


@dataclass
class Violation:
    """One field the server refused: its path (``document.content``) and why."""

    field: str
    description: str


class MatnError(Exception):
    """A call the server refused or could not answer.

    ``code`` is the ``grpc.StatusCode``, ``message`` the server's text and
    ``violations`` the fields it names (empty where it names none).
    """

    def __init__(self, code: grpc.StatusCode, message: str, violations: List[Violation]):
        self.code = code
        self.message = message
        self.violations = violations
        detail = "; ".join(f"{v.field}: {v.description}" for v in violations)
        super().__init__(f"{code.name}: {message}" + (f" ({detail})" if detail else ""))

    @classmethod
    def from_rpc_error(cls, err: grpc.RpcError) -> "MatnError":
        return cls(err.code(), err.details() or "", _violations(err))

    @classmethod
    def from_status(cls, status: status_pb2.Status) -> "MatnError":
        """The error of one document of a stream (``google.rpc.Status``)."""
        code = next((c for c in grpc.StatusCode if c.value[0] == status.code), grpc.StatusCode.UNKNOWN)
        return cls(code, status.message, _violations(status))


def _violations(err) -> List[Violation]:
    return [Violation(v.field, v.description) for v in bad_request_violations(err)]


@dataclass
class StreamResult:
    """One document's answer in a stream: its ``response`` or its ``error``."""

    id: str
    response: Optional[pb.AnalyzeResponse] = None
    error: Optional[MatnError] = None


@dataclass
class _Settings:
    """What both clients share: the request defaults and the channel's options."""

    offset_encoding: int = pb.OFFSET_ENCODING_CODE_POINT
    timeout: Optional[float] = 60.0
    metadata: List[Tuple[str, str]] = field(default_factory=list)


def features_message(features: FeaturesArg) -> Optional[pb.Features]:
    """``features`` as a ``pb.Features``; names must be fields of it."""
    if features is None or isinstance(features, pb.Features):
        return features
    names = [features] if isinstance(features, str) else list(features)
    known = {f.name for f in pb.Features.DESCRIPTOR.fields}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"unknown features {unknown}; known: {sorted(known)}")
    return pb.Features(**{n: True for n in names})


def _credentials(tls: bool, root_certificates: Union[bytes, str, Path, None]):
    if root_certificates is not None and not isinstance(root_certificates, bytes):
        root_certificates = Path(root_certificates).read_bytes()
    if not tls and root_certificates is None:
        return None
    return grpc.ssl_channel_credentials(root_certificates=root_certificates)


def _analyze_request(settings: _Settings, text: str, features, normalization, language_code):
    return analyze_request(
        text,
        settings.offset_encoding,
        features=features_message(features),
        normalization=normalization,
        language_code=language_code,
    )


def _normalize_request(settings: _Settings, text, include_edits, normalization, language_code):
    return normalize_request(
        text,
        settings.offset_encoding,
        include_edits=include_edits,
        normalization=normalization,
        language_code=language_code,
    )


def _stream_requests(settings, documents: Iterable[StreamDocument], features, in_order):
    for n, doc in enumerate(documents):
        doc_id, text = doc if isinstance(doc, tuple) else (str(n), doc)
        req = pb.AnalyzeStreamRequest(
            id=doc_id, request=_analyze_request(settings, text, features, None, "")
        )
        if n == 0 and in_order:
            req.options.in_order = True
        yield req


def _stream_result(resp: pb.AnalyzeStreamResponse) -> Optional[StreamResult]:
    kind = resp.WhichOneof("result")
    if kind == "response":
        return StreamResult(resp.id, response=resp.response)
    if kind == "error":
        return StreamResult(resp.id, error=MatnError.from_status(resp.error))
    return None  # the closing summary


class _Base:
    """The channel and request defaults both clients are made of."""

    _channels = (grpc.secure_channel, grpc.insecure_channel)

    def __init__(
        self,
        addr: str = DEFAULT_ADDR,
        *,
        token: Optional[str] = None,
        tls: bool = False,
        root_certificates: Union[bytes, str, Path, None] = None,
        timeout: Optional[float] = 60.0,
        offset_encoding: int = pb.OFFSET_ENCODING_CODE_POINT,
        options: Sequence[Tuple[str, object]] = (),
    ):
        self._settings = _Settings(offset_encoding, timeout)
        if token:
            self._settings.metadata.append(("authorization", f"Bearer {token}"))
        opts = channel_options(options)
        creds = _credentials(tls, root_certificates)
        secure, insecure = self._channels
        self.channel = (
            secure(target(addr), creds, options=opts)
            if creds
            else insecure(target(addr), options=opts)
        )
        self.stub = pb_grpc.TextAnalysisServiceStub(self.channel)


class Client(_Base):
    """A blocking client over one channel; use it in a ``with`` block or call
    :meth:`close`.

    ``tls=True`` (or ``root_certificates``, PEM bytes or a path) connects with
    TLS; ``token`` sends ``authorization: Bearer <token>`` with every call.
    Spans are in ``offset_encoding`` (code points by default: they index the
    Python ``str``).
    """

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.channel.close()

    def _call(self, method, request):
        try:
            return method(request, timeout=self._settings.timeout, metadata=self._settings.metadata)
        except grpc.RpcError as err:
            raise MatnError.from_rpc_error(err) from None

    def analyze(
        self,
        text: str,
        *,
        features: FeaturesArg = None,
        normalization: Optional[pb.NormalizationOptions] = None,
        language_code: str = "",
    ) -> pb.AnalyzeResponse:
        """Analyzes ``text``; ``features=None`` asks for every feature."""
        req = _analyze_request(self._settings, text, features, normalization, language_code)
        return self._call(self.stub.Analyze, req)

    def normalize(
        self,
        text: str,
        *,
        include_edits: bool = False,
        normalization: Optional[pb.NormalizationOptions] = None,
        language_code: str = "",
    ) -> pb.NormalizeResponse:
        """Normalizes ``text``, with every edit when ``include_edits``."""
        req = _normalize_request(self._settings, text, include_edits, normalization, language_code)
        return self._call(self.stub.Normalize, req)

    def capabilities(self) -> pb.GetCapabilitiesResponse:
        return self._call(self.stub.GetCapabilities, pb.GetCapabilitiesRequest())

    def analyze_stream(
        self,
        documents: Iterable[StreamDocument],
        *,
        features: FeaturesArg = None,
        in_order: bool = False,
    ) -> Iterator[StreamResult]:
        """Analyzes ``documents`` (texts, or ``(id, text)`` pairs; a text's id is
        its index) over one stream, yielding each result as it arrives: by
        default in the order the documents finish, with ``in_order`` in the
        order sent. A document the server refuses comes as a result with an
        ``error``; the stream goes on."""
        requests = _stream_requests(self._settings, documents, features, in_order)
        call = self.stub.AnalyzeStream(requests, metadata=self._settings.metadata)
        try:
            for resp in call:
                result = _stream_result(resp)
                if result is not None:
                    yield result
        except grpc.RpcError as err:
            raise MatnError.from_rpc_error(err) from None
        finally:
            call.cancel()  # a caller that stops early ends the call; after the end, nothing


class AsyncClient(_Base):
    """:class:`Client` for asyncio (``grpc.aio``): the same arguments, and
    methods to ``await``; ``analyze_stream`` is an async generator."""

    _channels = (grpc.aio.secure_channel, grpc.aio.insecure_channel)

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def close(self) -> None:
        await self.channel.close()

    async def _call(self, method, request):
        try:
            return await method(
                request, timeout=self._settings.timeout, metadata=self._settings.metadata
            )
        except grpc.RpcError as err:
            raise MatnError.from_rpc_error(err) from None

    async def analyze(
        self,
        text: str,
        *,
        features: FeaturesArg = None,
        normalization: Optional[pb.NormalizationOptions] = None,
        language_code: str = "",
    ) -> pb.AnalyzeResponse:
        req = _analyze_request(self._settings, text, features, normalization, language_code)
        return await self._call(self.stub.Analyze, req)

    async def normalize(
        self,
        text: str,
        *,
        include_edits: bool = False,
        normalization: Optional[pb.NormalizationOptions] = None,
        language_code: str = "",
    ) -> pb.NormalizeResponse:
        req = _normalize_request(self._settings, text, include_edits, normalization, language_code)
        return await self._call(self.stub.Normalize, req)

    async def capabilities(self) -> pb.GetCapabilitiesResponse:
        return await self._call(self.stub.GetCapabilities, pb.GetCapabilitiesRequest())

    async def analyze_stream(
        self,
        documents: Union[Iterable[StreamDocument], AsyncIterable[StreamDocument]],
        *,
        features: FeaturesArg = None,
        in_order: bool = False,
    ) -> AsyncIterator[StreamResult]:
        """As :meth:`Client.analyze_stream`; ``documents`` may be an async iterable."""
        settings = self._settings

        async def requests():
            if hasattr(documents, "__aiter__"):
                counter = itertools.count()
                async for doc in documents:
                    for req in _stream_requests(settings, [doc], features, False):
                        n = next(counter)
                        if not isinstance(doc, tuple):
                            req.id = str(n)
                        if n == 0 and in_order:
                            req.options.in_order = True
                        yield req
            else:
                for req in _stream_requests(settings, documents, features, in_order):
                    yield req

        call = self.stub.AnalyzeStream(requests(), metadata=settings.metadata)
        try:
            async for resp in call:
                result = _stream_result(resp)
                if result is not None:
                    yield result
        except grpc.RpcError as err:
            raise MatnError.from_rpc_error(err) from None
        finally:
            call.cancel()
