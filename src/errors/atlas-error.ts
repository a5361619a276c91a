/**
 * The base of every error this package throws or returns. Errors never hold a reference to a
 * secret (keys, client secrets, tokens, Authorization headers): they are built from what is safe to
 * show, so no `JSON.stringify`, `util.inspect` or log line of one can leak a credential.
 */
export class AtlasError extends Error {
  override name = "AtlasError";

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
  override name = "AtlasConfigurationError";
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
  override name = "AtlasInvalidRequestError";
  constructor(
    /** The parameter at fault, such as `groupId` or `body`. */
    readonly parameter: string,
    message: string,
  ) {
    super(`${parameter}: ${message}`);
  }
}
