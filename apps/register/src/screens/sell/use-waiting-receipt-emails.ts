import { useEffect } from 'react';
import { useRegister } from '../../app/register-context.tsx';
import { sendWaitingReceiptEmails } from '../../sale/receipt-email.ts';

/** Often enough that a waiting e-mail leaves soon after its sale, rarely enough to cost nothing (one meta read). */
const EVERY_MS = 10_000;

/**
 * Receipt e-mails asked for before their sale reached the server, whose receipt screen has been
 * closed (the next sale began, or the page reloaded): sent after each sync that may have carried
 * their sale, and every few seconds while the server is out of reach.
 */
export function useWaitingReceiptEmails(): void {
  const { db, api, session, status } = useRegister();
  // A session signed in offline is no server session yet: the e-mails wait for the real one.
  const token = session && !session.offline ? session.token : null;
  useEffect(() => {
    if (!token) return;
    const send = () => void sendWaitingReceiptEmails(db, api, token);
    send();
    const timer = setInterval(send, EVERY_MS);
    return () => clearInterval(timer);
  }, [db, api, token, status.lastSyncAt]);
}
