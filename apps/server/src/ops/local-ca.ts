import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import forge from 'node-forge';

/**
 * A shop's own certificate authority and the server certificate it signs for the shop's LAN
 * (docs/OPERATIONS.md, "HTTPS"). Tablets and phones need https:// for a register (service worker,
 * persistent storage, WebCrypto, WebUSB/Web Bluetooth); a public CA cannot issue certificates for
 * 192.168.x.y, so the shop trusts its own CA once per device instead.
 *
 * Keys are made with Node's crypto (fast, native) and only the X.509 structures with node-forge.
 */

export const CA_FILE = 'kassa-ca.crt';
export const CA_KEY_FILE = 'kassa-ca.key';
export const CERT_FILE = 'kassa.crt';
export const KEY_FILE = 'kassa.key';

/** Browsers refuse server certificates valid longer than 398 days (CA/Browser Forum; Apple, Chrome). */
export const SERVER_CERT_DAYS = 397;
const CA_YEARS = 10;

export interface TlsFiles {
  directory: string;
  caCert: string;
  caKey: string;
  cert: string;
  key: string;
}

/** Where the local CA and server certificate live: `tls/` in the data directory (next to the SQLite file, or ./data). */
export function tlsFiles(directory: string): TlsFiles {
  return {
    directory,
    caCert: path.join(directory, CA_FILE),
    caKey: path.join(directory, CA_KEY_FILE),
    cert: path.join(directory, CERT_FILE),
    key: path.join(directory, KEY_FILE),
  };
}

function rsaKeyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { privatePem: privateKey, publicPem: publicKey };
}

/** A positive 128-bit serial (RFC 5280 §4.1.2.2: positive, at most 20 octets, unpredictable). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

function writeSecret(file: string, content: string): void {
  fs.writeFileSync(file, content, { mode: 0o600 });
  // An existing file keeps its mode on write: make sure it is owner-only.
  fs.chmodSync(file, 0o600);
}

export interface CaState {
  created: boolean;
  certPem: string;
  keyPem: string;
  notAfter: Date;
}

/**
 * The shop's CA: reused when its files exist (devices trust it once, so it must not change), made
 * otherwise. The key file is written with mode 0600.
 */
export function ensureLocalCa(files: TlsFiles, now: Date, commonName = 'Kassa local CA'): CaState {
  const hasCert = fs.existsSync(files.caCert);
  const hasKey = fs.existsSync(files.caKey);
  if (hasCert !== hasKey)
    throw new Error(
      `Half a certificate authority in ${files.directory}: ${hasCert ? CA_KEY_FILE : CA_FILE} is missing. ` +
        `Restore it from a backup, or remove ${hasCert ? CA_FILE : CA_KEY_FILE} to make a new CA (every device must then trust the new one).`,
    );
  if (hasCert) {
    const certPem = fs.readFileSync(files.caCert, 'utf8');
    const keyPem = fs.readFileSync(files.caKey, 'utf8');
    const parsed = new X509Certificate(certPem);
    if (!parsed.checkPrivateKey(createPrivateKey(keyPem)))
      throw new Error(`${files.caKey} is not the key of ${files.caCert}.`);
    const notAfter = new Date(parsed.validTo);
    if (notAfter <= now) throw new Error(`The local CA in ${files.caCert} expired on ${parsed.validTo}: remove both CA files to make a new one.`);
    return { created: false, certPem, keyPem, notAfter };
  }
  fs.mkdirSync(files.directory, { recursive: true, mode: 0o700 });
  const pair = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pair.publicPem);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60_000);
  cert.validity.notAfter = new Date(now.getTime());
  cert.validity.notAfter.setFullYear(now.getFullYear() + CA_YEARS);
  const subject = [
    { name: 'commonName', value: `${commonName} ${now.toISOString().slice(0, 10)}` },
    { name: 'organizationName', value: 'Kassa' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(pair.privatePem), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  writeSecret(files.caKey, pair.privatePem);
  fs.writeFileSync(files.caCert, certPem, { mode: 0o644 });
  return { created: true, certPem, keyPem: pair.privatePem, notAfter: cert.validity.notAfter };
}

export interface ServerCertificate {
  certPem: string;
  keyPem: string;
  dnsNames: string[];
  ips: string[];
  notAfter: Date;
}

/** Splits host names given on the command line into IP addresses and DNS names, refusing anything else. */
export function sortNames(names: string[]): { dnsNames: string[]; ips: string[] } {
  const dnsNames: string[] = [];
  const ips: string[] = [];
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    if (name === '') continue;
    if (net.isIP(name)) ips.push(name);
    else if (/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) dnsNames.push(name);
    else throw new Error(`"${raw}" is neither an IP address nor a host name (letters, digits, hyphens and dots).`);
  }
  return { dnsNames: [...new Set(dnsNames)], ips: [...new Set(ips)] };
}

/**
 * Issues the server certificate for the given names and addresses, signed by the CA: subjectAltName
 * with every DNS name and IP (browsers ignore the common name), serverAuth extended key usage,
 * at most 397 days.
 */
export function issueServerCertificate(
  ca: Pick<CaState, 'certPem' | 'keyPem'>,
  names: { dnsNames: string[]; ips: string[] },
  now: Date,
): ServerCertificate {
  if (names.dnsNames.length + names.ips.length === 0) throw new Error('A server certificate needs at least one name or address.');
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const pair = rsaKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pair.publicPem);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60_000);
  cert.validity.notAfter = new Date(now.getTime() + SERVER_CERT_DAYS * 24 * 60 * 60_000);
  cert.setSubject([
    { name: 'commonName', value: names.dnsNames[0] ?? names.ips[0]! },
    { name: 'organizationName', value: 'Kassa' },
  ]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...names.dnsNames.map((value) => ({ type: 2, value })),
        ...names.ips.map((ip) => ({ type: 7, ip })),
      ],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: pair.privatePem, ...names, notAfter: cert.validity.notAfter };
}

/** Writes the server certificate (the key with mode 0600). */
export function writeServerCertificate(files: TlsFiles, issued: ServerCertificate): void {
  writeSecret(files.key, issued.keyPem);
  fs.writeFileSync(files.cert, issued.certPem, { mode: 0o644 });
}

/** The data directory's `tls/` folder: beside the SQLite file, or ./data for PostgreSQL (like the pepper file). */
export function tlsDirectory(database: { kind: 'sqlite'; filename: string } | { kind: 'postgres' }): string {
  const base = database.kind === 'sqlite' && database.filename !== ':memory:' ? path.dirname(database.filename) : path.resolve('./data');
  return path.join(base, 'tls');
}

/** The address the server offers the CA at (http/ca-download.ts), for the printed instructions. */
export const CA_DOWNLOAD_PATH_HINT = '/kassa-ca.crt';
