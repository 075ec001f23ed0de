// Makes sure the local PostgreSQL answers on 127.0.0.1:5432 before tests and
// benchmarks run; starts the Debian cluster when it is down (fresh CI machines).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

const HOST = '127.0.0.1';
const PORT = 5432;

function portAnswers(timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port: PORT });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** True once the server accepts connections (not just the TCP port: it may still be starting up). */
function acceptsConnections() {
  try {
    execFileSync('pg_isready', ['-h', HOST, '-p', String(PORT)], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // Without the client tools installed, an answering port is the best signal we have.
    return error.code === 'ENOENT';
  }
}

function startCluster() {
  const versions = fs.existsSync('/etc/postgresql') ? fs.readdirSync('/etc/postgresql') : [];
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL is not running on 127.0.0.1:5432 and no cluster exists in /etc/postgresql. ' +
        'Install it (apt-get install postgresql) or point KASSA_TEST_PG_URL at a running server.',
    );
  }
  const version = versions.sort().at(-1);
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
    stdio: 'inherit',
  });
}

/** Resolves when PostgreSQL accepts connections; throws with what to do otherwise. */
export async function ensurePostgres({ log = console.log } = {}) {
  if (process.env.KASSA_TEST_PG_URL) return;
  if ((await portAnswers()) && acceptsConnections()) return;
  log('PostgreSQL is not answering on 127.0.0.1:5432: starting the local cluster…');
  try {
    startCluster();
  } catch (error) {
    throw new Error(`Could not start PostgreSQL: ${error.message}`, { cause: error });
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await portAnswers()) && acceptsConnections()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    'PostgreSQL was started but does not accept connections on 127.0.0.1:5432 after 30 s. ' +
      'Check its log in /var/log/postgresql/ and that listen_addresses includes 127.0.0.1.',
  );
}
