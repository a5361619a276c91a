import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the gate does with the first token request that reaches it. */
export interface TokenGateOptions {
  /** Runs before that request goes on to the local Atlas (the test can use up a rate limit first). */
  beforeForwarding?: () => Promise<unknown>;
  /** Forwards it (the token is issued) but keeps the answer: the asker waits until the test kills it. */
  holdAnswer?: boolean;
}

/**
 * A loopback proxy in front of the local Atlas that forwards everything as it is, except the first
 * token request, which it can delay or leave unanswered. `firstTokenRequest` resolves once that
 * request was forwarded (and, with `holdAnswer`, its answer is held).
 */
export async function startTokenGate(
  target: string,
  options: TokenGateOptions,
): Promise<{ url: string; firstTokenRequest: Promise<void>; close(): Promise<void> }> {
  let seen = false;
  let reached: () => void = () => {};
  const firstTokenRequest = new Promise<void>((resolve) => (reached = resolve));
  const server = createServer((request, response) => void forward(request, response));

  async function forward(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const first = request.url === "/api/oauth/token" && !seen;
    if (first) {
      seen = true;
      await options.beforeForwarding?.();
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers))
      if (typeof value === "string" && name !== "host" && name !== "connection") headers.set(name, value);
    const answer = await fetch(`${target}${request.url}`, {
      method: request.method,
      headers,
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    const body = Buffer.from(await answer.arrayBuffer());
    if (first) reached();
    if (first && options.holdAnswer) return; // never answered: the asker dies waiting
    response.writeHead(answer.status, Object.fromEntries(answer.headers)).end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    firstTokenRequest,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
