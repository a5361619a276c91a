/**
 * The most specific code in a fetch failure, such as `ECONNREFUSED` or `UND_ERR_SOCKET`: undici
 * wraps the system error (or an AggregateError of one per address tried) in `cause`.
 */
export function connectionCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown[]; cause?: unknown };
    if (typeof code === "string") return code;
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return "FETCH_FAILED";
}
