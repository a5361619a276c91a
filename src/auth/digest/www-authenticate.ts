/**
 * A parser for `WWW-Authenticate` (RFC 9110 §11.6.1): one header may carry several challenges,
 * each a scheme followed by either a token68 or comma-separated `name=value` parameters, values
 * being tokens or quoted strings with backslash escapes. Quoted strings may hold commas and
 * escaped quotes; unquoted values are read leniently up to the next comma or space, so that the
 * `+ / =` of a base64 nonce survive even when a server forgets the quotes.
 */
export interface AuthChallenge {
  /** The scheme as the server wrote it, such as `Digest`. */
  scheme: string;
  /** Parameter names lower-cased (they are case-insensitive); values as sent, unescaped. */
  params: Map<string, string>;
  token68?: string;
}

export class MalformedChallengeError extends Error {
  override name = "MalformedChallengeError";
}

const tokenChar = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const token68Pattern = /^[A-Za-z0-9\-._~+/]+=*/;

export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let position = 0;
  let current: AuthChallenge | undefined;

  const skipWhitespace = () => {
    while (position < header.length && (header[position] === " " || header[position] === "\t")) position += 1;
  };
  const readToken = () => {
    const start = position;
    while (position < header.length && tokenChar.test(header[position]!)) position += 1;
    return header.slice(start, position);
  };

  while (position < header.length) {
    skipWhitespace();
    if (header[position] === ",") {
      position += 1;
      continue;
    }
    if (position >= header.length) break;

    const name = readToken();
    if (name === "")
      throw new MalformedChallengeError(
        `unexpected ${JSON.stringify(header[position])} at offset ${position}`,
      );
    skipWhitespace();

    if (header[position] === "=" && current && !isToken68End(header, position)) {
      position += 1;
      skipWhitespace();
      const value = readValue();
      const key = name.toLowerCase();
      if (current.params.has(key))
        throw new MalformedChallengeError(`parameter ${key} appears twice in one challenge`);
      current.params.set(key, value);
      continue;
    }

    // A new challenge: `name` is its scheme. It may be followed by a token68 (`Negotiate abc==`).
    current = { scheme: name, params: new Map() };
    challenges.push(current);
    const rest = header.slice(position);
    const token68 = token68Pattern.exec(rest)?.[0];
    if (token68 && !looksLikeParameter(rest) && endsItem(header, position + token68.length)) {
      current.token68 = token68;
      position += token68.length;
    }
  }
  return challenges;

  function readValue(): string {
    if (header[position] === '"') {
      position += 1;
      let value = "";
      while (position < header.length) {
        const char = header[position]!;
        if (char === "\\") {
          if (position + 1 >= header.length) break;
          value += header[position + 1];
          position += 2;
          continue;
        }
        if (char === '"') {
          position += 1;
          return value;
        }
        value += char;
        position += 1;
      }
      throw new MalformedChallengeError("unterminated quoted string");
    }
    const start = position;
    while (
      position < header.length &&
      header[position] !== "," &&
      header[position] !== " " &&
      header[position] !== "\t"
    )
      position += 1;
    return header.slice(start, position);
  }
}

/** `name=` directly followed by the end of the item: the `=` is token68 padding, not a parameter. */
function isToken68End(header: string, equalsAt: number): boolean {
  let position = equalsAt;
  while (header[position] === "=") position += 1;
  return position > equalsAt + 1 && endsItem(header, position);
}

function looksLikeParameter(text: string): boolean {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+[ \t]*=[ \t]*[^=,\s]/.test(text);
}

function endsItem(header: string, position: number): boolean {
  while (header[position] === " " || header[position] === "\t") position += 1;
  return position >= header.length || header[position] === ",";
}
