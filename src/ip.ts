// The family of an IP literal, as node:net's isIP answers it, without running Node's IPv6 pattern on
// names: that regular expression is compiled on first use (~5 ms) and again when V8 tiers it up, both on a
// one-site check's critical path, and a host name never contains ':' while every IPv6 literal does.
import { isIPv4, isIPv6 } from 'node:net';

/** 4, 6 or 0 (not an IP literal), exactly as `net.isIP`: zone IDs ("fe80::1%eth0") count as IPv6. */
export function ipFamily(text: string): 0 | 4 | 6 {
  if (text.includes(':')) return isIPv6(text) ? 6 : 0;
  return isIPv4(text) ? 4 : 0;
}
