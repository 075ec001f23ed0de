import { X509Certificate, createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** Which database engine a connection string points at. */
export type DatabaseConfig =
  | { kind: 'sqlite'; filename: string }
  | {
      kind: 'postgres';
      connectionString: string;
      /** Connections Kassa keeps open (KASSA_DATABASE_POOL_SIZE, default 10). */
      poolSize?: number;
    };

export interface Config {
  database: DatabaseConfig;
  host: string;
  port: number;
  logLevel: string;
  /** Demo mode seeds the Dutch demo shop and prints where to open it and the logins. */
  demo: boolean;
  /** Allows starting on PostgreSQL with unsafe durability settings (fsync=off …). Never in production. */
  allowUnsafeDurability: boolean;
  /** Largest accepted request body in bytes. */
  bodyLimit: number;
  /** Memory for catalogue search (KASSA_SEARCH_MEMORY_MB, default 256; 0 = search on the database alone). */
  searchMemoryMb?: number;
  /**
   * Proxies whose X-Forwarded-For / X-Forwarded-Proto Kassa believes (KASSA_TRUST_PROXY): addresses
   * or CIDRs (or loopback / uniquelocal), or a number of hops; false = none (the client is the socket's peer).
   */
  trustProxy?: string[] | number | false;
  /** HTTPS: the certificate and key from KASSA_TLS_CERT / KASSA_TLS_KEY (loadTlsConfig); absent or null = plain HTTP. */
  tls?: TlsConfig | null;
}

/** The server's certificate chain and key, read and checked at start-up. */
export interface TlsConfig {
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
  /** The local CA certificate offered at /kassa-ca.crt: KASSA_TLS_CA, or kassa-ca.crt beside the certificate when it exists. */
  caFile: string | null;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_SQLITE_FILE = './data/kassa.db';

/**
 * Parses `KASSA_DATABASE_URL`: a file path or `sqlite:` URL selects SQLite,
 * `postgres://` / `postgresql://` selects PostgreSQL; anything else is refused.
 */
export function parseDatabaseUrl(url: string | undefined): DatabaseConfig {
  const value = (url ?? '').trim();
  if (value === '') return { kind: 'sqlite', filename: path.resolve(DEFAULT_SQLITE_FILE) };
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', connectionString: value };
  if (/^sqlite:/i.test(value)) {
    const rest = value.replace(/^sqlite:(\/\/)?/i, '');
    if (rest === '') throw new ConfigError('KASSA_DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/kassa.db');
    return { kind: 'sqlite', filename: rest === ':memory:' ? rest : path.resolve(rest) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new ConfigError(
      `KASSA_DATABASE_URL "${value.split('://')[0]}://…" is not supported: use a file path or sqlite:FILE for SQLite, or postgres://user@host:5432/db for PostgreSQL.`,
    );
  }
  return { kind: 'sqlite', filename: path.resolve(value) };
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT "${value}" is not a port number: use a whole number from 1 to 65535 (0 picks a free port).`);
  }
  return port;
}

/** Catalogue search's memory by default: about 400,000 products' search data. */
export const DEFAULT_SEARCH_MEMORY_MB = 256;

/** KASSA_SEARCH_MEMORY_MB: megabytes catalogue search may keep in memory (0–65536, default 256). */
function parseSearchMemory(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_SEARCH_MEMORY_MB;
  const mb = Number(value);
  if (!Number.isInteger(mb) || mb < 0 || mb > 65536) {
    throw new ConfigError(
      `KASSA_SEARCH_MEMORY_MB "${value}" is not a size: give megabytes as a whole number from 0 to 65536 (0 searches on the database alone; default ${DEFAULT_SEARCH_MEMORY_MB}).`,
    );
  }
  return mb;
}

const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * KASSA_TRUST_PROXY: behind a reverse proxy, the addresses of the proxy (comma-separated IPs or
 * CIDRs, or loopback / linklocal / uniquelocal), or how many proxy hops to trust. Never "everyone":
 * then any client could forge X-Forwarded-For and pose as another address in the audit log.
 */
export function parseTrustProxy(value: string | undefined): string[] | number | false {
  const text = value?.trim() ?? '';
  if (text === '' || text === '0') return false;
  if (/^[1-9]$/.test(text)) return Number(text);
  const entries = text.split(',').map((e) => e.trim()).filter((e) => e !== '');
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split('/');
    const family = net.isIP(address ?? '');
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (PROXY_RANGES.has(entry) || (family !== 0 && prefixOk && extra === undefined)) continue;
    throw new ConfigError(
      `KASSA_TRUST_PROXY "${entry}" is not an address, a CIDR range (10.0.0.0/8) or loopback/linklocal/uniquelocal: list your reverse proxy's addresses, or give the number of proxy hops (1).`,
    );
  }
  return entries;
}

/**
 * KASSA_DATABASE_POOL_SIZE: how many PostgreSQL connections Kassa keeps open (1–200, default 10).
 * SQLite has one writer and one reader connection whatever it says.
 */
export function withPoolSize(database: DatabaseConfig, value: string | undefined): DatabaseConfig {
  if (value === undefined || value.trim() === '' || database.kind !== 'postgres') return database;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 200) {
    throw new ConfigError(
      `KASSA_DATABASE_POOL_SIZE "${value}" is not a number of connections from 1 to 200: leave it unset for 10, or give for example 20.`,
    );
  }
  return { ...database, poolSize: size };
}

/** Reads the configuration from environment variables (see docs/OPERATIONS.md). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  return {
    database: withPoolSize(parseDatabaseUrl(env.KASSA_DATABASE_URL), env.KASSA_DATABASE_POOL_SIZE),
    host: env.HOST && env.HOST !== '' ? env.HOST : '0.0.0.0',
    port: parsePort(env.PORT),
    logLevel: env.KASSA_LOG_LEVEL ?? 'info',
    demo: env.KASSA_DEMO === '1' || env.KASSA_DEMO === 'true',
    allowUnsafeDurability: env.KASSA_ALLOW_UNSAFE_DURABILITY === '1',
    bodyLimit: 1024 * 1024,
    trustProxy: parseTrustProxy(env.KASSA_TRUST_PROXY),
    searchMemoryMb: parseSearchMemory(env.KASSA_SEARCH_MEMORY_MB),
    ...overrides,
  };
}

function readTlsFile(variable: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'does not exist'
      : code === 'EACCES' || code === 'EPERM' ? 'cannot be read by this user (check its owner and mode)'
      : code === 'EISDIR' ? 'is a directory, not a file'
      : `cannot be read (${code ?? String(error)})`;
    throw new ConfigError(`${variable} "${file}" ${why}. Make a certificate with "kassa tls init", or unset ${variable} for plain HTTP.`);
  }
}

/**
 * Reads KASSA_TLS_CERT and KASSA_TLS_KEY (PEM files; the certificate file may hold the chain).
 * Both or neither: one alone, a missing or unreadable file, something that is not a certificate or
 * key, or a key that does not belong to the certificate stops the start with a ConfigError that
 * names the variable and the file. Only `kassa start` calls this: other commands never need TLS.
 */
export function loadTlsConfig(env: NodeJS.ProcessEnv = process.env): TlsConfig | null {
  const certFile = env.KASSA_TLS_CERT?.trim() ?? '';
  const keyFile = env.KASSA_TLS_KEY?.trim() ?? '';
  if (certFile === '' && keyFile === '') return null;
  if (certFile === '' || keyFile === '')
    throw new ConfigError(
      `${certFile === '' ? 'KASSA_TLS_KEY' : 'KASSA_TLS_CERT'} is set but ${certFile === '' ? 'KASSA_TLS_CERT' : 'KASSA_TLS_KEY'} is not: HTTPS needs both the certificate and its key.`,
    );
  const certPath = path.resolve(certFile);
  const keyPath = path.resolve(keyFile);
  const cert = readTlsFile('KASSA_TLS_CERT', certPath);
  const key = readTlsFile('KASSA_TLS_KEY', keyPath);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new ConfigError(`KASSA_TLS_CERT "${certPath}" is not a PEM certificate (it should start with -----BEGIN CERTIFICATE-----).`);
  }
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new ConfigError(`KASSA_TLS_KEY "${keyPath}" is not a PEM private key (or it is encrypted: Kassa needs it without a passphrase).`);
  }
  if (!x509.checkPrivateKey(privateKey))
    throw new ConfigError(`KASSA_TLS_KEY "${keyPath}" is not the key of the certificate in KASSA_TLS_CERT "${certPath}": use the pair made together.`);
  if (Date.parse(x509.validTo) < Date.now())
    throw new ConfigError(`KASSA_TLS_CERT "${certPath}" expired on ${x509.validTo}: run "kassa tls init" again for a new one.`);
  const explicitCa = env.KASSA_TLS_CA?.trim() ?? '';
  const besideCert = path.join(path.dirname(certPath), 'kassa-ca.crt');
  const caFile = explicitCa !== '' ? path.resolve(explicitCa) : fs.existsSync(besideCert) ? besideCert : null;
  if (caFile) readTlsFile('KASSA_TLS_CA', caFile);
  return { certFile: certPath, keyFile: keyPath, cert, key, caFile };
}
