import type { StoreKey, TokenStoreBackend } from "../../src/token-store/backend.js";
import { MemoryBackend } from "../token-store/memory-backend.js";

/** From `from` to `to` (`performance.now()`, virtual under a VirtualClock). */
export interface Window {
  from: number;
  to: number;
}

export interface BackendFaults {
  /** While one lasts, every command fails (a refused connection whose message quotes `failureText`). */
  failing: Window[];
  /** A command sent while one lasts gets no answer before it ends (a medium that hangs), then runs. */
  paused: Window[];
  /** What a failure's message says: a medium's message may quote a key or a value. */
  failureText?: string;
}

/**
 * One process's view of a backend that several processes share (the same MemoryBackend behind
 * every view), with the shared medium's outages: windows in which it fails, or hangs. Each view
 * reports the commands its process sends (`onCommand`: `set:token`, `tryLock:lock`...), and each
 * lock it was granted (`granted:lock`), so that a test can tell who sent what when, holding what.
 */
export class FaultyBackend implements TokenStoreBackend {
  readonly name = "memory";

  constructor(
    readonly shared: MemoryBackend,
    readonly faults: BackendFaults,
    readonly onCommand: (operation: string) => void = () => {},
  ) {}

  get(key: StoreKey): Promise<string | undefined> {
    return this.#run(`get:${key.kind}`, () => this.shared.get(key));
  }

  set(key: StoreKey, value: string, ttlMs: number): Promise<void> {
    return this.#run(`set:${key.kind}`, () => this.shared.set(key, value, ttlMs));
  }

  deleteIf(key: StoreKey, expected: string): Promise<boolean> {
    return this.#run(`deleteIf:${key.kind}`, () => this.shared.deleteIf(key, expected));
  }

  async tryLock(key: StoreKey, owner: string, ttlMs: number): Promise<boolean> {
    const taken = await this.#run(`tryLock:${key.kind}`, () => this.shared.tryLock(key, owner, ttlMs));
    if (taken) this.onCommand(`granted:${key.kind}`);
    return taken;
  }

  renewLock(key: StoreKey, owner: string, ttlMs: number): Promise<boolean> {
    return this.#run(`renewLock:${key.kind}`, () => this.shared.renewLock(key, owner, ttlMs));
  }

  unlock(key: StoreKey, owner: string): Promise<void> {
    return this.#run(`unlock:${key.kind}`, () => this.shared.unlock(key, owner));
  }

  async #run<T>(operation: string, command: () => Promise<T>): Promise<T> {
    this.onCommand(operation);
    const pause = within(this.faults.paused, performance.now());
    if (pause) await new Promise((resolve) => setTimeout(resolve, pause.to - performance.now()));
    if (within(this.faults.failing, performance.now()))
      throw Object.assign(new Error(`connect ECONNREFUSED ${this.faults.failureText ?? "store"}`), {
        code: "ECONNREFUSED",
      });
    return command();
  }
}

function within(windows: Window[], now: number): Window | undefined {
  return windows.find((window) => window.from <= now && now < window.to);
}
