import { AtlasConfigurationError } from "../errors/atlas-error.js";
import type { AtlasRequestEvent, AtlasResponseEvent, AtlasRetryEvent } from "./events.js";

/**
 * Functions the client calls around each attempt, for tracing headers, timing and counting. They
 * see requests without credentials and cannot change authentication. `onRequest` runs before
 * anything is sent: if it throws (or its promise rejects), the call ends with that error.
 * `onResponse` and `onRetry` observe what already happened: what they throw or reject never
 * changes the call's outcome, and is reported as an `ATLAS_HOOK_FAILED` warning.
 */
export interface AtlasHooks {
  /**
   * Before each attempt (retries and authentication rounds included). May return headers to add
   * to this attempt, such as `traceparent` (an object of names and string values, or a `Headers`);
   * `Authorization`, `Accept`, `Content-Type`, `User-Agent`, `Cookie` and the headers fetch manages
   * itself (`Host`, `Content-Length`, `Connection`, `Transfer-Encoding`, ...) stay the client's. A
   * returned promise is waited for within the call's limits (its abort, deadline and `close()`).
   */
  onRequest?:
    | ((
        request: AtlasRequestEvent,
      ) => Record<string, string> | Headers | void | PromiseLike<Record<string, string> | Headers | void>)
    | undefined;
  /**
   * After each attempt: its status and duration, or its `failure` when no answer came. What it
   * returns is ignored; what it throws or rejects is an `ATLAS_HOOK_FAILED` warning.
   */
  onResponse?: ((response: AtlasResponseEvent) => unknown) | undefined;
  /** Before the call sends its request again: why, and how long it waits first. Observes only, like `onResponse`. */
  onRetry?: ((retry: AtlasRetryEvent) => unknown) | undefined;
}

/** Checked when the client is created, like every option. */
export function checkHooks(hooks: unknown): AtlasHooks | undefined {
  if (hooks === undefined) return undefined;
  if (typeof hooks !== "object" || hooks === null || Array.isArray(hooks))
    throw new AtlasConfigurationError("hooks", "must be an object of functions");
  for (const [name, value] of Object.entries(hooks)) {
    if (!["onRequest", "onResponse", "onRetry"].includes(name))
      throw new AtlasConfigurationError("hooks", `has no hook ${JSON.stringify(name.slice(0, 40))}`);
    if (value !== undefined && typeof value !== "function")
      throw new AtlasConfigurationError(`hooks.${name}`, "must be a function");
  }
  return hooks as AtlasHooks;
}
