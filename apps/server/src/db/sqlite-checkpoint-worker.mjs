// The SQLite checkpointer's thread (see sqlite-checkpointer.ts). Plain JavaScript: a worker
// thread starts without the TypeScript loader of the process that spawned it in every setting.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { filename, intervalMs } = workerData;
const db = new Database(filename, { fileMustExist: true });
// The checkpoint syncs the database file before the WAL may be reused (synchronous=FULL, as the
// writer): a power cut mid-checkpoint loses nothing, the WAL still holds every committed page.
db.pragma('synchronous = FULL');

let stopping = false;

function checkpoint() {
  // PASSIVE copies what it can without waiting for, or ever blocking, the writer or a reader. The
  // stronger modes take the write lock and wait for readers: the writer would wait behind them.
  // The writer starts the WAL over once everything is copied (and trims the file: journal_size_limit).
  db.pragma('wal_checkpoint(PASSIVE)');
}

const timer = setInterval(() => {
  if (stopping) return;
  try {
    checkpoint();
  } catch (error) {
    // SQLITE_BUSY and friends: the next round tries again.
    parentPort?.postMessage({ kind: 'error', message: String(error?.message ?? error) });
  }
}, intervalMs);

parentPort?.on('message', (message) => {
  if (message !== 'stop') return;
  stopping = true;
  clearInterval(timer);
  try {
    checkpoint();
  } catch {
    // The last connection's close checkpoints anyway.
  }
  db.close();
  parentPort?.postMessage({ kind: 'stopped' });
});
