import { AtlasConfigurationError } from "atlas-peering-client";

/** node-redis 4 and later (`createClient()` from `redis`): commands as an array of strings. */
export interface NodeRedisClientLike {
  /** Sends one command, such as `["SET", key, value, "NX", "PX", "5000"]`. */
  sendCommand(args: string[]): Promise<unknown>;
}

/** ioredis 5 and later (`new Redis()`): a command and its arguments. */
export interface IoRedisClientLike {
  /** Sends one command, such as `call("SET", key, value, "NX", "PX", "5000")`. */
  call(command: string, ...args: string[]): Promise<unknown>;
}

/**
 * The caller's own Redis client, connected: node-redis or ioredis. The store sends it a handful of
 * commands (GET, SET with NX and PX, EVAL) and never closes it.
 */
export type RedisClientLike = NodeRedisClientLike | IoRedisClientLike;

/** One Redis command, whichever client runs it; replies as strings, numbers or null. */
export type RedisCommand = (args: string[]) => Promise<unknown>;

export function redisCommand(client: unknown): RedisCommand {
  const candidate = client as Partial<NodeRedisClientLike & IoRedisClientLike> | null;
  // ioredis also has a sendCommand, which takes a Command object: look for `call` first.
  if (typeof candidate?.call === "function") {
    const call = candidate.call.bind(candidate);
    return (args) => call(args[0]!, ...args.slice(1));
  }
  if (typeof candidate?.sendCommand === "function") return candidate.sendCommand.bind(candidate);
  throw new AtlasConfigurationError(
    "client",
    "must be a connected Redis client from node-redis (createClient) or ioredis (new Redis)",
  );
}

/** A bulk-string reply as text: node-redis may be set to return Buffers. */
export function replyText(reply: unknown): string | undefined {
  if (typeof reply === "string") return reply;
  if (Buffer.isBuffer(reply)) return reply.toString("utf8");
  return undefined;
}
