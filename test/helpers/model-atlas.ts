import { StrictDigestServer } from "./strict-digest.js";

/**
 * A model of Atlas in the test's own process, fast enough for tens of thousands of runs under a
 * VirtualClock: the peers API with digest (strict or lenient about nc, one nonce or a fresh one
 * per challenge, nonces that expire), bearer tokens and the OAuth token endpoint, and scripted
 * misbehaviour: delays, hangs, resets, 429 and 503 with Retry-After, other 5xx, lost answers (a
 * create applied, its answer a 502, a 504 or a reset), bodies of any size (lazily generated, with
 * the bytes the client pulled counted), lying Content-Length, broken gzip, malformed HTTP, and a
 * hostile mode that echoes every secret it knows into every field the client may copy.
 *
 * Without `resources`, every API request that gets through is answered with one peer (a DELETE
 * with 202). With it, the model serves projects: peers and containers by their paths, listings in
 * pages (honest, or ignoring pageNum, repeating items, capping the page size, with a totalCount too
 * high, too low or absent), creates (one container per provider and region, else 409
 * CONTAINER_ALREADY_EXISTS), and each peer's states one GET after another, for `waitFor`.
 *
 * Like undici: a request's AbortSignal rejects a pending answer with the signal's reason and
 * errors a body being read; header values are checked as undici checks them (one message quotes
 * the value).
 */
export interface ModelCredentials {
  publicKey: string;
  privateKey: string;
  clientId: string;
  clientSecret: string;
  bearerToken: string;
}

/** What the API does with one request (scripted, consumed in order, the last one repeated). */
export interface ApiStep {
  delayMs: number;
  /**
   * `lost502`, `lost504`, `lostReset`: the request takes effect (with `resources`: a create
   * creates), and then the answer is a gateway's 502 or 504, or the connection is reset.
   */
  fault?:
    | "reset"
    | "hang"
    | "503"
    | "429"
    | "500"
    | "502"
    | "504"
    | "lost502"
    | "lost504"
    | "lostReset"
    | "malformed"
    | "badGzip"
    | "echo";
  /** Retry-After for 429 and 503, in seconds. */
  retryAfter?: number;
  /** Size of a 200 body (padding past the peer); undefined: a normal peer. Infinity: endless. */
  bodyBytes?: number;
  chunkBytes?: number;
  /** Claim this Content-Length, whatever the body. */
  claimedLength?: number;
}

/** What the token endpoint does with one request (scripted like ApiStep). */
export interface TokenStep {
  delayMs: number;
  answer: "token" | "429" | "500" | "reset" | "hang" | "refused" | "crlf";
  retryAfter?: number;
  expiresIn?: number;
}

export interface ModelOptions {
  credentials: ModelCredentials;
  digest?: { nonces: "single" | "fresh"; ncOrder: "strict" | "ignored"; lifetimeMs?: number };
  api?: ApiStep[];
  token?: TokenStep[];
  /** Echo secrets into every field: the model knows the credentials, and what it was sent. */
  hostile?: boolean;
  /** Calls `onRequest` as each request arrives (the harness's event log). */
  onRequest?: (request: ModelRequest) => void;
  /**
   * The project behind a group id, asked for once per group (the model then keeps its state):
   * with it, requests are answered by path (see ModelProject); without it, with one peer.
   */
  resources?: (groupId: string) => ModelProject;
  /**
   * The API answers 401 to every token the token endpoint issued, which still issues them: a
   * service account whose credentials are valid but whose API access is not.
   */
  refuseIssuedTokens?: boolean;
}

/** One project as the model serves it; the model changes it (creates). */
export interface ModelProject {
  /** What `GET .../peers` lists, in order; each needs an `id`. */
  peers: ModelItem[];
  /** What `GET .../containers` (by `providerName`, AWS by default) and `.../containers/all` list. */
  containers: ModelItem[];
  /**
   * The states a peer goes through, one per GET of it that gets an answer (the last one stays);
   * `gone`: 404 PEER_NOT_FOUND from then on. Default: AVAILABLE.
   */
  peerStates?: Array<PeerState | "gone">;
  /** How its listings misbehave; default: honest pages. */
  listing?: ModelListing;
}

export type ModelItem = Record<string, unknown> & { id: string };
export type PeerState =
  | "INITIATING"
  | "PENDING_ACCEPTANCE"
  | "FINALIZING"
  | "AVAILABLE"
  | "FAILED"
  | "TERMINATING";

/** A listing's misbehaviour: each as servers (or listings that change while read) show it. */
export interface ModelListing {
  /** Every page is the first. */
  ignorePageNum?: boolean;
  /**
   * `exact` (default), `absent`, or a number added to the true count (negative: too low). The
   * spec calls totalCount an estimate.
   */
  totalCount?: "exact" | "absent" | number;
  /**
   * `previous`: each page after the first starts with the last item of the page before (an item
   * inserted ahead meanwhile); `within`: a page of two or more ends with its own first item.
   */
  repeat?: "none" | "previous" | "within";
  /** Pages hold at most this many items, whatever `itemsPerPage` asks. */
  maxPageSize?: number;
}

export interface ModelRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Bytes the client pulled from this request's answer body. */
  pulled: number;
  /** Chunk size of that body, for the memory bound. */
  chunkBytes: number;
  /** With `resources`: the request created something (a peer, a container), whatever its answer said. */
  applied?: boolean;
}

const peer = {
  providerName: "AWS",
  containerId: "507f1f77bcf86cd799439011",
  id: "95792d1a28f9c1c076958ef6",
  accepterRegionName: "us-east-1",
  awsAccountId: "123456789012",
  routeTableCidrBlock: "10.8.0.0/21",
  vpcId: "vpc-0a1b2c3d4e5f60718",
  statusName: "AVAILABLE",
};

export class ModelAtlas {
  readonly requests: ModelRequest[] = [];
  readonly #options: ModelOptions;
  readonly #digest: StrictDigestServer | undefined;
  readonly #tokens = new Set<string>();
  #apiAt = 0;
  #tokenAt = 0;
  #issued = 0;
  #created = 0;
  readonly #projects = new Map<string, ModelProject>();
  /** How many GETs of each peer got an answer, per project. */
  readonly #polls = new WeakMap<ModelProject, Map<string, number>>();
  /** Tokens issued, and tokens revoked. */
  readonly issued: string[] = [];
  readonly revoked: string[] = [];

  constructor(options: ModelOptions) {
    this.#options = options;
    const { digest, credentials } = options;
    if (digest)
      this.#digest = new StrictDigestServer({
        username: credentials.publicKey,
        password: credentials.privateKey,
        nonces: digest.nonces,
        ncOrder: digest.ncOrder,
        ...(digest.lifetimeMs !== undefined ? { lifetimeMs: digest.lifetimeMs } : {}),
      });
  }

  get digestStats(): StrictDigestServer["stats"] | undefined {
    return this.#digest?.stats;
  }

  /** Makes every token issued so far invalid, as a server-side expiry or revocation would. */
  expireTokens(): void {
    this.#tokens.clear();
  }

  readonly fetch = (async (input: string | URL, init: RequestInit = {}) => {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw signal.reason;
    const headers = undiciHeaders(init.headers as Record<string, string>);
    const url = new URL(String(input));
    const request: ModelRequest = {
      method: init.method ?? "GET",
      path: url.pathname + url.search,
      headers,
      body: typeof init.body === "string" ? init.body : undefined,
      pulled: 0,
      chunkBytes: 0,
    };
    this.requests.push(request);
    this.#options.onRequest?.(request);
    const step =
      url.pathname === "/api/oauth/token"
        ? this.#tokenAnswer(request)
        : url.pathname === "/api/oauth/revoke"
          ? this.#revokeAnswer(request)
          : this.#apiAnswer(request);
    return abortable(step, signal);
  }) as typeof globalThis.fetch;

  async #apiAnswer(request: ModelRequest): Promise<Response> {
    const script = this.#options.api ?? [{ delayMs: 0 }];
    const step = script[Math.min(this.#apiAt++, script.length - 1)]!;
    await delay(step.delayMs);
    const authorization = request.headers.authorization;
    const hostile = this.#options.hostile === true;
    // Authentication first, as Atlas does.
    if (this.#digest) {
      const uri = request.path;
      const verdict = this.#digest.check(request.method, uri, authorization);
      if (!verdict.ok) {
        const challenge = hostile ? this.#hostileChallenge(verdict.wwwAuthenticate) : verdict.wwwAuthenticate;
        return json(
          401,
          { error: 401, errorCode: hostile ? this.#echo(authorization) : "UNAUTHORIZED" },
          {
            "www-authenticate": challenge,
          },
        );
      }
    } else if (authorization?.startsWith("Bearer ")) {
      const token = authorization.slice(7);
      const known = token === this.#options.credentials.bearerToken || this.#tokens.has(token);
      if (!known || (this.#options.refuseIssuedTokens && this.#tokens.has(token)))
        return json(401, { error: 401, errorCode: hostile ? this.#echo(authorization) : "UNAUTHORIZED" });
    } else if (authorization !== undefined) return json(401, { error: 401, errorCode: "UNAUTHORIZED" });

    switch (step.fault) {
      case "hang":
        return new Promise<Response>(() => {});
      case "reset":
        throw new TypeError("fetch failed", {
          cause: withCode(new Error("other side closed"), "UND_ERR_SOCKET"),
        });
      case "malformed": {
        // undici's HTTPParserError keeps the raw bytes it could not parse: here, an echo of the request.
        const cause = withCode(
          new Error("Response does not match the HTTP/1.1 protocol"),
          "HPE_INVALID_HEADER_TOKEN",
        );
        Object.assign(cause, { data: `HTTP/1.1 200 OK\r\n${authorization}\r\n` });
        throw new TypeError("fetch failed", { cause });
      }
      case "429":
      case "503":
        return json(
          Number(step.fault),
          { error: Number(step.fault), errorCode: hostile ? this.#echo(authorization) : "RATE_LIMITED" },
          {
            "retry-after": String(step.retryAfter ?? 0),
            ...(hostile ? { "x-request-id": this.#echo(authorization) } : {}),
          },
        );
      case "500":
      case "502":
      case "504":
        return this.#serverError(Number(step.fault), authorization);
      case "lost502":
      case "lost504":
      case "lostReset":
        // Atlas did it; the answer never came back.
        if (this.#options.resources) this.#resourceAnswer(request, authorization);
        if (step.fault === "lostReset")
          throw new TypeError("fetch failed", {
            cause: withCode(new Error("other side closed"), "UND_ERR_SOCKET"),
          });
        return this.#serverError(step.fault === "lost502" ? 502 : 504, authorization);
      case "badGzip":
        return new Response(
          new ReadableStream({
            start: (controller) =>
              controller.error(
                new TypeError("terminated", {
                  cause: withCode(new Error("incorrect header check"), "Z_DATA_ERROR"),
                }),
              ),
          }),
          { status: 200, headers: { "content-encoding": "gzip" } },
        );
      case "echo":
        return json(
          400,
          {
            error: 400,
            errorCode: this.#echo(authorization),
            detail: `you sent ${authorization} ${this.#echo(authorization)}`,
            reason: Buffer.from(String(authorization)).toString("base64"),
            parameters: [authorization, { [String(authorization)]: this.#echo(authorization) }],
            badRequestDetail: {
              fields: [{ field: String(authorization), description: this.#echo(authorization) }],
            },
          },
          { "x-request-id": String(authorization), "request-id": this.#echo(authorization) },
        );
    }
    if (step.bodyBytes !== undefined) return this.#sizedBody(request, step);
    if (this.#options.resources) return this.#resourceAnswer(request, authorization);
    return json(request.method === "DELETE" ? 202 : 200, request.method === "DELETE" ? {} : peer);
  }

  #serverError(status: number, authorization: string | undefined): Response {
    const hostile = this.#options.hostile === true;
    return json(status, {
      error: status,
      errorCode: hostile ? this.#echo(authorization) : "UNEXPECTED_ERROR",
      detail: hostile ? this.#echo(authorization) : "Unexpected error.",
    });
  }

  /** The project of a group, made on its first request. */
  #project(groupId: string): ModelProject {
    let project = this.#projects.get(groupId);
    if (!project) this.#projects.set(groupId, (project = this.#options.resources!(groupId)));
    return project;
  }

  /** An answer from the projects' state (see ModelProject), by path and method. */
  #resourceAnswer(request: ModelRequest, authorization: string | undefined): Response {
    const url = new URL(request.path, "https://model.invalid");
    const route = /^\/api\/atlas\/v2\/groups\/([^/]+)\/(peers|containers)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!route) return json(404, { error: 404, errorCode: "RESOURCE_NOT_FOUND" });
    const [, groupId, kind, id] = route as unknown as [string, string, "peers" | "containers", string?];
    const project = this.#project(groupId);
    const { method } = request;
    if (kind === "containers" && id === "all" && method === "GET")
      return this.#page(project.containers, url, project.listing, authorization);
    if (id === undefined) {
      if (method === "POST") return this.#create(request, project, kind, authorization);
      const items =
        kind === "peers"
          ? project.peers
          : project.containers.filter(
              (container) => container.providerName === (url.searchParams.get("providerName") ?? "AWS"),
            );
      return this.#page(items, url, project.listing, authorization);
    }
    if (method === "DELETE") return json(202, {});
    if (kind === "containers") {
      const container = project.containers.find((each) => each.id === id);
      return container
        ? json(200, this.#shown(container, authorization))
        : json(404, { error: 404, errorCode: "CLOUD_PROVIDER_CONTAINER_NOT_FOUND" });
    }
    if (method === "PATCH") return json(200, { ...peer, id });
    return this.#peerState(project, id, authorization);
  }

  /** One page of a listing, as the project's listing behaviour has it. */
  #page(all: ModelItem[], url: URL, listing: ModelListing = {}, authorization: string | undefined): Response {
    const itemsPerPage = Number(url.searchParams.get("itemsPerPage") ?? 100);
    const pageNum = listing.ignorePageNum ? 1 : Number(url.searchParams.get("pageNum") ?? 1);
    const size = Math.min(itemsPerPage, listing.maxPageSize ?? Infinity);
    const start = (pageNum - 1) * size - (listing.repeat === "previous" && pageNum > 1 ? 1 : 0);
    const results = all.slice(start, start + size);
    if (listing.repeat === "within" && results.length >= 2) results[results.length - 1] = results[0]!;
    const count = listing.totalCount ?? "exact";
    const totalCount = count === "exact" ? all.length : count === "absent" ? undefined : all.length + count;
    return json(200, {
      results: results.map((item) => this.#shown(item, authorization)),
      links: [],
      ...(totalCount === undefined ? {} : { totalCount: Math.max(0, totalCount) }),
    });
  }

  /** A create: one container per provider and region (409 for a second), any number of peers. */
  #create(
    request: ModelRequest,
    project: ModelProject,
    kind: "peers" | "containers",
    authorization: string | undefined,
  ): Response {
    const body = JSON.parse(request.body ?? "{}") as Record<string, unknown>;
    const id = (0x5f000000 + (this.#created += 1)).toString(16) + "0".repeat(16);
    if (kind === "peers") {
      const created = { ...peer, ...body, id, statusName: "INITIATING" };
      project.peers.push(created);
      request.applied = true;
      return json(201, created);
    }
    const region = (container: Record<string, unknown>) => container.regionName ?? container.region;
    if (
      project.containers.some(
        (each) => each.providerName === body.providerName && region(each) === region(body),
      )
    )
      return json(409, {
        error: 409,
        errorCode: "CONTAINER_ALREADY_EXISTS",
        detail: this.#options.hostile ? this.#echo(authorization) : "A container already exists.",
      });
    const created: ModelItem = { ...body, id, provisioned: false };
    project.containers.push(created);
    request.applied = true;
    return json(201, this.#shown(created, authorization));
  }

  /** A peer's next state (see ModelProject.peerStates), with Atlas's error fields when FAILED. */
  #peerState(project: ModelProject, peerId: string, authorization: string | undefined): Response {
    const states = project.peerStates ?? ["AVAILABLE"];
    const polled = this.#polls.get(project) ?? new Map<string, number>();
    this.#polls.set(project, polled);
    const at = polled.get(peerId) ?? 0;
    polled.set(peerId, at + 1);
    const state = states[Math.min(at, states.length - 1)]!;
    const hostile = this.#options.hostile === true;
    if (state === "gone")
      return json(404, {
        error: 404,
        errorCode: hostile ? this.#echo(authorization) : "PEER_NOT_FOUND",
        detail: hostile ? this.#echo(authorization) : `Peer ${peerId} not found.`,
      });
    const failed = state === "FAILED";
    return json(200, {
      ...(project.peers.find((each) => each.id === peerId) ?? peer),
      id: peerId,
      statusName: state,
      ...(failed || hostile
        ? {
            errorStateName: hostile ? this.#echo(authorization) : "REJECTED",
            errorMessage: hostile ? this.#echo(authorization) : "The peering request was rejected.",
          }
        : {}),
    });
  }

  /** An item as answered: a hostile model puts a secret in a container's CIDR block. */
  #shown(item: ModelItem, authorization: string | undefined): ModelItem {
    return this.#options.hostile && "atlasCidrBlock" in item
      ? { ...item, atlasCidrBlock: this.#echo(authorization) }
      : item;
  }

  #sizedBody(request: ModelRequest, step: ApiStep): Response {
    const chunkBytes = step.chunkBytes ?? 16 * 1024;
    request.chunkBytes = chunkBytes;
    const total = step.bodyBytes!;
    const chunk = new Uint8Array(chunkBytes).fill(0x20);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (sent >= total) return controller.close();
          const size = Math.min(chunkBytes, total - sent);
          sent += size;
          request.pulled += size;
          controller.enqueue(size === chunkBytes ? chunk : chunk.subarray(0, size));
        },
      },
      { highWaterMark: 0 },
    );
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (step.claimedLength !== undefined) headers["content-length"] = String(step.claimedLength);
    const response = new Response(body, { status: 200, headers });
    streamed.add(response);
    return response;
  }

  async #tokenAnswer(request: ModelRequest): Promise<Response> {
    const script = this.#options.token ?? [{ delayMs: 0, answer: "token" }];
    const step = script[Math.min(this.#tokenAt++, script.length - 1)]!;
    await delay(step.delayMs);
    const { clientId, clientSecret } = this.#options.credentials;
    const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
    const hostile = this.#options.hostile === true;
    if (request.headers.authorization !== expected || step.answer === "refused")
      return json(401, {
        error: hostile ? this.#echo(request.headers.authorization) : "invalid_client",
        error_description: hostile
          ? `${request.headers.authorization} ${clientId}:${clientSecret}`
          : "bad client",
      });
    switch (step.answer) {
      case "hang":
        return new Promise<Response>(() => {});
      case "reset":
        throw new TypeError("fetch failed", {
          cause: withCode(new Error("other side closed"), "UND_ERR_SOCKET"),
        });
      case "429":
      case "500":
        return json(
          Number(step.answer),
          { error: hostile ? `${clientId}:${clientSecret}` : "rate_limited" },
          { "retry-after": String(step.retryAfter ?? 0) },
        );
    }
    const token = `model-token-${(this.#issued += 1)}-${Math.random().toString(36).slice(2, 12)}`;
    const accessToken = step.answer === "crlf" ? `${token}\r\nX-Injected: 1` : token;
    this.#tokens.add(accessToken);
    this.issued.push(accessToken);
    return json(200, {
      access_token: accessToken,
      token_type: hostile ? clientSecret : "Bearer",
      expires_in: step.expiresIn ?? 3600,
    });
  }

  async #revokeAnswer(request: ModelRequest): Promise<Response> {
    const token = new URLSearchParams(request.body).get("token") ?? "";
    this.#tokens.delete(token);
    this.revoked.push(token);
    return this.#options.hostile
      ? json(500, { error: this.#echo(request.headers.authorization), detail: token })
      : json(200, {});
  }

  /** What a hostile server would echo: the secret behind the header, in some form. */
  #echo(authorization: string | undefined): string {
    const { privateKey, clientSecret, bearerToken } = this.#options.credentials;
    const secrets = [privateKey, clientSecret, bearerToken, String(authorization), ...this.issued];
    const secret = secrets[Math.floor(Math.random() * secrets.length)]!;
    const forms = [
      secret,
      secret.toUpperCase(),
      Buffer.from(secret).toString("base64"),
      encodeURIComponent(secret),
    ];
    return forms[Math.floor(Math.random() * forms.length)]!;
  }

  #hostileChallenge(challenge: string): string {
    const { privateKey } = this.#options.credentials;
    const pick = Math.floor(Math.random() * 4);
    if (pick === 0) return `${privateKey} realm="x", ${challenge}`;
    if (pick === 1) return challenge.replace("algorithm=MD5", `algorithm=${privateKey}`);
    if (pick === 2) return `Digest ${privateKey}=1, ${privateKey}=2`;
    return Array.from({ length: 40 }, (_, index) => `${privateKey}${index}`).join(", ");
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

function withCode(error: Error, code: string): Error {
  return Object.assign(error, { code });
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function undiciHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (/[\r\n\0]/.test(value)) throw new TypeError(`Headers.append: "${value}" is an invalid header value.`);
    if (/[^\t\x20-\x7e\x80-\xff]/.test(value))
      throw new TypeError("fetch failed", { cause: new Error(`invalid ${name} header`) });
    record[name.toLowerCase()] = value;
  }
  return record;
}

/** Answers whose bodies are generated as they are read (sizes, broken gzip). */
const streamed = new WeakSet<Response>();

function abortable(answer: Promise<Response>, signal: AbortSignal | undefined): Promise<Response> {
  if (!signal) return answer;
  return new Promise<Response>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    answer.then(
      (response) => {
        signal.removeEventListener("abort", onAbort);
        // Only streamed bodies can still be cut by an abort: a JSON answer is in memory already.
        resolve(streamed.has(response) ? withAbortableBody(response, signal) : response);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function withAbortableBody(response: Response, signal: AbortSignal): Response {
  const source = response.body;
  if (!source) return response;
  const reader = source.getReader();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (signal.aborted) {
          void reader.cancel().catch(() => {});
          return controller.error(signal.reason);
        }
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(error);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: response.status, headers: response.headers });
}
