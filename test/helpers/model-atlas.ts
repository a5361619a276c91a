import { StrictDigestServer } from "./strict-digest.js";

/**
 * A model of Atlas in the test's own process, fast enough for tens of thousands of runs under a
 * VirtualClock: the peers API with digest (strict or lenient about nc, one nonce or a fresh one
 * per challenge, nonces that expire), bearer tokens and the OAuth token endpoint, and scripted
 * misbehaviour: delays, hangs, resets, 429 and 503 with Retry-After, bodies of any size (lazily
 * generated, with the bytes the client pulled counted), lying Content-Length, broken gzip,
 * malformed HTTP, and a hostile mode that echoes every secret it knows into every field the
 * client may copy.
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
  fault?: "reset" | "hang" | "503" | "429" | "malformed" | "badGzip" | "echo";
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
      if (token !== this.#options.credentials.bearerToken && !this.#tokens.has(token))
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
    return json(request.method === "DELETE" ? 202 : 200, request.method === "DELETE" ? {} : peer);
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
