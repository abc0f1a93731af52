'use strict';
// A small helper around the matn.v1 API for Node.js: loads proto/ at run time,
// connects, promisifies the unary calls and decodes google.rpc.BadRequest.

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

const PROTO_DIR = path.resolve(__dirname, '..', '..', 'proto');
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

/**
 * A TextAnalysisService client. `token` adds `authorization: Bearer <token>`
 * to every call.
 */
function connect(addr, { token } = {}) {
  const credentials = grpc.credentials.createInsecure();
  const client = new matn.TextAnalysisService(target(addr), credentials);
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
 * The google.rpc.BadRequest field violations carried by a gRPC error, as
 * [{field, description}]; empty when it carries none.
 */
function badRequestViolations(err) {
  const raw = err && err.metadata && err.metadata.get('grpc-status-details-bin')[0];
  if (!raw) return [];
  const status = Status.decode(raw);
  const out = [];
  for (const any of status.details || []) {
    if (any.type_url === 'type.googleapis.com/google.rpc.BadRequest' || any.typeUrl === 'type.googleapis.com/google.rpc.BadRequest') {
      for (const v of BadRequest.decode(any.value).fieldViolations) {
        out.push({ field: v.field, description: v.description });
      }
    }
  }
  return out;
}

module.exports = {
  DEFAULT_ADDR,
  analyze,
  badRequestViolations,
  capabilities,
  connect,
  grpc,
  normalize,
  waitForReady,
};
