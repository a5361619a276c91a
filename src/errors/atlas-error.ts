/**
 * The brand every error of this package carries, readable by any copy of the package: the names of
 * its classes, most derived first (`["AtlasApiError", "AtlasError"]`). `Symbol.for`, so the ESM
 * and CommonJS builds loaded in one process (a library that `require`s the package, an app that
 * `import`s it) see the same key.
 */
const errorClassesKey = Symbol.for("atlas-peering-client.errorClasses");
/** Where each class keeps its own name, on its prototype (a class name a minifier may rename). */
const classNameKey = Symbol("atlas-peering-client.errorClassName");

/**
 * Names a class of this package for `instanceof` across copies of the package. Every class that
 * extends `AtlasError` calls it in a static block, with the name its errors carry.
 */
export function nameErrorClass(
  errorClass: abstract new (...args: never[]) => AtlasError,
  name: string,
): void {
  Object.defineProperty(errorClass.prototype, classNameKey, { value: name });
}

/**
 * The base of every error this package throws or returns. Errors never hold a reference to a
 * secret (keys, client secrets, tokens, Authorization headers): they are built from what is safe to
 * show, so no `JSON.stringify`, `util.inspect` or log line of one can leak a credential.
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

/** Bad options given to `createAtlasClient` (or bad environment variables); names the option, never its value. */
export class AtlasConfigurationError extends AtlasError {
  /** Always `"AtlasConfigurationError"`, whichever copy of the package made the error. */
  override name = "AtlasConfigurationError";
  static {
    nameErrorClass(this, "AtlasConfigurationError");
  }
  /** Made by `createAtlasClient` (and the token stores) when an option is wrong; the message reads `<option>: <message>`. */
  constructor(
    /** The option or environment variable at fault, such as `auth.privateKey` or `baseUrl`. */
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}

/** A request that was refused before anything was sent: an invalid id, a missing body. */
export class AtlasInvalidRequestError extends AtlasError {
  /** Always `"AtlasInvalidRequestError"`, whichever copy of the package made the error. */
  override name = "AtlasInvalidRequestError";
  static {
    nameErrorClass(this, "AtlasInvalidRequestError");
  }
  /** Made by a call before it sends anything; the message reads `<parameter>: <message>`. */
  constructor(
    /** The parameter at fault, such as `groupId` or `body`. */
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`);
  }
}
