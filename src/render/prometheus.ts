// Prometheus text exposition (node_exporter's textfile collector reads it; write it with -o, which is atomic).
// Probe metrics are named as blackbox_exporter names them, so existing dashboards and alerts apply; ours add the
// verdict and the providers. One HELP/TYPE per family, its samples together, every label value escaped.
import type { EdgeProbe, Report, Status, TargetReport } from '../types.ts';
import { sanitize } from './sanitize.ts';

const STATUSES: Status[] = ['up', 'degraded', 'site-outage', 'provider-outage', 'local-network', 'inconclusive', 'fingerprinted'];

type Labels = Record<string, string>;
export interface Family {
  name: string;
  help: string;
  samples: { labels: Labels; value: number }[];
}

/** A label value: backslash, double quote and line feed escaped (sanitised first, so no other control is left). */
function labelValue(text: string): string {
  return sanitize(text, 255).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function sampleLine(name: string, labels: Labels, value: number): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${labelValue(v)}"`).join(',');
  const number = Number.isFinite(value) ? String(value) : 'NaN';
  return `${name}${pairs === '' ? '' : `{${pairs}}`} ${number}`;
}

const sec = (ms: number | null): number => (ms === null ? Number.NaN : Math.round(Math.max(0, ms)) / 1000);

/** The probe blackbox_exporter would have made: the first edge that answered HTTP, else the first probed. */
function mainProbe(target: TargetReport): EdgeProbe | undefined {
  return target.probes.find((p) => p.http?.ok) ?? target.probes[0];
}

/** Phase durations as blackbox_exporter's probe_http_duration_seconds: connect, tls, processing (to first byte), transfer. */
function phases(probe: EdgeProbe): [string, number][] {
  const out: [string, number][] = [];
  if (probe.tcp.ok) out.push(['connect', sec(probe.tcp.ms)]);
  if (probe.tls?.ok) out.push(['tls', sec(probe.tls.ms)]);
  const http = probe.http;
  if (http?.ok) {
    const firstByte = http.firstByteMs ?? http.ms;
    out.push(['processing', sec(firstByte)]);
    if (http.ms !== null && firstByte !== null) out.push(['transfer', sec(http.ms - firstByte)]);
  }
  return out;
}

function families(report: Report): Family[] {
  const f = (name: string, help: string): Family => ({ name, help, samples: [] });
  const success = f('probe_success', 'Whether the target answered over HTTP(S) through its edge (1) or not (0); absent for --fingerprint-only.');
  const duration = f('probe_duration_seconds', 'How long the whole diagnosis of the target took.');
  const dns = f('probe_dns_lookup_time_seconds', 'How long walking the DNS chain took.');
  const phase = f('probe_http_duration_seconds', 'Duration of each phase of the HTTP request to the first answering edge.');
  const status = f('probe_http_status_code', 'HTTP status code of the first answering edge (0 when none answered).');
  const edges = f('cdn_check_edges', 'Edge addresses probed, and how many of them answered below HTTP 500.');
  const verdict = f('cdn_check_verdict', 'The verdict: 1 for the target\'s status, 0 for the others.');
  const exit = f('cdn_check_exit_code', 'The exit code the verdict maps to (0 up, 1 site outage, 2 provider outage, 3 local network, 5 inconclusive).');
  const provider = f('cdn_check_provider_info', 'The providers fingerprinted for the target, by role (cdn, dns, behind, steering).');
  const run = f('cdn_check_run_exit_code', 'The exit code of the whole run.');
  for (const t of report.targets) {
    const target = { target: t.host };
    if (t.verdict.status !== 'fingerprinted' && !t.notChecked) {
      const up = t.verdict.status === 'up' || t.verdict.status === 'degraded';
      success.samples.push({ labels: target, value: up ? 1 : 0 });
      const probe = mainProbe(t);
      for (const [name, seconds] of probe ? phases(probe) : []) phase.samples.push({ labels: { ...target, phase: name }, value: seconds });
      status.samples.push({ labels: target, value: probe?.http?.status ?? 0 });
      const healthy = t.probes.filter((p) => p.http?.ok && p.http.status !== null && p.http.status < 500).length;
      edges.samples.push({ labels: { ...target, state: 'probed' }, value: t.probes.length }, { labels: { ...target, state: 'healthy' }, value: healthy });
    }
    duration.samples.push({ labels: target, value: sec(t.durationMs) });
    if (t.dns) dns.samples.push({ labels: target, value: sec(t.dns.ms) });
    for (const s of STATUSES) verdict.samples.push({ labels: { ...target, status: s }, value: s === t.verdict.status ? 1 : 0 });
    exit.samples.push({ labels: target, value: t.verdict.exitCode });
    const roles: [string, { id: string; name: string } | null][] = [
      ['cdn', t.providers.cdn],
      ...t.providers.layers.map((m): [string, typeof m] => ['behind', m]),
      ...(t.providers.steering ?? []).map((m): [string, typeof m] => ['steering', m]),
      ['dns', t.providers.dns],
    ];
    for (const [role, match] of roles) if (match) provider.samples.push({ labels: { ...target, role, provider: match.id, name: match.name }, value: 1 });
  }
  run.samples.push({ labels: {}, value: report.exitCode });
  return [success, duration, dns, phase, status, edges, verdict, exit, provider, run];
}

/** The report as Prometheus text exposition format 0.0.4: every family a gauge, ending with a newline. */
export function renderPrometheus(report: Report): string {
  return renderFamilies(families(report));
}

/** Families as text exposition format 0.0.4 (gauges; empty families left out); `cdn-check audit` writes its own with it. */
export function renderFamilies(list: readonly Family[]): string {
  const lines: string[] = [];
  for (const family of list) {
    if (family.samples.length === 0) continue;
    lines.push(`# HELP ${family.name} ${family.help.replace(/\\/g, '\\\\')}`, `# TYPE ${family.name} gauge`);
    for (const s of family.samples) lines.push(sampleLine(family.name, s.labels, s.value));
  }
  return `${lines.join('\n')}\n`;
}
