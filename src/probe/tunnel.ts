// The CONNECT step of a probe through an HTTP proxy: asks the proxy for a tunnel to one edge address and
// reads its answer, bounded in size and time; what the proxy says is a coded value, never raw text.
import type { Socket } from 'node:net';
import { sanitize } from '../render/sanitize.ts';
import type { ErrorInfo } from '../types.ts';
import type { Bounds } from './connect.ts';
import { stepError } from './errors.ts';
import type { ProxyServer } from './proxy-config.ts';

/** A proxy's CONNECT response head larger than this is refused (PROXY_MALFORMED): real ones are a few lines. */
const MAX_PROXY_HEAD_BYTES = 16 * 1024;

/** How the CONNECT step ended: the proxy's status when it sent one, the instant (performance.now()) it ended. */
export type TunnelOutcome = { ok: true; at: number; status: number } | { ok: false; at: number; status: number | null; error: ErrorInfo };

/** What a refusing status says beyond "refused", for the message; the code is PROXY_REFUSED whatever the status. */
const REFUSAL_HINT: Readonly<Record<number, string>> = {
  407: 'it requires credentials (user:pass@ in the proxy URL)',
  502: 'it could not reach the edge',
  503: 'it could not reach the edge',
  504: 'it timed out reaching the edge',
};

/** The CONNECT request for `authority` ("127.64.0.1:443", "[::1]:443"): Host repeats it, as curl sends. */
export function connectRequest(authority: string, proxy: ProxyServer, userAgent: string): string {
  const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`, `User-Agent: ${userAgent}`, 'Proxy-Connection: Keep-Alive'];
  if (proxy.authorization) lines.push(`Proxy-Authorization: ${proxy.authorization}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * Judges a complete response head (everything before the blank line). A 2xx opens the tunnel; any other
 * status is PROXY_REFUSED with the status and reason (sanitised) in the message; anything that is not an
 * HTTP/1.x status line is PROXY_MALFORMED. `where` names the proxy, `authority` the edge asked for.
 */
export function judgeConnectResponse(head: string, where: string, authority: string, sentCredentials: boolean): { status: number | null; error: ErrorInfo | null } {
  const statusLine = head.split(/\r?\n/, 1)[0] ?? '';
  const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!m) return { status: null, error: stepError('proxy', 'PROXY_MALFORMED', where, `answered CONNECT with "${sanitize(statusLine, 60)}"`) };
  const status = Number(m[1]);
  if (status >= 200 && status < 300) return { status, error: null };
  const reason = sanitize(m[2] ?? '', 80);
  const hint = status === 407 && sentCredentials ? 'it rejected the credentials' : REFUSAL_HINT[status];
  return { status, error: stepError('proxy', 'PROXY_REFUSED', where, `${status}${reason ? ` ${reason}` : ''} for CONNECT ${authority}${hint ? `; ${hint}` : ''}`) };
}

/** Where the response head ends (index just past the blank line), or -1. Bare LF line ends are accepted. */
function headEnd(buffer: Buffer): number {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf === -1) return lf === -1 ? -1 : lf + 2;
  return lf === -1 || crlf + 2 < lf ? crlf + 4 : lf + 2;
}

/**
 * Sends CONNECT for `authority` over `socket` (already connected to the proxy) and waits for the answer head:
 * bounded by `bounds.timeoutMs` (PROXY_TIMEOUT), by MAX_PROXY_HEAD_BYTES (PROXY_MALFORMED), by the deadline
 * (DEADLINE). A proxy that closes first is PROXY_CLOSED. Bytes after the head, before the client has said
 * anything, are a protocol violation (the edge speaks only after the ClientHello or request): PROXY_MALFORMED.
 * Reads in paused mode, so on success the socket is left as it was and TLS can take it over. Never rejects;
 * the caller destroys the socket on failure.
 */
export function openTunnel(socket: Socket, authority: string, proxy: ProxyServer, userAgent: string, bounds: Bounds): Promise<TunnelOutcome> {
  return new Promise((resolve) => {
    const where = bounds.where;
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: { status: number | null; error: ErrorInfo | null }): void => {
      clearTimeout(timer);
      bounds.signal?.removeEventListener('abort', onAbort);
      socket.off('readable', onReadable).off('error', onError).off('close', onClose).off('end', onClose);
      const at = performance.now();
      resolve(outcome.error === null && outcome.status !== null ? { ok: true, at, status: outcome.status } : { ok: false, at, status: outcome.status, error: outcome.error ?? stepError('proxy', 'PROXY_MALFORMED', where) });
    };
    const fail = (code: string, detail?: string): void => finish({ status: null, error: stepError('proxy', code, where, detail) });
    const onReadable = (): void => {
      let chunk: Buffer | null;
      while ((chunk = socket.read() as Buffer | null) !== null) {
        chunks.push(chunk);
        size += chunk.length;
        const buffer = Buffer.concat(chunks);
        const end = headEnd(buffer);
        if (end === -1) {
          if (size > MAX_PROXY_HEAD_BYTES) return fail('PROXY_MALFORMED', `response head over ${MAX_PROXY_HEAD_BYTES} bytes`);
          // Something that is not an HTTP proxy (an SSH or SMTP port) greets with one line and waits: judge it now.
          const firstLine = buffer.indexOf('\n');
          if (firstLine !== -1) {
            const early = judgeConnectResponse(buffer.subarray(0, firstLine + 1).toString('latin1'), where, authority, false);
            if (early.status === null) return finish(early);
          }
          continue;
        }
        const judged = judgeConnectResponse(buffer.subarray(0, end).toString('latin1'), where, authority, proxy.authorization !== null);
        if (judged.error === null && end < buffer.length) {
          return finish({ status: judged.status, error: stepError('proxy', 'PROXY_MALFORMED', where, 'data arrived through the tunnel before the request') });
        }
        return finish(judged);
      }
    };
    const onError = (error: Error & { code?: unknown }): void => fail('PROXY_CLOSED', typeof error.code === 'string' ? error.code : error.message);
    const onClose = (): void => fail('PROXY_CLOSED');
    const onAbort = (): void => fail('DEADLINE');
    const timer = setTimeout(() => fail('PROXY_TIMEOUT', `no answer to CONNECT within ${bounds.timeoutMs} ms`), bounds.timeoutMs);
    socket.on('readable', onReadable).on('error', onError).on('close', onClose).on('end', onClose);
    bounds.signal?.addEventListener('abort', onAbort, { once: true });
    if (bounds.signal?.aborted) return onAbort();
    socket.write(connectRequest(authority, proxy, userAgent));
  });
}
