/**
 * The one place where text that leaves this package (error messages and fields, log lines,
 * warnings, hook events) is scrubbed of secrets, stripped of control characters and bounded.
 *
 * Secrets come from their holders (the authenticators: keys, client secrets, tokens obtained),
 * registered when a client is created and held weakly, so that a client that is garbage-collected
 * takes its secrets with it, and forgotten once a closed client can make no more text (its
 * callbacks' promises settled too: a failure they report after close() must still be redacted), so
 * that a process that makes many clients does not make every redaction slower. Redaction covers every live client of this copy of the package: an
 * error never needs to know which client made it, so no subclass, present or future, and no
 * caller's value (a private key pasted as an id) can carry a configured secret out.
 *
 * Each secret is matched as is, trimmed, base64- (at any offset), base64url-, hex-, percent- and
 * form-encoded and JSON-escaped, ignoring case; `Authorization` values of any request (a rotated
 * token, another call's digest answer) are recognised by their shape. Used on error and outlet
 * paths only, so its cost does not touch successful calls.
 */

/** What holds secrets: an authenticator. */
export interface SecretHolder {
  /** Strings that must never leave the package: keys, secrets, tokens in use or obtained. */
  secrets(): Iterable<string>;
}

const redacted = "[REDACTED]";
/** Very short values would redact ordinary words; no real key, secret or token is that short. */
const minimumSecretLength = 6;
/** How deep `redactJson` copies a server's JSON, and how much of it: enough for any real `parameters`. */
const jsonLimits = { depth: 8, items: 50, text: 2_000 };

const holders = new Set<WeakRef<SecretHolder>>();
/** The last pattern built, and the secrets it was built from: they rarely change. */
let cache: { key: string; pattern: Pattern } | undefined;

/** Registers a holder whose secrets every redaction covers from now on, for as long as it lives. */
export function registerSecretHolder(holder: SecretHolder): void {
  holders.add(new WeakRef(holder));
}

/** Forgets a holder: its client is closed and can make no more text. */
export function unregisterSecretHolder(holder: SecretHolder): void {
  for (const reference of holders) if (reference.deref() === holder) holders.delete(reference);
}

/** `text` without any secret. */
export function redact(text: string): string {
  return replaceSecrets(text, currentPattern());
}

/**
 * The first `maximum` characters of `text`, secrets removed, control characters and line
 * separators turned into spaces (a server's text must not forge a log line), `…` when cut. Secrets
 * are removed before the cut (a cut could leave a part that no longer matches), from a window just
 * longer than what is kept, so that a 16 MB body costs no more than a short one.
 */
export function clip(text: string, maximum: number): string {
  return clipWith(text, maximum, currentPattern());
}

/** Whether `text` holds a configured secret (in any of its forms): then it is never quoted. */
export function holdsSecret(text: string): boolean {
  return redact(text) !== text;
}

/**
 * A value the caller passed, quoted for a message: JSON, at most `maximum` characters; a value
 * that holds a configured secret (a key pasted in the wrong place) is not quoted at all.
 */
export function quote(value: unknown, maximum = 40): string {
  if (typeof value !== "string") return typeof value;
  if (holdsSecret(value)) return "a value that holds a configured secret (not shown)";
  return JSON.stringify(value.length > maximum ? `${value.slice(0, maximum)}…` : value).replace(
    controlCharacters,
    " ",
  );
}

/**
 * The same for a JSON value (an error's `parameters`): every key and string in it, to a depth, a
 * number of items and a string length that no real answer reaches; beyond the depth `undefined`
 * (dropped, not copied unchecked), beyond the items cut. Keys stay ordinary keys (`__proto__`).
 */
export function redactJson(value: unknown): unknown {
  return copyJson(value, currentPattern(), 0);
}

/**
 * A copy of an error from outside (undici's, zlib's, a custom fetch's) that keeps its name, code,
 * message and cause chain, redacted and bounded, and nothing else: undici's errors carry the raw
 * bytes of a malformed answer (`data`), its header validation quotes the rejected value.
 */
export function redactCause(error: unknown): Error | undefined {
  return copyCause(error, currentPattern(), 0);
}

function currentPattern(): Pattern {
  const secrets: string[] = [];
  for (const reference of holders) {
    const holder = reference.deref();
    if (holder === undefined) holders.delete(reference);
    else for (const secret of holder.secrets()) if (isSecret(secret)) secrets.push(secret);
  }
  const key = secrets.join("\u0000");
  if (cache?.key !== key) cache = { key, pattern: patternOf(secrets) };
  return cache.pattern;
}

function isSecret(secret: unknown): secret is string {
  return typeof secret === "string" && secret.length >= minimumSecretLength;
}

/**
 * Every form of every secret, longest first, in lower case (foldCase); undefined when there is
 * no secret. Searched for as plain text, not compiled into one regular expression: V8 refuses an
 * expression past a size that one long secret reaches (a token of 17,000 characters), and the
 * redactor must work whatever the secrets are.
 */
type Pattern = { forms: string[]; longest: number } | undefined;

function patternOf(secrets: string[]): Pattern {
  const forms = new Set<string>();
  // Trimmed too: fetch trims a header value, so a token " tok\t" goes out (and comes back) as "tok".
  for (const secret of secrets)
    for (const each of new Set([secret, secret.trim()]))
      for (const form of formsOf(each)) if (form.length >= minimumSecretLength) forms.add(form);
  if (forms.size === 0) return undefined;
  // Longest first, so that a whole `Authorization` value goes before the token inside it.
  const sorted = [...new Set([...forms].map(foldCase))].sort((a, b) => b.length - a.length);
  return { forms: sorted, longest: sorted[0]!.length };
}

/**
 * Letters in lower case, one character at a time, each only where its lower case is as long (a
 * few, such as U+0130, lengthen): the text keeps its length, so indexes carry over to it.
 */
function foldCase(text: string): string {
  if (!/[^\u0000-\u007f]/.test(text)) return text.toLowerCase();
  let folded = "";
  for (const character of text) {
    const lower = character.toLowerCase();
    folded += lower.length === character.length ? lower : character;
  }
  return folded;
}

/** `text` with each span (overlapping ones merged) replaced by one `[REDACTED]`. */
function withoutSpans(text: string, spans: Array<[number, number]>): string {
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let result = "";
  let end = 0;
  let open = false;
  for (const [start, stop] of spans) {
    if (open && start < end) {
      end = Math.max(end, stop);
      continue;
    }
    if (open) result += redacted;
    result += text.slice(end, start);
    end = stop;
    open = true;
  }
  return `${result}${redacted}${text.slice(end)}`;
}

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
const credentialShapes: RegExp[] = [
  // A whole Authorization value: the scheme goes with its credentials.
  /\b(?:Bearer|Basic)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi,
  /\bDigest\s+(?:[\w-]+\s*=\s*(?:"[^"]*"|[^\s,"]+)(?:\s*,\s*)?)+/gi,
  // Part of a digest answer, wherever it stands (its name stays).
  /(?<=\bresponse\s*=\s*"?)[0-9a-f]{32,128}/gi,
];

/** C0 and C1 controls and line separators: a server's text must not forge log lines or move a terminal. */
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * `text` with every secret form and every credential shape replaced, in one pass: each occurrence
 * is a span, overlapping spans are one, each span becomes one `[REDACTED]`. One pass, so that a
 * shape that ends inside a secret (a key with a `!` after `Basic `) cannot cut it into a part no
 * form matches any more.
 */
function replaceSecrets(text: string, pattern: Pattern): string {
  const spans: Array<[number, number]> = [];
  for (const shape of credentialShapes)
    for (const match of text.matchAll(shape)) spans.push([match.index, match.index + match[0].length]);
  if (pattern) {
    const folded = foldCase(text);
    for (const form of pattern.forms)
      for (let at = folded.indexOf(form); at !== -1; at = folded.indexOf(form, at + 1))
        spans.push([at, at + form.length]);
  }
  return spans.length === 0 ? text : withoutSpans(text, spans);
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
  let message: string;
  try {
    message = typeof source.message === "string" ? source.message : String(error);
  } catch {
    message = "(unreadable)";
  }
  const cause = copyCause(source.cause, pattern, depth + 1);
  const copy = new Error(clipWith(message, 300, pattern), cause ? { cause } : undefined);
  if (typeof source.name === "string" && source.name !== "Error")
    copy.name = clipWith(source.name, 60, pattern);
  if (typeof source.code === "string")
    Object.defineProperty(copy, "code", { value: clipWith(source.code, 60, pattern), enumerable: true });
  return copy;
}
