import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { refreshOfflinePins, type OfflineSession } from '../auth/offline-pin.ts';
import { upgradeOfflineSession } from '../auth/session-upgrade.ts';
import { getMeta, setMeta, type RegisterDatabase } from '../db/database.ts';
import { createApiClient, type ApiClient } from '../sync/api.ts';
import { catchUpReceiptCounters } from '../sync/receipt-counter.ts';
import { RegisterLock, type WriterState } from '../sync/register-lock.ts';
import { SyncEngine, type SyncStatus } from '../sync/sync-engine.ts';
import { deviceHolderId } from '../lib/holder-id.ts';
import { DEFAULT_PRICING, type StorePricing } from '../sale/totals.ts';
import { localStore, pricingOf, refreshStore, type LocalStore } from '../sync/store-settings.ts';
import { refreshFavourites } from '../sync/favourites.ts';
import { refreshCustomTenders } from '../sync/custom-tenders.ts';
import { lowStorageLeft, readStorage } from '../sync/storage-status.ts';
import { reloadData, resetDevice, signOut, updateNow, type GuardDeps, type GuardOutcome } from './guarded-actions.ts';
import type { GuardOverride } from './waiting-guard.ts';

export interface DeviceInfo {
  deviceId: string;
  credential: string;
  registerId: string;
  storeId: string;
}

export interface SessionInfo {
  token: string;
  staffId: string;
  name: string;
  /** Signed in with a PIN checked on this device while the server was unreachable (auth/offline-pin.ts): the token is no server session. */
  offline?: boolean;
}

export type Phase = 'loading' | 'enrol' | 'signIn' | 'sell';

export interface RegisterContextValue {
  db: RegisterDatabase;
  api: ApiClient;
  phase: Phase;
  device: DeviceInfo | null;
  session: SessionInfo | null;
  engine: SyncEngine | null;
  status: SyncStatus;
  writer: WriterState;
  persisted: boolean | null;
  /** Bytes left of the browser's quota when they run low (sync/storage-status.ts); null while there is room. */
  storageLeft: number | null;
  pricing: StorePricing;
  enrolled(device: DeviceInfo): Promise<void>;
  signedIn(session: SessionInfo): Promise<void>;
  /** Shows the PIN screen to switch person; the current session keeps syncing until the next sign-in. */
  switchCashier(): void;
  cancelSwitch(): void;
  /** The guarded actions (app/waiting-guard.ts): refused while items wait unless a manager overrides. */
  signOut(override: GuardOverride | null): Promise<GuardOutcome>;
  reloadData(override: GuardOverride | null): Promise<GuardOutcome>;
  /** Always with a manager's approval; the page starts over at enrolment when it worked. */
  resetDevice(approval: GuardOverride): Promise<GuardOutcome>;
  updateNow(override: GuardOverride | null): Promise<GuardOutcome>;
}

const RegisterContext = createContext<RegisterContextValue | null>(null);

export function useRegister(): RegisterContextValue {
  const value = useContext(RegisterContext);
  if (!value) throw new Error('useRegister outside RegisterProvider');
  return value;
}

const OFFLINE_STATUS: SyncStatus = { online: navigator.onLine, pending: 0, rejected: 0, lastSyncAt: null, problem: null };

/** Holds the register's device, session, sync engine and writer lock, and which screen is up. */
export function RegisterProvider({ db, children }: { db: RegisterDatabase; children: ReactNode }) {
  const api = useMemo(() => createApiClient(''), []);
  const [phase, setPhase] = useState<Phase>('loading');
  const [device, setDevice] = useState<DeviceInfo | null>(null);
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [engine, setEngine] = useState<SyncEngine | null>(null);
  const [status, setStatus] = useState<SyncStatus>(OFFLINE_STATUS);
  const [writer, setWriter] = useState<WriterState>('pending');
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [storageLeft, setStorageLeft] = useState<number | null>(null);
  // The store's sale settings as kept on the device; Dutch defaults only until the first answer
  // after enrolment (enrolment is online, and waits for it).
  const [pricing, setPricing] = useState<StorePricing>(DEFAULT_PRICING);
  const applyStore = useCallback((store: LocalStore | null) => {
    if (store) setPricing(pricingOf(store));
  }, []);
  const lockRef = useRef<RegisterLock | null>(null);
  // After an offline sign-in, or with nobody signed in, there is no server session: the device
  // credential delivers the outbox and holds the lease (the server lets an enrolled device do both);
  // the sales name their cashier.
  const getToken = useCallback(async () => {
    const current = await getMeta<SessionInfo>(db, 'session');
    if (current && !current.offline) return current.token;
    return (await getMeta<DeviceInfo>(db, 'device'))?.credential ?? null;
  }, [db]);

  useEffect(() => {
    void (async () => {
      const [d, s] = await Promise.all([getMeta<DeviceInfo>(db, 'device'), getMeta<SessionInfo>(db, 'session')]);
      setDevice(d ?? null);
      setSession(s ?? null);
      setPhase(!d ? 'enrol' : !s ? 'signIn' : 'sell');
      setPersisted((await navigator.storage?.persisted?.()) ?? null);
    })();
  }, [db]);

  useEffect(() => {
    if (!device) return;
    const next = new SyncEngine({ db, api, registerId: device.registerId, storeId: device.storeId, getToken, appVersion: '0.1.0' });
    const off = next.subscribe(setStatus);
    next.start();
    setEngine(next);
    return () => {
      off();
      next.stop();
    };
  }, [db, api, device, getToken]);

  useEffect(() => {
    if (!device || !session || lockRef.current) return;
    let cancelled = false;
    void deviceHolderId(db).then((holderId) => {
      if (cancelled || lockRef.current) return;
      const lock = new RegisterLock({
        registerId: device.registerId,
        holderId,
        api,
        getToken,
        onChange: setWriter,
        onTakeOver: (token) => catchUpReceiptCounters(db, api, token, device.registerId),
      });
      lockRef.current = lock;
      void lock.start();
    });
    return () => {
      cancelled = true;
    };
  }, [db, api, device, session, getToken]);

  useEffect(() => () => lockRef.current?.stop(), []);

  // An offline sign-in becomes a server session as soon as the server answers (card payments,
  // approvals, shifts and returns need one): once, with the PIN kept in memory for that.
  useEffect(() => {
    if (!device || !session?.offline || !status.online) return;
    // Not cancelled by a re-run: once upgraded on the device, the screen must show it too.
    void upgradeOfflineSession(db, api, device.credential, session as OfflineSession).then((result) => {
      if (result.kind !== 'upgraded') return;
      setSession(result.session);
      void lockRef.current?.renewServerLease();
      void engine?.drain();
    });
  }, [db, api, device, session, status.online, status.lastSyncAt, engine]);

  // The store's own tenders need a person's session (sales.read): at each sign-in and every 5 minutes.
  useEffect(() => {
    if (!device || !session || session.offline) return;
    const refresh = () => void refreshCustomTenders(db, api, session.token, device.storeId);
    refresh();
    const timer = setInterval(refresh, 5 * 60_000);
    return () => clearInterval(timer);
  }, [db, api, device, session]);

  // Offline PIN verifiers follow PIN changes and staff leaving the store while the register sells
  // (the PIN screen and each online sign-in refresh them too), and the store's settings follow the
  // back office: every 5 minutes and when the network returns.
  useEffect(() => {
    if (!device) return;
    // The kept copy first (offline start), then the server's answer.
    void localStore(db)
      .then(applyStore)
      .then(() => refreshStore(db, api, device.credential))
      .then(applyStore);
    void refreshFavourites(db, api, device.credential, device.storeId);
    const refresh = () => {
      void refreshOfflinePins(db, api, device.credential);
      void refreshStore(db, api, device.credential).then(applyStore);
      void refreshFavourites(db, api, device.credential, device.storeId);
    };
    const timer = setInterval(refresh, 5 * 60_000);
    globalThis.addEventListener?.('online', refresh);
    return () => {
      clearInterval(timer);
      globalThis.removeEventListener?.('online', refresh);
    };
  }, [db, api, device, applyStore]);

  // Space left in the browser's quota: at start and every 5 minutes (a sale's commit fails when it is full).
  useEffect(() => {
    const check = () => void readStorage().then((s) => setStorageLeft(lowStorageLeft(s)));
    check();
    const timer = setInterval(check, 5 * 60_000);
    return () => clearInterval(timer);
  }, []);

  const guardDeps = (): GuardDeps | null => (device ? { db, api, engine, device, session, getToken } : null);
  const signedOut = () => {
    setSession(null);
    setPhase('signIn');
  };
  // The guarded actions are offered only on an enrolled register; without one there is no server to reach.
  const notEnrolled = async (): Promise<GuardOutcome> => ({ ok: false, reason: 'offline' });

  const value: RegisterContextValue = {
    db,
    api,
    phase,
    device,
    session,
    engine,
    status,
    writer,
    persisted,
    storageLeft,
    pricing,
    async enrolled(d) {
      applyStore(await refreshStore(db, api, d.credential));
      await setMeta(db, 'device', d);
      setDevice(d);
      setPersisted((await navigator.storage?.persisted?.()) ?? null);
      setPhase('signIn');
    },
    async signedIn(s) {
      await setMeta(db, 'session', s);
      setSession(s);
      setPhase('sell');
      void lockRef.current?.renewServerLease();
      void engine?.drain();
    },
    switchCashier: () => setPhase('signIn'),
    cancelSwitch: () => setPhase(session ? 'sell' : 'signIn'),
    async signOut(override) {
      const deps = guardDeps();
      if (!deps) return notEnrolled();
      const outcome = await signOut(deps, override);
      if (outcome.ok) signedOut();
      return outcome;
    },
    async reloadData(override) {
      const deps = guardDeps();
      if (!deps) return notEnrolled();
      return reloadData(deps, override, async () => applyStore(await refreshStore(db, api, deps.device.credential)));
    },
    async resetDevice(approval) {
      const deps = guardDeps();
      if (!deps) return notEnrolled();
      const outcome = await resetDevice(deps, approval, () => {
        lockRef.current?.release();
        lockRef.current?.stop();
        engine?.stop();
      });
      // A fresh start: the enrolment screen on an empty database.
      if (outcome.ok) location.reload();
      return outcome;
    },
    async updateNow(override) {
      const deps = guardDeps();
      return deps ? updateNow(deps, override) : notEnrolled();
    },
  };
  return <RegisterContext.Provider value={value}>{children}</RegisterContext.Provider>;
}
