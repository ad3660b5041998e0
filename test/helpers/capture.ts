// A writable that keeps what is written to it, for running the CLI's main() in-process.
import { Writable } from 'node:stream';

export function capture(): Writable & { text: string } {
  const out = new Writable({ write: (chunk, _e, cb) => ((out.text += String(chunk)), cb()) }) as Writable & { text: string };
  out.text = '';
  return out;
}
