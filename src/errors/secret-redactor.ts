const redacted = "[REDACTED]";
/** Very short values would redact ordinary words; no real key, secret or token is that short. */
const minimumSecretLength = 6;
/** How deep `redactJson` copies a server's JSON, and how much of it: enough for any real `parameters`. */
const jsonLimits = { depth: 8, items: 50, text: 2_000 };

/**
 * Removes secrets from text that comes from outside (an error body a server wrote, a token
 * endpoint's answer, a fetch failure's message): a hostile or buggy server may echo the
 * Authorization header, the token or the client secret it was sent, in any field and in any of the
 * forms it had on the wire. Each secret is matched as is, base64-, base64url-, percent- and
 * form-encoded and JSON-escaped, ignoring case. Used on error paths only, so its cost does not
 * touch successful calls.
 */
export class SecretRedactor {
  readonly #sources: Array<() => Iterable<string>>;
  /** The last pattern built, and the secrets it was built from: they rarely change. */
  #cache: { key: string; pattern: Pattern } | undefined;

  constructor(...sources: Array<() => Iterable<string>>) {
    this.#sources = sources;
  }

  redact(text: string, extraSecrets: Iterable<string | undefined> = []): string {
    return replaceSecrets(text, this.#pattern(extraSecrets));
  }

  /**
   * The first `maximum` characters of `text` with every secret removed, and `…` when cut. Secrets
   * are removed before the cut (a cut could leave a part that no longer matches), from a window
   * just longer than what is kept, so that a 16 MB body costs no more than a short one.
   */
  clip(text: string, maximum: number, extraSecrets: Iterable<string | undefined> = []): string {
    const pattern = this.#pattern(extraSecrets);
    return clipWith(text, maximum, pattern);
  }

  /**
   * The same for a JSON value from a server (an error's `parameters`): every key and string in it,
   * to a depth, a number of items and a string length that no real answer reaches; beyond the depth
   * `undefined` (dropped, not copied unchecked), beyond the items cut.
   */
  redactJson(value: unknown, extraSecrets: Iterable<string | undefined> = []): unknown {
    return copyJson(value, this.#pattern(extraSecrets), 0);
  }

  /**
   * A copy of an error from outside (undici's, zlib's, a custom fetch's) that keeps its name, code,
   * message and cause chain, redacted and bounded, and nothing else: undici's errors carry the raw
   * bytes of a malformed answer (`data`), its header validation quotes the rejected value.
   */
  cause(error: unknown, extraSecrets: Iterable<string | undefined> = []): Error | undefined {
    return copyCause(error, this.#pattern(extraSecrets), 0);
  }

  /**
   * The authenticator's secrets change rarely (a new token now and then): their pattern is kept
   * until they do. Extra secrets (the Authorization value of one request, which changes with
   * every digest request) get a small pattern of their own, applied first: the header is the
   * longest form, and holds the token.
   */
  #pattern(extraSecrets: Iterable<string | undefined>): Pattern {
    const stable: string[] = [];
    for (const source of this.#sources)
      for (const secret of source()) if (isSecret(secret)) stable.push(secret);
    const key = stable.join("\u0000");
    if (this.#cache?.key !== key) this.#cache = { key, pattern: patternOf(stable) };
    const extra = [...extraSecrets].filter(isSecret);
    if (extra.length === 0) return this.#cache.pattern;
    const first = patternOf(extra)!;
    const then = this.#cache.pattern;
    return then
      ? { regexes: [...first.regexes, ...then.regexes], longest: Math.max(first.longest, then.longest) }
      : first;
  }
}

function isSecret(secret: unknown): secret is string {
  return typeof secret === "string" && secret.length >= minimumSecretLength;
}

function patternOf(secrets: string[]): Pattern {
  const forms = new Set<string>();
  // Trimmed too: fetch trims a header value, so a token " tok\t" goes out (and comes back) as "tok".
  for (const secret of secrets)
    for (const each of new Set([secret, secret.trim()]))
      for (const form of formsOf(each)) if (form.length >= minimumSecretLength) forms.add(form);
  if (forms.size === 0) return undefined;
  // Longest first, so that a whole `Authorization` value goes before the token inside it.
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  return { regexes: [new RegExp(sorted.map(escapeRegExp).join("|"), "gi")], longest: sorted[0]!.length };
}

/** Every form of every secret, as expressions applied in order; undefined when there is no secret. */
type Pattern = { regexes: RegExp[]; longest: number } | undefined;

function formsOf(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  return [
    secret,
    ...base64Forms(bytes),
    bytes.toString("hex"),
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
  ];
}

/**
 * The secret inside any base64 or base64url text, wherever it starts: base64 encodes three bytes
 * as four characters, so the secret's characters depend on where it begins modulo 3 (a header
 * `t=<token>` base64-encoded is not the token's base64 plus a prefix). For each offset, the
 * characters that only the secret's bytes decide: not the first group, which mixes in what comes
 * before, nor the last character, which mixes in what comes after.
 */
function base64Forms(bytes: Buffer): string[] {
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    const decided = encoded.slice(offset === 0 ? 0 : 4, Math.floor(((offset + bytes.length) * 8) / 6));
    forms.push(decided, decided.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return forms;
}

/**
 * Credentials recognised by their shape, whatever their value: an `Authorization` value of an
 * earlier request (a rotated token, another call's digest answer) that a server echoes back.
 */
const credentialShapes: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)(\s+)[A-Za-z0-9\-._~+/]{8,}=*/gi, `$1$2${redacted}`],
  [/\bresponse(\s*=\s*"?)[0-9a-f]{32,128}/gi, `response$1${redacted}`],
];

/** C0 and C1 controls and line separators: a server's text must not forge log lines or move a terminal. */
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

function replaceSecrets(text: string, pattern: Pattern): string {
  let result = text;
  for (const regex of pattern?.regexes ?? []) result = result.replace(regex, redacted);
  for (const [shape, replacement] of credentialShapes) result = result.replace(shape, replacement);
  return result;
}

function clipWith(text: string, maximum: number, pattern: Pattern): string {
  // Any secret that starts inside the kept part ends inside the window.
  const windowLength = maximum + (pattern?.longest ?? 0);
  const window = text.length > windowLength ? text.slice(0, windowLength) : text;
  const clean = replaceSecrets(window, pattern).replace(controlCharacters, " ");
  return clean.length > maximum || window.length < text.length ? `${clean.slice(0, maximum)}…` : clean;
}

function copyJson(value: unknown, pattern: Pattern, depth: number): unknown {
  if (depth > jsonLimits.depth) return undefined;
  if (typeof value === "string") return clipWith(value, jsonLimits.text, pattern);
  if (Array.isArray(value))
    return value.slice(0, jsonLimits.items).map((item) => copyJson(item, pattern, depth + 1));
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value).slice(0, jsonLimits.items)) {
    // defineProperty, not assignment: a `__proto__` key from a server stays an ordinary key.
    Object.defineProperty(copy, clipWith(key, 200, pattern), {
      value: copyJson(item, pattern, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

function copyCause(error: unknown, pattern: Pattern, depth: number): Error | undefined {
  if (error === undefined || error === null || depth > 3) return undefined;
  const source = error as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  const message = typeof source.message === "string" ? source.message : String(error);
  const cause = copyCause(source.cause, pattern, depth + 1);
  const copy = new Error(clipWith(message, 300, pattern), cause ? { cause } : undefined);
  if (typeof source.name === "string" && source.name !== "Error")
    copy.name = clipWith(source.name, 60, pattern);
  if (typeof source.code === "string")
    Object.defineProperty(copy, "code", { value: clipWith(source.code, 60, pattern), enumerable: true });
  return copy;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
