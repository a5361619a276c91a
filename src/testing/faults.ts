/** A misbehaviour the local Atlas can be told to show, for retry and robustness tests. */
export type Fault =
  /** 429 RATE_LIMITED_TOKEN_BUCKET with RateLimit-* headers and `Retry-After` (seconds, a date, or garbage). */
  | {
      /** Selects a rate-limit answer. */
      kind: "rateLimit";
      /** The `Retry-After` value sent as is (`"1"`, an HTTP date, or garbage to test parsing); default `"1"`. */
      retryAfter?: string | undefined;
    }
  /** A server error, with Atlas's JSON error body or an HTML page as a proxy would send. */
  | {
      /** Selects a server error. */
      kind: "serverError";
      /** The status to answer: 500 (not retried by clients) or 502, 503, 504 (retried). */
      status: 500 | 502 | 503 | 504;
      /** Atlas's JSON error body (default), a proxy's HTML page, or nothing. */
      body?: "json" | "html" | "empty" | undefined;
    }
  /** Answer only after a delay (the request is handled normally). */
  | {
      /** Selects a slow answer. */
      kind: "slow";
      /** How long to wait before handling the request, in milliseconds. */
      delayMs: number;
    }
  /** Drop the connection: before handling (`before`) or after the operation was applied, mid-answer (`after`). */
  | {
      /** Selects a dropped connection. */
      kind: "reset";
      /** `before`: nothing was applied. `after`: the operation was applied, and its answer is lost. */
      when: "before" | "after";
    }
  /** Apply the operation, then send only the first half of the JSON answer and close. */
  | {
      /** Selects a truncated answer. */
      kind: "truncated";
    }
  /** Answer exactly this, whatever was asked (for hostile-server tests). */
  | {
      /** Selects a raw answer. */
      kind: "raw";
      /** The status line's code, sent as is. */
      status: number;
      /** The answer's headers, sent as is; none by default. */
      headers?: Record<string, string | string[]> | undefined;
      /** The answer's body, sent as is. */
      body: string;
    };

/** A fault, which requests it applies to, and how many times. */
export interface FaultRule {
  /** The misbehaviour to show. */
  fault: Fault;
  /** Which requests it applies to; default every API request (not the OAuth endpoints). */
  match?:
    | {
        /** Only requests with this method, such as `POST`; default any. */
        method?: string | undefined;
        /** Only requests whose path contains this text, such as `/peers/`; default any. */
        pathIncludes?: string | undefined;
      }
    | undefined;
  /** How many matching requests it applies to; default 1. */
  times?: number | undefined;
}

/** Faults waiting for matching requests, used up in order. */
export class FaultQueue {
  readonly #rules: Array<FaultRule & { left: number }> = [];

  /** Queues a fault for the next matching requests. */
  inject(rule: FaultRule): void {
    this.#rules.push({ ...rule, left: rule.times ?? 1 });
  }

  /** Drops every queued fault. */
  clear(): void {
    this.#rules.length = 0;
  }

  /** How many faulty answers are still queued. */
  get pending(): number {
    return this.#rules.reduce((total, rule) => total + rule.left, 0);
  }

  /** The fault for this request, if one is waiting for it. */
  /** The fault for this request, if one is waiting for it (used by the server). */
  take(method: string, path: string): Fault | undefined {
    const index = this.#rules.findIndex(
      (rule) =>
        rule.left > 0 &&
        (!rule.match?.method || rule.match.method === method) &&
        (!rule.match?.pathIncludes || path.includes(rule.match.pathIncludes)),
    );
    if (index === -1) return undefined;
    const rule = this.#rules[index]!;
    rule.left -= 1;
    if (rule.left === 0) this.#rules.splice(index, 1);
    return rule.fault;
  }
}
