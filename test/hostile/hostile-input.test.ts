import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  AtlasApiError,
  AtlasAuthenticationError,
  AtlasConfigurationError,
  AtlasConnectionError,
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
import { recordProduced, registerSecrets } from "../helpers/secret-audit.js";

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
      if (request.headers.authorization) json(response, 200, { ...awsBody, id: ids.peerId });
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
      raw(200, `{"__proto__":{"polluted":true},"id":"95792d1a28f9c1c076958ef6","providerName":"AWS"}`),
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
      raw(200, JSON.stringify({ ...awsBody, id: ids.peerId }), { "content-type": "text/plain" }),
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
  ])("a token response %s is handled", async (_name, tokenAnswer) => {
    answer = (request, response) =>
      request.url === "/api/oauth/token"
        ? json(response, 200, tokenAnswer)
        : json(response, 200, { ...awsBody, id: ids.peerId });
    const client = createAtlasClient({
      baseUrl: server.url,
      auth: { type: "serviceAccount", clientId: "id", clientSecret: privateKey },
    });
    await outcome(() => client.peers.get(ids.groupId, ids.peerId), "handled");
  });
});
