// Starts the audit sites (audit-sites.ts) on loopback: two lab resolvers that answer authoritatively (view a
// and the steering view b), the lame NS on the first one's port, and the HTTPS edges (one staples OCSP). Used by `cdn-check lab audit`, the e2e
// tests and the audit benchmark.
import { createLabCa } from './certs.ts';
import { startDnsServer, type LabDnsServer } from './dns-server.ts';
import { startEdges } from './edges.ts';
import { LAME_NS_ADDRESS, auditEdges, auditZoneData } from './audit-sites.ts';

export interface AuditLab {
  /** View a (first) and view b (a second resolver that steers multicdn.test to another CDN). */
  resolvers: [LabDnsServer, LabDnsServer];
  /** The port every lab NS answers on (--ns-port). */
  nsPort: number;
  /** The port of the lab's HTTPS edges (--port). */
  edgePort: number;
  close(): Promise<void>;
}

export async function startAuditLab(): Promise<AuditLab> {
  const started: { close(): Promise<void> }[] = [];
  const close = async (): Promise<void> => void (await Promise.allSettled(started.map((s) => s.close())));
  try {
    const a = await startDnsServer(auditZoneData('a'), { authoritative: true });
    started.push(a);
    const b = await startDnsServer(auditZoneData('b'), { authoritative: true });
    started.push(b);
    // A resolver-like server (no AA bit) where the lame NS's name points, on the port every NS is asked on.
    started.push(await startDnsServer(auditZoneData('a'), { host: LAME_NS_ADDRESS, port: a.port }));
    const edges = await startEdges(auditEdges(), { ca: createLabCa() });
    started.push(edges);
    return { resolvers: [a, b], nsPort: a.port, edgePort: edges.port, close };
  } catch (error) {
    await close();
    throw error;
  }
}
