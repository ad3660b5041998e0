// Providers that cannot be named from one kind of evidence alone, with the reason: shared by the pure
// profile tests and the lab integration test so both hold the same, documented list.

export interface Exception {
  why: string;
  /** [cdn, ...layers] expected instead of [id]. */
  expect: (string | null)[];
}

/** CNAME-only: providers whose chain cannot name them as the serving CDN. */
export const CNAME_EXCEPTIONS: Record<string, Exception> = {
  'ddos-guard': { why: 'no published CNAME suffix: sites point A records at it', expect: [null] },
  'ovh-cdn': { why: 'no published CNAME suffix: sites point A records at it', expect: [null] },
  jsdelivr: { why: 'a multi-CDN: the chain ends on the CDN that serves (here Cloudflare)', expect: ['cloudflare', 'jsdelivr'] },
};

/** Headers-only: providers with no distinctive header of their own. */
export const HEADER_EXCEPTIONS: Record<string, Exception> = {
  'azure-cdn': { why: 'runs on the Front Door edge and sends the same headers', expect: ['azure-frontdoor'] },
  'github-pages': { why: 'served through Fastly: Fastly is the edge, GitHub Pages the layer behind it', expect: ['fastly', 'github-pages'] },
  jsdelivr: { why: 'a multi-CDN with no header of its own: the backing CDN\'s headers name that CDN', expect: ['cloudflare'] },
  limelight: { why: 'only weak headers are known (x-llnw-nginx, via: limelight)', expect: [null] },
  volcengine: { why: 'no distinctive response header is known', expect: [null] },
  yottaa: { why: 'no distinctive response header is known', expect: [null] },
  kinx: { why: 'no distinctive response header is known', expect: [null] },
  'lumen-cdn': { why: 'no distinctive response header is known', expect: [null] },
};

