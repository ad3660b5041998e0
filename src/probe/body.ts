// Keeps the first bytes of a response body (enough for an error-page signature) and decodes
// gzip/deflate/br as a stream that stops at the cap, so neither an endless body nor a
// decompression bomb can grow memory or hold the probe open.
import { constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import type { Transform } from 'node:stream';

/** Raw (still encoded) bytes read at most per kept decoded byte: bounds input that decodes to nothing. */
const RAW_FACTOR = 64;

export interface BodyOutcome {
  /** At most `limit` decoded bytes. */
  bytes: Buffer;
  /** More body existed (decoded or raw) than was kept. */
  truncated: boolean;
  /** The decoder's complaint when the encoded body was corrupt; what decoded before it is kept. */
  decodeError: string | null;
}

export interface BodySink {
  /** Feeds raw body bytes; ignored once the outcome is decided. */
  write(chunk: Buffer): void;
  /** The body ended. */
  end(): void;
  /** Stops decoding without deciding (the probe failed or was aborted). */
  destroy(): void;
  /** The decoded bytes kept so far: what a stalled or failed body had delivered. */
  partial(): Buffer;
}

type DecoderFactory = (head: Buffer) => Transform;

const zlibFlush = { finishFlush: constants.Z_SYNC_FLUSH };

/** Content-Encoding values decoded, by name. Anything else (identity, zstd, stacked codings) is kept raw. */
const DECODERS: Readonly<Record<string, DecoderFactory>> = {
  gzip: () => createGunzip(zlibFlush),
  'x-gzip': () => createGunzip(zlibFlush),
  // "deflate" is zlib-wrapped by the RFC, but servers often send raw deflate: browsers accept both.
  deflate: (head) => (isZlibHeader(head) ? createInflate(zlibFlush) : createInflateRaw(zlibFlush)),
  br: () => createBrotliDecompress({ finishFlush: constants.BROTLI_OPERATION_FLUSH }),
};

/** RFC 1950 header check: compression method 8 and a header checksum divisible by 31. */
export function isZlibHeader(head: Buffer): boolean {
  const [b0, b1] = head;
  return b0 !== undefined && b1 !== undefined && (b0 & 0x0f) === 8 && ((b0 << 8) | b1) % 31 === 0;
}

/** Which decoder a Content-Encoding header selects, or null to keep the bytes as they came. */
export function decoderFor(contentEncoding: string | string[] | undefined): DecoderFactory | null {
  const value = Array.isArray(contentEncoding) ? contentEncoding.join(',') : contentEncoding;
  const coding = (value ?? '').trim().toLowerCase();
  return DECODERS[coding] ?? null;
}

/** Collects decoded bytes up to `limit`; reports `truncated` as soon as one byte more shows up. */
class Keeper {
  private readonly parts: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}
  /** Adds bytes; true when the limit was exceeded (the body is then truncated). */
  add(chunk: Buffer): boolean {
    const room = this.limit - this.size;
    if (chunk.length > room) {
      if (room > 0) this.parts.push(chunk.subarray(0, room));
      this.size = this.limit;
      return true;
    }
    this.parts.push(chunk);
    this.size += chunk.length;
    return false;
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts, this.size);
  }
}

/**
 * A sink for one response body. `done` is called exactly once: at the cap (truncated), at the end,
 * or on a decode error — unless `destroy()` comes first. After `done`, the caller should stop
 * reading the response (close the connection): nothing more is needed.
 */
export function createBodySink(contentEncoding: string | string[] | undefined, limit: number, done: (outcome: BodyOutcome) => void): BodySink {
  const keeper = new Keeper(Math.max(0, limit));
  const rawLimit = Math.max(limit, 1024) * RAW_FACTOR;
  const factory = decoderFor(contentEncoding);
  let rawSize = 0;
  let decided = false;
  let decoder: Transform | null = null;
  let pendingHead: Buffer[] = []; // raw bytes held until the decoder can be chosen (needs 2 bytes)

  const decide = (truncated: boolean, decodeError: string | null): void => {
    if (decided) return;
    decided = true;
    decoder?.destroy();
    done({ bytes: keeper.bytes(), truncated, decodeError });
  };

  const startDecoder = (head: Buffer): Transform => {
    const d = (factory as DecoderFactory)(head);
    d.on('data', (out: Buffer) => {
      if (keeper.add(out)) decide(true, null);
    });
    d.on('error', (error: Error) => decide(false, error.message));
    d.on('end', () => decide(false, null));
    return d;
  };

  const feed = (chunk: Buffer): void => {
    if (factory === null) {
      if (keeper.add(chunk)) decide(true, null);
      return;
    }
    if (decoder === null) {
      pendingHead.push(chunk);
      const head = Buffer.concat(pendingHead);
      if (head.length < 2) return;
      pendingHead = [];
      decoder = startDecoder(head);
      decoder.write(head);
      return;
    }
    decoder.write(chunk);
  };

  return {
    write(chunk) {
      if (decided) return;
      rawSize += chunk.length;
      if (rawSize > rawLimit) {
        decide(true, null);
        return;
      }
      feed(chunk);
    },
    end() {
      if (decided) return;
      if (factory === null) {
        decide(false, null);
        return;
      }
      if (decoder === null) {
        const head = Buffer.concat(pendingHead);
        if (head.length === 0) {
          decide(false, null);
          return;
        }
        decoder = startDecoder(head);
        decoder.write(head);
      }
      decoder.end();
    },
    destroy() {
      decided = true;
      decoder?.destroy();
    },
    partial: () => keeper.bytes(),
  };
}
