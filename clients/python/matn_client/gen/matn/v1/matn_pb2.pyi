from google.api import annotations_pb2 as _annotations_pb2
from google.rpc import status_pb2 as _status_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OffsetEncoding(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OFFSET_ENCODING_UNSPECIFIED: _ClassVar[OffsetEncoding]
    OFFSET_ENCODING_UTF8: _ClassVar[OffsetEncoding]
    OFFSET_ENCODING_UTF16: _ClassVar[OffsetEncoding]
    OFFSET_ENCODING_CODE_POINT: _ClassVar[OffsetEncoding]

class NormalizationPreset(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NORMALIZATION_PRESET_UNSPECIFIED: _ClassVar[NormalizationPreset]
    NORMALIZATION_PRESET_STANDARD: _ClassVar[NormalizationPreset]
    NORMALIZATION_PRESET_MINIMAL: _ClassVar[NormalizationPreset]

class DigitStyle(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DIGIT_STYLE_UNSPECIFIED: _ClassVar[DigitStyle]
    DIGIT_STYLE_PERSIAN: _ClassVar[DigitStyle]
    DIGIT_STYLE_LATIN: _ClassVar[DigitStyle]
    DIGIT_STYLE_KEEP: _ClassVar[DigitStyle]

class HehHamzaStyle(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    HEH_HAMZA_STYLE_UNSPECIFIED: _ClassVar[HehHamzaStyle]
    HEH_HAMZA_STYLE_KEEP: _ClassVar[HehHamzaStyle]
    HEH_HAMZA_STYLE_COMPOSED: _ClassVar[HehHamzaStyle]
    HEH_HAMZA_STYLE_DECOMPOSED: _ClassVar[HehHamzaStyle]

class ComparativeStyle(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMPARATIVE_STYLE_UNSPECIFIED: _ClassVar[ComparativeStyle]
    COMPARATIVE_STYLE_FREQUENCY: _ClassVar[ComparativeStyle]
    COMPARATIVE_STYLE_ZWNJ: _ClassVar[ComparativeStyle]
    COMPARATIVE_STYLE_GLUED: _ClassVar[ComparativeStyle]

class LemmaStyle(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LEMMA_STYLE_UNSPECIFIED: _ClassVar[LemmaStyle]
    LEMMA_STYLE_LEMMA: _ClassVar[LemmaStyle]
    LEMMA_STYLE_STEM: _ClassVar[LemmaStyle]

class TokenKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TOKEN_KIND_UNSPECIFIED: _ClassVar[TokenKind]
    TOKEN_KIND_WORD: _ClassVar[TokenKind]
    TOKEN_KIND_NUMBER: _ClassVar[TokenKind]
    TOKEN_KIND_PUNCTUATION: _ClassVar[TokenKind]
    TOKEN_KIND_URL: _ClassVar[TokenKind]
    TOKEN_KIND_EMAIL: _ClassVar[TokenKind]
    TOKEN_KIND_MENTION: _ClassVar[TokenKind]
    TOKEN_KIND_HASHTAG: _ClassVar[TokenKind]
    TOKEN_KIND_EMOJI: _ClassVar[TokenKind]
    TOKEN_KIND_SYMBOL: _ClassVar[TokenKind]

class EntityType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENTITY_TYPE_UNSPECIFIED: _ClassVar[EntityType]
    ENTITY_TYPE_PERSON: _ClassVar[EntityType]
    ENTITY_TYPE_LOCATION: _ClassVar[EntityType]
    ENTITY_TYPE_ORGANIZATION: _ClassVar[EntityType]
    ENTITY_TYPE_EVENT: _ClassVar[EntityType]
    ENTITY_TYPE_DATE: _ClassVar[EntityType]
    ENTITY_TYPE_TIME: _ClassVar[EntityType]
    ENTITY_TYPE_NUMBER: _ClassVar[EntityType]
    ENTITY_TYPE_MONEY: _ClassVar[EntityType]
    ENTITY_TYPE_PERCENT: _ClassVar[EntityType]
    ENTITY_TYPE_PHONE: _ClassVar[EntityType]
    ENTITY_TYPE_EMAIL: _ClassVar[EntityType]
    ENTITY_TYPE_URL: _ClassVar[EntityType]
    ENTITY_TYPE_HASHTAG: _ClassVar[EntityType]
    ENTITY_TYPE_MENTION: _ClassVar[EntityType]

class Layer(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LAYER_UNSPECIFIED: _ClassVar[Layer]
    LAYER_LEMMAS: _ClassVar[Layer]
    LAYER_NAMED_ENTITIES: _ClassVar[Layer]
    LAYER_KEYWORDS: _ClassVar[Layer]
    LAYER_QUOTES: _ClassVar[Layer]
    LAYER_ATTRIBUTIONS: _ClassVar[Layer]
OFFSET_ENCODING_UNSPECIFIED: OffsetEncoding
OFFSET_ENCODING_UTF8: OffsetEncoding
OFFSET_ENCODING_UTF16: OffsetEncoding
OFFSET_ENCODING_CODE_POINT: OffsetEncoding
NORMALIZATION_PRESET_UNSPECIFIED: NormalizationPreset
NORMALIZATION_PRESET_STANDARD: NormalizationPreset
NORMALIZATION_PRESET_MINIMAL: NormalizationPreset
DIGIT_STYLE_UNSPECIFIED: DigitStyle
DIGIT_STYLE_PERSIAN: DigitStyle
DIGIT_STYLE_LATIN: DigitStyle
DIGIT_STYLE_KEEP: DigitStyle
HEH_HAMZA_STYLE_UNSPECIFIED: HehHamzaStyle
HEH_HAMZA_STYLE_KEEP: HehHamzaStyle
HEH_HAMZA_STYLE_COMPOSED: HehHamzaStyle
HEH_HAMZA_STYLE_DECOMPOSED: HehHamzaStyle
COMPARATIVE_STYLE_UNSPECIFIED: ComparativeStyle
COMPARATIVE_STYLE_FREQUENCY: ComparativeStyle
COMPARATIVE_STYLE_ZWNJ: ComparativeStyle
COMPARATIVE_STYLE_GLUED: ComparativeStyle
LEMMA_STYLE_UNSPECIFIED: LemmaStyle
LEMMA_STYLE_LEMMA: LemmaStyle
LEMMA_STYLE_STEM: LemmaStyle
TOKEN_KIND_UNSPECIFIED: TokenKind
TOKEN_KIND_WORD: TokenKind
TOKEN_KIND_NUMBER: TokenKind
TOKEN_KIND_PUNCTUATION: TokenKind
TOKEN_KIND_URL: TokenKind
TOKEN_KIND_EMAIL: TokenKind
TOKEN_KIND_MENTION: TokenKind
TOKEN_KIND_HASHTAG: TokenKind
TOKEN_KIND_EMOJI: TokenKind
TOKEN_KIND_SYMBOL: TokenKind
ENTITY_TYPE_UNSPECIFIED: EntityType
ENTITY_TYPE_PERSON: EntityType
ENTITY_TYPE_LOCATION: EntityType
ENTITY_TYPE_ORGANIZATION: EntityType
ENTITY_TYPE_EVENT: EntityType
ENTITY_TYPE_DATE: EntityType
ENTITY_TYPE_TIME: EntityType
ENTITY_TYPE_NUMBER: EntityType
ENTITY_TYPE_MONEY: EntityType
ENTITY_TYPE_PERCENT: EntityType
ENTITY_TYPE_PHONE: EntityType
ENTITY_TYPE_EMAIL: EntityType
ENTITY_TYPE_URL: EntityType
ENTITY_TYPE_HASHTAG: EntityType
ENTITY_TYPE_MENTION: EntityType
LAYER_UNSPECIFIED: Layer
LAYER_LEMMAS: Layer
LAYER_NAMED_ENTITIES: Layer
LAYER_KEYWORDS: Layer
LAYER_QUOTES: Layer
LAYER_ATTRIBUTIONS: Layer

class Document(_message.Message):
    __slots__ = ("content", "language_code")
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    content: str
    language_code: str
    def __init__(self, content: _Optional[str] = ..., language_code: _Optional[str] = ...) -> None: ...

class Features(_message.Message):
    __slots__ = ("normalize", "sentences", "tokens", "lemmas", "entities", "keywords", "quotes", "attributions", "edits")
    NORMALIZE_FIELD_NUMBER: _ClassVar[int]
    SENTENCES_FIELD_NUMBER: _ClassVar[int]
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    LEMMAS_FIELD_NUMBER: _ClassVar[int]
    ENTITIES_FIELD_NUMBER: _ClassVar[int]
    KEYWORDS_FIELD_NUMBER: _ClassVar[int]
    QUOTES_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTIONS_FIELD_NUMBER: _ClassVar[int]
    EDITS_FIELD_NUMBER: _ClassVar[int]
    normalize: bool
    sentences: bool
    tokens: bool
    lemmas: bool
    entities: bool
    keywords: bool
    quotes: bool
    attributions: bool
    edits: bool
    def __init__(self, normalize: _Optional[bool] = ..., sentences: _Optional[bool] = ..., tokens: _Optional[bool] = ..., lemmas: _Optional[bool] = ..., entities: _Optional[bool] = ..., keywords: _Optional[bool] = ..., quotes: _Optional[bool] = ..., attributions: _Optional[bool] = ..., edits: _Optional[bool] = ...) -> None: ...

class NormalizationOptions(_message.Message):
    __slots__ = ("preset", "digits", "heh_hamza", "unicode", "letters", "diacritics", "invisible", "whitespace", "punctuation", "spacing", "zwnj", "zwnj_glued", "zwnj_spaced", "comparative_style")
    PRESET_FIELD_NUMBER: _ClassVar[int]
    DIGITS_FIELD_NUMBER: _ClassVar[int]
    HEH_HAMZA_FIELD_NUMBER: _ClassVar[int]
    UNICODE_FIELD_NUMBER: _ClassVar[int]
    LETTERS_FIELD_NUMBER: _ClassVar[int]
    DIACRITICS_FIELD_NUMBER: _ClassVar[int]
    INVISIBLE_FIELD_NUMBER: _ClassVar[int]
    WHITESPACE_FIELD_NUMBER: _ClassVar[int]
    PUNCTUATION_FIELD_NUMBER: _ClassVar[int]
    SPACING_FIELD_NUMBER: _ClassVar[int]
    ZWNJ_FIELD_NUMBER: _ClassVar[int]
    ZWNJ_GLUED_FIELD_NUMBER: _ClassVar[int]
    ZWNJ_SPACED_FIELD_NUMBER: _ClassVar[int]
    COMPARATIVE_STYLE_FIELD_NUMBER: _ClassVar[int]
    preset: NormalizationPreset
    digits: DigitStyle
    heh_hamza: HehHamzaStyle
    unicode: bool
    letters: bool
    diacritics: bool
    invisible: bool
    whitespace: bool
    punctuation: bool
    spacing: bool
    zwnj: bool
    zwnj_glued: bool
    zwnj_spaced: bool
    comparative_style: ComparativeStyle
    def __init__(self, preset: _Optional[_Union[NormalizationPreset, str]] = ..., digits: _Optional[_Union[DigitStyle, str]] = ..., heh_hamza: _Optional[_Union[HehHamzaStyle, str]] = ..., unicode: _Optional[bool] = ..., letters: _Optional[bool] = ..., diacritics: _Optional[bool] = ..., invisible: _Optional[bool] = ..., whitespace: _Optional[bool] = ..., punctuation: _Optional[bool] = ..., spacing: _Optional[bool] = ..., zwnj: _Optional[bool] = ..., zwnj_glued: _Optional[bool] = ..., zwnj_spaced: _Optional[bool] = ..., comparative_style: _Optional[_Union[ComparativeStyle, str]] = ...) -> None: ...

class AnalyzeRequest(_message.Message):
    __slots__ = ("document", "features", "normalization", "offset_encoding", "lemma_style", "split_at_semicolon", "max_keywords", "document_date")
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    FEATURES_FIELD_NUMBER: _ClassVar[int]
    NORMALIZATION_FIELD_NUMBER: _ClassVar[int]
    OFFSET_ENCODING_FIELD_NUMBER: _ClassVar[int]
    LEMMA_STYLE_FIELD_NUMBER: _ClassVar[int]
    SPLIT_AT_SEMICOLON_FIELD_NUMBER: _ClassVar[int]
    MAX_KEYWORDS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_DATE_FIELD_NUMBER: _ClassVar[int]
    document: Document
    features: Features
    normalization: NormalizationOptions
    offset_encoding: OffsetEncoding
    lemma_style: LemmaStyle
    split_at_semicolon: bool
    max_keywords: int
    document_date: str
    def __init__(self, document: _Optional[_Union[Document, _Mapping]] = ..., features: _Optional[_Union[Features, _Mapping]] = ..., normalization: _Optional[_Union[NormalizationOptions, _Mapping]] = ..., offset_encoding: _Optional[_Union[OffsetEncoding, str]] = ..., lemma_style: _Optional[_Union[LemmaStyle, str]] = ..., split_at_semicolon: _Optional[bool] = ..., max_keywords: _Optional[int] = ..., document_date: _Optional[str] = ...) -> None: ...

class Span(_message.Message):
    __slots__ = ("start", "end")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    start: int
    end: int
    def __init__(self, start: _Optional[int] = ..., end: _Optional[int] = ...) -> None: ...

class Language(_message.Message):
    __slots__ = ("code", "score")
    CODE_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    code: str
    score: float
    def __init__(self, code: _Optional[str] = ..., score: _Optional[float] = ...) -> None: ...

class Sentence(_message.Message):
    __slots__ = ("span", "normalized_span", "text", "first_token", "token_count")
    SPAN_FIELD_NUMBER: _ClassVar[int]
    NORMALIZED_SPAN_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    FIRST_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOKEN_COUNT_FIELD_NUMBER: _ClassVar[int]
    span: Span
    normalized_span: Span
    text: str
    first_token: int
    token_count: int
    def __init__(self, span: _Optional[_Union[Span, _Mapping]] = ..., normalized_span: _Optional[_Union[Span, _Mapping]] = ..., text: _Optional[str] = ..., first_token: _Optional[int] = ..., token_count: _Optional[int] = ...) -> None: ...

class Token(_message.Message):
    __slots__ = ("span", "normalized_span", "text", "normalized", "kind", "lemma", "stopword", "sentence_index", "verb_group")
    SPAN_FIELD_NUMBER: _ClassVar[int]
    NORMALIZED_SPAN_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    NORMALIZED_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LEMMA_FIELD_NUMBER: _ClassVar[int]
    STOPWORD_FIELD_NUMBER: _ClassVar[int]
    SENTENCE_INDEX_FIELD_NUMBER: _ClassVar[int]
    VERB_GROUP_FIELD_NUMBER: _ClassVar[int]
    span: Span
    normalized_span: Span
    text: str
    normalized: str
    kind: TokenKind
    lemma: str
    stopword: bool
    sentence_index: int
    verb_group: int
    def __init__(self, span: _Optional[_Union[Span, _Mapping]] = ..., normalized_span: _Optional[_Union[Span, _Mapping]] = ..., text: _Optional[str] = ..., normalized: _Optional[str] = ..., kind: _Optional[_Union[TokenKind, str]] = ..., lemma: _Optional[str] = ..., stopword: _Optional[bool] = ..., sentence_index: _Optional[int] = ..., verb_group: _Optional[int] = ...) -> None: ...

class EntityMention(_message.Message):
    __slots__ = ("span", "normalized_span", "text")
    SPAN_FIELD_NUMBER: _ClassVar[int]
    NORMALIZED_SPAN_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    span: Span
    normalized_span: Span
    text: str
    def __init__(self, span: _Optional[_Union[Span, _Mapping]] = ..., normalized_span: _Optional[_Union[Span, _Mapping]] = ..., text: _Optional[str] = ...) -> None: ...

class MoneyValue(_message.Message):
    __slots__ = ("amount", "currency_code", "note")
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    amount: float
    currency_code: str
    note: str
    def __init__(self, amount: _Optional[float] = ..., currency_code: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class EntityValue(_message.Message):
    __slots__ = ("date", "time", "number", "money", "text", "relative")
    DATE_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    MONEY_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    RELATIVE_FIELD_NUMBER: _ClassVar[int]
    date: str
    time: str
    number: float
    money: MoneyValue
    text: str
    relative: bool
    def __init__(self, date: _Optional[str] = ..., time: _Optional[str] = ..., number: _Optional[float] = ..., money: _Optional[_Union[MoneyValue, _Mapping]] = ..., text: _Optional[str] = ..., relative: _Optional[bool] = ...) -> None: ...

class Entity(_message.Message):
    __slots__ = ("type", "text", "mentions", "value", "confidence", "source")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    MENTIONS_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    type: EntityType
    text: str
    mentions: _containers.RepeatedCompositeFieldContainer[EntityMention]
    value: EntityValue
    confidence: float
    source: str
    def __init__(self, type: _Optional[_Union[EntityType, str]] = ..., text: _Optional[str] = ..., mentions: _Optional[_Iterable[_Union[EntityMention, _Mapping]]] = ..., value: _Optional[_Union[EntityValue, _Mapping]] = ..., confidence: _Optional[float] = ..., source: _Optional[str] = ...) -> None: ...

class Keyword(_message.Message):
    __slots__ = ("phrase", "score", "spans")
    PHRASE_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    SPANS_FIELD_NUMBER: _ClassVar[int]
    phrase: str
    score: float
    spans: _containers.RepeatedCompositeFieldContainer[Span]
    def __init__(self, phrase: _Optional[str] = ..., score: _Optional[float] = ..., spans: _Optional[_Iterable[_Union[Span, _Mapping]]] = ...) -> None: ...

class Quote(_message.Message):
    __slots__ = ("span", "text", "speaker_span", "speaker", "reporting_verb", "direct", "speaker_entity")
    SPAN_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    SPEAKER_SPAN_FIELD_NUMBER: _ClassVar[int]
    SPEAKER_FIELD_NUMBER: _ClassVar[int]
    REPORTING_VERB_FIELD_NUMBER: _ClassVar[int]
    DIRECT_FIELD_NUMBER: _ClassVar[int]
    SPEAKER_ENTITY_FIELD_NUMBER: _ClassVar[int]
    span: Span
    text: str
    speaker_span: Span
    speaker: str
    reporting_verb: str
    direct: bool
    speaker_entity: int
    def __init__(self, span: _Optional[_Union[Span, _Mapping]] = ..., text: _Optional[str] = ..., speaker_span: _Optional[_Union[Span, _Mapping]] = ..., speaker: _Optional[str] = ..., reporting_verb: _Optional[str] = ..., direct: _Optional[bool] = ..., speaker_entity: _Optional[int] = ...) -> None: ...

class Attribution(_message.Message):
    __slots__ = ("span", "source_span", "source", "cue")
    SPAN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_SPAN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CUE_FIELD_NUMBER: _ClassVar[int]
    span: Span
    source_span: Span
    source: str
    cue: str
    def __init__(self, span: _Optional[_Union[Span, _Mapping]] = ..., source_span: _Optional[_Union[Span, _Mapping]] = ..., source: _Optional[str] = ..., cue: _Optional[str] = ...) -> None: ...

class Edit(_message.Message):
    __slots__ = ("span", "normalized_span", "original", "replacement", "rule")
    SPAN_FIELD_NUMBER: _ClassVar[int]
    NORMALIZED_SPAN_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_FIELD_NUMBER: _ClassVar[int]
    REPLACEMENT_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    span: Span
    normalized_span: Span
    original: str
    replacement: str
    rule: str
    def __init__(self, span: _Optional[_Union[Span, _Mapping]] = ..., normalized_span: _Optional[_Union[Span, _Mapping]] = ..., original: _Optional[str] = ..., replacement: _Optional[str] = ..., rule: _Optional[str] = ...) -> None: ...

class DocumentStats(_message.Message):
    __slots__ = ("bytes", "code_points", "sentences", "tokens", "words", "edits")
    BYTES_FIELD_NUMBER: _ClassVar[int]
    CODE_POINTS_FIELD_NUMBER: _ClassVar[int]
    SENTENCES_FIELD_NUMBER: _ClassVar[int]
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    WORDS_FIELD_NUMBER: _ClassVar[int]
    EDITS_FIELD_NUMBER: _ClassVar[int]
    bytes: int
    code_points: int
    sentences: int
    tokens: int
    words: int
    edits: int
    def __init__(self, bytes: _Optional[int] = ..., code_points: _Optional[int] = ..., sentences: _Optional[int] = ..., tokens: _Optional[int] = ..., words: _Optional[int] = ..., edits: _Optional[int] = ...) -> None: ...

class AnalyzeResponse(_message.Message):
    __slots__ = ("normalized_text", "language", "sentences", "tokens", "entities", "keywords", "quotes", "attributions", "edits", "stats", "skipped_layers")
    NORMALIZED_TEXT_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    SENTENCES_FIELD_NUMBER: _ClassVar[int]
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    ENTITIES_FIELD_NUMBER: _ClassVar[int]
    KEYWORDS_FIELD_NUMBER: _ClassVar[int]
    QUOTES_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTIONS_FIELD_NUMBER: _ClassVar[int]
    EDITS_FIELD_NUMBER: _ClassVar[int]
    STATS_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_LAYERS_FIELD_NUMBER: _ClassVar[int]
    normalized_text: str
    language: Language
    sentences: _containers.RepeatedCompositeFieldContainer[Sentence]
    tokens: _containers.RepeatedCompositeFieldContainer[Token]
    entities: _containers.RepeatedCompositeFieldContainer[Entity]
    keywords: _containers.RepeatedCompositeFieldContainer[Keyword]
    quotes: _containers.RepeatedCompositeFieldContainer[Quote]
    attributions: _containers.RepeatedCompositeFieldContainer[Attribution]
    edits: _containers.RepeatedCompositeFieldContainer[Edit]
    stats: DocumentStats
    skipped_layers: _containers.RepeatedCompositeFieldContainer[SkippedLayer]
    def __init__(self, normalized_text: _Optional[str] = ..., language: _Optional[_Union[Language, _Mapping]] = ..., sentences: _Optional[_Iterable[_Union[Sentence, _Mapping]]] = ..., tokens: _Optional[_Iterable[_Union[Token, _Mapping]]] = ..., entities: _Optional[_Iterable[_Union[Entity, _Mapping]]] = ..., keywords: _Optional[_Iterable[_Union[Keyword, _Mapping]]] = ..., quotes: _Optional[_Iterable[_Union[Quote, _Mapping]]] = ..., attributions: _Optional[_Iterable[_Union[Attribution, _Mapping]]] = ..., edits: _Optional[_Iterable[_Union[Edit, _Mapping]]] = ..., stats: _Optional[_Union[DocumentStats, _Mapping]] = ..., skipped_layers: _Optional[_Iterable[_Union[SkippedLayer, _Mapping]]] = ...) -> None: ...

class SkippedLayer(_message.Message):
    __slots__ = ("layer", "reason")
    LAYER_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    layer: Layer
    reason: str
    def __init__(self, layer: _Optional[_Union[Layer, str]] = ..., reason: _Optional[str] = ...) -> None: ...

class AnalyzeStreamRequest(_message.Message):
    __slots__ = ("id", "request", "options")
    ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    id: str
    request: AnalyzeRequest
    options: AnalyzeStreamOptions
    def __init__(self, id: _Optional[str] = ..., request: _Optional[_Union[AnalyzeRequest, _Mapping]] = ..., options: _Optional[_Union[AnalyzeStreamOptions, _Mapping]] = ...) -> None: ...

class AnalyzeStreamOptions(_message.Message):
    __slots__ = ("in_order",)
    IN_ORDER_FIELD_NUMBER: _ClassVar[int]
    in_order: bool
    def __init__(self, in_order: _Optional[bool] = ...) -> None: ...

class AnalyzeStreamSummary(_message.Message):
    __slots__ = ("documents", "succeeded", "failed", "content_bytes", "elapsed_ms")
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    SUCCEEDED_FIELD_NUMBER: _ClassVar[int]
    FAILED_FIELD_NUMBER: _ClassVar[int]
    CONTENT_BYTES_FIELD_NUMBER: _ClassVar[int]
    ELAPSED_MS_FIELD_NUMBER: _ClassVar[int]
    documents: int
    succeeded: int
    failed: int
    content_bytes: int
    elapsed_ms: int
    def __init__(self, documents: _Optional[int] = ..., succeeded: _Optional[int] = ..., failed: _Optional[int] = ..., content_bytes: _Optional[int] = ..., elapsed_ms: _Optional[int] = ...) -> None: ...

class AnalyzeStreamResponse(_message.Message):
    __slots__ = ("id", "response", "error", "summary")
    ID_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    id: str
    response: AnalyzeResponse
    error: _status_pb2.Status
    summary: AnalyzeStreamSummary
    def __init__(self, id: _Optional[str] = ..., response: _Optional[_Union[AnalyzeResponse, _Mapping]] = ..., error: _Optional[_Union[_status_pb2.Status, _Mapping]] = ..., summary: _Optional[_Union[AnalyzeStreamSummary, _Mapping]] = ...) -> None: ...

class StreamTextConfig(_message.Message):
    __slots__ = ("features", "normalization", "offset_encoding", "language_code", "lemma_style", "split_at_semicolon", "max_keywords", "document_date")
    FEATURES_FIELD_NUMBER: _ClassVar[int]
    NORMALIZATION_FIELD_NUMBER: _ClassVar[int]
    OFFSET_ENCODING_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    LEMMA_STYLE_FIELD_NUMBER: _ClassVar[int]
    SPLIT_AT_SEMICOLON_FIELD_NUMBER: _ClassVar[int]
    MAX_KEYWORDS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_DATE_FIELD_NUMBER: _ClassVar[int]
    features: Features
    normalization: NormalizationOptions
    offset_encoding: OffsetEncoding
    language_code: str
    lemma_style: LemmaStyle
    split_at_semicolon: bool
    max_keywords: int
    document_date: str
    def __init__(self, features: _Optional[_Union[Features, _Mapping]] = ..., normalization: _Optional[_Union[NormalizationOptions, _Mapping]] = ..., offset_encoding: _Optional[_Union[OffsetEncoding, str]] = ..., language_code: _Optional[str] = ..., lemma_style: _Optional[_Union[LemmaStyle, str]] = ..., split_at_semicolon: _Optional[bool] = ..., max_keywords: _Optional[int] = ..., document_date: _Optional[str] = ...) -> None: ...

class StreamTextRequest(_message.Message):
    __slots__ = ("config", "text")
    CONFIG_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    config: StreamTextConfig
    text: str
    def __init__(self, config: _Optional[_Union[StreamTextConfig, _Mapping]] = ..., text: _Optional[str] = ...) -> None: ...

class StreamTextResponse(_message.Message):
    __slots__ = ("sentence_index", "analysis")
    SENTENCE_INDEX_FIELD_NUMBER: _ClassVar[int]
    ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    sentence_index: int
    analysis: AnalyzeResponse
    def __init__(self, sentence_index: _Optional[int] = ..., analysis: _Optional[_Union[AnalyzeResponse, _Mapping]] = ...) -> None: ...

class NormalizeRequest(_message.Message):
    __slots__ = ("document", "normalization", "offset_encoding", "include_edits")
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    NORMALIZATION_FIELD_NUMBER: _ClassVar[int]
    OFFSET_ENCODING_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_EDITS_FIELD_NUMBER: _ClassVar[int]
    document: Document
    normalization: NormalizationOptions
    offset_encoding: OffsetEncoding
    include_edits: bool
    def __init__(self, document: _Optional[_Union[Document, _Mapping]] = ..., normalization: _Optional[_Union[NormalizationOptions, _Mapping]] = ..., offset_encoding: _Optional[_Union[OffsetEncoding, str]] = ..., include_edits: _Optional[bool] = ...) -> None: ...

class NormalizeResponse(_message.Message):
    __slots__ = ("normalized_text", "edits", "language")
    NORMALIZED_TEXT_FIELD_NUMBER: _ClassVar[int]
    EDITS_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    normalized_text: str
    edits: _containers.RepeatedCompositeFieldContainer[Edit]
    language: Language
    def __init__(self, normalized_text: _Optional[str] = ..., edits: _Optional[_Iterable[_Union[Edit, _Mapping]]] = ..., language: _Optional[_Union[Language, _Mapping]] = ...) -> None: ...

class GetCapabilitiesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class NormalizationStep(_message.Message):
    __slots__ = ("id", "description", "enabled_in_standard", "enabled_in_minimal", "rule_ids")
    ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ENABLED_IN_STANDARD_FIELD_NUMBER: _ClassVar[int]
    ENABLED_IN_MINIMAL_FIELD_NUMBER: _ClassVar[int]
    RULE_IDS_FIELD_NUMBER: _ClassVar[int]
    id: str
    description: str
    enabled_in_standard: bool
    enabled_in_minimal: bool
    rule_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., description: _Optional[str] = ..., enabled_in_standard: _Optional[bool] = ..., enabled_in_minimal: _Optional[bool] = ..., rule_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class Limits(_message.Message):
    __slots__ = ("max_document_bytes", "max_message_bytes", "stream_max_in_flight", "workers", "max_in_flight", "max_in_flight_per_connection", "request_timeout_ms", "max_streams", "stream_idle_timeout_ms", "max_concurrent_streams", "idle_connection_timeout_ms")
    MAX_DOCUMENT_BYTES_FIELD_NUMBER: _ClassVar[int]
    MAX_MESSAGE_BYTES_FIELD_NUMBER: _ClassVar[int]
    STREAM_MAX_IN_FLIGHT_FIELD_NUMBER: _ClassVar[int]
    WORKERS_FIELD_NUMBER: _ClassVar[int]
    MAX_IN_FLIGHT_FIELD_NUMBER: _ClassVar[int]
    MAX_IN_FLIGHT_PER_CONNECTION_FIELD_NUMBER: _ClassVar[int]
    REQUEST_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    MAX_STREAMS_FIELD_NUMBER: _ClassVar[int]
    STREAM_IDLE_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    MAX_CONCURRENT_STREAMS_FIELD_NUMBER: _ClassVar[int]
    IDLE_CONNECTION_TIMEOUT_MS_FIELD_NUMBER: _ClassVar[int]
    max_document_bytes: int
    max_message_bytes: int
    stream_max_in_flight: int
    workers: int
    max_in_flight: int
    max_in_flight_per_connection: int
    request_timeout_ms: int
    max_streams: int
    stream_idle_timeout_ms: int
    max_concurrent_streams: int
    idle_connection_timeout_ms: int
    def __init__(self, max_document_bytes: _Optional[int] = ..., max_message_bytes: _Optional[int] = ..., stream_max_in_flight: _Optional[int] = ..., workers: _Optional[int] = ..., max_in_flight: _Optional[int] = ..., max_in_flight_per_connection: _Optional[int] = ..., request_timeout_ms: _Optional[int] = ..., max_streams: _Optional[int] = ..., stream_idle_timeout_ms: _Optional[int] = ..., max_concurrent_streams: _Optional[int] = ..., idle_connection_timeout_ms: _Optional[int] = ...) -> None: ...

class GetCapabilitiesResponse(_message.Message):
    __slots__ = ("server_version", "normalization_steps", "entity_types", "limits", "features")
    SERVER_VERSION_FIELD_NUMBER: _ClassVar[int]
    NORMALIZATION_STEPS_FIELD_NUMBER: _ClassVar[int]
    ENTITY_TYPES_FIELD_NUMBER: _ClassVar[int]
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    FEATURES_FIELD_NUMBER: _ClassVar[int]
    server_version: str
    normalization_steps: _containers.RepeatedCompositeFieldContainer[NormalizationStep]
    entity_types: _containers.RepeatedScalarFieldContainer[EntityType]
    limits: Limits
    features: Features
    def __init__(self, server_version: _Optional[str] = ..., normalization_steps: _Optional[_Iterable[_Union[NormalizationStep, _Mapping]]] = ..., entity_types: _Optional[_Iterable[_Union[EntityType, str]]] = ..., limits: _Optional[_Union[Limits, _Mapping]] = ..., features: _Optional[_Union[Features, _Mapping]] = ...) -> None: ...
