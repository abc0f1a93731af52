'use strict';
// A small helper around the matn.v1 API for Node.js: loads proto/ at run time,
// connects, promisifies the unary calls and decodes google.rpc.BadRequest.

const fs = require('node:fs');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

// The package carries proto/ (copied in by `npm pack`); in the repository it is
// the repository's own.
const PACKAGED_PROTO = path.join(__dirname, 'proto');
const PROTO_DIR = fs.existsSync(path.join(PACKAGED_PROTO, 'matn'))
  ? PACKAGED_PROTO
  : path.resolve(__dirname, '..', '..', 'proto');
const DEFAULT_ADDR = '127.0.0.1:50051';

const definition = protoLoader.loadSync(path.join(PROTO_DIR, 'matn', 'v1', 'matn.proto'), {
  includeDirs: [PROTO_DIR],
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
});
const matn = grpc.loadPackageDefinition(definition).matn.v1;

// google.rpc.Status from proto/, and the one detail message we decode
// (google.rpc.BadRequest, from the public error_details.proto schema).
const root = protobuf.loadSync(path.join(PROTO_DIR, 'google', 'rpc', 'status.proto'));
root.add(
  new protobuf.Type('BadRequest').add(
    new protobuf.Field('fieldViolations', 1, 'FieldViolation', 'repeated'),
  ),
);
root.add(
  new protobuf.Type('FieldViolation')
    .add(new protobuf.Field('field', 1, 'string'))
    .add(new protobuf.Field('description', 2, 'string')),
);
const Status = root.lookupType('google.rpc.Status');
const BadRequest = root.lookupType('BadRequest');

/** Strips a leading http:// (grpc-js wants host:port). */
function target(addr) {
  return (addr || DEFAULT_ADDR).replace(/^http:\/\//, '');
}

// Responses for large documents with every feature can pass gRPC's 4 MiB default.
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/**
 * A TextAnalysisService client. `token` adds `authorization: Bearer <token>`
 * to every call; `tls` (or `rootCerts`, PEM as a Buffer) connects with TLS.
 */
function connect(addr, { token, tls = false, rootCerts } = {}) {
  const credentials =
    tls || rootCerts ? grpc.credentials.createSsl(rootCerts || null) : grpc.credentials.createInsecure();
  const client = new matn.TextAnalysisService(target(addr), credentials, {
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  client.callMetadata = () => {
    const md = new grpc.Metadata();
    if (token) md.set('authorization', `Bearer ${token}`);
    return md;
  };
  return client;
}

/** Resolves once the channel is ready, or rejects after `seconds`. */
function waitForReady(client, seconds = 10) {
  return new Promise((resolve, reject) => {
    client.waitForReady(Date.now() + seconds * 1000, (err) => (err ? reject(err) : resolve()));
  });
}

function unary(client, method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, client.callMetadata(), (err, response) =>
      err ? reject(err) : resolve(response),
    );
  });
}

/** Analyze `text`; offsets in UTF-16 units, so spans slice JavaScript strings. */
function analyze(client, text, options = {}) {
  return unary(client, 'analyze', {
    document: { content: text },
    offsetEncoding: 'OFFSET_ENCODING_UTF16',
    ...options,
  });
}

function normalize(client, text, options = {}) {
  return unary(client, 'normalize', {
    document: { content: text },
    offsetEncoding: 'OFFSET_ENCODING_UTF16',
    ...options,
  });
}

function capabilities(client) {
  return unary(client, 'getCapabilities', {});
}

/**
 * Analyzes `documents` (strings, or [id, text] pairs; a string's id is its
 * index; an async iterable too) over one AnalyzeStream, yielding
 * {id, response} or {id, error} for each as the server finishes it (in the
 * order sent with `inOrder`). A refused document does not end the stream;
 * its `error` is a google.rpc.Status with `violations` decoded.
 */
async function* analyzeStream(client, documents, { features, inOrder = false } = {}) {
  const call = client.analyzeStream(client.callMetadata());
  const writing = (async () => {
    let n = 0;
    for await (const doc of documents) {
      const [id, text] = Array.isArray(doc) ? doc : [String(n), doc];
      const request = { document: { content: text }, offsetEncoding: 'OFFSET_ENCODING_UTF16' };
      if (features) request.features = features;
      const message = { id, request };
      if (n === 0 && inOrder) message.options = { inOrder: true };
      n += 1;
      if (!call.write(message)) await new Promise((resolve) => call.once('drain', resolve));
    }
    call.end();
  })();
  // A failed write ends the call, which the read loop below reports.
  writing.catch((err) => call.destroy(err));
  let finished = false;
  try {
    for await (const resp of call) {
      if (resp.result === 'response') yield { id: resp.id, response: resp.response };
      else if (resp.result === 'error') {
        const status = resp.error;
        yield { id: resp.id, error: { ...status, violations: statusViolations(status) } };
      }
    }
    await writing;
    finished = true;
  } finally {
    // A caller that stops reading early ends the call instead of leaving it open.
    if (!finished) call.cancel();
  }
}

/** The BadRequest field violations of a decoded google.rpc.Status. */
function statusViolations(status) {
  const out = [];
  for (const any of (status && status.details) || []) {
    const typeUrl = any.typeUrl || any.type_url;
    if (typeUrl === 'type.googleapis.com/google.rpc.BadRequest') {
      for (const v of BadRequest.decode(any.value).fieldViolations) {
        out.push({ field: v.field, description: v.description });
      }
    }
  }
  return out;
}

/**
 * The google.rpc.BadRequest field violations carried by a gRPC error, as
 * [{field, description}]; empty when it carries none.
 */
function badRequestViolations(err) {
  const raw = err && err.metadata && err.metadata.get('grpc-status-details-bin')[0];
  if (!raw) return [];
  return statusViolations(Status.decode(raw));
}

module.exports = {
  DEFAULT_ADDR,
  analyze,
  analyzeStream,
  badRequestViolations,
  capabilities,
  connect,
  grpc,
  normalize,
  waitForReady,
};
