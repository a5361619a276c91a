import fc from "fast-check";
import type { ApiStep, TokenStep } from "./model-atlas.js";

// What the in-process model of Atlas (model-atlas.ts) is scripted with, as fast-check arbitraries:
// shared by the transport's and the operations' property suites, so both draw the same servers.

/** An API answer: its delay (mostly short, sometimes seconds), a fault from `faults`, a Retry-After. */
export const apiStep = (faults: Array<ApiStep["fault"]>) =>
  fc.record({
    delayMs: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3000 })),
    fault:
      faults.length > 0
        ? fc.option(fc.constantFrom(...faults), { nil: undefined, freq: 2 })
        : fc.constant(undefined),
    retryAfter: fc.integer({ min: 0, max: 10 }),
  }) as fc.Arbitrary<ApiStep>;

/** A token endpoint answer: mostly a token (some with no lifetime left), or a 429, 500, reset or hang. */
export const tokenStep: fc.Arbitrary<TokenStep> = fc.record({
  delayMs: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 4000 })),
  answer: fc.constantFrom<TokenStep["answer"]>("token", "token", "token", "429", "500", "reset", "hang"),
  retryAfter: fc.integer({ min: 0, max: 10 }),
  expiresIn: fc.constantFrom(3600, 3600, 0, 1),
});

/** A digest server: one nonce or a fresh one per challenge, strict or ignored nc order, nonce lifetimes. */
export const digestServer = fc.record({
  nonces: fc.constantFrom<"single" | "fresh">("single", "fresh"),
  ncOrder: fc.constantFrom<"strict" | "ignored">("strict", "ignored"),
  lifetimeMs: fc.option(fc.integer({ min: 300, max: 5000 }), { nil: undefined }),
});
