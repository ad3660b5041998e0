// Canary hosts as data: for every provider the tool can name as a CDN or a DNS host, the public sites believed
// to sit on it, or the reason there are none. canaries.ts selects from it; `cdn-check providers` can list it.

/** When the lists were last checked against public sources (and, for the first lists, live DNS and headers). */
export const CANARIES_CHECKED = '2026-11-30';

import type { Role } from '../types.ts';

export interface CanarySet {
  provider: string;
  role: Role;
  /** The provider's own sites first, then large customers known to use it. */
  hosts: readonly string[];
  /** Why there are fewer than three (too few public sites could be tied to the provider). */
  fewer?: string;
  /** Where the claim that these hosts sit on the provider comes from (besides the provider's own name). */
  sources?: readonly string[];
}

/**
 * Well-known hosts believed to sit on each provider. These MUST be re-checked from time to time (sites change
 * CDNs and DNS hosts without notice). A stale entry cannot mislead a verdict: a canary counts only when its own
 * fingerprint, taken in the same run, names the provider in that role; otherwise it is shown as unconfirmed
 * and ignored. Data only: tests never contact these hosts (they run against the loopback lab).
 */
export const BUILTIN_CANARIES: readonly CanarySet[] = [
  // CDNs (serving edge)
  { provider: 'akamai', role: 'cdn', hosts: ['www.akamai.com', 'www.apple.com', 'www.microsoft.com', 'www.fedex.com'], sources: ['fingerprints.json (www.akamai.com, www.gap.com chains)'] },
  { provider: 'cloudflare', role: 'cdn', hosts: ['www.cloudflare.com', 'discord.com', 'www.canva.com', 'chatgpt.com'] },
  { provider: 'fastly', role: 'cdn', hosts: ['www.fastly.com', 'www.reddit.com', 'pypi.org', 'www.theguardian.com'] },
  { provider: 'cloudfront', role: 'cdn', hosts: ['www.amazon.com', 'aws.amazon.com', 'www.imdb.com', 'a0.awsstatic.com'] },
  {
    provider: 'azure-frontdoor',
    role: 'cdn',
    hosts: ['portal.azure.com', 'learn.microsoft.com', 'azure.microsoft.com', 'www.xbox.com', 'www.msn.com'],
    sources: ['outages.md #9 (Azure portal, Xbox on AFD)', 'issue 19 capture: www.msn.com -> a-0003.a-msedge.net'],
  },
  {
    provider: 'azure-cdn',
    role: 'cdn',
    hosts: ['msedgedriver.azureedge.net'],
    fewer: 'Azure CDN is being folded into Front Door (its Edgio and Akamai editions are retired); few public hosts still answer on azureedge.net',
    sources: ['https://github.com/MicrosoftEdge/EdgeWebDriver/issues/183 (msedgedriver.azureedge.net kept on Azure CDN)'],
  },
  { provider: 'google-cloud-cdn', role: 'cdn', hosts: ['cloud.google.com', 'firebase.google.com', 'web.dev'] },
  {
    provider: 'vercel',
    role: 'cdn',
    hosts: ['vercel.com'],
    fewer: 'only Vercel\'s own site could be tied to Vercel from public captures',
    sources: ['https://github.com/wappalyzer/wappalyzer/pull/4997 (curl -sI https://vercel.com: server: Vercel)', 'https://github.com/vercel/next.js/issues/78070 (vercel.com response)'],
  },
  {
    provider: 'netlify',
    role: 'cdn',
    hosts: ['netlify.com', 'simonhearne.com'],
    fewer: 'Netlify\'s own site and one public site that documents its Netlify hosting',
    sources: ['issue 19 capture (netlify.com named Netlify)', 'https://simonhearne.com/2019/http-headers-fast-and-secure/ ("This website is powered by Netlify")'],
  },
  {
    provider: 'bunny',
    role: 'cdn',
    hosts: ['media.dcrainmaker.com', 'www.dll-files.com', 'haydenjames.io'],
    sources: ['https://github.com/wappalyzer/wappalyzer/pull/4638 (sample Bunny pages)'],
  },
  {
    provider: 'keycdn',
    role: 'cdn',
    hosts: ['cdn.keycdn.com'],
    fewer: 'only KeyCDN\'s own asset host could be tied to KeyCDN from public captures',
    sources: ['https://github.com/wappalyzer/wappalyzer/pull/1400 (cdn.keycdn.com: server: keycdn-engine)'],
  },
  {
    provider: 'sucuri',
    role: 'cdn',
    hosts: ['www.exploit-db.com'],
    fewer: 'Sucuri fronts mostly small sites; one well-known site was captured behind it',
    sources: ['https://github.com/Ekultek/WhatWaf/issues/1164 (www.exploit-db.com: Server: Sucuri/Cloudproxy)'],
  },
  {
    provider: 'jsdelivr',
    role: 'cdn',
    hosts: ['cdn.jsdelivr.net'],
    fewer: 'jsDelivr is one public host by design',
    sources: ['JSDELIVR_18221'],
  },
  {
    provider: 'wangsu',
    role: 'cdn',
    hosts: ['cdn.jsdelivr.net'],
    fewer: 'the one well-known host seen on Wangsu names is jsDelivr (from some networks; elsewhere it ends on Cloudflare)',
    sources: ['JSDELIVR_18221 (cdn.jsdelivr.net -> cdn.jsdelivr.net.mwcloudcdn.com)'],
  },
  // Authoritative DNS hosts (NS of the registrable domain)
  { provider: 'akamai', role: 'dns', hosts: ['akamai.com', 'ibm.com', 'adobe.com'] },
  { provider: 'cloudflare', role: 'dns', hosts: ['cloudflare.com', 'discord.com', 'canva.com'] },
  { provider: 'route53', role: 'dns', hosts: ['netflix.com', 'slack.com', 'twitch.tv'] },
  { provider: 'ns1', role: 'dns', hosts: ['ns1.com', 'nsone.net', 'linkedin.com'] },
  { provider: 'ultradns', role: 'dns', hosts: ['ultradns.com', 'vercara.com', 'amazon.com'] },
  {
    provider: 'dyn',
    role: 'dns',
    hosts: ['amazon.com'],
    fewer: 'Oracle is winding Dyn\'s legacy DNS down; amazon.com is the one well-known zone captured on it (beside UltraDNS)',
    sources: ['https://opendium.com/blogs/oracle-dyn-outage (amazon.com NS ns1-4.p31.dynect.net, May 2022)'],
  },
];

const UNTIED = 'no public site could be tied to it from fingerprints.json or public captures when the list was checked; use --canary';

/** CDNs and DNS hosts no well-known public site could be tied to yet (re-check with the lists above). */
const UNTIED_CDNS = [
  'github-pages', 'cdn77', 'gcore', 'imperva', 'alibaba-cdn', 'tencent-cdn', 'tencent-edgeone', 'chinacache', 'medianova', 'bitgravity', 'cachefly', 'volcengine', 'yottaa', 'section-io', 'kinx', 'azion', 'arvancloud', 'baishan', 'huawei-cloud', 'baidu-cloud', 'qrator', 'ddos-guard', 'leaseweb-cdn', 'fly-io', 'ovh-cdn', 'myra', 'ngenix',
];
const UNTIED_DNS = ['vercel', 'azure-dns', 'google-cloud-dns', 'dnsimple', 'godaddy-dns', 'digitalocean-dns', 'dnsmadeeasy', 'easydns', 'gandi-dns', 'he-dns', 'linode-dns', 'namecheap-dns', 'network-solutions-dns'];

/**
 * Providers (per role) with no built-in canaries, and why. With no canaries a failure on the provider is judged
 * from other targets on it in the same run, or from user `--canary provider=host`.
 */
export const NO_CANARIES: Readonly<Record<string, Partial<Record<Role, string>>>> = {
  ...Object.fromEntries(UNTIED_CDNS.map((id) => [id, { cdn: UNTIED }])),
  ...Object.fromEntries(UNTIED_DNS.map((id) => [id, { dns: UNTIED }])),
  // https://learn.microsoft.com/en-us/azure/cdn/edgio-retirement-faq (Edgio platform ends service 15 Jan 2025)
  edgio: { cdn: 'Edgio (Edgecast, Layer0) ended service on 15 January 2025 after its assets were sold to Akamai; only old captures show it' },
  limelight: { cdn: 'Limelight became Edgio, whose platform ended service on 15 January 2025' },
  // https://www.peakhour.io/blog/navigating-cdn-consolidation/ (StackPath CDN and Lumen CDN going offline)
  stackpath: { cdn: 'StackPath left the CDN business (customer contracts sold to Akamai, 2023-24)' },
  'lumen-cdn': { cdn: 'Lumen\'s CDN went offline (customer contracts sold to Akamai, 2023-24)' },
};
