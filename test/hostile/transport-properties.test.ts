import fc from "fast-check";
import { afterAll, beforeAll, describe, onTestFinished, test, vi } from "vitest";
import {
  AtlasApiError,
  AtlasAuthenticationError,
  AtlasConnectionError,
  AtlasError,
  AtlasTimeoutError,
  AtlasUnreadableResponseError,
  createAtlasClient,
  type AtlasAuthOptions,
  type AtlasClient,
  type AtlasClientOptions,
  type AtlasWarning,
} from "../../src/index.js";
import { awsBody } from "../helpers/atlas-fixtures.js";
import {
  ModelAtlas,
  type ApiStep,
  type ModelCredentials,
  type ModelOptions,
  type TokenStep,
} from "../helpers/model-atlas.js";
import { secretsShownBy } from "../helpers/secret-audit.js";
import { VirtualClock } from "../helpers/virtual-clock.js";
import { propertyRuns, propertyTimeoutMs } from "../helpers/property-runs.js";
import { apiStep, digestServer, tokenStep } from "../helpers/model-arbitraries.js";

// Property tests: a generous time limit, as a safety net (see propertyTimeoutMs).
vi.setConfig({ testTimeout: propertyTimeoutMs });

// The transport's invariants as properties, over random interleavings of calls, aborts, close(),
// deadlines, slow and failing token endpoints, stale nonces, resets, hangs, hostile echoes and
// answers of any size, against an in-process model of Atlas (test/helpers/model-atlas.ts) on
// virtual time (test/helpers/virtual-clock.ts): every run is deterministic given its plan, and
// fast-check prints the plan of a failure, shrunk. Real sockets: hostile-input.test.ts,
// cancellation.test.ts and digest-reordering.test.ts.
//
// (a) after the caller's abort or close() nothing more is sent for that call, and nothing at all
//     once close() resolved; no token request starts while no call waits for one;
// (b) every call settles by its deadline (totalTimeoutMs), its abort or close(), whichever is first;
// (c) no secret in any error (message, stack, JSON, util.inspect, cause chain) or warning, whatever
//     the server sends;
// (d) the bytes read of an answer stay within maxResponseBytes (plus the chunks in flight),
//     whatever the answer's size;
// (e) valid credentials never end in 401.
// Also, in every run: only typed errors (or the caller's abort reason), and no timer left behind.
const runs = propertyRuns(3_000);

const credentials: ModelCredentials = {
  publicKey: "model-public-key",
  privateKey: "model-private-key-5f0c1d",
  clientId: "mdb_sa_id_model",
  clientSecret: "mdb_sa_sk_model-secret-77",
  bearerToken: "model-bearer-token-9a8b7c",
};
const baseUrl = "https://cloud.mongodb.com";
/** The secrets a client of each kind holds: what it must never show, whatever the server echoes. */
const secretsOf: Record<AuthKind, string[]> = {
  digest: [credentials.privateKey],
  serviceAccount: [
    credentials.clientSecret,
    `${credentials.clientId}:${credentials.clientSecret}`,
    Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString("base64"),
  ],
  bearer: [credentials.bearerToken],
  bearerProvider: [credentials.bearerToken],
};

let clock: VirtualClock;
/** Warnings Node printed while the properties ran (MaxListenersExceeded, TimeoutOverflow...). */
const processWarnings: Error[] = [];
const onProcessWarning = (warning: Error) => void processWarnings.push(warning);
beforeAll(() => {
  clock = new VirtualClock().install();
  process.on("warning", onProcessWarning);
});
afterAll(() => {
  process.off("warning", onProcessWarning);
  clock.uninstall();
  if (process.env.PROFILE_PROPERTIES)
    console.log("settles", clock.settles, "virtual ms", clock.now, "cpu", process.cpuUsage());
});

// ---------------------------------------------------------------------------------------------
// Plans

type AuthKind = "digest" | "serviceAccount" | "bearer" | "bearerProvider";
type Operation = "get" | "update" | "delete" | "create" | "typed fetch with a header";

interface CallPlan {
  operation: Operation;
  startAt: number;
  /** Abort this long after the start; undefined: never. */
  abortAfter: number | undefined;
  totalTimeoutMs: number | undefined;
  timeoutMs: number | undefined;
}

interface RunPlan {
  auth: AuthKind;
  model: Omit<ModelOptions, "credentials" | "onRequest">;
  client: Partial<AtlasClientOptions>;
  /** The bearer provider's delays, in order (the last repeated); Infinity: never answers. */
  providerDelays: number[];
  calls: CallPlan[];
  closeAt: number | undefined;
  /** Times at which the model expires every token (server-side revocation). */
  expireTokensAt: number[];
}

const operation = fc.constantFrom<Operation>(
  "get",
  "update",
  "delete",
  "create",
  "typed fetch with a header",
);
const callPlan = (options: { abort: boolean; deadline: "always" | "sometimes" }) =>
  fc.record({
    operation,
    startAt: fc.integer({ min: 0, max: 2000 }),
    abortAfter: options.abort
      ? fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined })
      : fc.constant(undefined),
    totalTimeoutMs:
      options.deadline === "always"
        ? fc.integer({ min: 1, max: 8000 })
        : fc.option(fc.integer({ min: 1, max: 8000 }), { nil: undefined }),
    timeoutMs: fc.option(fc.constantFrom(0, 50, 700, 30_000), { nil: undefined }),
  });

function runPlan(options: {
  faults: Array<ApiStep["fault"]>;
  abort: boolean;
  deadline: "always" | "sometimes";
  close: boolean;
  hostile?: boolean;
  maxCalls?: number;
}): fc.Arbitrary<RunPlan> {
  return fc.record({
    auth: fc.constantFrom<AuthKind>("digest", "serviceAccount", "bearer", "bearerProvider"),
    model: fc.record({
      digest: digestServer,
      api: fc.array(apiStep(options.faults), { minLength: 1, maxLength: 8 }),
      token: fc.array(tokenStep, { minLength: 1, maxLength: 4 }),
      hostile: fc.constant(options.hostile ?? false),
    }),
    client: fc.record(
      {
        timeoutMs: fc.constantFrom(0, 100, 1000, 30_000),
        maxRetries: fc.integer({ min: 0, max: 3 }),
        backoff: fc.record({
          initialDelayMs: fc.integer({ min: 0, max: 1000 }),
          maxDelayMs: fc.integer({ min: 0, max: 5000 }),
          maxRetryAfterMs: fc.constantFrom(0, 5000, 60_000),
        }),
        totalTimeoutMs: fc.integer({ min: 0, max: 10_000 }),
      },
      { requiredKeys: ["timeoutMs", "maxRetries"] },
    ),
    providerDelays: fc.array(fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constant(Infinity)), {
      minLength: 1,
      maxLength: 3,
    }),
    calls: fc.array(callPlan(options), { minLength: 1, maxLength: options.maxCalls ?? 4 }),
    closeAt: options.close
      ? fc.option(fc.integer({ min: 0, max: 6000 }), { nil: undefined })
      : fc.constant(undefined),
    expireTokensAt: fc.constant([]),
  });
}

// ---------------------------------------------------------------------------------------------
// One run

type Event =
  | { kind: "request"; call: number | undefined; path: string; method: string }
  | { kind: "abort"; call: number }
  | { kind: "settled"; call: number }
  | { kind: "close" }
  | { kind: "closed" };

interface CallRecord {
  plan: CallPlan;
  started: boolean;
  settled: boolean;
  /** Times relative to the run's start, as they happened (a 0 ms timer runs after 1 ms, as in Node). */
  startedAt: number;
  abortedAt: number;
  settledAt: number;
  error: unknown;
  abortReason: unknown;
  /** Its deadline, from its start: the earlier of its own totalTimeoutMs and the client's. */
  deadlineMs: number;
}

interface RunRecord {
  events: Event[];
  calls: CallRecord[];
  warnings: AtlasWarning[];
  /** Log lines and hook events, when the run had logging and hooks on (every other plan). */
  observed: unknown[];
  model: ModelAtlas;
  tokensSeen: string[];
  leftTimers: number;
  maxResponseBytes: number;
  /** When close() was called, if the plan calls it (relative to the run's start). */
  closedAt: number;
}

/** Each call gets its own project and peer ids, so that the model can tell whose request it got. */
const idsOf = (index: number) => ({
  groupId: (0x5356823b + index).toString(16).padStart(8, "0") + "3794dee37132bb7b",
  peerId: (0x95792d1a + index).toString(16).padStart(8, "0") + "28f9c1c076958ef6",
});
const callOfPath = (path: string) => {
  const match = /\/groups\/([0-9a-f]{8})3794dee37132bb7b/.exec(path);
  return match ? Number.parseInt(match[1]!, 16) - 0x5356823b : undefined;
};

async function execute(plan: RunPlan): Promise<RunRecord> {
  const t0 = clock.now;
  const events: Event[] = [];
  const warnings: AtlasWarning[] = [];
  const observed: unknown[] = [];
  const record = (...values: unknown[]) => void observed.push(values);
  // Every other plan logs at debug and has hooks: the properties hold on both paths of the transport.
  const observing =
    plan.calls.length % 2 === 1
      ? {
          logLevel: "debug" as const,
          logger: { debug: record, info: record, warn: record },
          hooks: { onRequest: record, onResponse: record, onRetry: record },
        }
      : {};
  const tokensSeen: string[] = [];
  const model = new ModelAtlas({
    ...plan.model,
    ...(plan.auth === "digest" ? {} : { digest: undefined }),
    credentials,
    onRequest: (request) =>
      events.push({
        kind: "request",
        call: callOfPath(request.path),
        path: request.path,
        method: request.method,
      }),
  });
  let providerCalls = 0;
  const auth: AtlasAuthOptions =
    plan.auth === "digest"
      ? { type: "digest", publicKey: credentials.publicKey, privateKey: credentials.privateKey }
      : plan.auth === "serviceAccount"
        ? { type: "serviceAccount", clientId: credentials.clientId, clientSecret: credentials.clientSecret }
        : plan.auth === "bearer"
          ? { type: "bearer", token: credentials.bearerToken }
          : {
              type: "bearer",
              token: () => {
                const wait = plan.providerDelays[Math.min(providerCalls++, plan.providerDelays.length - 1)]!;
                return wait === Infinity
                  ? new Promise<string>(() => {})
                  : new Promise<string>((resolve) =>
                      setTimeout(() => resolve(credentials.bearerToken), wait),
                    );
              },
            };
  const client = createAtlasClient({
    baseUrl,
    auth,
    fetch: model.fetch,
    onWarning: (warning) => void warnings.push(warning),
    ...observing,
    ...plan.client,
  });
  const maxResponseBytes = plan.client.maxResponseBytes ?? 16 * 1024 * 1024;
  const closeAt = plan.closeAt;
  let closedAt = Infinity;
  const calls: CallRecord[] = plan.calls.map((call) => ({
    plan: call,
    started: false,
    settled: false,
    startedAt: Infinity,
    abortedAt: Infinity,
    settledAt: Infinity,
    error: undefined,
    abortReason: undefined,
    deadlineMs: Math.min(call.totalTimeoutMs || Infinity, plan.client.totalTimeoutMs || Infinity),
  }));

  plan.calls.forEach((call, index) => {
    setTimeout(() => {
      const record = calls[index]!;
      record.started = true;
      record.startedAt = clock.now - t0;
      const controller = new AbortController();
      if (call.abortAfter !== undefined)
        setTimeout(() => {
          if (record.settled) return;
          record.abortedAt = clock.now - t0;
          record.abortReason = new Error(`call ${index} aborted by its caller`);
          events.push({ kind: "abort", call: index });
          controller.abort(record.abortReason);
        }, call.abortAfter);
      void start(client, call, index, controller.signal).then(
        () => settle(record, index, undefined),
        (error: unknown) => settle(record, index, error),
      );
    }, call.startAt);
  });
  const settle = (record: CallRecord, index: number, error: unknown) => {
    record.settled = true;
    record.settledAt = clock.now - t0;
    record.error = error;
    events.push({ kind: "settled", call: index });
  };
  let closing: Promise<void> | undefined;
  if (closeAt !== undefined)
    setTimeout(() => {
      closedAt = clock.now - t0;
      events.push({ kind: "close" });
      closing = client.close().then(() => void events.push({ kind: "closed" }));
    }, closeAt);
  for (const at of plan.expireTokensAt) setTimeout(() => model.expireTokens(), at);

  // Time passes until every call has settled (or far past every bound, if one never does); then
  // the client is closed, and whatever it left runs out.
  await clock.runUntil(() => calls.every((call) => call.started && call.settled), 200_000);
  if (!closing) {
    events.push({ kind: "close" });
    closing = client.close().then(() => void events.push({ kind: "closed" }));
  }
  await clock.runUntil(() => false, 120_000);
  await closing;
  await clock.settle();
  for (const token of model.issued) tokensSeen.push(token);
  return {
    events,
    calls,
    warnings,
    observed,
    model,
    tokensSeen,
    leftTimers: clock.pendingTimers,
    maxResponseBytes,
    closedAt,
  };
}

function start(client: AtlasClient, call: CallPlan, index: number, signal: AbortSignal): Promise<unknown> {
  const { groupId, peerId } = idsOf(index);
  const options = {
    // Only calls that will be aborted carry a signal: the others take the transport's cheaper path
    // (a timer raced against the answer, no signal for fetch), which the runs must cover too.
    ...(call.abortAfter !== undefined ? { signal } : {}),
    ...(call.totalTimeoutMs !== undefined ? { totalTimeoutMs: call.totalTimeoutMs } : {}),
    ...(call.timeoutMs !== undefined ? { timeoutMs: call.timeoutMs } : {}),
  };
  switch (call.operation) {
    case "get":
      return client.peers.get(groupId, peerId, options);
    case "update":
      return client.peers.update(groupId, peerId, awsBody, options);
    case "delete":
      return client.peers.delete(groupId, peerId, options);
    case "create":
      return client.peers.create(groupId, awsBody, options);
    case "typed fetch with a header":
      return client
        .PATCH("/api/atlas/v2/groups/{groupId}/peers/{peerId}", {
          params: { path: { groupId, peerId } },
          body: awsBody,
          headers: { "x-trace": `call-${index}` },
          ...options,
        })
        .then(({ error }) => {
          if (error) throw error;
        });
  }
}

// ---------------------------------------------------------------------------------------------
// Checks shared by every property

const typedErrors = [
  AtlasApiError,
  AtlasConnectionError,
  AtlasTimeoutError,
  AtlasUnreadableResponseError,
  AtlasAuthenticationError,
];

/** A plain check: `expect` costs more than the rest of a run when called per event, ten thousand times. */
function must(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}

function expectTypedOutcomes(record: RunRecord): void {
  for (const [index, call] of record.calls.entries()) {
    must(call.settled, () => `call ${index} never settled`);
    const { error } = call;
    if (error === undefined || error === call.abortReason) continue;
    const typed =
      typedErrors.some((type) => error instanceof type) ||
      (error instanceof AtlasError && /closed/.test(error.message));
    must(typed, () => `call ${index} ended with an untyped error: ${String(error)}`);
  }
  must(record.leftTimers === 0, () => `${record.leftTimers} timers left behind`);
}

/** (a): nothing sent for a call after its abort or close(), nothing at all once close() resolved. */
function expectNothingSentAfterStop(record: RunRecord): void {
  const aborted = new Set<number>();
  let closed = false;
  let closeResolved = false;
  for (const event of record.events) {
    if (event.kind === "abort") aborted.add(event.call);
    else if (event.kind === "close") closed = true;
    else if (event.kind === "closed") closeResolved = true;
    else if (event.kind === "request") {
      must(!closeResolved, () => `${event.method} ${event.path} after close() resolved`);
      if (event.call !== undefined) {
        must(!aborted.has(event.call), () => `call ${event.call} sent ${event.method} after its abort`);
        must(!closed, () => `call ${event.call} sent ${event.method} after close()`);
      } else if (event.path === "/api/oauth/token") must(!closed, () => "a token request after close()");
    }
  }
}

/** (b): each call settled by its deadline, its abort or close(), whichever came first. */
function expectSettledInTime(record: RunRecord): void {
  for (const [index, call] of record.calls.entries()) {
    // A call started after close() settles at its start.
    const bound = Math.max(
      call.startedAt,
      Math.min(call.startedAt + call.deadlineMs, call.abortedAt, record.closedAt),
    );
    must(
      call.settledAt <= bound + 1,
      () => `call ${index} settled at ${call.settledAt} ms, after its bound (${bound} ms)`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The properties

describe("transport invariants over random interleavings (in-process model, virtual time)", () => {
  // (a) and (b) are about the same interleavings (calls, aborts, close(), deadlines, slow and
  // failing servers): each one generated is checked against both.
  test("(a) after the caller's abort or close() nothing more is sent for that call; (b) every call settles by its deadline, its abort or close()", async () => {
    await fc.assert(
      fc.asyncProperty(
        runPlan({
          faults: ["reset", "hang", "503", "429", "malformed", "badGzip"],
          abort: true,
          deadline: "sometimes",
          close: true,
        }),
        async (plan) => {
          const record = await execute(plan);
          expectTypedOutcomes(record);
          expectNothingSentAfterStop(record);
          expectSettledInTime(record);
        },
      ),
      runs,
    );
  });

  test("(c) no secret in any error, warning, log line or hook event, whatever the server sends", async () => {
    // Stack frames name files and functions of this package, never a secret; what a server can
    // put in a stack is its first line (name and message), which a stack without frames still
    // has. Without frames, util.inspect skips source-mapping each one: most of a run's cost here.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    onTestFinished(() => void (Error.stackTraceLimit = stackTraceLimit));
    await fc.assert(
      fc.asyncProperty(
        runPlan({
          faults: ["echo", "echo", "malformed", "429", "503", "reset"],
          abort: false,
          deadline: "sometimes",
          close: false,
          hostile: true,
        }),
        fc.constantFrom<TokenStep["answer"]>("token", "crlf", "refused"),
        async (generated, tokenAnswer) => {
          const plan = {
            ...generated,
            model: {
              ...generated.model,
              token: [{ delayMs: 0, answer: tokenAnswer }, ...(generated.model.token ?? [])],
            },
          };
          const record = await execute(plan);
          expectTypedOutcomes(record);
          const secrets = [
            ...secretsOf[plan.auth],
            ...(plan.auth === "serviceAccount" ? record.tokensSeen : []),
          ];
          for (const produced of [
            ...record.calls.map((call) => call.error),
            ...record.warnings,
            ...record.observed,
          ]) {
            if (produced === undefined) continue;
            const shown = secretsShownBy(produced, secrets);
            must(shown.length === 0, () => `a secret shown: ${JSON.stringify(shown)}`);
          }
        },
      ),
      runs,
    );
  });

  test("(d) the bytes read of an answer stay within maxResponseBytes, whatever its size", async () => {
    const sizedStep = fc.record({
      delayMs: fc.integer({ min: 0, max: 20 }),
      bodyBytes: fc.oneof(fc.integer({ min: 0, max: 300_000 }), fc.constant(Infinity)),
      chunkBytes: fc.integer({ min: 256, max: 65_536 }),
      claimedLength: fc.option(fc.integer({ min: 0, max: 1_000 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(
        runPlan({ faults: [], abort: true, deadline: "sometimes", close: false, maxCalls: 3 }),
        fc.array(sizedStep, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1024, max: 200_000 }),
        async (generated, steps, maxResponseBytes) => {
          const plan: RunPlan = {
            ...generated,
            auth: "bearer",
            model: { ...generated.model, api: steps },
            client: { ...generated.client, maxResponseBytes },
          };
          const record = await execute(plan);
          expectTypedOutcomes(record);
          // What was pulled from the body: the limit, plus the chunks the streams hold ahead.
          for (const request of record.model.requests)
            must(
              request.pulled <= maxResponseBytes + 4 * Math.max(request.chunkBytes, 1),
              () => `${request.pulled} bytes read of an answer, limit ${maxResponseBytes}`,
            );
          for (const call of record.calls)
            if (call.error instanceof AtlasUnreadableResponseError)
              must(
                call.error.code === "RESPONSE_TOO_LARGE" && call.error.limitBytes === maxResponseBytes,
                () => `unexpected ${String(call.error)}`,
              );
        },
      ),
      runs,
    );
  });

  test("(e) valid credentials never end in 401", async () => {
    const concurrent = fc.record({
      auth: fc.constantFrom<AuthKind>("digest", "digest", "serviceAccount", "bearerProvider"),
      digest: digestServer,
      delays: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 12 }),
      starts: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 2, maxLength: 8 }),
      // One server-side expiry per run: two within a minute, each before its token was used, are
      // what a service account without access looks like, and the token budget (issue 17) stops
      // there by design (test/hostile/one-of-each.test.ts, "the token budget").
      expireTokensAt: fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 1 }),
      operation,
    });
    await fc.assert(
      fc.asyncProperty(concurrent, async ({ auth, digest, delays, starts, expireTokensAt, operation }) => {
        const record = await execute({
          auth,
          model: {
            digest,
            api: delays.map((delayMs) => ({ delayMs })),
            token: [{ delayMs: 5, answer: "token" }],
          },
          client: { timeoutMs: 30_000, maxRetries: 2 },
          providerDelays: [0],
          calls: starts.map((startAt) => ({
            operation,
            startAt,
            abortAfter: undefined,
            totalTimeoutMs: undefined,
            timeoutMs: undefined,
          })),
          closeAt: undefined,
          expireTokensAt,
        });
        expectTypedOutcomes(record);
        for (const [index, call] of record.calls.entries()) {
          const { error } = call;
          must(!(error instanceof AtlasApiError && error.status === 401), () => `call ${index} ended in 401`);
          must(error === undefined, () => `call ${index} failed: ${String(error)}`);
        }
      }),
      runs,
    );
  });

  test("in all those runs: no warning from Node, and no timer asked for more than 2^31-1 ms", () => {
    must(processWarnings.length === 0, () => processWarnings.map((warning) => warning.message).join("\n"));
    must(clock.overflows === 0, () => `${clock.overflows} timers above 2^31-1 ms`);
  });
});
