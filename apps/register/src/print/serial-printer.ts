import { PrinterTransportError, type PrinterConnection } from './transport.ts';

// The parts of Web Serial (https://wicg.github.io/serial/) Kassa uses.
export interface SerialWriterLike {
  write(chunk: Uint8Array): Promise<void>;
  releaseLock(): void;
}
export interface SerialPortLike {
  readonly writable: { getWriter(): SerialWriterLike } | null;
  open(options: { baudRate: number }): Promise<void>;
  close(): Promise<void>;
  getInfo(): { usbVendorId?: number; usbProductId?: number };
}
export interface SerialLike {
  requestPort(options?: { filters?: Array<{ usbVendorId?: number }> }): Promise<SerialPortLike>;
  getPorts(): Promise<SerialPortLike[]>;
}

/** Most serial receipt printers ship at 9600 or 19200 baud (USB-serial ones ignore it). */
export const SERIAL_BAUD_RATES = [9600, 19200, 38400, 57600, 115200] as const;

export interface SerialPrinterId {
  baudRate: number;
  usbVendorId: number | null;
  usbProductId: number | null;
}

export function serialPrinterIdOf(port: SerialPortLike, baudRate: number): SerialPrinterId {
  const info = port.getInfo();
  return { baudRate, usbVendorId: info.usbVendorId ?? null, usbProductId: info.usbProductId ?? null };
}

/** Opens the port (unless it is open) at the printer's baud rate and writes through one writer per receipt. */
export async function openSerialPrinter(port: SerialPortLike, baudRate: number): Promise<PrinterConnection> {
  if (!SERIAL_BAUD_RATES.includes(baudRate as (typeof SERIAL_BAUD_RATES)[number]))
    throw new RangeError(`baud rate ${baudRate} is not one of ${SERIAL_BAUD_RATES.join(', ')}`);
  if (!port.writable) {
    try {
      await port.open({ baudRate });
    } catch (error) {
      throw new PrinterTransportError(
        'writeFailed',
        `cannot open the serial port (${error instanceof Error ? error.message : String(error)}): is another program or tab using it?`,
      );
    }
  }
  return {
    async write(bytes) {
      if (!port.writable)
        throw new PrinterTransportError('writeFailed', 'the serial port closed (printer unplugged?)');
      const writer = port.writable.getWriter();
      try {
        await writer.write(bytes);
      } catch (error) {
        throw new PrinterTransportError(
          'writeFailed',
          `writing to the serial port failed (${error instanceof Error ? error.message : String(error)})`,
        );
      } finally {
        writer.releaseLock();
      }
    },
    async close() {
      await port.close();
    },
  };
}

/** The remembered port among those this origin may use: the same USB ids, else the only one there is. */
export async function findGrantedSerialPort(
  serial: SerialLike,
  id: SerialPrinterId,
): Promise<SerialPortLike | null> {
  const ports = await serial.getPorts();
  const same = ports.filter((p) => {
    const info = p.getInfo();
    return (info.usbVendorId ?? null) === id.usbVendorId && (info.usbProductId ?? null) === id.usbProductId;
  });
  return same[0] ?? (ports.length === 1 ? ports[0]! : null);
}
