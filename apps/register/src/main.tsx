import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { App } from './app/App.tsx';
import { offerUpdate } from './app/app-update.ts';
import { RegisterProvider } from './app/register-context.tsx';
import { openRegisterDatabase } from './db/database.ts';
import { setupI18n, type Language } from './i18n/index.ts';
import './styles.css';

const db = openRegisterDatabase();

async function boot() {
  const language = ((await db.meta.get('language'))?.value as Language | undefined) ?? 'nl';
  await setupI18n(language);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <RegisterProvider db={db}>
        <App />
      </RegisterProvider>
    </StrictMode>,
  );
  // The service worker caches the app shell so the register starts with no network.
  // A new version waits while sales are waiting to be sent (DOMAIN.md, Durability); the status bar
  // offers it meanwhile, and installing it before then needs a manager (app/waiting-guard.ts).
  if ('serviceWorker' in navigator) {
    const update = registerSW({
      onNeedRefresh() {
        offerUpdate(() => update(true));
        const tryUpdate = async () => {
          if ((await db.outbox.count()) === 0) void update(true);
          else setTimeout(() => void tryUpdate(), 30_000);
        };
        void tryUpdate();
      },
    });
  }
}

void boot();
