import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDatabaseUrl } from '../src/config.ts';

describe('parseDatabaseUrl', () => {
  it('defaults to ./data/kassa.db when KASSA_DATABASE_URL is unset', () => {
    expect(parseDatabaseUrl(undefined)).toEqual({ kind: 'sqlite', filename: path.resolve('data/kassa.db') });
  });

  it('reads sqlite: URLs and plain file paths as SQLite', () => {
    expect(parseDatabaseUrl('sqlite:./shop.db')).toEqual({
      kind: 'sqlite',
      filename: path.resolve('shop.db'),
    });
    expect(parseDatabaseUrl('sqlite:///tmp/shop.db')).toEqual({ kind: 'sqlite', filename: '/tmp/shop.db' });
    expect(parseDatabaseUrl('/var/lib/kassa/kassa.db')).toEqual({
      kind: 'sqlite',
      filename: '/var/lib/kassa/kassa.db',
    });
  });

  it('reads postgres:// and postgresql:// as PostgreSQL', () => {
    expect(parseDatabaseUrl('postgres://kassa@db:5432/kassa')).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://kassa@db:5432/kassa',
    });
    expect(parseDatabaseUrl('postgresql://db/kassa').kind).toBe('postgres');
  });

  it('refuses mysql:// with a message that names the supported forms', () => {
    expect(() => parseDatabaseUrl('mysql://root@localhost/kassa')).toThrow(ConfigError);
    expect(() => parseDatabaseUrl('mysql://root@localhost/kassa')).toThrow(
      /"mysql:\/\/…" is not supported.*sqlite:FILE.*postgres:\/\//,
    );
  });

  it('refuses an empty sqlite: URL', () => {
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(/needs a file path/);
  });
});

describe('loadConfig', () => {
  it('uses 0.0.0.0:3000 and log level info by default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 3000,
      logLevel: 'info',
      demo: false,
      allowUnsafeDurability: false,
    });
  });

  it('reads HOST, PORT, KASSA_LOG_LEVEL and the unsafe-durability override', () => {
    const config = loadConfig({
      HOST: '127.0.0.1',
      PORT: '8080',
      KASSA_LOG_LEVEL: 'debug',
      KASSA_ALLOW_UNSAFE_DURABILITY: '1',
    });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      logLevel: 'debug',
      allowUnsafeDurability: true,
    });
  });

  it('refuses a PORT that is not a port number', () => {
    expect(() => loadConfig({ PORT: 'http' })).toThrow(/PORT "http" is not a port number/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(ConfigError);
  });

  it('reads KASSA_DATABASE_POOL_SIZE for PostgreSQL and refuses what is not a number of connections', () => {
    const url = 'postgres://kassa@db:5432/kassa';
    expect(loadConfig({ KASSA_DATABASE_URL: url }).database).toEqual({ kind: 'postgres', connectionString: url });
    expect(loadConfig({ KASSA_DATABASE_URL: url, KASSA_DATABASE_POOL_SIZE: '4' }).database).toEqual({
      kind: 'postgres',
      connectionString: url,
      poolSize: 4,
    });
    for (const bad of ['0', 'many', '2.5', '500']) {
      expect(() => loadConfig({ KASSA_DATABASE_URL: url, KASSA_DATABASE_POOL_SIZE: bad })).toThrow(
        new RegExp(`KASSA_DATABASE_POOL_SIZE "${bad.replace('.', '\\.')}" is not a number of connections`),
      );
    }
  });

  it('reads KASSA_SEARCH_MEMORY_MB (0 turns search from memory off) and refuses what is not a size', () => {
    expect(loadConfig({}).searchMemoryMb).toBe(256);
    expect(loadConfig({ KASSA_SEARCH_MEMORY_MB: '0' }).searchMemoryMb).toBe(0);
    expect(loadConfig({ KASSA_SEARCH_MEMORY_MB: '1024' }).searchMemoryMb).toBe(1024);
    for (const bad of ['-1', 'lots', '1.5', '99999']) {
      expect(() => loadConfig({ KASSA_SEARCH_MEMORY_MB: bad })).toThrow(
        new RegExp(`KASSA_SEARCH_MEMORY_MB "${bad.replace('.', '\\.')}" is not a size`),
      );
    }
  });
});
