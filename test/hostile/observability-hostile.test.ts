// What an independent review found in logs, hooks and the raw answer, as classes: each test names
// the invariant, and checks it over the inputs that broke it and their neighbours.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import {
  AtlasConfigurationError,
  AtlasInvalidRequestError,
  createAtlasClient,
  type AtlasClientOptions,
  type AtlasResponseEvent,
} from "../../src/index.js";
import { clip } from "../../src/errors/redaction.js";
import { setTestSecrets } from "../helpers/test-secrets.js";
import type { MockAtlas } from "../../src/testing/index.js";
import { awsBody, clientFor, ids, startRecordingServer, startTestAtlas } from "../helpers/atlas-fixtures.js";
import { recordProduced, registerSecrets, rejectionOf, secretsShownBy } from "../helpers/secret-audit.js";
import { propertyRuns, propertyTimeoutMs } from "../helpers/property-runs.js";

// Property tests: a generous time limit, as a safety net (see propertyTimeoutMs).
vi.setConfig({ testTimeout: propertyTimeoutMs });

let atlas: MockAtlas;
let groupId: string;
let peerId: string;
beforeAll(async () => {
  atlas = await startTestAtlas();
  groupId = atlas.credentials.groupId;
  peerId = (await clientFor(atlas, "digest").peers.create(groupId, awsBody)).id;
});
afterAll(() => atlas.close());

/** Everything a client told anyone: log lines, hook events, warnings. */
function capture() {
  const told: unknown[] = [];
  const keep = (value: unknown) => void told.push(recordProduced(value));
  const options: Partial<AtlasClientOptions> = {
    logLevel: "debug",
    logger: { debug: keep, info: keep, warn: keep },
    hooks: { onRequest: keep, onResponse: keep, onRetry: keep },
    onWarning: keep,
  };
  return { told, options };
}

describe("a token is redacted in the form it was sent", () => {
  // fetch trims header values: the server sees (and echoes) the token without its whitespace.
  test.each([
    ["a fixed token with a tab after it", "S3cr3tT0kenValue9876\t", false],
    ["a fixed token with a space before it", " S3cr3tT0kenValue9876", false],
    ["a provider's token read from a file", "S3cr3tT0kenValue9876\n", true],
    ["a provider's token with spaces around it", "  S3cr3tT0kenValue9876 ", true],
  ])("%s: the call works, and an echo of it shows nowhere", async (_name, token, provided) => {
    const trimmed = token.trim();
    registerSecrets(trimmed);
    const server = await startRecordingServer((request, response) => {
      const echoed = (request.headers.authorization ?? "").replace(/^Bearer /, "");
      response.writeHead(404, { "content-type": "application/json", "x-request-id": echoed });
      response.end(
        JSON.stringify({
          errorCode: "PEER_NOT_FOUND",
          detail: `token ${echoed} hex ${Buffer.from(echoed).toString("hex")}`,
        }),
      );
    });
    try {
      const { told, options } = capture();
      const client = createAtlasClient({
        baseUrl: server.url,
        auth: { type: "bearer", token: provided ? () => token : token },
        maxRetries: 0,
        ...options,
      });
      const error = await rejectionOf(client.peers.get(ids.groupId, ids.peerId));
      expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${trimmed}`);
      expect(secretsShownBy([error, ...told], [trimmed])).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("the redactor finds a secret however a server encodes it", () => {
  test("raw, hex, base64 or base64url at any offset, inside any text: never shown", () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 12, maxLength: 40, unit: "grapheme-ascii" })
          .filter((s) => s.trim().length >= 12),
        fc.string({ maxLength: 9 }),
        fc.string({ maxLength: 9 }),
        fc.constantFrom("raw", "hex", "base64", "base64url"),
        (secret, before, after, encoding) => {
          setTestSecrets([secret]);
          const text = `${before}${secret}${after}`;
          const sent =
            encoding === "raw" ? text : Buffer.from(text, "utf8").toString(encoding as BufferEncoding);
          const shown = clip(sent, 10_000);
          expect(secretsShownBy(shown, [secret])).toEqual([]);
        },
      ),
      propertyRuns(2_000),
    );
  });

  test("several secrets, overlapping or in another case, of any length (past the size of a regular expression V8 compiles): never shown, never a throw", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc
            .oneof(
              fc.string({ minLength: 8, maxLength: 30, unit: "grapheme-ascii" }),
              // Letters beyond ASCII, whose case is ignored too.
              fc.string({ minLength: 8, maxLength: 30, unit: fc.constantFrom(..."aäöüéñøßçxyz-!09") }),
              // A token of 17,000 characters or more made the redactor throw a SyntaxError.
              fc
                .integer({ min: 16_000, max: 40_000 })
                .map((length) => "T".repeat(length).replace(/T/g, (_, at: number) => "abcdefghij"[at % 10]!)),
            )
            .filter((s) => s.trim().length >= 8),
          { minLength: 1, maxLength: 4 },
        ),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.string({ maxLength: 9 }),
        fc.boolean(),
        // Credential shapes the redactor also knows, just before a secret (raw, or hex after `response=`).
        fc.constantFrom("", "Basic ", "Bearer ", "Authorization: Basic ", "response="),
        (secrets, picks, filler, upper, prefix) => {
          // Secrets side by side, and one more secret astride two of them (spans that overlap).
          const parts = picks.map((pick) => secrets[pick % secrets.length]!);
          const astride = parts.length > 1 ? [`${parts[0]!.slice(-4)}${filler}${parts[1]!.slice(0, 4)}`] : [];
          const all = [...secrets, ...astride];
          setTestSecrets(all);
          const joined = parts.join(filler);
          const text =
            prefix === "response=" ? `${prefix}${Buffer.from(joined).toString("hex")}` : `${prefix}${joined}`;
          const sent = upper ? text.toUpperCase() : text;
          const shown = clip(sent, 100_000);
          for (const secret of all) {
            expect(shown.toLowerCase()).not.toContain(secret.toLowerCase());
            if (prefix === "response=")
              expect(shown.toLowerCase()).not.toContain(Buffer.from(secret).toString("hex").toLowerCase());
          }
        },
      ),
      propertyRuns(100),
    );
  });

  test("an Authorization value of an earlier request, recognised by its shape", () => {
    setTestSecrets([]);
    const shown = clip(
      'was Bearer rotating-token-0001-abcdef and Digest username="k", response="0123456789abcdef0123456789abcdef"',
      500,
    );
    expect(shown).not.toContain("rotating-token-0001-abcdef");
    expect(shown).not.toContain("0123456789abcdef0123456789abcdef");
  });

  test("a server's text cannot forge log lines or move the terminal, nor make errorCode more than a code", async () => {
    const server = await startRecordingServer((_request, response) => {
      response.writeHead(404, { "content-type": "application/json", "x-request-id": "abc\u0085def" });
      response.end(
        JSON.stringify({
          errorCode: "PEER_NOT_FOUND\n2026-01-01 INFO fake",
          detail: "gone\n2026-01-01 INFO fake: ok\u001b[2J\u2028",
        }),
      );
    });
    try {
      const { told, options } = capture();
      const client = createAtlasClient({
        baseUrl: server.url,
        auth: { type: "none" },
        maxRetries: 0,
        ...options,
      });
      const error = await rejectionOf(client.peers.get(ids.groupId, ids.peerId));
      expect((error as unknown as { errorCode: string }).errorCode).toMatch(/^[\w.-]+$/);
      expect(error.message).not.toMatch(/[\n\r\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      for (const line of told.filter((value): value is string => typeof value === "string"))
        expect(line).not.toMatch(/[\n\r\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    } finally {
      await server.close();
    }
  });
});

describe("a broken logger loses lines, never work", () => {
  test("a logger that throws: calls succeed, one token serves them, close() revokes it and resolves", async () => {
    const failing = () => {
      throw new Error("EPIPE: log stream closed");
    };
    const issued = atlas.state.oauth.issued;
    const revoked = atlas.state.oauth.revoked;
    const client = clientFor(atlas, "serviceAccount", {
      logLevel: "debug",
      logger: { debug: failing, info: failing, warn: failing },
      onWarning: undefined,
    });
    const created = await client.containers.create(groupId, {
      providerName: "AWS",
      regionName: "EU_WEST_1",
      atlasCidrBlock: "10.20.0.0/21",
    });
    expect(created.id).toMatch(/^[0-9a-f]{24}$/);
    await client.peers.get(groupId, peerId);
    await client.peers.get(groupId, peerId);
    expect(atlas.state.oauth.issued - issued).toBe(1);
    await client.close();
    expect(atlas.state.oauth.revoked - revoked).toBe(1);
  });
});

describe("hooks cannot change what the client owns, whatever they return", () => {
  test("a Proxy that answers the check with one name and the copy with another sends neither", async () => {
    // Each hook call returns a fresh Proxy: its first listing of keys is harmless, later ones not.
    const shifty = () => {
      let reads = 0;
      return new Proxy(
        {},
        {
          ownKeys: () => (reads++ === 0 ? ["x-trace"] : ["accept", "cookie"]),
          getOwnPropertyDescriptor: () => ({ value: "text/html", enumerable: true, configurable: true }),
          get: () => "text/html",
        },
      );
    };
    const sent: Array<Record<string, string>> = [];
    const client = clientFor(atlas, "digest", {
      fetch: (url, init) => {
        sent.push({ ...(init?.headers as Record<string, string>) });
        return fetch(url, init);
      },
      hooks: { onRequest: () => shifty() },
    });
    await client.peers.get(groupId, peerId);
    for (const headers of sent) {
      expect(headers.accept).toMatch(/^application\/vnd\.atlas\./);
      expect(headers).not.toHaveProperty("cookie");
      expect(headers["x-trace"]).toBe("text/html");
    }
  });

  test("a caller's header a hook overrode once is the caller's again on the next attempt", async () => {
    const sent: string[] = [];
    let attempts = 0;
    const client = clientFor(atlas, "digest", {
      fetch: (url, init) => {
        sent.push((init?.headers as Record<string, string>)["x-tenant"] ?? "(none)");
        return fetch(url, init);
      },
      hooks: { onRequest: () => (attempts++ === 0 ? { "x-tenant": "from-hook" } : undefined) },
    });
    await client.GET("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
      params: { path: { groupId, peerId } },
      headers: { "x-tenant": "from-caller" },
    });
    expect(sent).toEqual(["from-hook", "from-caller"]);
  });

  test("a Headers object and a non-native thenable are taken like an object and a promise", async () => {
    const sent: string[] = [];
    const client = clientFor(atlas, "digest", {
      fetch: (url, init) => {
        sent.push((init?.headers as Record<string, string>)["x-trace"] ?? "(none)");
        return fetch(url, init);
      },
      hooks: {
        onRequest: ({ attempt }) =>
          attempt === 1
            ? new Headers({ "X-Trace": "one" })
            : ({
                then: (resolve: (value: Record<string, string>) => void) => resolve({ "x-trace": "two" }),
              } as unknown as PromiseLike<Record<string, string>>),
      },
    });
    await client.peers.get(groupId, peerId);
    expect(sent).toEqual(["one", "two"]);
  });

  test.each(["Transfer-Encoding", "Connection", "Expect", "Keep-Alive", "Upgrade", "Host", "Content-Length"])(
    "%s, from a hook or per request, is refused before sending, and not retried",
    async (name) => {
      const mark = atlas.requests.length;
      const hooked = clientFor(atlas, "digest", { hooks: { onRequest: () => ({ [name]: "chunked" }) } });
      expect(await rejectionOf(hooked.peers.get(groupId, peerId))).toBeInstanceOf(AtlasInvalidRequestError);
      const caller = clientFor(atlas, "digest");
      const error = await rejectionOf(
        caller.GET("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
          params: { path: { groupId, peerId } },
          headers: { [name]: "chunked" },
        }),
      );
      expect(error).toBeInstanceOf(AtlasInvalidRequestError);
      expect(atlas.requests.length).toBe(mark);
    },
  );
});

describe("the call's limits hold around the hooks", () => {
  test("a synchronous onRequest that aborts the call or closes the client: nothing is sent", async () => {
    const mark = atlas.requests.length;
    const controller = new AbortController();
    const aborting = clientFor(atlas, "digest", {
      hooks: { onRequest: () => void controller.abort(new Error("stop")) },
    });
    await expect(aborting.peers.get(groupId, peerId, { signal: controller.signal })).rejects.toThrow("stop");
    let closing: Promise<void> | undefined;
    const closed = clientFor(atlas, "digest", {
      hooks: { onRequest: () => void (closing = closed.close()) },
    });
    await rejectionOf(closed.peers.get(groupId, peerId));
    await closing;
    expect(atlas.requests.length).toBe(mark);
  });

  test("every request event gets its response event: deadline, abort, close, an unreadable answer", async () => {
    const server = await startRecordingServer((request, response) => {
      if (request.url.includes("large")) {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ id: "x".repeat(4096) }));
      }
      // Otherwise: never answers.
    });
    try {
      const run = async (
        options: Partial<AtlasClientOptions>,
        call: (client: ReturnType<typeof createAtlasClient>) => Promise<unknown>,
      ) => {
        const events: string[] = [];
        const client = createAtlasClient({
          baseUrl: server.url,
          auth: { type: "none" },
          maxRetries: 0,
          hooks: {
            onRequest: () => void events.push("request"),
            onResponse: (event: AtlasResponseEvent) => void events.push(`response ${event.failure}`),
          },
          ...options,
        });
        await rejectionOf(call(client));
        await client.close();
        return events;
      };
      expect(
        await run({ totalTimeoutMs: 100 }, (client) => client.peers.get(ids.groupId, ids.peerId)),
      ).toEqual(["request", "response deadline"]);
      expect(
        await run({}, (client) =>
          client.peers.get(ids.groupId, ids.peerId, { signal: AbortSignal.timeout(100) }),
        ),
      ).toEqual(["request", "response aborted"]);
      expect(
        await run({}, (client) => {
          setTimeout(() => void client.close(), 100);
          return client.peers.get(ids.groupId, ids.peerId);
        }),
      ).toEqual(["request", "response closed"]);
      expect(
        await run({ maxResponseBytes: 1024 }, (client) =>
          client.GET("/api/atlas/v2/groups/{groupId}/peers", {
            params: { path: { groupId: ids.groupId }, query: { providerName: "large" as never } },
          }),
        ),
      ).toEqual(["request", "response RESPONSE_TOO_LARGE"]);
    } finally {
      await server.close();
    }
  });
});

describe("options and odd values", () => {
  test("logLevel is read like ATLAS_PEERING_LOG (any case, trimmed); logger null is refused", () => {
    expect(() => clientFor(atlas, "digest", { logLevel: " DEBUG " as never })).not.toThrow();
    const error = (() => {
      try {
        clientFor(atlas, "digest", { logger: null as never, logLevel: "info" });
      } catch (thrown) {
        return thrown as Error;
      }
    })();
    expect(error).toBeInstanceOf(AtlasConfigurationError);
    expect(error!.message).toMatch(/^logger: /);
  });

  test("no auth and an environment that cannot be read (Deno without --allow-env): a configuration error", () => {
    const env = new Proxy({} as Record<string, string | undefined>, {
      get: () => {
        throw new Error("no env access");
      },
    });
    expect(() => createAtlasClient({ env })).toThrow(AtlasConfigurationError);
    // With credentials given, the environment is not needed, the log level included.
    expect(() =>
      createAtlasClient({ env, auth: { type: "none" }, baseUrl: "http://127.0.0.1:1" }),
    ).not.toThrow();
  });
});
