import type { ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  AtlasApiError,
  AtlasAuthenticationError,
  AtlasConfigurationError,
  AtlasConnectionError,
  AtlasError,
  AtlasInvalidRequestError,
  createAtlasClient,
  type AtlasClientOptions,
  type PeerRequest,
} from "../../src/index.js";
import type { MockAtlas } from "../../src/testing/index.js";
import {
  awsBody,
  clientFor,
  ids,
  json,
  startRecordingServer,
  startTestAtlas,
  type RecordedRequest,
} from "../helpers/atlas-fixtures.js";
import { inProcessServer, jsonAnswer } from "../helpers/in-process-server.js";
import { recordProduced, registerSecrets, rejectionOf, secretsShownBy } from "../helpers/secret-audit.js";

// One row a case, with the error it must give (or "handled"), within a bounded time and with no
// secret in any output (the secret audit runs after this file).
const boundMs = 5_000;
const privateKey = "hostile-private-key-42";
const token = "hostile-bearer-token-42";
registerSecrets(privateKey, token);

type Expected = { type: new (...args: never[]) => Error; match?: Record<string, unknown> } | "handled";

async function outcome(run: () => Promise<unknown>, expected: Expected): Promise<void> {
  const started = Date.now();
  let result: unknown;
  let thrown: unknown;
  try {
    result = await run();
  } catch (error) {
    thrown = recordProduced(error);
  }
  expect(Date.now() - started).toBeLessThan(boundMs);
  if (expected === "handled") {
    expect(thrown, String(thrown)).toBeUndefined();
    return;
  }
  const error = thrown ?? (result as { error?: unknown } | undefined)?.error;
  recordProduced(error);
  expect(error, `expected ${expected.type.name}, got ${String(error)}`).toBeInstanceOf(expected.type);
  if (expected.match) expect(error).toMatchObject(expected.match);
}

describe("hostile input from the caller: refused before anything is sent", () => {
  const sent: string[] = [];
  const client = createAtlasClient({
    baseUrl: "https://cloud.mongodb.com",
    auth: { type: "digest", publicKey: "p", privateKey },
    fetch: async (url) => (sent.push(String(url)), new Response("{}")),
  });
  const invalid = (parameter: string): Expected => ({ type: AtlasInvalidRequestError, match: { parameter } });
  const table: Array<[string, () => Promise<unknown>, Expected]> = [
    ["groupId too short", () => client.peers.get("5356823b3794dee37132bb7", ids.peerId), invalid("groupId")],
    ["groupId too long", () => client.peers.get(`${ids.groupId}0`, ids.peerId), invalid("groupId")],
    ["groupId upper case", () => client.peers.get(ids.groupId.toUpperCase(), ids.peerId), invalid("groupId")],
    ["peerId with /", () => client.peers.get(ids.groupId, "95792d1a28f9c1c0/6958ef6"), invalid("peerId")],
    ["peerId with ..", () => client.peers.delete(ids.groupId, "..".padEnd(24, ".")), invalid("peerId")],
    ["peerId with %2F", () => client.peers.get(ids.groupId, "95792d1a28f9%2F076958ef6"), invalid("peerId")],
    [
      "peerId with spaces",
      () => client.peers.get(ids.groupId, " 95792d1a28f9c1c076958ef6"),
      invalid("peerId"),
    ],
    ["peerId empty", () => client.peers.get(ids.groupId, ""), invalid("peerId")],
    ["peerId not a string", () => client.peers.get(ids.groupId, 12 as never), invalid("peerId")],
    ["a 1 MB id", () => client.peers.get("a".repeat(1_000_000), ids.peerId), invalid("groupId")],
    [
      "a body that is an array",
      () => client.peers.update(ids.groupId, ids.peerId, [] as never),
      invalid("body"),
    ],
    ["a null body", () => client.peers.create(ids.groupId, null as never), invalid("body")],
    [
      "itemsPerPage 0",
      () => client.peers.list(ids.groupId, { itemsPerPage: 0 }).next(),
      invalid("itemsPerPage"),
    ],
    [
      "waitFor until nonsense",
      () => client.peers.waitFor(ids.groupId, ids.peerId, { until: "soon" as never }),
      invalid("until"),
    ],
    // Node turns a timer above 2^31-1 ms into 1 ms: per-request values are checked like the client's.
    [
      "a per-request timeoutMs above 2^31-1 ms",
      () => client.peers.get(ids.groupId, ids.peerId, { timeoutMs: 3e9 }),
      invalid("timeoutMs"),
    ],
    [
      "a per-request totalTimeoutMs above 2^31-1 ms",
      () => client.peers.get(ids.groupId, ids.peerId, { totalTimeoutMs: 3e9 } as never),
      invalid("totalTimeoutMs"),
    ],
    [
      "a per-request maxRetries of 11",
      () => client.peers.get(ids.groupId, ids.peerId, { maxRetries: 11 }),
      invalid("maxRetries"),
    ],
    [
      "a per-request header fetch manages (Transfer-Encoding)",
      () =>
        client.GET("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
          params: { path: ids },
          headers: { "Transfer-Encoding": "chunked" },
        }),
      invalid("headers"),
    ],
    [
      "waitFor intervalMs above 2^31-1 ms",
      () => client.peers.waitFor(ids.groupId, ids.peerId, { intervalMs: 3e9 }),
      invalid("intervalMs"),
    ],
    [
      "waitFor timeoutMs above 2^31-1 ms",
      () => client.peers.waitFor(ids.groupId, ids.peerId, { timeoutMs: 3e9 }),
      invalid("timeoutMs"),
    ],
    [
      "a per-request apiVersion that is no calendar date (2023-02-30)",
      () => client.peers.get(ids.groupId, ids.peerId, { apiVersion: "2023-02-30" }),
      invalid("apiVersion"),
    ],
    [
      "a per-request header with CR/LF",
      () => client.peers.get(ids.groupId, ids.peerId, { headers: { "x-trace": "a\r\nX-Injected: 1" } }),
      invalid("headers"),
    ],
    [
      "a per-request header beyond Latin-1",
      () => client.peers.get(ids.groupId, ids.peerId, { headers: { "x-trace": "tr€ce" } }),
      invalid("headers"),
    ],
    [
      "a per-request header name that is no token",
      () => client.peers.get(ids.groupId, ids.peerId, { headers: { "x trace": "1" } }),
      invalid("headers"),
    ],
  ];
  test.each(table)("%s", async (_name, run, expected) => {
    await outcome(run, expected);
    expect(sent).toEqual([]);
  });

  const configuration = (option: string): Expected => ({ type: AtlasConfigurationError, match: { option } });
  const options: Array<[string, AtlasClientOptions, Expected]> = [
    ["a bad base URL", { baseUrl: "::::", auth: { type: "none" } }, configuration("baseUrl")],
    [
      "a javascript: base URL",
      { baseUrl: "javascript:alert(1)", auth: { type: "none" } },
      configuration("baseUrl"),
    ],
    [
      "http:// to a public host",
      { baseUrl: "http://cloud.mongodb.com", auth: { type: "none" } },
      configuration("baseUrl"),
    ],
    [
      "http:// to a host named like loopback",
      { baseUrl: "http://127.0.0.1.evil.example", auth: { type: "none" } },
      configuration("baseUrl"),
    ],
    [
      "half-given API keys",
      { auth: { type: "digest", publicKey: "p" } as never },
      configuration("auth.privateKey"),
    ],
    [
      "half-given service account",
      { auth: { type: "serviceAccount", clientSecret: "s" } as never },
      configuration("auth.clientId"),
    ],
    [
      "half-given environment",
      { env: { MONGODB_ATLAS_PRIVATE_API_KEY: privateKey } },
      configuration("MONGODB_ATLAS_PUBLIC_API_KEY"),
    ],
    // Values that cannot travel in a header are refused now, not at the first call.
    [
      "a digest publicKey beyond Latin-1",
      { auth: { type: "digest", publicKey: "ключ", privateKey } },
      configuration("auth.publicKey"),
    ],
    [
      "a bearer token beyond Latin-1",
      { auth: { type: "bearer", token: "tök€n" } },
      configuration("auth.token"),
    ],
    [
      "a bearer token with a control character",
      { auth: { type: "bearer", token: `${token}\u0001` } },
      configuration("auth.token"),
    ],
    [
      "an apiVersion that is no calendar date (2023-02-30)",
      { apiVersion: "2023-02-30", auth: { type: "none" } },
      configuration("apiVersion"),
    ],
    [
      "a maxResponseBytes of 0",
      { maxResponseBytes: 0, auth: { type: "none" } } as AtlasClientOptions,
      configuration("maxResponseBytes"),
    ],
    [
      "a totalTimeoutMs above 24 hours",
      { totalTimeoutMs: 3e9, auth: { type: "none" } } as AtlasClientOptions,
      configuration("totalTimeoutMs"),
    ],
    ["a logLevel of 7", { logLevel: 7, auth: { type: "none" } } as never, configuration("logLevel")],
    [
      "an ATLAS_PEERING_LOG of verbose",
      { env: { ATLAS_PEERING_LOG: "verbose" }, auth: { type: "none" } },
      configuration("ATLAS_PEERING_LOG"),
    ],
    [
      "a logger without debug",
      { logLevel: "debug", logger: { info() {}, warn() {} }, auth: { type: "none" } } as never,
      configuration("logger"),
    ],
    ["hooks as a function", { hooks: () => {}, auth: { type: "none" } } as never, configuration("hooks")],
    [
      "an onRetry that is not a function",
      { hooks: { onRetry: 1 }, auth: { type: "none" } } as never,
      configuration("hooks.onRetry"),
    ],
  ];
  test.each(options)("options with %s", async (_name, given, expected) => {
    await outcome(async () => createAtlasClient(given), expected);
  });
});

describe("hostile bodies: the server judges them, the client reports its judgement", () => {
  let atlas: MockAtlas;
  beforeAll(async () => {
    atlas = await startTestAtlas();
  });
  afterAll(() => atlas.close());
  const validation: Expected = {
    type: AtlasApiError,
    match: { status: 400, errorCode: "VALIDATION_ERROR", kind: "bad-request" },
  };
  const table: Array<[string, unknown, Expected]> = [
    ["an unknown provider", { ...awsBody, providerName: "ORACLE" }, validation],
    ["missing required fields", { providerName: "AWS", containerId: awsBody.containerId }, validation],
    ["readOnly fields", { ...awsBody, id: ids.peerId, statusName: "AVAILABLE" }, validation],
    ["wrong types", { ...awsBody, awsAccountId: 42, vpcId: ["vpc"] }, validation],
    ["a 1 MB string", { ...awsBody, vpcId: "v".repeat(1024 * 1024) }, validation],
    [
      "a 3 MB string (over the server's limit)",
      { ...awsBody, vpcId: "v".repeat(3 * 1024 * 1024) },
      { type: AtlasApiError, match: { status: 413 } },
    ],
    ["a __proto__ key", JSON.parse(`{"__proto__": {"polluted": true}, "providerName": "AWS"}`), validation],
  ];
  test.each(table)("%s", async (_name, body, expected) => {
    const client = clientFor(atlas, "digest");
    await outcome(() => client.peers.create(atlas.credentials.groupId, body as PeerRequest), expected);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe("hostile servers", () => {
  let answer: (request: RecordedRequest, response: ServerResponse) => void = () => {};
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  let elsewhere: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeAll(async () => {
    server = await startRecordingServer((request, response) => answer(request, response));
    elsewhere = await startRecordingServer((_request, response) => json(response, 200, {}));
  });
  afterAll(async () => Promise.all([server.close(), elsewhere.close()]));

  const raw =
    (status: number, body: string, headers: Record<string, string> = {}) =>
    (_request: RecordedRequest, response: ServerResponse) =>
      void response.writeHead(status, headers).end(body);
  const digestChallenge =
    (header: string | string[]) => (request: RecordedRequest, response: ServerResponse) => {
      if (request.headers.authorization)
        json(response, 200, { ...awsBody, id: ids.peerId, statusName: "AVAILABLE" });
      else response.writeHead(401, { "www-authenticate": header }).end();
    };
  const apiError = (match: Record<string, unknown>): Expected => ({ type: AtlasApiError, match });
  const deep = `{"errorCode":"DEEP","error":500,"parameters":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;

  const table: Array<
    [
      string,
      (request: RecordedRequest, response: ServerResponse) => void,
      Expected,
      Partial<AtlasClientOptions>?,
    ]
  > = [
    [
      "an HTML page",
      raw(502, "<html><h1>Bad Gateway</h1></html>", { "content-type": "text/html" }),
      apiError({ status: 502, errorCode: "HTTP_502", bodyExcerpt: "<html><h1>Bad Gateway</h1></html>" }),
    ],
    ["an empty error body", raw(500, ""), apiError({ status: 500, errorCode: "HTTP_500", bodyExcerpt: "" })],
    [
      "an empty 200 where a peer is due",
      raw(200, ""),
      apiError({ status: 200, errorCode: "INVALID_RESPONSE" }),
    ],
    [
      "truncated JSON in a 200",
      raw(200, '{"id":"95792d1a28f9c1c076958ef6","provi'),
      apiError({ status: 200, errorCode: "INVALID_RESPONSE" }),
    ],
    [
      "truncated JSON in a 400",
      raw(400, '{"errorCode":"VALIDATION_ER'),
      apiError({ status: 400, errorCode: "HTTP_400", kind: "bad-request" }),
    ],
    ["deeply nested JSON in an error", raw(500, deep), apiError({ status: 500, errorCode: "DEEP" })],
    [
      "deeply nested JSON in a 200",
      raw(200, `[${"[".repeat(100_000)}${"]".repeat(100_000)}]`),
      apiError({ errorCode: "INVALID_RESPONSE" }),
    ],
    [
      "__proto__ keys in a 200",
      raw(
        200,
        `{"__proto__":{"polluted":true},"id":"95792d1a28f9c1c076958ef6","providerName":"AWS","statusName":"AVAILABLE"}`,
      ),
      "handled",
    ],
    [
      "__proto__ keys in an error",
      raw(
        404,
        `{"errorCode":"PEER_NOT_FOUND","error":404,"parameters":[{"__proto__":{"polluted":true}}],"badRequestDetail":{"__proto__":{}}}`,
      ),
      apiError({ errorCode: "PEER_NOT_FOUND" }),
    ],
    [
      "a wrong content type with JSON",
      raw(200, JSON.stringify({ ...awsBody, id: ids.peerId, statusName: "AVAILABLE" }), {
        "content-type": "text/plain",
      }),
      "handled",
    ],
    [
      "a wrong content type with XML",
      raw(200, "<peer/>", { "content-type": "application/xml" }),
      apiError({ errorCode: "INVALID_RESPONSE" }),
    ],
    [
      "a 200 envelope hiding a 500",
      raw(200, JSON.stringify({ status: 500, content: { error: 500, errorCode: "UNEXPECTED_ERROR" } })),
      apiError({ status: 500, kind: "server" }),
      { envelope: true },
    ],
    [
      "a 200 envelope hiding a 401 without a challenge",
      raw(200, JSON.stringify({ status: 401, content: { errorCode: "UNAUTHORIZED" } })),
      { type: AtlasAuthenticationError },
      { envelope: true },
    ],
    [
      "a huge Retry-After",
      raw(429, '{"errorCode":"RATE_LIMITED","error":429}', { "retry-after": "99999999999" }),
      apiError({ status: 429, retryable: true }),
    ],
    [
      "a negative Retry-After",
      raw(429, '{"errorCode":"RATE_LIMITED","error":429}', { "retry-after": "-3" }),
      apiError({ status: 429 }),
    ],
    [
      "a garbage Retry-After",
      raw(429, '{"errorCode":"RATE_LIMITED","error":429}', { "retry-after": "tomorrow, maybe" }),
      apiError({ status: 429 }),
    ],
    [
      "a malformed WWW-Authenticate",
      digestChallenge('Digest realm="MMS Public API, nonce=abc'),
      { type: AtlasAuthenticationError },
    ],
    [
      "a duplicated WWW-Authenticate",
      digestChallenge([
        'Digest realm="r", nonce="one", qop="auth"',
        'Digest realm="r", nonce="two", qop="auth", algorithm=SHA-256',
      ]),
      "handled",
    ],
    [
      "an unknown digest algorithm",
      digestChallenge('Digest realm="r", nonce="n", qop="auth", algorithm=SHA-512-256'),
      { type: AtlasAuthenticationError, match: { message: expect.stringMatching(/SHA-512-256/) } },
    ],
    [
      "a digest challenge without qop",
      digestChallenge('Digest realm="r", nonce="n"'),
      { type: AtlasAuthenticationError },
    ],
    ["a 401 without any challenge", raw(401, ""), { type: AtlasAuthenticationError }],
    [
      "a 15 KB WWW-Authenticate of schemes the client does not speak: a one-line message",
      raw(401, "", {
        "www-authenticate": Array.from({ length: 2000 }, (_, index) => `S${index}`).join(", "),
      }),
      {
        type: AtlasAuthenticationError,
        match: { message: expect.stringMatching(/^.{1,300}$/) },
      },
    ],
    [
      "a redirect to another origin",
      (_request, response) => void response.writeHead(302, { location: `${elsewhere.url}/steal` }).end(),
      apiError({ status: 302, kind: "invalid-response" }),
    ],
    [
      "a connection closed without an answer",
      (_request, response) => void response.socket?.destroy(),
      { type: AtlasConnectionError },
    ],
  ];

  test.each(table)("%s", async (_name, handler, expected, options = {}) => {
    answer = handler;
    const client = createAtlasClient({
      baseUrl: server.url,
      auth: { type: "digest", publicKey: "hostile-public", privateKey },
      maxRetries: 1,
      backoff: { initialDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2000 },
      ...options,
    });
    await outcome(() => client.peers.get(ids.groupId, ids.peerId), expected);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(elsewhere.requests).toHaveLength(0);
  });

  test.each([
    ["without expires_in", { access_token: token, token_type: "Bearer" }],
    ["with expires_in: 0", { access_token: token, token_type: "Bearer", expires_in: 0 }],
    ["with expires_in: -5", { access_token: token, token_type: "Bearer", expires_in: -5 }],
    ["with expires_in as a string", { access_token: token, token_type: "Bearer", expires_in: "3600" }],
    ["with expires_in: 1e308", { access_token: token, token_type: "Bearer", expires_in: 1e308 }],
  ])("a token response %s is handled", async (_name, tokenAnswer) => {
    answer = (request, response) =>
      request.url === "/api/oauth/token"
        ? json(response, 200, tokenAnswer)
        : json(response, 200, { ...awsBody, id: ids.peerId, statusName: "AVAILABLE" });
    const client = createAtlasClient({
      baseUrl: server.url,
      auth: { type: "serviceAccount", clientId: "id", clientSecret: privateKey },
    });
    await outcome(() => client.peers.get(ids.groupId, ids.peerId), "handled");
  });
});

describe("answers the client will not read: a typed error, and the request is not sent again", () => {
  let answer: (request: RecordedRequest, response: ServerResponse) => void = () => {};
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeAll(async () => {
    server = await startRecordingServer((request, response) => {
      // The digest challenge first: what is counted is the authenticated request.
      if (!request.headers.authorization)
        return void response
          .writeHead(401, { "www-authenticate": 'Digest realm="r", nonce="n", qop="auth"' })
          .end();
      answer(request, response);
    });
  });
  afterAll(() => server.close());

  const streamed =
    (totalBytes: number, headers: Record<string, string> = {}) =>
    (_: RecordedRequest, response: ServerResponse) => {
      response.writeHead(200, { "content-type": "application/json", ...headers });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < totalBytes) {
          sent += chunk.length;
          if (!response.write(chunk)) return void response.once("drain", pump);
        }
        response.end();
      };
      response.on("close", () => (sent = totalBytes));
      pump();
    };
  const unreadable = (code: string, match: Record<string, unknown> = {}): Expected => ({
    type: AtlasError,
    match: { name: "AtlasUnreadableResponseError", code, ...match },
  });

  const table: Array<
    [
      string,
      (request: RecordedRequest, response: ServerResponse) => void,
      Expected,
      Partial<AtlasClientOptions>?,
    ]
  > = [
    [
      "a gzip Content-Encoding on a plain body",
      (_request, response) =>
        void response
          .writeHead(200, { "content-encoding": "gzip", "content-type": "application/json" })
          .end('{"id":"x"}'),
      unreadable("CONTENT_DECODING_FAILED", { status: 200 }),
    ],
    [
      "a brotli Content-Encoding on a plain body",
      (_request, response) =>
        void response
          .writeHead(200, { "content-encoding": "br", "content-type": "application/json" })
          .end('{"id":"x"}'),
      unreadable("CONTENT_DECODING_FAILED", { status: 200 }),
    ],
    [
      "a 64 MiB body, over the default limit",
      streamed(64 * 1024 * 1024),
      unreadable("RESPONSE_TOO_LARGE", { status: 200 }),
    ],
    ["a body that never ends", streamed(Number.POSITIVE_INFINITY), unreadable("RESPONSE_TOO_LARGE")],
    [
      "a gzip bomb: 64 KiB on the wire, 64 MiB decoded",
      (_request, response) =>
        void response
          .writeHead(200, { "content-encoding": "gzip", "content-type": "application/json" })
          .end(gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20))),
      unreadable("RESPONSE_TOO_LARGE"),
    ],
    [
      "a body over a small maxResponseBytes",
      (_request, response) =>
        json(response, 200, {
          ...awsBody,
          id: ids.peerId,
          statusName: "AVAILABLE",
          padding: "p".repeat(4096),
        }),
      unreadable("RESPONSE_TOO_LARGE", { limitBytes: 2048 }),
      { maxResponseBytes: 2048 } as Partial<AtlasClientOptions>,
    ],
    [
      "an error body over the limit",
      (_request, response) => json(response, 503, { errorCode: "X", detail: "d".repeat(8192) }),
      unreadable("RESPONSE_TOO_LARGE", { status: 503 }),
      { maxResponseBytes: 2048 } as Partial<AtlasClientOptions>,
    ],
    [
      "malformed HTTP",
      (_request, response) => {
        response.socket!.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nNot A Header\r\n\r\n{}");
        response.socket!.destroy();
      },
      unreadable("MALFORMED_RESPONSE"),
    ],
  ];
  test.each(table)("%s", async (_name, handler, expected, options = {}) => {
    answer = handler;
    const before = server.requests.length;
    const client = createAtlasClient({
      baseUrl: server.url,
      auth: { type: "digest", publicKey: "hostile-public", privateKey },
      backoff: { initialDelayMs: 1, maxDelayMs: 5 },
      ...options,
    });
    await outcome(() => client.peers.get(ids.groupId, ids.peerId), expected);
    const authenticated = server.requests.slice(before).filter((request) => request.headers.authorization);
    expect(authenticated).toHaveLength(1);
  });

  test("a 1 MB challenge header: a typed error, and the request is not sent again", async () => {
    const big = await startRecordingServer(
      (_request, response) =>
        void response.writeHead(401, { "www-authenticate": `Digest ${"x".repeat(1_000_000)}` }).end(),
    );
    try {
      const client = createAtlasClient({
        baseUrl: big.url,
        auth: { type: "digest", publicKey: "hostile-public", privateKey },
        backoff: { initialDelayMs: 1, maxDelayMs: 5 },
      });
      await outcome(() => client.peers.get(ids.groupId, ids.peerId), unreadable("HEADERS_TOO_LARGE"));
      expect(big.requests).toHaveLength(1);
    } finally {
      await big.close();
    }
  });
});

describe("hostile servers echo secrets into every field the client copies", () => {
  const clientId = "hostile-client-id";
  const clientSecret = "hostile-client-secret-42";
  const basic = Buffer.from(`${clientId}:${clientSecret}`).toString("base64");
  registerSecrets(clientSecret, basic, `${clientId}:${clientSecret}`);
  let answer: (request: RecordedRequest, response: ServerResponse) => void = () => {};
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeAll(async () => {
    server = await startRecordingServer((request, response) => answer(request, response));
  });
  afterAll(() => server.close());

  const serviceAccount = { type: "serviceAccount", clientId, clientSecret } as const;
  const bearer = { type: "bearer", token } as const;
  const digest = { type: "digest", publicKey: "hostile-public", privateKey } as const;
  const tokenAnswer =
    (body: Record<string, unknown>, status = 400) =>
    (request: RecordedRequest, response: ServerResponse) =>
      request.url === "/api/oauth/token" ? json(response, status, body) : json(response, 200, {});
  const apiAnswer =
    (
      status: number,
      body: (authorization: string) => unknown,
      headers: (authorization: string) => Record<string, string> = () => ({}),
    ) =>
    (request: RecordedRequest, response: ServerResponse) => {
      const authorization = request.headers.authorization ?? "";
      if (request.url === "/api/oauth/token")
        return json(response, 200, { access_token: token, token_type: "Bearer", expires_in: 3600 });
      if (!authorization)
        return void response
          .writeHead(401, { "www-authenticate": 'Digest realm="r", nonce="n", qop="auth"' })
          .end();
      json(response, status, body(authorization), headers(authorization));
    };

  const table: Array<
    [string, AtlasClientOptions["auth"], (request: RecordedRequest, response: ServerResponse) => void]
  > = [
    [
      "the token endpoint's error holding the Basic credential",
      serviceAccount,
      tokenAnswer({ error: basic }),
    ],
    [
      "the token endpoint's error holding id:secret",
      serviceAccount,
      tokenAnswer({ error: `${clientId}:${clientSecret}` }),
    ],
    [
      "the token endpoint's token_type holding the client secret",
      serviceAccount,
      tokenAnswer({ access_token: token, token_type: clientSecret }, 200),
    ],
    [
      "the token endpoint's token_type holding id:secret",
      serviceAccount,
      tokenAnswer({ access_token: token, token_type: `${clientId}:${clientSecret}` }, 200),
    ],
    [
      "the token endpoint's error_description holding the secret percent-encoded",
      serviceAccount,
      tokenAnswer({
        error: "invalid_client",
        error_description: encodeURIComponent(`${clientId}:${clientSecret}`),
      }),
    ],
    ["errorCode holding the bearer token", bearer, apiAnswer(400, () => ({ errorCode: token, error: 400 }))],
    [
      "errorCode holding the digest private key",
      digest,
      apiAnswer(400, () => ({ errorCode: privateKey, error: 400 })),
    ],
    [
      "errorCode holding the service account's token",
      serviceAccount,
      apiAnswer(403, (authorization) => ({ errorCode: authorization.slice(7), error: 403 })),
    ],
    [
      "x-request-id holding the token",
      bearer,
      apiAnswer(
        404,
        () => ({ errorCode: "PEER_NOT_FOUND", error: 404 }),
        () => ({ "x-request-id": token }),
      ),
    ],
    [
      "request-id holding the Authorization header, on a body that is not an Atlas error",
      bearer,
      apiAnswer(
        500,
        () => "<html>oops</html>",
        (authorization) => ({ "request-id": authorization }),
      ),
    ],
    [
      "a body excerpt holding the token base64-encoded",
      bearer,
      apiAnswer(502, () => `<html>${Buffer.from(token).toString("base64")}</html>`),
    ],
    [
      "parameters holding the token upper-cased and reversed",
      bearer,
      apiAnswer(400, () => ({ errorCode: "X", parameters: [token, token.toUpperCase()] })),
    ],
    [
      "a WWW-Authenticate whose scheme is the private key",
      digest,
      (_request, response) =>
        void response.writeHead(401, { "www-authenticate": `${privateKey} realm="r"` }).end(),
    ],
    [
      "a WWW-Authenticate whose algorithm is the private key",
      digest,
      (_request, response) =>
        void response
          .writeHead(401, {
            "www-authenticate": `Digest realm="r", nonce="n", qop="auth", algorithm=${privateKey}`,
          })
          .end(),
    ],
    [
      "a WWW-Authenticate repeating a parameter named like the private key",
      digest,
      (_request, response) =>
        void response.writeHead(401, { "www-authenticate": `Digest ${privateKey}=1, ${privateKey}=2` }).end(),
    ],
    [
      "malformed HTTP carrying the Authorization header back",
      bearer,
      (request, response) => {
        response.socket!.write(
          `HTTP/1.1 200 OK\r\nContent-Length: 2\r\n${request.headers.authorization}\r\n\r\n{}`,
        );
        response.socket!.destroy();
      },
    ],
  ];
  test.each(table)("%s", async (_name, auth, handler) => {
    answer = handler;
    const client = createAtlasClient({
      baseUrl: server.url,
      auth,
      maxRetries: 0,
      onWarning: (warning) => void recordProduced(warning),
    });
    let error: unknown;
    try {
      ({ error } = await client.GET("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
        params: { path: ids },
      }));
    } catch (thrown) {
      error = thrown;
    }
    recordProduced(error);
    expect(error).toBeInstanceOf(AtlasError);
    expect(secretsShownBy(error)).toEqual([]);
    await client.close();
  });
});

describe("a token with CR/LF is refused with a typed error that does not quote it", () => {
  const twoLineToken = `${token}\r\nX-Injected: 1`;
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  beforeAll(async () => {
    server = await startRecordingServer((request, response) =>
      request.url === "/api/oauth/token"
        ? json(response, 200, { access_token: twoLineToken, token_type: "Bearer", expires_in: 3600 })
        : json(response, 200, { ...awsBody, id: ids.peerId, statusName: "AVAILABLE" }),
    );
  });
  afterAll(() => server.close());

  test.each<[string, AtlasClientOptions["auth"]]>([
    ["from a bearer-token provider", { type: "bearer", token: async () => twoLineToken }],
    [
      "from the token endpoint",
      { type: "serviceAccount", clientId: "id", clientSecret: "hostile-client-secret-43" },
    ],
  ])("%s", async (_name, auth) => {
    registerSecrets("hostile-client-secret-43");
    const before = server.requests.length;
    const client = createAtlasClient({ baseUrl: server.url, auth, maxRetries: 0 });
    await outcome(() => client.peers.get(ids.groupId, ids.peerId), { type: AtlasAuthenticationError });
    expect(server.requests.slice(before).filter((request) => request.url.startsWith("/api/atlas"))).toEqual(
      [],
    );
  });
});

describe("a listing that never ends", () => {
  test("peers.list fails loudly after 10 000 full pages instead of stopping as if the list were whole", async () => {
    let pages = 0;
    // Every page full, each with a new peer: only the page limit can end it.
    const server = inProcessServer((request) => {
      pages += 1;
      const pageNum = new URL(request.url).searchParams.get("pageNum")!;
      return jsonAnswer(200, {
        results: [{ ...awsBody, id: pageNum.padStart(24, "0"), statusName: "AVAILABLE" }],
      });
    });
    const client = createAtlasClient({
      baseUrl: "https://cloud.mongodb.com",
      auth: { type: "bearer", token },
      fetch: server.fetch,
    });
    let listed = 0;
    const error = await rejectionOf(
      (async () => {
        for await (const _peer of client.peers.list(ids.groupId, { itemsPerPage: 1 })) listed += 1;
      })(),
    );
    expect(error).toBeInstanceOf(AtlasApiError);
    expect(error).toMatchObject({ errorCode: "INVALID_RESPONSE", kind: "invalid-response" });
    expect(error.message).toMatch(/10000 pages/);
    expect([pages, listed]).toEqual([10_000, 10_000]);
  });
});
