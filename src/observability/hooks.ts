import { AtlasConfigurationError } from "../errors/atlas-error.js";
import type { AtlasRequestEvent, AtlasResponseEvent, AtlasRetryEvent } from "./events.js";

/**
 * Functions the client calls around each attempt, for tracing headers, timing and counting. They
 * see requests without credentials and cannot change authentication. A hook that throws (or
 * whose promise rejects) ends the call with that error.
 */
export interface AtlasHooks {
  /**
   * Before each attempt (retries and authentication rounds included). May return headers to add
   * to this attempt, such as `traceparent`; `Authorization`, `Accept`, `Content-Type`, `User-Agent`,
   * `Host`, `Cookie` and `Content-Length` stay the client's. A returned promise is waited for
   * within the call's limits (its abort and deadline).
   */
  onRequest?:
    | ((request: AtlasRequestEvent) => Record<string, string> | void | Promise<Record<string, string> | void>)
    | undefined;
  /** After each attempt: its status and duration, or its failure when no answer came. */
  onResponse?: ((response: AtlasResponseEvent) => void) | undefined;
  /** Before the call sends its request again: why, and how long it waits first. */
  onRetry?: ((retry: AtlasRetryEvent) => void) | undefined;
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
