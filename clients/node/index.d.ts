// The API of matn.js. The message types are generated in types.d.ts.

import * as grpc from '@grpc/grpc-js';
import type {
  AnalyzeRequest,
  AnalyzeResponse,
  Features,
  GetCapabilitiesResponse,
  GoogleRpcStatus,
  NormalizeRequest,
  NormalizeResponse,
} from './types';

export * from './types';
export { grpc };

/** A request as the caller writes it: any field, at any depth, may be left out. */
export type DeepPartial<T> = {
  [K in keyof T]?: NonNullable<T[K]> extends Buffer | unknown[]
    ? T[K]
    : NonNullable<T[K]> extends object
      ? DeepPartial<NonNullable<T[K]>> | null
      : T[K];
};

/** A TextAnalysisService client (a grpc-js client with the service's methods). */
export interface MatnClient extends grpc.Client {
  callMetadata(): grpc.Metadata;
}

export interface FieldViolation {
  field: string;
  description: string;
}

/** One document's answer in a stream: its response, or why it was refused. */
export type StreamResult =
  | { id: string; response: AnalyzeResponse; error?: undefined }
  | { id: string; response?: undefined; error: GoogleRpcStatus & { violations: FieldViolation[] } };

/** A document of a stream: its text (its id is its index), or [id, text]. */
export type StreamDocument = string | [string, string];

export const DEFAULT_ADDR: string;

export function connect(
  addr?: string,
  options?: { token?: string; tls?: boolean; rootCerts?: Buffer },
): MatnClient;

export function waitForReady(client: MatnClient, seconds?: number): Promise<void>;

/** Analyze `text`; spans in UTF-16 units, so they slice JavaScript strings. */
export function analyze(
  client: MatnClient,
  text: string,
  options?: DeepPartial<Omit<AnalyzeRequest, 'document'>>,
): Promise<AnalyzeResponse>;

export function normalize(
  client: MatnClient,
  text: string,
  options?: DeepPartial<Omit<NormalizeRequest, 'document'>>,
): Promise<NormalizeResponse>;

export function capabilities(client: MatnClient): Promise<GetCapabilitiesResponse>;

/** Analyze documents over one AnalyzeStream, yielding each result as it comes. */
export function analyzeStream(
  client: MatnClient,
  documents: Iterable<StreamDocument> | AsyncIterable<StreamDocument>,
  options?: { features?: DeepPartial<Features>; inOrder?: boolean },
): AsyncGenerator<StreamResult, void, undefined>;

/** The google.rpc.BadRequest field violations of a failed call. */
export function badRequestViolations(err: unknown): FieldViolation[];
