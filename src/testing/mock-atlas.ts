import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import fragment from "../../generated/atlas-network-peering.fragment.json" with { type: "json" };
import { AtlasConfigurationError } from "atlas-peering-client";
import { describeIdPattern } from "../spec-facts.js";
import { resolveApiVersion } from "./api-versions.js";
import { apiError, renderAnswer, writeAnswer, type AnswerOptions } from "./answers.js";
import { DigestGate } from "./digest-gate.js";
import { FaultQueue, type Fault } from "./faults.js";
import { OAuthTokens } from "./oauth-tokens.js";
import { BodyValidator } from "./body-validator.js";
import { ContainersStore } from "./containers-store.js";
import { failure, type OperationResult } from "./operation-result.js";
import { newAtlasId, type AppliedMutation } from "./records.js";
import { TokenBuckets } from "./token-buckets.js";
import { PeersStore, type PeerFailure } from "./peers-store.js";
import { loadServerDependencies } from "./server-dependencies.js";

declare global {
  interface SymbolConstructor {
    /**
     * `Symbol.asyncDispose` (Node.js 20.4 and later), declared as the client declares it
     * (src/client/create-atlas-client.ts), so that `MockAtlas` compiles with an older `lib` and no
     * Node.js types: the testing entry point's declarations do not include the client's.
     */
    readonly asyncDispose: unique symbol;
  }
}

/** The credentials and project the local Atlas accepts; random unless given. */
export interface MockAtlasCredentials {
  /** API key pair, answered with HTTP Digest: the public key (the digest user name). */
  publicKey: string;
  /** The API key's private key (the digest password). Random unless given. */
  privateKey: string;
  /** Service account, for the OAuth token endpoint: the client id. */
  clientId: string;
  /** The service account's client secret. Random unless given. */
  clientSecret: string;
  /** A project that exists from the start. */
  groupId: string;
}

/** Options of `startMockAtlas`; all optional. */
export interface MockAtlasOptions {
  /** Loopback only: `127.0.0.1` (default), `::1` or `localhost`. */
  host?: string | undefined;
  /** Default 0: a free port. */
  port?: number | undefined;
  /** The credentials and project to accept, any of them; each one not given is random. */
  credentials?: { [K in keyof MockAtlasCredentials]?: MockAtlasCredentials[K] | undefined } | undefined;
  /** More projects besides `credentials.groupId`. */
  groupIds?: string[] | undefined;
  /**
   * Network peering containers that exist from the start (none by default, as in a new project):
   * a container body as `containers.create` takes it, plus the `id` to give it and the project
   * (default `credentials.groupId`). Checked like a create: an invalid one fails `startMockAtlas`.
   */
  containers?:
    | Array<
        Record<string, unknown> & {
          /** The id to give the container; random unless given. */
          id?: string | undefined;
          /** The project it belongs to; default `credentials.groupId`. */
          groupId?: string | undefined;
        }
      >
    | undefined;
  /** How long a digest nonce lives before it is answered `stale=true`; default 5 minutes. */
  nonceLifetimeMs?: number | undefined;
  /** `expires_in` of issued OAuth tokens; default 3600. */
  tokenLifetimeSeconds?: number | undefined;
  /**
   * Hold each AWS peer at PENDING_ACCEPTANCE (with its `connectionId`) and each GCP peer at
   * WAITING_FOR_USER until the test does the user's step with `state.acceptPeer`, as Atlas waits
   * for you; default false (they move on after one `transitionMs`, as if accepted at once).
   */
  holdAtUserStep?: boolean | undefined;
  /** How long each lifecycle step of a peer lasts (INITIATING, PENDING_ACCEPTANCE, ...); default 100 ms. */
  transitionMs?: number | undefined;
  /**
   * The clock peer lifecycles follow, in milliseconds; default `Date.now`. A test can pass its own
   * and move peers through their states without waiting.
   */
  clock?: (() => number) | undefined;
  /** Requested API version dates answered 410 VERSION_GONE. */
  sunsetVersions?: string[] | undefined;
  /** Requested API version dates answered with `Deprecation` (RFC 9745 `@epoch`) and `Sunset` headers. */
  deprecatedVersions?:
    | Record<
        string,
        {
          /** Sent as `Deprecation: @<epoch seconds>`; no header when absent. */
          deprecation?: Date | undefined;
          /** Sent as `Sunset: <HTTP date>`; no header when absent. */
          sunset?: Date | undefined;
        }
      >
    | undefined;
  /** Atlas's limit on `/api/oauth/token` (10 a minute): beyond it, 429 RATE_LIMITED. Off by default. */
  tokenRateLimit?:
    | {
        /** Token requests answered within one window (Atlas: 10). */
        requests: number;
        /** The sliding window, in milliseconds (Atlas: 60 000). */
        windowMs: number;
      }
    | undefined;
  /** A token bucket per credential: beyond it, 429 RATE_LIMITED_TOKEN_BUCKET. Off by default. */
  rateLimit?:
    | {
        /** Requests a credential can make in a burst: the bucket's size, full at the start. */
        capacity: number;
        /** Requests the bucket regains each second. */
        refillPerSecond: number;
      }
    | undefined;
  /** How an enveloped error is laid out (Atlas has used both): inside `content` (default) or flat. */
  envelopeErrors?: "content" | "flat" | undefined;
}

/** One request the local Atlas received, in order. */
export interface LoggedRequest {
  /** The request's HTTP method, such as `PATCH`. */
  method: string;
  /** The URL path, such as `/api/atlas/v2/groups/<id>/peers`, or `/api/oauth/token`. */
  path: string;
  /** The query string with its `?` (such as `?pageNum=2&itemsPerPage=100`), or `""`. */
  query: string;
  /** The status answered; 0 while the answer is unfinished, and for a connection dropped by a fault. */
  status: number;
  /** The scheme of the Authorization header, lower case, or "none". */
  auth: string;
  /** The size of the request body in bytes; 0 without one. */
  bodyBytes: number;
  /** The kind of the injected fault this request met, if any. */
  fault?: Fault["kind"];
  /** When it arrived: `Date.now()` (the wall clock, not the `clock` option). */
  at: number;
}

/** What a test can see and steer of the local Atlas while it runs. */
export interface MockAtlasState {
  /** The projects that exist. */
  readonly groupIds: string[];
  /** Creates a project (a random id unless given) and returns its id. */
  addGroup(groupId?: string): string;
  /** The peers of a project as Atlas would show them now. */
  peers(groupId: string): Array<Record<string, unknown>>;
  /**
   * Does the user's step for a peer held at it (`holdAtUserStep`): accepts the AWS peering request,
   * or creates the GCP side of the peering. The peer moves on one `transitionMs` later. Throws for a
   * peer that is not at that step.
   */
  acceptPeer(groupId: string, peerId: string): void;
  /** Makes a peer FAILED, with the error fields Atlas would set (default `errorStateName: "REJECTED"`). */
  failPeer(groupId: string, peerId: string, failure?: PeerFailure): void;
  /** The network peering containers of a project as Atlas would show them now. */
  containers(groupId: string): Array<Record<string, unknown>>;
  /**
   * As if a cluster were deployed to the container: it becomes `provisioned` and in use, so Atlas
   * refuses to delete it or change its CIDR block (409 CONTAINERS_IN_USE).
   */
  deployCluster(groupId: string, containerId: string): void;
  /** Every change applied to peers and containers (creates, updates, deletes), for counting what retries did. */
  readonly mutations: readonly AppliedMutation[];
  /** Misbehaviours waiting for the next matching requests. */
  readonly faults: FaultQueue;
  /** The OAuth side: tokens issued, revoked, still valid. */
  readonly oauth: MockAtlasOAuthState;
  /** How long each lifecycle step lasts; can be changed while running. */
  transitionMs: number;
}

/** The OAuth token endpoint's counters, and a lever. */
export interface MockAtlasOAuthState {
  /** Token requests answered with a token. */
  readonly issued: number;
  /** Tokens revoked through `/api/oauth/revoke`. */
  readonly revoked: number;
  /** Tokens still valid now. */
  readonly active: number;
  /** Expires every token issued so far, as if an hour had passed. */
  expireAll(): void;
}

/** A running local Atlas. */
export interface MockAtlas {
  /** `http://127.0.0.1:<port>`: pass it as `baseUrl`. */
  url: string;
  /** What it accepts: API keys, a service account, and a project. */
  credentials: MockAtlasCredentials;
  /** Its state, and the levers a test pulls (faults, failures, token expiry). */
  state: MockAtlasState;
  /** Every request it received, in order. */
  requests: LoggedRequest[];
  /** Stops listening and closes every connection and timer; resolves when nothing is left open. */
  close(): Promise<void>;
  /** `close()`, for `await using atlas = await startMockAtlas()`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** `/groups/{groupId}/peers[/{peerId}]` and `/groups/{groupId}/containers[/all | /{containerId}]`. */
const route = /^\/api\/atlas\/v2\/groups\/([^/]+)\/(peers|containers)(?:\/([^/]+))?\/?$/;
const maximumBodyBytes = 2 * 1024 * 1024;
const loopbackHosts = new Set(["127.0.0.1", "::1", "localhost"]);
const atlasIdSource = (fragment.components.parameters.groupId.schema as { pattern: string }).pattern;
const atlasIdPattern = new RegExp(atlasIdSource);
const atlasIdInWords = describeIdPattern(atlasIdSource);

/**
 * A local Atlas for the network peering endpoints: digest auth through http-auth, OAuth client
 * credentials, API version negotiation, the container and peer operations with request validation
 * from the vendored fragment, Atlas's rules about containers, statuses that move over time,
 * envelope and pretty answers, rate limits and injectable faults.
 * Listens on loopback only.
 */
export async function startMockAtlas(options: MockAtlasOptions = {}): Promise<MockAtlas> {
  const host = options.host ?? "127.0.0.1";
  if (!loopbackHosts.has(host))
    throw new AtlasConfigurationError(
      "host",
      `startMockAtlas listens on loopback only (127.0.0.1, ::1, localhost), not ${JSON.stringify(host)}`,
    );
  const { Ajv, httpAuth } = await loadServerDependencies();
  const credentials: MockAtlasCredentials = {
    publicKey: options.credentials?.publicKey ?? `pub${randomBytes(4).toString("hex")}`,
    privateKey: options.credentials?.privateKey ?? randomBytes(18).toString("hex"),
    clientId: options.credentials?.clientId ?? `mdb_sa_id_${randomBytes(12).toString("hex")}`,
    clientSecret: options.credentials?.clientSecret ?? `mdb_sa_sk_${randomBytes(24).toString("base64url")}`,
    groupId: options.credentials?.groupId ?? newAtlasId(),
  };
  const clock = options.clock ?? Date.now;
  const mutations: AppliedMutation[] = [];
  const containers = new ContainersStore(mutations, clock);
  const store = new PeersStore(
    options.transitionMs ?? 100,
    clock,
    containers,
    mutations,
    options.holdAtUserStep === true,
  );
  for (const groupId of [credentials.groupId, ...(options.groupIds ?? [])]) store.addGroup(groupId);
  const compiler = BodyValidator.compilerFor(Ajv, fragment);
  const peerBodies = new BodyValidator(
    compiler,
    fragment,
    "BaseNetworkPeeringConnectionSettings",
    "peering connections",
  );
  const containerBodies = new BodyValidator(
    compiler,
    fragment,
    "CloudProviderContainer",
    "network peering containers",
  );
  const inUse = (groupId: string, containerId: string) =>
    store.usesContainer(groupId, containerId) || containers.hasCluster(groupId, containerId);
  for (const { id, groupId = credentials.groupId, ...body } of options.containers ?? []) {
    const violations = containerBodies.validate(body);
    if (violations.length > 0)
      throw new AtlasConfigurationError(
        "containers",
        violations.map((violation) => violation.description).join(" "),
      );
    if (!store.hasGroup(groupId)) throw new AtlasConfigurationError("containers", `no project ${groupId}`);
    if (id !== undefined && !atlasIdPattern.test(id))
      throw new AtlasConfigurationError("containers", `id must be ${atlasIdInWords}`);
    const created = containers.create(groupId, body, { id: id ?? newAtlasId() });
    if ("error" in created) throw new AtlasConfigurationError("containers", created.error.detail);
  }
  const faults = new FaultQueue();
  const oauth = new OAuthTokens(
    new Map([[credentials.clientId, credentials.clientSecret]]),
    options.tokenLifetimeSeconds ?? 3600,
    options.tokenRateLimit,
  );
  const digest = new DigestGate(
    httpAuth,
    new Map([[credentials.publicKey, credentials.privateKey]]),
    options.nonceLifetimeMs ?? 5 * 60_000,
    JSON.stringify(apiError(401, "UNAUTHORIZED", "You are not authorized for this resource.")),
  );
  const sunsetVersions = new Set(options.sunsetVersions ?? []);
  const rateLimiter = options.rateLimit ? new TokenBuckets(options.rateLimit) : undefined;
  const requests: LoggedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let url = "";

  const server = createServer((request, response) => {
    void handle(request, response).catch(() => {
      if (!response.headersSent)
        writeAnswer(response, {
          status: 500,
          headers: { "content-type": "application/json" },
          ...errorText(500, "UNEXPECTED_ERROR", "The local Atlas failed."),
        });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = new URL(request.url ?? "/", url);
    const method = request.method ?? "GET";
    const body = await readBody(request);
    const entry: LoggedRequest = {
      method,
      path: target.pathname,
      query: target.search,
      status: 0,
      auth: authScheme(request),
      bodyBytes: body?.length ?? 0,
      at: Date.now(),
    };
    requests.push(entry);
    response.on("finish", () => (entry.status = response.statusCode));
    if (body === undefined)
      return send(
        response,
        413,
        "error",
        apiError(413, "REQUEST_TOO_LARGE", "The request body is too large."),
        plainAnswer(),
      );

    if (target.pathname === "/api/oauth/token" || target.pathname === "/api/oauth/revoke") {
      const form = new URLSearchParams(body.toString("utf8"));
      const [status, json, headers] = target.pathname.endsWith("token")
        ? oauth.issue(request.headers.authorization, form)
        : oauth.revoke(request.headers.authorization, form);
      return writeAnswer(response, {
        status,
        headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
        text: JSON.stringify(json),
      });
    }

    const answerOptions: AnswerOptions = {
      envelope: target.searchParams.get("envelope") === "true",
      pretty: target.searchParams.get("pretty") === "true",
      envelopeErrors: options.envelopeErrors ?? "content",
      headers: {},
    };
    const fault = faults.take(method, target.pathname);
    if (fault) entry.fault = fault.kind;
    if (fault?.kind === "slow") await delay(fault.delayMs);
    if (fault && fault.kind !== "slow" && fault.kind !== "reset" && fault.kind !== "truncated")
      return answerFault(response, fault, answerOptions);
    if (fault?.kind === "reset" && fault.when === "before") return void request.socket.destroy();

    const authorization = request.headers.authorization ?? "";
    let principal: string;
    if (/^bearer /i.test(authorization)) {
      if (!oauth.accepts(authorization.slice(7).trim())) {
        return send(
          response,
          401,
          "error",
          apiError(401, "UNAUTHORIZED", "The access token is invalid or has expired."),
          answerOptions,
        );
      }
      principal = "service-account";
    } else {
      const user = await new Promise<string | undefined>((resolve) => {
        digest.check(request, response, resolve);
        response.once("finish", () => resolve(undefined));
      });
      if (user === undefined) return;
      principal = user;
    }

    if (rateLimiter) {
      const { limit, remaining, retryAfterSeconds } = rateLimiter.take(principal);
      answerOptions.headers["ratelimit-limit"] = String(limit);
      answerOptions.headers["ratelimit-remaining"] = String(remaining);
      if (retryAfterSeconds !== undefined) {
        answerOptions.headers["retry-after"] = String(retryAfterSeconds);
        return send(
          response,
          429,
          "error",
          apiError(429, "RATE_LIMITED_TOKEN_BUCKET", "Too many requests: the token bucket is empty."),
          answerOptions,
        );
      }
    }

    const version = resolveApiVersion(request.headers.accept, sunsetVersions);
    if (!version.ok)
      return send(
        response,
        version.status,
        "error",
        apiError(version.status, version.errorCode, version.detail),
        answerOptions,
      );
    const deprecated = options.deprecatedVersions?.[version.requested];
    if (deprecated?.deprecation)
      answerOptions.headers.deprecation = `@${Math.floor(deprecated.deprecation.getTime() / 1000)}`;
    if (deprecated?.sunset) answerOptions.headers.sunset = deprecated.sunset.toUTCString();

    const result = operate(method, target, body);
    const kind = "error" in result ? "error" : result.list ? "list" : "single";
    const payload =
      "error" in result
        ? apiError(result.status, result.error.errorCode, result.error.detail, {
            ...(result.error.parameters ? { parameters: result.error.parameters } : {}),
            ...(result.error.badRequestDetail ? { badRequestDetail: result.error.badRequestDetail } : {}),
          })
        : result.body;
    const answer = renderAnswer(result.status, payload, kind, answerOptions);
    if (fault?.kind === "reset" || fault?.kind === "truncated") {
      // Applied, then the answer breaks: half the body, then a reset or a clean but early end.
      response.writeHead(answer.status, {
        "content-type": answer.headers["content-type"]!,
        ...(fault.kind === "reset" ? { "content-length": String(Buffer.byteLength(answer.text)) } : {}),
      });
      response.write(answer.text.slice(0, Math.floor(answer.text.length / 2)));
      if (fault.kind === "reset") return void setImmediate(() => response.socket?.destroy());
      return void response.end();
    }
    writeAnswer(response, answer);
  }

  function operate(method: string, target: URL, body: Buffer): OperationResult {
    const matched = route.exec(target.pathname);
    if (!matched) return failure(404, "RESOURCE_NOT_FOUND", `No resource at ${target.pathname}.`);
    const groupId = decodeURIComponent(matched[1]!);
    if (!atlasIdPattern.test(groupId)) return invalidId("groupId", groupId);
    if (!store.hasGroup(groupId))
      return failure(404, "GROUP_NOT_FOUND", `No project with ID ${groupId} exists.`, {
        parameters: [groupId],
      });
    const listHref = (query: string) => `${url}${target.pathname}?${query}`;
    const query = target.searchParams;
    if (matched[2] === "containers") {
      const containerId = matched[3] === undefined ? undefined : decodeURIComponent(matched[3]);
      if (containerId === undefined) {
        if (method === "GET")
          return containers.list(groupId, query.get("providerName") ?? "AWS", query, listHref);
        if (method === "POST")
          return withValidBody(body, containerBodies, (container) => containers.create(groupId, container));
      } else if (containerId === "all") {
        if (method === "GET") return containers.list(groupId, undefined, query, listHref);
      } else {
        if (!atlasIdPattern.test(containerId)) return invalidId("containerId", containerId);
        if (method === "GET") return containers.get(groupId, containerId);
        if (method === "DELETE") return containers.delete(groupId, containerId, inUse(groupId, containerId));
        if (method === "PATCH")
          return withValidBody(body, containerBodies, (container) =>
            containers.update(groupId, containerId, container, inUse(groupId, containerId)),
          );
      }
    } else if (matched[3] === undefined) {
      if (method === "GET") return store.list(groupId, query, listHref);
      if (method === "POST") return withValidBody(body, peerBodies, (peer) => store.create(groupId, peer));
    } else {
      const peerId = decodeURIComponent(matched[3]);
      if (!atlasIdPattern.test(peerId)) return invalidId("peerId", peerId);
      if (method === "GET") return store.get(groupId, peerId);
      if (method === "DELETE") return store.delete(groupId, peerId);
      if (method === "PATCH")
        return withValidBody(body, peerBodies, (peer) => store.update(groupId, peerId, peer));
    }
    return failure(405, "METHOD_NOT_ALLOWED", `${method} is not supported here.`);
  }

  function withValidBody(
    body: Buffer,
    validator: BodyValidator,
    apply: (resource: Record<string, unknown>) => OperationResult,
  ): OperationResult {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      return {
        status: 400,
        error: { errorCode: "MALFORMED_REQUEST", detail: "The request body is not valid JSON." },
      };
    }
    const violations = validator.validate(parsed);
    if (violations.length > 0) {
      return {
        status: 400,
        error: {
          errorCode: "VALIDATION_ERROR",
          detail: violations.map((violation) => violation.description).join(" "),
          badRequestDetail: { fields: violations },
        },
      };
    }
    return apply(parsed as Record<string, unknown>);
  }

  function answerFault(
    response: ServerResponse,
    fault: Exclude<Fault, { kind: "slow" | "reset" | "truncated" }>,
    answerOptions: AnswerOptions,
  ): void {
    if (fault.kind === "raw")
      return writeAnswer(response, { status: fault.status, headers: fault.headers ?? {}, text: fault.body });
    if (fault.kind === "rateLimit") {
      const headers = {
        "ratelimit-limit": "100",
        "ratelimit-remaining": "0",
        "retry-after": fault.retryAfter ?? "1",
      };
      return send(
        response,
        429,
        "error",
        apiError(429, "RATE_LIMITED_TOKEN_BUCKET", "Too many requests: the token bucket is empty."),
        { ...answerOptions, headers },
      );
    }
    if (fault.body === "html") {
      return writeAnswer(response, {
        status: fault.status,
        headers: { "content-type": "text/html" },
        text: `<html><body><h1>${fault.status} Bad Gateway</h1><p>nginx</p></body></html>`,
      });
    }
    if (fault.body === "empty") return writeAnswer(response, { status: fault.status, headers: {}, text: "" });
    send(
      response,
      fault.status,
      "error",
      apiError(fault.status, "UNEXPECTED_ERROR", "The service is temporarily unavailable."),
      answerOptions,
    );
  }

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;

  const state: MockAtlasState = {
    get groupIds() {
      return [...groupIdsOf(store, credentials.groupId, options.groupIds)];
    },
    addGroup: (groupId) => store.addGroup(groupId),
    peers: (groupId) => store.peers(groupId),
    acceptPeer: (groupId, peerId) => store.acceptPeer(groupId, peerId),
    failPeer: (groupId, peerId, failure) => store.failPeer(groupId, peerId, failure),
    containers: (groupId) => containers.containers(groupId),
    deployCluster: (groupId, containerId) => containers.deployCluster(groupId, containerId),
    mutations,
    faults,
    oauth: {
      get issued() {
        return oauth.issued;
      },
      get revoked() {
        return oauth.revoked;
      },
      get active() {
        return oauth.active;
      },
      expireAll: () => oauth.expireAll(),
    },
    get transitionMs() {
      return store.transitionMs;
    },
    set transitionMs(value: number) {
      store.transitionMs = value;
    },
  };

  const close = () =>
    new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { url, credentials, state, requests, close, [Symbol.asyncDispose]: close };
}

function send(
  response: ServerResponse,
  status: number,
  kind: "single" | "list" | "error",
  body: unknown,
  answerOptions: AnswerOptions,
): void {
  writeAnswer(response, renderAnswer(status, body, kind, answerOptions));
}

function plainAnswer(): AnswerOptions {
  return { envelope: false, pretty: false, envelopeErrors: "content", headers: {} };
}

function errorText(status: number, errorCode: string, detail: string): { text: string } {
  return { text: JSON.stringify(apiError(status, errorCode, detail)) };
}

function invalidId(parameter: string, value: string): OperationResult {
  return {
    status: 400,
    error: {
      errorCode: "VALIDATION_ERROR",
      detail: `${parameter} must be ${atlasIdInWords}.`,
      badRequestDetail: {
        fields: [
          {
            field: parameter,
            description: `${JSON.stringify(value.slice(0, 40))} is not ${atlasIdInWords}.`,
          },
        ],
      },
    },
  };
}

function authScheme(request: IncomingMessage): string {
  return (request.headers.authorization ?? "none").split(" ")[0]!.toLowerCase();
}

function* groupIdsOf(store: PeersStore, first: string, more: string[] | undefined): Iterable<string> {
  for (const groupId of [first, ...(more ?? [])]) if (store.hasGroup(groupId)) yield groupId;
}

/** The whole body, or undefined past the size limit. */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maximumBodyBytes) chunks.push(chunk);
    });
    request.on("end", () => resolve(size <= maximumBodyBytes ? Buffer.concat(chunks) : undefined));
    request.on("error", reject);
  });
}
