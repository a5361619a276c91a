// The part of http-auth 4.2 (which ships no types) that the local Atlas uses.
declare module "http-auth" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export interface DigestOptions {
    realm: string;
    /** Body of its 401 answers. */
    msg401?: string;
    contentType?: string;
    qop?: "auth" | "none";
    algorithm?: "MD5" | "MD5-sess";
  }

  export interface Digest {
    /** [nonce, issued at (ms since epoch), highest nc seen] for every nonce it handed out. */
    nonces: Array<[string, number, number]>;
    check(
      next: (request: IncomingMessage & { user?: string }, response: ServerResponse) => void,
    ): (request: IncomingMessage, response: ServerResponse) => void;
    on(
      event: "fail" | "success",
      listener: (result: { user?: string; stale?: boolean; pass?: boolean }) => void,
    ): this;
  }

  const httpAuth: {
    digest(
      options: DigestOptions,
      checker: (username: string, callback: (ha1: string | Error) => void) => void,
    ): Digest;
  };
  export default httpAuth;
}
