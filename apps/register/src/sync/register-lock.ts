import { uuidv7 } from '../lib/uuid.ts';
import type { ApiClient } from './api.ts';

const LEASE_SECONDS = 120;

export type WriterState = 'pending' | 'writer' | 'readOnlyTab' | 'readOnlyElsewhere';

interface LockOptions {
  registerId: string;
  holderId: string;
  api: ApiClient;
  getToken: () => Promise<string | null>;
  onChange: (state: WriterState) => void;
  renewMs?: number;
  /** How often a device refused by the server (another device sells) asks again: it takes over this soon after the other lets go. */
  retryMs?: number;
  /**
   * Runs when the server gives this device the register anew (first time, after a refusal, or after
   * its lease may have run out while offline), before it sells: another device may have sold meanwhile.
   */
  onTakeOver?: (token: string) => Promise<void>;
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
  // Until when the server's lease surely is this device's (from the last grant's request, local
  // clock): a grant after that may follow another device's turn on the register.
  private leaseSureUntil = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  // Without Web Locks (older Safari, some embedded browsers): the tabs of this register that this
  // one heard of, by id, and when each last spoke. See TabRoll below.
  private roll: TabRoll | null = null;
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
    if (navigator.locks) {
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
    } else if (this.channel) {
      this.roll = new TabRoll(this.channel, (oldest) => {
        if (oldest === this.hasLocalLock) return;
        this.hasLocalLock = oldest;
        void this.renewServerLease();
      });
      this.hasLocalLock = await this.roll.start();
    } else {
      // Neither Web Locks nor BroadcastChannel: this tab cannot see others; the server lease still
      // keeps other devices out.
      this.hasLocalLock = true;
    }
    await this.renewServerLease();
    this.scheduleRenewal();
    addEventListener('pagehide', this.release);
  }

  /** The writer renews well before the lease (120 s) runs out; a device the server refused asks more often, to take over soon after the other device lets go. */
  private scheduleRenewal(): void {
    if (this.stopped) return;
    const delay = this.state === 'readOnlyElsewhere' ? (this.options.retryMs ?? 10_000) : (this.options.renewMs ?? 40_000);
    this.timer = setTimeout(() => void this.renewServerLease().finally(() => this.scheduleRenewal()), delay);
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
        const askedAt = Date.now();
        const answer = await this.options.api.call('POST', `/api/v1/registers/${this.options.registerId}/lease`, { body: { holderId: this.options.holderId, ttlSeconds: LEASE_SECONDS }, token });
        if (answer.ok) {
          if (Date.now() > this.leaseSureUntil) await this.options.onTakeOver?.(token).catch(() => undefined);
          this.leaseSureUntil = askedAt + LEASE_SECONDS * 1000;
          this.serverRefused = false;
        } else if (answer.error.status === 409) {
          this.leaseSureUntil = 0;
          this.serverRefused = true;
        }
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
    this.roll?.leave();
    if (this.state === 'writer' && this.lastToken) {
      void this.options.api.call('POST', `/api/v1/registers/${this.options.registerId}/lease/release`, { body: { holderId: this.options.holderId }, token: this.lastToken, keepalive: true });
    }
  };

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.roll?.leave();
    this.releaseLocal?.();
    this.channel?.close();
    removeEventListener('pagehide', this.release);
  }
}

type RollMessage = { type: 'hello' | 'here'; tab: string; since: number } | { type: 'bye'; tab: string };

/**
 * One writer among the tabs of a register where Web Locks are missing, over a BroadcastChannel:
 * - a tab starts by saying `hello` (its id and when its page started); every tab that hears it
 *   answers `here`, and each tab says `here` again every few seconds while it lives;
 * - the OLDEST tab still heard of is the writer (ties by id): a new tab that hears an older one
 *   answer is read-only, the older one keeps selling;
 * - a closing tab says `bye` (pagehide), so the next oldest takes over at once; a tab that died
 *   without a word is forgotten when it has not spoken for FORGET_MS.
 * A newly opened tab waits ANSWER_MS for answers before it sells. Unlike a Web Lock this is not
 * atomic; two tabs opened in the same instant both hear each other and settle on the older one.
 */
class TabRoll {
  private static readonly ANSWER_MS = 400;
  private static readonly HERE_MS = 5_000;
  // Longer than a minute: Chrome runs a hidden tab's timers only once a minute after a while.
  private static readonly FORGET_MS = 75_000;
  // Not crypto.randomUUID: Web Locks are missing mostly on plain-HTTP pages, where that is too.
  private readonly tab = uuidv7();
  private readonly since = performance.timeOrigin;
  private readonly others = new Map<string, { since: number; heardAt: number }>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private started = false;

  constructor(
    private readonly channel: BroadcastChannel,
    private readonly onChange: (oldest: boolean) => void,
  ) {}

  /** Announces this tab; resolves with whether it is the oldest once the others had time to answer. */
  async start(): Promise<boolean> {
    this.channel.addEventListener('message', this.heard);
    this.say('hello');
    await new Promise((resolve) => setTimeout(resolve, TabRoll.ANSWER_MS));
    this.timer = setInterval(() => {
      this.say('here');
      this.recheck();
    }, TabRoll.HERE_MS);
    this.started = true;
    return this.isOldest();
  }

  leave(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.channel.removeEventListener('message', this.heard);
    try {
      this.channel.postMessage({ type: 'bye', tab: this.tab } satisfies RollMessage);
    } catch {
      // The channel is already closed: the others forget this tab after FORGET_MS.
    }
  }

  private readonly heard = (event: MessageEvent): void => {
    const message = event.data as RollMessage | { type?: string };
    if (!('tab' in message) || message.tab === this.tab) return;
    if (message.type === 'bye') this.others.delete(message.tab);
    else if (message.type === 'hello' || message.type === 'here') {
      this.others.set(message.tab, { since: message.since, heardAt: Date.now() });
      if (message.type === 'hello') this.say('here');
    } else return;
    this.recheck();
  };

  private say(type: 'hello' | 'here'): void {
    this.channel.postMessage({ type, tab: this.tab, since: this.since } satisfies RollMessage);
  }

  private isOldest(): boolean {
    const now = Date.now();
    for (const [tab, other] of this.others) {
      if (now - other.heardAt > TabRoll.FORGET_MS) this.others.delete(tab);
      else if (other.since < this.since || (other.since === this.since && tab < this.tab)) return false;
    }
    return true;
  }

  private recheck(): void {
    if (this.started) this.onChange(this.isOldest());
  }
}
