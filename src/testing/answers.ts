import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { peersResourceVersion } from "./api-versions.js";

export interface AnswerOptions {
  /** `envelope=true` was asked for: HTTP 200, the real status in the body. */
  envelope: boolean;
  /** `pretty=true`: indented JSON. */
  pretty: boolean;
  /** How an enveloped error is laid out: inside `content` (default) or beside `status`. */
  envelopeErrors: "content" | "flat";
  headers: Record<string, string>;
}

export const successMediaType = `application/vnd.atlas.${peersResourceVersion}+json`;

/** Atlas's `ApiError` body. */
export function apiError(
  status: number,
  errorCode: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { detail, error: status, errorCode, parameters: [], reason: reasons[status] ?? "Error", ...extra };
}

const reasons: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  406: "Not Acceptable",
  409: "Conflict",
  410: "Gone",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** Renders an answer the way Atlas does: success bodies in the versioned media type, errors as `application/json`. */
export function renderAnswer(
  status: number,
  body: unknown,
  kind: "single" | "list" | "error",
  options: AnswerOptions,
): { status: number; headers: Record<string, string>; text: string } {
  let payload: unknown = body;
  let httpStatus = status;
  if (options.envelope) {
    httpStatus = 200;
    if (kind === "list") payload = { status, ...(body as object) };
    else if (kind === "error" && options.envelopeErrors === "flat") payload = { status, ...(body as object) };
    else payload = { status, content: body };
  }
  // No content (a container's DELETE answers 204) has no body, unless an envelope carries its status.
  const text =
    payload === undefined ? "" : options.pretty ? JSON.stringify(payload, null, 2) : JSON.stringify(payload);
  const contentType = kind === "error" ? "application/json" : successMediaType;
  return { status: httpStatus, headers: { ...options.headers, "content-type": contentType }, text };
}

export function writeAnswer(
  response: ServerResponse,
  answer: { status: number; headers: Record<string, string | string[]>; text: string },
): void {
  // Every answer has a request id, as Atlas's do, for the client's logs and errors to show.
  response.writeHead(answer.status, {
    "x-request-id": randomBytes(8).toString("hex"),
    ...answer.headers,
    "content-length": Buffer.byteLength(answer.text),
  });
  response.end(answer.text);
}
