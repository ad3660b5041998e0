// The built-in scenarios, in the order `cdn-check lab --list` shows them. Adding one: a data file here and a line below.
import type { Scenario } from '../scenario.ts';
import { scenario as akamai2021 } from './akamai-2021.ts';
import { scenario as akamaiEdgeRefused } from './akamai-edge-refused.ts';
import { scenario as akamaiOneProperty } from './akamai-one-property.ts';
import { scenario as aws2025 } from './aws-2025.ts';
import { scenario as azureFrontDoor2025 } from './azure-frontdoor-2025.ts';
import { scenario as captivePortal } from './captive-portal.ts';
import { scenario as cdnNxdomain } from './cdn-nxdomain.ts';
import { scenario as cloudflare2019 } from './cloudflare-2019.ts';
import { scenario as cloudflare2025 } from './cloudflare-2025.ts';
import { scenario as dyn2016 } from './dyn-2016.ts';
import { scenario as expiredCert } from './expired-cert.ts';
import { scenario as facebook2021 } from './facebook-2021.ts';
import { scenario as fastly2021 } from './fastly-2021.ts';
import { scenario as fastly2021Recovery } from './fastly-2021-recovery.ts';
import { scenario as healthy } from './healthy.ts';
import { scenario as ispPath } from './isp-path.ts';
import { scenario as regionalEdge } from './regional-edge.ts';
import { scenario as hostile } from './hostile.ts';
import { scenario as netlifyEdgeDns } from './netlify-edge-dns.ts';
import { scenario as offline } from './offline.ts';
import { scenario as originDown } from './origin-down.ts';
import { scenario as resolver1111 } from './resolver-1111-2025.ts';
import { outageScenario as route53Outage, zoneScenario as route53Zone } from './route53-zone.ts';
import { scenario as siteNxdomain } from './site-nxdomain.ts';

export const SCENARIOS: readonly Scenario[] = [
  akamai2021,
  akamaiOneProperty,
  fastly2021,
  fastly2021Recovery,
  cloudflare2019,
  cloudflare2025,
  dyn2016,
  azureFrontDoor2025,
  resolver1111,
  aws2025,
  facebook2021,
  originDown,
  expiredCert,
  siteNxdomain,
  akamaiEdgeRefused,
  netlifyEdgeDns,
  cdnNxdomain,
  route53Zone,
  route53Outage,
  offline,
  captivePortal,
  regionalEdge,
  ispPath,
  healthy,
  hostile,
];

/** What `cdn-check lab` runs with no scenario named: the night this tool is about. */
export const DEFAULT_SCENARIO = 'akamai-2021';

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name.toLowerCase());
}
