// A site and a zone that try to take over the terminal of whoever diagnoses them: escape sequences (colours,
// clear screen, window title, OSC 8 links), BEL, CR, bidi overrides and overlong strings in CNAME data, NS
// names, the reason phrase, headers, the error page and the certificate. The report must show them defanged.
import type { Scenario } from '../scenario.ts';

const ESC = '\u001b';
const BEL = '\u0007';
/** RIGHT-TO-LEFT OVERRIDE: makes "txt.exe" read as "exe.txt". */
const RLO = '\u202e';
/** The 8-bit (C1) form of ESC [ — a CSI that needs no ESC byte. */
const CSI8 = '\u009b';
const link = (url: string, text: string): string => `${ESC}]8;;${url}${BEL}${text}${ESC}]8;;${BEL}`;

/** DNS labels carry any byte (at most 63 a label): a CNAME whose name is made of escape sequences. */
const HOSTILE_NAME = `${ESC}[31mred${ESC}[0m${BEL}bell\rcr${RLO}txt.${link('https://evil', 'x')}.hostile.example`;
const BODY = `<html>${ESC}[2J${ESC}[H${link('https://evil.example/', 'click me')}\r\n${BEL}${RLO}gnp.exe\rOVERWRITTEN\n${ESC}]0;pwned${BEL}${'B'.repeat(20_000)}</html>`;
const bytes = (text: string): number => Buffer.byteLength(text);

/** A 503 that Node's own HTTP server would refuse to send: control characters in the reason phrase, C1 bytes in a header. */
const RESPONSE = [
  `HTTP/1.1 503 Unavailable ${ESC}[2J${ESC}[H${ESC}]0;pwned${BEL}${link('https://evil.example/', 'click')}${BEL}${'R'.repeat(2000)}`,
  `server: hostile${CSI8}31m${RLO}lmth.exe`,
  `x-long: ${'L'.repeat(4000)}`,
  'content-type: text/html',
  `content-length: ${bytes(BODY)}`,
  'connection: close',
  '',
  BODY,
].join('\r\n');

export const scenario: Scenario = {
  name: 'hostile',
  date: null,
  provider: null,
  title: 'A site and its zone send escape sequences, BEL, CR and overlong text: none of it reaches your terminal raw',
  story:
    'Everything a server controls is text an attacker can choose: CNAME data, name server names, the reason phrase, headers, the error page, certificate fields. This site answers 503 and fills all of them with terminal escape sequences (colours, clear screen, window titles, OSC 8 hyperlinks), BEL, carriage returns, bidi overrides and strings thousands of characters long. The text report shows them stripped and cut; --json carries them escaped, as data.',
  sites: [
    {
      host: 'origin.hostile.example',
      cdn: null,
      dns: 'self',
      behaviour: { kind: 'raw', response: RESPONSE },
      cert: {
        subject: {
          commonName: `${ESC}[31mcert${ESC}[0m${BEL}\r${RLO}${'C'.repeat(300)}`,
          organizationName: `${link('https://evil.example/', 'org')}${ESC}]0;pwned${BEL}`,
        },
      },
    },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
  ],
  records: [
    { name: 'www.hostile.example', type: 'CNAME', data: HOSTILE_NAME, ttl: 300 },
    { name: HOSTILE_NAME, type: 'CNAME', data: 'origin.hostile.example', ttl: 300 },
    { name: 'hostile.example', type: 'NS', data: `ns${ESC}[2j${BEL}.${RLO}evil.example`, ttl: 86400 },
  ],
  targets: ['www.hostile.example'],
  canaries: [],
  controls: ['www.wikipedia.org'],
  expected: {
    exitCode: 1,
    targets: { 'www.hostile.example': { status: 'site-outage', provider: null, layer: 'http' } },
  },
};
