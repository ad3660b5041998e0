// 18 November 2025, 11:20 UTC: a Bot Management feature file doubled in size, the proxy's limit was exceeded
// and Cloudflare's edges answered HTTP 500 — on and off, as good and bad copies of the file alternated
// (Cloudflare's post-mortem).
import type { EdgeBehaviour } from '../edges.ts';
import type { Scenario, SiteSpec } from '../scenario.ts';

const cloudflare500: EdgeBehaviour = {
  kind: 'respond',
  status: 500,
  headers: { server: 'cloudflare', 'cf-ray': '9a0b1c2d3e4f5a6b-LHR', 'content-type': 'text/html' },
  // The branded page clients saw: "Internal server error — Error code 500" (outages.md §6).
  body: '<!DOCTYPE html><html><head><title>x.com | 500: Internal server error</title><link rel="stylesheet" href="/cdn-cgi/styles/main.css"></head><body><div id="cf-wrapper"><div id="cf-error-details"><h1>Internal server error</h1><span>Error code 500</span><p>Cloudflare Ray ID: 9a0b1c2d3e4f5a6b</p></div></div></body></html>',
};
const cloudflare200: EdgeBehaviour = {
  kind: 'respond',
  status: 200,
  headers: { server: 'cloudflare', 'cf-ray': '9a0b1c2d3e4f5a6b-LHR', 'cf-cache-status': 'DYNAMIC', 'content-type': 'text/html' },
  body: '<!doctype html><title>ok</title>',
};
/** Bad, bad, good, bad...: the feature file was regenerated every five minutes, sometimes good. */
const flapping: EdgeBehaviour = { kind: 'sequence', steps: [cloudflare500, cloudflare500, cloudflare200, cloudflare500] };
const onCloudflare = (host: string): SiteSpec => ({ host, cdn: 'cloudflare', dns: 'cloudflare', apex: true, behaviour: flapping });

export const scenario: Scenario = {
  name: 'cloudflare-2025',
  date: '2025-11-18',
  provider: 'cloudflare',
  title: 'Cloudflare edges answer HTTP 500, flapping between bad and good (Bot Management file)',
  story:
    'A database permission change doubled the Bot Management feature file; proxies that loaded it failed every request with HTTP 500. The file was rebuilt every five minutes from partly updated servers, so the errors came and went before they settled. X, ChatGPT and many others were affected for hours.',
  sites: [
    onCloudflare('x.com'),
    onCloudflare('chatgpt.com'),
    onCloudflare('www.cloudflare.com'),
    onCloudflare('discord.com'),
    onCloudflare('www.medium.com'),
    { host: 'www.akamai.com', cdn: 'akamai', dns: 'akamai', slot: 1699 },
    { host: 'www.fastly.com', cdn: 'fastly', dns: 'ns1' },
    { host: 'www.wikipedia.org', cdn: null, dns: 'self' },
  ],
  // Cloudflare's status page, hosted off Cloudflare, was down too by coincidence at first (the post-mortem, outages.md
  // §6): the first read finds no page; then the incident, with the London component the edges' cf-ray names.
  status: {
    cloudflare: [
      'unreachable',
      {
        indicator: 'major',
        description: 'Partial System Outage',
        incidents: [{ name: 'Cloudflare Global Network experiencing issues', status: 'investigating', impact: 'major', minutesAgo: 8, update: 'Cloudflare is aware of, and investigating an issue which potentially impacts multiple customers. Further detail will be provided as more information becomes available.' }],
        components: [
          { name: 'London, United Kingdom - (LHR)', status: 'partial_outage' },
          { name: 'Mumbai, India - (BOM)', status: 'partial_outage' },
        ],
      },
    ],
  },
  targets: ['x.com', 'chatgpt.com'],
  canaries: [
    { provider: 'cloudflare', host: 'www.cloudflare.com' },
    { provider: 'cloudflare', host: 'discord.com' },
    { provider: 'cloudflare', host: 'www.medium.com' },
  ],
  controls: ['www.akamai.com', 'www.fastly.com', 'www.wikipedia.org'],
  expected: {
    exitCode: 2,
    targets: {
      'x.com': { status: 'provider-outage', provider: 'cloudflare', layer: 'http' },
      'chatgpt.com': { status: 'provider-outage', provider: 'cloudflare', layer: 'http' },
    },
  },
};
