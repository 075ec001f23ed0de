import net from 'node:net';

/** Why a print did not complete; `written` tells whether every byte reached the printer's socket. */
export class PrinterError extends Error {
  constructor(message: string, readonly written: boolean) {
    super(message);
    this.name = 'PrinterError';
  }
}

/**
 * Sends bytes to a raw TCP printer (port 9100, "JetDirect"). Resolves only after every byte was
 * handed to the kernel, our side was ended (FIN) and the socket closed without error: that is as
 * close to "printed" as a printer that never answers allows. Connection refused or a timeout before
 * the last byte rejects with written=false (nothing or only part reached the printer).
 */
export function sendToPrinter(host: string, port: number, bytes: Uint8Array, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    let allWritten = false;
    let settled = false;
    const socket = net.connect({ host, port });
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error instanceof PrinterError ? error : new PrinterError(error.message, allWritten));
      else resolve();
    };
    const onAbort = () => finish(new PrinterError('printing was cancelled', allWritten));
    options.signal?.addEventListener('abort', onAbort);
    socket.setTimeout(options.timeoutMs ?? 10_000, () => finish(new PrinterError(`printer ${host}:${port} did not respond in time`, allWritten)));
    socket.on('error', (error) => finish(new PrinterError(`printer ${host}:${port}: ${error.message}`, allWritten)));
    socket.on('connect', () => {
      // end() writes everything, then sends FIN; its callback runs once the data is flushed.
      socket.end(bytes, () => {
        allWritten = true;
      });
    });
    socket.on('close', (hadError) => {
      if (hadError || !allWritten) finish(new PrinterError(`printer ${host}:${port} closed the connection before the receipt was sent`, allWritten));
      else finish();
    });
  });
}
