import type { ApiClient } from './api.ts';

export type WriterState = 'pending' | 'writer' | 'readOnlyTab' | 'readOnlyElsewhere';

interface LockOptions {
  registerId: string;
  holderId: string;
  api: ApiClient;
  getToken: () => Promise<string | null>;
  onChange: (state: WriterState) => void;
  renewMs?: number;
}

/**
 * One writer per register (DOMAIN.md, Durability). Locally a Web Lock held for the life of the tab
 * makes a second tab read-only at once, even offline; the server lease does the same across
 * devices. A tab that loses either stops selling; the lock is released when the tab closes, so
 * the next tab takes over without a person doing anything.
 */
export class RegisterLock {
  private state: WriterState = 'pending';
  private hasLocalLock = false;
  private serverRefused = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private releaseLocal: (() => void) | null = null;
  private channel: BroadcastChannel | null = null;
  // pagehide gives no time for async work: the release uses the token of the last renewal.
  private lastToken: string | null = null;

  constructor(private readonly options: LockOptions) {}

  async start(): Promise<void> {
    const name = `kassa-register-${this.options.registerId}`;
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : null;
    this.channel?.addEventListener('message', (event: MessageEvent) => {
      // Another tab took the register (its lock came free): recheck ours.
      if ((event.data as { type?: string }).type === 'writer') void this.renewServerLease();
    });
    if (!navigator.locks) {
      this.hasLocalLock = true;
    } else {
      await new Promise<void>((resolved) => {
        void navigator.locks.request(name, { ifAvailable: true }, async (lock) => {
          this.hasLocalLock = lock !== null;
          resolved();
          if (!lock) return;
          await new Promise<void>((release) => (this.releaseLocal = release));
        });
      });
      // Read-only tabs queue for the lock: when the writer tab closes, this one takes over.
      if (!this.hasLocalLock) void this.waitForLock(name);
    }
    await this.renewServerLease();
    this.timer = setInterval(() => void this.renewServerLease(), this.options.renewMs ?? 40_000);
    addEventListener('pagehide', this.release);
  }

  private async waitForLock(name: string): Promise<void> {
    await navigator.locks.request(name, async () => {
      this.hasLocalLock = true;
      await this.renewServerLease();
      this.channel?.postMessage({ type: 'writer' });
      await new Promise<void>((release) => (this.releaseLocal = release));
    });
  }

  /** Takes or renews the server lease; offline, the local lock alone decides (the server checks again later). */
  async renewServerLease(): Promise<void> {
    if (this.hasLocalLock) {
      const token = await this.options.getToken();
      this.lastToken = token;
      if (token) {
        const answer = await this.options.api.call('POST', `/api/v1/registers/${this.options.registerId}/lease`, { body: { holderId: this.options.holderId, ttlSeconds: 120 }, token });
        if (answer.ok) this.serverRefused = false;
        else if (answer.error.status === 409) this.serverRefused = true;
      }
    }
    this.update();
  }

  private update(): void {
    const next: WriterState = !this.hasLocalLock ? 'readOnlyTab' : this.serverRefused ? 'readOnlyElsewhere' : 'writer';
    if (next !== this.state) {
      this.state = next;
      this.options.onChange(next);
    }
  }

  getState(): WriterState {
    return this.state;
  }

  readonly release = (): void => {
    if (this.state === 'writer' && this.lastToken) {
      void this.options.api.call('POST', `/api/v1/registers/${this.options.registerId}/lease/release`, { body: { holderId: this.options.holderId }, token: this.lastToken, keepalive: true });
    }
  };

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.releaseLocal?.();
    this.channel?.close();
    removeEventListener('pagehide', this.release);
  }
}
