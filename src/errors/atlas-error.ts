import { clip, redactCause, redactJson } from "./redaction.js";

/**
 * The brand every error of this package carries, readable by any copy of the package: the names of
 * its classes, most derived first (`["AtlasApiError", "AtlasError"]`). `Symbol.for`, so the ESM
 * and CommonJS builds loaded in one process (a library that `require`s the package, an app that
 * `import`s it) see the same key.
 */
const errorClassesKey = Symbol.for("atlas-peering-client.errorClasses");
/** Where each class keeps its own name, on its prototype (a class name a minifier may rename). */
const classNameKey = Symbol("atlas-peering-client.errorClassName");

/** The longest message an error carries; every text field is held to `maximumFieldLength`. */
const maximumMessageLength = 3_000;
const maximumFieldLength = 2_000;

/**
 * Names a class of this package for `instanceof` across copies of the package, and for
 * `util.inspect` and stack traces under a minifier (which renames classes: `k [AtlasApiError]`).
 * Every class that extends `AtlasError` calls it in a static block, with the name its errors carry.
 */
export function nameErrorClass(
  errorClass: abstract new (...args: never[]) => AtlasError,
  name: string,
): void {
  Object.defineProperty(errorClass.prototype, classNameKey, { value: name });
  Object.defineProperty(errorClass, "name", { value: name, configurable: true });
}

/** What a subclass hands the base besides its message: every field it carries goes through here. */
export interface AtlasErrorDetails {
  /** Why, when another error led to this one; an error from outside is copied, redacted and bounded. */
  cause?: unknown;
  /** The error's own fields, set as enumerable properties, redacted and bounded; `undefined` ones are left out. */
  fields?: Record<string, unknown>;
  /** Fields set as non-enumerable properties (bulky ones, such as an answer's headers), redacted the same way. */
  hidden?: Record<string, unknown>;
}

/**
 * The base of every error this package throws or returns, and the one place their text is made
 * safe: the message and every field a subclass gives it (see `AtlasErrorDetails`) are scrubbed of
 * every configured secret (keys, client secrets, tokens, `Authorization` values; see
 * redaction.ts), stripped of control characters and line separators, and bounded, whatever a server
 * echoed or a caller passed in the wrong place. Subclasses declare their fields and pass them here
 * rather than assigning them, so no subclass can carry a secret out.
 *
 * `instanceof` works across the ESM and CommonJS builds of the package loaded in one process, for
 * this class and every subclass: an error thrown by one copy is an instance of the other copy's
 * classes.
 */
export class AtlasError extends Error {
  /**
   * The error's class name (`"AtlasError"` here, the subclass's name in each subclass), set on
   * every instance so that it survives minifiers and serialization, and reads the same whichever
   * copy of the package made the error.
   */
  override name = "AtlasError";

  static {
    nameErrorClass(this, "AtlasError");
  }

  /**
   * Made by the client; exported so that a test can stand in for one. The message, the `cause` and
   * the fields in `details` are redacted and bounded before they are set.
   */
  constructor(message: string, details: AtlasErrorDetails = {}) {
    const cause = details.cause === undefined ? undefined : safeCause(details.cause);
    super(clip(String(message), maximumMessageLength), cause === undefined ? undefined : { cause });
    for (const [fields, enumerable] of [
      [details.fields, true],
      [details.hidden, false],
    ] as const) {
      for (const [key, value] of Object.entries(fields ?? {}))
        if (value !== undefined)
          Object.defineProperty(this, key, { value: safeField(value), enumerable, writable: false });
    }
  }

  /**
   * `error instanceof AtlasApiError` (or any error class of this package): true for an error of
   * that class made by this copy of the package, and for one made by another copy (the ESM build
   * next to the CommonJS one) whose brand names the class. A look-alike with the right `name` is not.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (typeof value !== "object" || value === null) return false;
    const className: unknown = Object.prototype.hasOwnProperty.call(this.prototype, classNameKey)
      ? (this.prototype as unknown as Record<symbol, unknown>)[classNameKey]
      : undefined;
    if (typeof className !== "string") return false;
    let classes: unknown;
    try {
      classes = (value as Record<symbol, unknown>)[errorClassesKey];
    } catch {
      return false;
    }
    return Array.isArray(classes) && classes.includes(className);
  }

  /** The names of this error's classes, most derived first: the brand other copies of the package read. */
  get [errorClassesKey](): string[] {
    const names: string[] = [];
    for (
      let prototype: object | null = Object.getPrototypeOf(this) as object | null;
      prototype !== null;
      prototype = Object.getPrototypeOf(prototype) as object | null
    ) {
      if (Object.prototype.hasOwnProperty.call(prototype, classNameKey))
        names.push((prototype as Record<symbol, string>)[classNameKey]!);
    }
    return names;
  }

  /** The fields of the error as plain data, for structured logs (`JSON.stringify(error)`). */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this))
      if (key !== "cause" && value !== undefined) fields[key] = value;
    return fields;
  }
}

/** A field as it may be carried: text redacted and bounded, JSON copied redacted, the rest as is. */
function safeField(value: unknown): unknown {
  if (typeof value === "string") return clip(value, maximumFieldLength);
  if (typeof value === "object" && value !== null) {
    if (value instanceof Date) return value;
    const copy = redactJson(value);
    return Object.isFrozen(value) && typeof copy === "object" && copy !== null ? Object.freeze(copy) : copy;
  }
  return value;
}

/** A cause of this package is already safe; anything else is copied, redacted and bounded. */
function safeCause(cause: unknown): unknown {
  return cause instanceof AtlasError ? cause : redactCause(cause);
}

/** Bad options given to `createAtlasClient` (or bad environment variables); names the option, never its value. */
export class AtlasConfigurationError extends AtlasError {
  /** Always `"AtlasConfigurationError"`, whichever copy of the package made the error. */
  override name = "AtlasConfigurationError";
  static {
    nameErrorClass(this, "AtlasConfigurationError");
  }
  /** The option or environment variable at fault, such as `auth.privateKey` or `baseUrl`. */
  declare readonly option: string;
  /** Made by `createAtlasClient` (and the token stores) when an option is wrong; the message reads `<option>: <message>`. */
  constructor(option: string, message: string) {
    super(`${option}: ${message}`, { fields: { option } });
  }
}

/** A request that was refused before anything was sent: an invalid id, a missing body. */
export class AtlasInvalidRequestError extends AtlasError {
  /** Always `"AtlasInvalidRequestError"`, whichever copy of the package made the error. */
  override name = "AtlasInvalidRequestError";
  static {
    nameErrorClass(this, "AtlasInvalidRequestError");
  }
  /** The parameter at fault, such as `groupId` or `body`. */
  declare readonly parameter: string;
  /** Made by a call before it sends anything; the message reads `<parameter>: <message>`. */
  constructor(parameter: string, message: string) {
    super(`${parameter}: ${message}`, { fields: { parameter } });
  }
}
