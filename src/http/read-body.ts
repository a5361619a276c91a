/** The body ran past `maxResponseBytes`: reading stopped there and the connection was let go. */
export class BodyTooLarge extends Error {
  override name = "BodyTooLarge";
}

const decoder = new TextDecoder();

/**
 * An answer's body as text, read as a stream and counted as it arrives, so that memory stays
 * bounded whatever the server sends: past `limitBytes` the stream is cancelled (undici closes the
 * connection) and `BodyTooLarge` thrown. What is counted is what fetch hands over, after gzip or
 * brotli decoding, so a small compressed body that expands to gigabytes stops at the limit too.
 * A `Content-Length` already above the limit is refused without reading. Decoded as UTF-8, as
 * `Response.text()` would.
 */
export async function readBody(
  response: Response,
  limitBytes: number,
  /** Gets the stream's reader, for whoever must be able to cancel the reading. */
  reading?: { reader?: ReadableStreamDefaultReader<Uint8Array> },
): Promise<string> {
  const body = response.body;
  if (body === null) return "";
  const declared = response.headers.get("content-length");
  if (declared !== null && Number(declared) > limitBytes && !response.headers.has("content-encoding")) {
    void body.cancel().catch(() => {});
    throw new BodyTooLarge();
  }
  const reader = body.getReader();
  if (reading) reading.reader = reader;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      void reader.cancel().catch(() => {});
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decoder.decode(all);
}
