import net from 'node:net';

/** A raw TCP receipt printer (JetDirect port 9100) that keeps the bytes of every connection. */
export interface CapturingPrinter {
  port: number;
  jobs: Buffer[];
  stop(): Promise<void>;
}

export async function startCapturingPrinter(): Promise<CapturingPrinter> {
  const jobs: Buffer[] = [];
  const server = net.createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => {
      jobs.push(Buffer.concat(chunks));
      socket.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    jobs,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The printable text of an ESC/POS stream (commands and codepage bytes shown as dots). */
export const printable = (bytes: Buffer): string => bytes.toString('latin1').replace(/[^\x20-\x7e\n]/g, '.');
