// A throw-away certificate authority for the lab: made at lab start, in memory, so tests and
// `cdn-check lab` get real TLS (valid, expired, wrong-name, self-signed) without openssl or files.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

interface IssueOptions {
  /** Validity entirely in the past (CERT_HAS_EXPIRED). */
  expired?: boolean;
  /** Signed by its own key, not the CA (DEPTH_ZERO_SELF_SIGNED_CERT). */
  selfSigned?: boolean;
  /**
   * Subject fields instead of the first name and the lab's organisation, as UTF-8 strings that may hold any
   * character (hostile-text tests). The names still go in subjectAltName, so the certificate stays valid.
   */
  subject?: CertSubject;
}

export interface CertSubject {
  commonName?: string;
  organizationName?: string;
}

export interface LabCa {
  /** The CA certificate, PEM: pass it as --ca-file / `ca` to trust the lab. */
  caPem: string;
  /**
   * A leaf certificate (PEM) for `names` (DNS names and/or IP literals, the first is also the CN) and
   * its key (PEM). All leaves share one key so start-up stays fast; results are cached per request.
   */
  issue(names: string[], opts?: IssueOptions): { cert: string; key: string };
}

const DAY_MS = 24 * 60 * 60 * 1000;
const LAB_ORG = 'cdn-check lab';
/** UTF8String: any character, where the default PrintableString allows only letters, digits and a little punctuation. */
// (The type definitions call the field a Class; forge reads it as the universal type number.)
const UTF8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;

type Attributes = forge.pki.CertificateField[];
/** Exported by node-forge but missing from its type definitions. */
type ForgeTbs = { getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1 };

function serial(): string {
  // Positive (leading 0x01) and unique enough for a lab that lives for one run.
  return '01' + forge.util.bytesToHex(forge.random.getBytesSync(15));
}

function subjectAltNames(names: string[]): { type: number; value?: string; ip?: string }[] {
  return names.map((name) => (isIP(name) ? { type: 7, ip: name } : { type: 2, value: name }));
}

function nativeKeyPair(): { privateKey: KeyObject; forgePublic: forge.pki.PublicKey } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, forgePublic: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()) };
}

function build(opts: {
  publicKey: forge.pki.PublicKey;
  subject: Attributes;
  issuer: Attributes;
  notBefore: Date;
  notAfter: Date;
  extensions: object[];
  signer: KeyObject;
}): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = opts.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = opts.notBefore;
  cert.validity.notAfter = opts.notAfter;
  cert.setSubject(opts.subject);
  cert.setIssuer(opts.issuer);
  cert.setExtensions(opts.extensions);
  // forge builds the certificate; Node's native RSA signs it (forge's JS signature costs ~50 ms a leaf,
  // which stalled the lab's event loop in the middle of the handshakes it was timing).
  cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption!;
  cert.signatureOid = forge.pki.oids.sha256WithRSAEncryption!;
  const tbs = forge.asn1.toDer((forge.pki as unknown as ForgeTbs).getTBSCertificate(cert)).getBytes();
  cert.signature = sign('sha256', Buffer.from(tbs, 'binary'), opts.signer).toString('binary');
  return forge.pki.certificateToPem(cert);
}

/**
 * Creates the CA (RSA 2048, valid from an hour ago for 30 days) and the one leaf key. Costs two native
 * key generations (~100 ms); each new leaf costs one native RSA signature (~1 ms).
 */
export function createLabCa(): LabCa {
  const caKeys = nativeKeyPair();
  const leafKeys = nativeKeyPair();
  const leafKeyPem = leafKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const now = Date.now();
  const caName: Attributes = [
    { name: 'commonName', value: 'cdn-check lab CA' },
    { name: 'organizationName', value: LAB_ORG },
  ];
  const caPem = build({
    publicKey: caKeys.forgePublic,
    subject: caName,
    issuer: caName,
    notBefore: new Date(now - 60 * 60 * 1000),
    notAfter: new Date(now + 30 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
    signer: caKeys.privateKey,
  });

  const cache = new Map<string, { cert: string; key: string }>();
  return {
    caPem,
    issue(names, opts = {}) {
      if (names.length === 0) throw new TypeError('issue() needs at least one name');
      const cacheKey = JSON.stringify([names, Boolean(opts.expired), Boolean(opts.selfSigned), opts.subject ?? null]);
      const cached = cache.get(cacheKey);
      if (cached) return cached;
      const subject: Attributes = opts.subject
        ? [
            { name: 'commonName', value: opts.subject.commonName ?? (names[0] as string), valueTagClass: UTF8 },
            { name: 'organizationName', value: opts.subject.organizationName ?? LAB_ORG, valueTagClass: UTF8 },
          ]
        : [
            { name: 'commonName', value: names[0] as string },
            { name: 'organizationName', value: LAB_ORG },
          ];
      const cert = build({
        publicKey: leafKeys.forgePublic,
        subject,
        issuer: opts.selfSigned ? subject : caName,
        notBefore: new Date(opts.expired ? now - 60 * DAY_MS : now - 60 * 60 * 1000),
        notAfter: new Date(opts.expired ? now - DAY_MS : now + 30 * DAY_MS),
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames: subjectAltNames(names) },
        ],
        signer: opts.selfSigned ? leafKeys.privateKey : caKeys.privateKey,
      });
      const issued = { cert, key: leafKeyPem };
      cache.set(cacheKey, issued);
      return issued;
    },
  };
}
