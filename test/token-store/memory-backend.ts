import type { StoreKey, TokenStoreBackend } from "../../src/token-store/backend.js";

/**
 * A backend in this process's memory, with the semantics the shared store relies on (expiry,
 * exclusive locks that lapse, owner-only renewal and release), and levers for tests: make every
 * operation fail, or see what was stored.
 */
export class MemoryBackend implements TokenStoreBackend {
  readonly name = "memory";
  readonly values = new Map<string, { value: string; expiresAt: number }>();
  failing: Error | undefined;
  operations = 0;

  // Each operation is atomic, as Redis's are: checked and changed without an await in between.
  async get(key: StoreKey): Promise<string | undefined> {
    this.#touch();
    return this.#read(key);
  }

  async set(key: StoreKey, value: string, ttlMs: number): Promise<void> {
    this.#touch();
    this.values.set(name(key), { value, expiresAt: Date.now() + ttlMs });
  }

  async deleteIf(key: StoreKey, expected: string): Promise<boolean> {
    this.#touch();
    return this.#read(key) === expected && this.values.delete(name(key));
  }

  async tryLock(key: StoreKey, owner: string, ttlMs: number): Promise<boolean> {
    this.#touch();
    if (this.#read(key) !== undefined) return false;
    this.values.set(name(key), { value: owner, expiresAt: Date.now() + ttlMs });
    return true;
  }

  async renewLock(key: StoreKey, owner: string, ttlMs: number): Promise<boolean> {
    this.#touch();
    if (this.#read(key) !== owner) return false;
    this.values.set(name(key), { value: owner, expiresAt: Date.now() + ttlMs });
    return true;
  }

  async unlock(key: StoreKey, owner: string): Promise<void> {
    this.#touch();
    if (this.#read(key) === owner) this.values.delete(name(key));
  }

  /** The raw value of the one entry of a kind (tests use one account per backend). */
  raw(kind: StoreKey["kind"]): string | undefined {
    for (const [key, entry] of this.values) if (key.endsWith(`:${kind}`)) return entry.value;
    return undefined;
  }

  #read(key: StoreKey): string | undefined {
    const entry = this.values.get(name(key));
    return entry && entry.expiresAt > Date.now() ? entry.value : undefined;
  }

  #touch(): void {
    this.operations += 1;
    if (this.failing) throw this.failing;
  }
}

function name(key: StoreKey): string {
  return `${key.slot}:${key.kind}`;
}
