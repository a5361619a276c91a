import type { BoundTokenStore, SharedToken, SharedTokenStore, TokenHold } from "./token-store.js";

/**
 * The default token store: one client's memory. The client already makes one token request for
 * all its concurrent calls, so this store needs no lock: it keeps the token and the hold, and
 * fetches when it has no usable token. Its tokens are revoked at close() (nobody else uses them).
 */
export function createMemoryTokenStore(): SharedTokenStore {
  return { bind: () => new MemoryTokenStore(), sharedByProcesses: false };
}

class MemoryTokenStore implements BoundTokenStore {
  #token: SharedToken | undefined;
  #hold: TokenHold | undefined;

  async obtain(
    fetchToken: Parameters<BoundTokenStore["obtain"]>[0],
    options: Parameters<BoundTokenStore["obtain"]>[1],
  ): Promise<SharedToken> {
    const token = this.#token;
    if (token && Date.now() < token.refreshAt && !options.refused?.has(token.accessToken)) return token;
    const fetched = await fetchToken({ signal: options.signal, deadline: options.deadline });
    if (fetched.refreshAt > Date.now()) this.#token = fetched;
    return fetched;
  }

  async peek(): Promise<SharedToken | undefined> {
    return this.#token;
  }

  async discard(accessToken: string): Promise<void> {
    if (this.#token?.accessToken === accessToken) this.#token = undefined;
  }

  async hold(): Promise<TokenHold | undefined> {
    if (this.#hold && this.#hold.expiresAt <= Date.now()) this.#hold = undefined;
    return this.#hold;
  }

  async setHold(hold: TokenHold | undefined): Promise<void> {
    this.#hold = hold;
  }
}
