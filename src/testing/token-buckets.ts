/**
 * Atlas's rate limit as the local Atlas plays it: a token bucket per principal (API key or
 * service account), refilled continuously; an empty bucket means 429 with the seconds until the
 * next token in `Retry-After`.
 */
export class TokenBuckets {
  readonly #capacity: number;
  readonly #refillPerSecond: number;
  readonly #buckets = new Map<string, { tokens: number; refilledAt: number }>();

  constructor({ capacity, refillPerSecond }: { capacity: number; refillPerSecond: number }) {
    this.#capacity = capacity;
    this.#refillPerSecond = refillPerSecond;
  }

  /** Takes a token for this principal, and says what the RateLimit-* and Retry-After headers show. */
  take(principal: string): { limit: number; remaining: number; retryAfterSeconds: number | undefined } {
    const now = Date.now();
    const bucket = this.#buckets.get(principal) ?? { tokens: this.#capacity, refilledAt: now };
    bucket.tokens = Math.min(
      this.#capacity,
      bucket.tokens + ((now - bucket.refilledAt) / 1000) * this.#refillPerSecond,
    );
    bucket.refilledAt = now;
    this.#buckets.set(principal, bucket);
    if (bucket.tokens < 1) {
      return {
        limit: this.#capacity,
        remaining: 0,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.#refillPerSecond)),
      };
    }
    bucket.tokens -= 1;
    return { limit: this.#capacity, remaining: Math.floor(bucket.tokens), retryAfterSeconds: undefined };
  }
}
