import { Worker } from 'node:worker_threads';

export interface Checkpointer {
  /** Stops the thread after a last checkpoint. */
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  /** How often the WAL is copied into the database file. */
  intervalMs?: number;
  onError?: (message: string) => void;
}

/**
 * WAL checkpoints off the event loop. SQLite copies the WAL into the database file (and fsyncs
 * it) in the connection that commits once the WAL passes 1,000 pages: on the server that is the
 * event loop, which then serves nothing for milliseconds, several times a second under load
 * (latency p99). The server's writer runs with wal_autocheckpoint=0 and this thread, with its
 * own connection, checkpoints passively every `intervalMs`. Durability is unchanged: a commit is
 * durable once its WAL frames are synced, whoever checkpoints them later.
 */
export function startCheckpointer(filename: string, options: CheckpointerOptions = {}): Checkpointer {
  const worker = new Worker(new URL('./sqlite-checkpoint-worker.mjs', import.meta.url), {
    workerData: {
      filename,
      intervalMs: options.intervalMs ?? 200,
    },
  });
  worker.on('message', (message: { kind: string; message?: string }) => {
    if (message.kind === 'error') options.onError?.(message.message ?? '');
  });
  worker.on('error', (error) => options.onError?.(error.message));
  // The thread never keeps the process alive on its own.
  worker.unref();
  return {
    async stop() {
      if (worker.threadId === -1) return;
      const stopped = new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (message: { kind: string }) => {
          if (message.kind === 'stopped') void worker.terminate();
        });
      });
      worker.postMessage('stop');
      await stopped;
    },
  };
}
