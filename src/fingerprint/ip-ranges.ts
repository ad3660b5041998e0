// Embedded, dated snapshots of providers' published edge ranges (a representative subset, never fetched at
// run time), and the pure CIDR arithmetic to test an address against them.
import type { IpRangeSnapshot } from './rule-types.ts';

/**
 * Snapshots by provider id. Each is a subset of what the provider publishes, copied from captures of the
 * official lists (dates are those of the captures); re-check against `source` before trusting a miss.
 */
export const IP_SNAPSHOTS = {
  cloudflare: {
    date: '2023-11-17',
    source: 'https://www.cloudflare.com/ips-v4 and https://www.cloudflare.com/ips-v6',
    cidrs: [
      '173.245.48.0/20', '103.21.244.0/22', '103.22.200.0/22', '103.31.4.0/22', '141.101.64.0/18', '108.162.192.0/18',
      '190.93.240.0/20', '188.114.96.0/20', '197.234.240.0/22', '198.41.128.0/17', '162.158.0.0/15', '104.16.0.0/13',
      '104.24.0.0/14', '172.64.0.0/13', '131.0.72.0/22',
      '2400:cb00::/32', '2606:4700::/32', '2803:f800::/32', '2405:b500::/32', '2405:8100::/32', '2a06:98c0::/29', '2c0f:f248::/32',
    ],
    note: 'The complete published list (it changes rarely). BYOIP and partner ranges are not in it.',
  },
  fastly: {
    date: '2023-06-06',
    source: 'https://api.fastly.com/public-ip-list',
    cidrs: [
      '23.235.32.0/20', '43.249.72.0/22', '103.244.50.0/24', '103.245.222.0/23', '103.245.224.0/24', '104.156.80.0/20',
      '140.248.64.0/18', '140.248.128.0/17', '146.75.0.0/17', '151.101.0.0/16', '157.52.64.0/18', '167.82.0.0/17',
      '167.82.128.0/20', '167.82.160.0/20', '167.82.224.0/20', '172.111.64.0/18', '185.31.16.0/22', '199.27.72.0/21',
      '199.232.0.0/16', '2a04:4e40::/32', '2a04:4e42::/32',
    ],
    note: 'All Fastly-owned ranges (client-facing, logging and origin-facing mixed).',
  },
  cloudfront: {
    date: '2023-06',
    source: 'https://d7uri8nf7uskq.cloudfront.net/tools/list-cloudfront-ips (CLOUDFRONT_GLOBAL_IP_LIST)',
    cidrs: [
      '13.32.0.0/15', '13.35.0.0/16', '13.224.0.0/14', '13.249.0.0/16', '18.64.0.0/14', '18.160.0.0/15', '52.84.0.0/15',
      '52.222.128.0/17', '54.192.0.0/16', '54.230.200.0/21', '65.8.0.0/16', '99.84.0.0/16', '99.86.0.0/16', '108.138.0.0/15',
      '108.156.0.0/14', '143.204.0.0/16', '205.251.192.0/19', '216.137.32.0/19',
    ],
    note: 'A subset of the global edge list; regional edge caches are left out.',
  },
  'github-pages': {
    date: '2026-11-29',
    source: 'fingerprints.json GHPAGES (GitHub Pages apex A/AAAA records)',
    cidrs: [
      '185.199.108.153/32', '185.199.109.153/32', '185.199.110.153/32', '185.199.111.153/32',
      '2606:50c0:8000::153/128', '2606:50c0:8001::153/128', '2606:50c0:8002::153/128', '2606:50c0:8003::153/128',
    ],
  },
  vercel: {
    date: '2026-11-29',
    source: 'fingerprints.json VERCEL_ERR (apex A records seen in captures)',
    cidrs: ['64.29.17.65/32', '216.198.79.65/32'],
    note: 'Single addresses seen, not a published list.',
  },
} satisfies Record<string, IpRangeSnapshot>;

/** A parsed CIDR: the family, the masked network and the prefix length. */
export interface Cidr {
  family: 4 | 6;
  network: bigint;
  bits: number;
}

/** IPv4 dotted quad → 32-bit value; null for anything else (addresses come from the network). */
function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

/** IPv6 (with ::, optional embedded IPv4, no zone id) → 128-bit value; null when malformed. */
function parseIpv6(text: string): bigint | null {
  if (text.length > 45 || !/^[0-9a-f:.]+$/i.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (g.includes('.')) {
        const v4 = parseIpv4(g);
        if (v4 === null) return null;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-f]{1,4}$/i.test(g)) out.push(parseInt(g, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 2 && fill < 1) || (halves.length === 1 && fill !== 0)) return null;
  let value = 0n;
  for (const g of [...head, ...new Array<number>(fill).fill(0), ...tail]) value = (value << 16n) | BigInt(g);
  return value;
}

/** Parses an address of either family; null when it is not one. */
export function parseAddress(text: string): { family: 4 | 6; value: bigint } | null {
  const v4 = parseIpv4(text);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === null ? null : { family: 6, value: v6 };
}

/** Parses "a.b.c.d/n" or "x::/n"; null when malformed. Host bits are masked off. */
export function parseCidr(text: string): Cidr | null {
  const [addr, len, extra] = text.split('/');
  if (addr === undefined || len === undefined || extra !== undefined || !/^\d{1,3}$/.test(len)) return null;
  const parsed = parseAddress(addr);
  const bits = Number(len);
  if (!parsed || bits > (parsed.family === 4 ? 32 : 128)) return null;
  const width = parsed.family === 4 ? 32n : 128n;
  const mask = ((1n << BigInt(bits)) - 1n) << (width - BigInt(bits));
  return { family: parsed.family, network: parsed.value & mask, bits };
}

/** True when the parsed address lies inside the CIDR (families must agree). */
export function cidrContains(cidr: Cidr, address: { family: 4 | 6; value: bigint }): boolean {
  if (cidr.family !== address.family) return false;
  const width = cidr.family === 4 ? 32n : 128n;
  const shift = width - BigInt(cidr.bits);
  return address.value >> shift === cidr.network >> shift;
}
