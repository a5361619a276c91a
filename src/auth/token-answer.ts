import { clip } from "../errors/redaction.js";
import { AtlasAuthenticationError } from "../errors/transport-errors.js";
import { isHeaderValue } from "../http/header-values.js";

/** RFC 6749 makes `expires_in` optional; without it, keep a token for 5 minutes and rely on 401 to renew sooner. */
const assumedLifetimeMs = 5 * 60_000;
/** At most a day: Atlas issues tokens for an hour, and a boundless one would never be renewed. */
export const maximumLifetimeMs = 24 * 3600_000;

/**
 * The token endpoint's answer (RFC 6749 §5.1 and §5.2): an access token and its lifetime, or an
 * `AtlasAuthenticationError` saying why not. `remember` sees every token issued, before it is
 * judged: even one refused here (it cannot be sent) is revoked at close and kept out of errors.
 */
export function readTokenAnswer(
  status: number,
  text: string,
  remember: (token: string, lifetimeMs: number) => void,
): { accessToken: string; lifetimeMs: number } {
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  if (status < 200 || status > 299) {
    const oauthError = typeof body?.error === "string" ? clip(body.error, 100) : undefined;
    const description =
      typeof body?.error_description === "string" ? clip(body.error_description, 500) : undefined;
    const why = [oauthError, description].filter(Boolean).join(": ") || "no OAuth error in the answer";
    throw new AtlasAuthenticationError(
      `the token endpoint refused the service account credentials: ${status} ${why}`,
      { status, oauthError, description },
    );
  }
  const accessToken = body?.access_token;
  if (typeof accessToken !== "string" || accessToken === "") {
    throw new AtlasAuthenticationError(`the token endpoint answered ${status} without an access_token`, {
      status,
    });
  }
  const expiresIn = body?.expires_in;
  const lifetimeMs =
    typeof expiresIn === "number" && Number.isFinite(expiresIn)
      ? Math.min(Math.max(0, expiresIn * 1000), maximumLifetimeMs)
      : assumedLifetimeMs;
  remember(accessToken, lifetimeMs);
  if (!isHeaderValue(accessToken)) {
    throw new AtlasAuthenticationError(
      "the token endpoint issued an access_token that cannot be sent in an HTTP header (line breaks, control characters or characters beyond Latin-1)",
      { status },
    );
  }
  const tokenType = body?.token_type;
  if (tokenType !== undefined && (typeof tokenType !== "string" || tokenType.toLowerCase() !== "bearer")) {
    const shown =
      typeof tokenType === "string" && /^[\w.-]{1,20}$/.test(tokenType) ? tokenType : "(unreadable)";
    throw new AtlasAuthenticationError(`the token endpoint issued a token of type ${shown}, not Bearer`, {
      status,
    });
  }
  return { accessToken, lifetimeMs };
}
