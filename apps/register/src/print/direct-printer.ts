import {
  BLUETOOTH_PRINTER_SERVICES,
  openBluetoothPrinter,
  type BluetoothDeviceLike,
  type BluetoothLike,
} from './bluetooth-printer.ts';
import type { DirectPrinter } from './printer-settings.ts';
import {
  findGrantedSerialPort,
  openSerialPrinter,
  serialPrinterIdOf,
  type SerialLike,
  type SerialPortLike,
} from './serial-printer.ts';
import { PrinterTransportError, type PrinterConnection, type PrinterKind } from './transport.ts';
import {
  findGrantedUsbPrinter,
  openUsbPrinter,
  USB_PRINTER_FILTERS,
  usbPrinterIdOf,
  usbPrinterName,
  type UsbDeviceLike,
  type UsbLike,
} from './usb-printer.ts';

/** The browser APIs, typed by the transports; each is absent where the browser lacks it. */
export interface PrinterNavigator {
  usb?: UsbLike;
  serial?: SerialLike;
  bluetooth?: BluetoothLike;
}

const browserApis = () => navigator as unknown as PrinterNavigator;

/**
 * Devices chosen in this page's life. A Bluetooth device can be found again after a reload only
 * where the browser has `bluetooth.getDevices()`; elsewhere the cashier picks it once per page load.
 */
const chosen = new Map<string, UsbDeviceLike | SerialPortLike | BluetoothDeviceLike>();
/** One open connection at a time, reused: opening a USB interface or serial port twice fails. */
let openConnection: { key: string; connection: PrinterConnection } | null = null;

function need<K extends keyof PrinterNavigator>(
  apis: PrinterNavigator,
  kind: K,
): NonNullable<PrinterNavigator[K]> {
  const api = apis[kind];
  if (!api)
    throw new PrinterTransportError(
      'notSupported',
      `this browser has no ${kind === 'usb' ? 'WebUSB' : kind === 'serial' ? 'Web Serial' : 'Web Bluetooth'}`,
    );
  return api as NonNullable<PrinterNavigator[K]>;
}

const keyOf = (printer: DirectPrinter) =>
  JSON.stringify(
    printer.kind === 'usb' ? printer.usb : printer.kind === 'serial' ? printer.serial : printer.bluetooth,
  );

/**
 * Opens the browser's chooser (call it from a click: browsers allow it only on a user gesture)
 * and returns the printer to remember, with the defaults of a new printer.
 */
export async function pairPrinter(
  kind: PrinterKind,
  options: { baudRate?: number } = {},
  apis: PrinterNavigator = browserApis(),
): Promise<DirectPrinter> {
  const base = { width: 80 as const, openDrawer: true };
  let printer: DirectPrinter;
  let device: UsbDeviceLike | SerialPortLike | BluetoothDeviceLike;
  if (kind === 'usb') {
    const usb = await need(apis, 'usb').requestDevice({ filters: USB_PRINTER_FILTERS });
    device = usb;
    printer = { ...base, kind, name: usbPrinterName(usb), usb: usbPrinterIdOf(usb) };
  } else if (kind === 'serial') {
    const port = await need(apis, 'serial').requestPort();
    device = port;
    const id = serialPrinterIdOf(port, options.baudRate ?? 9600);
    printer = {
      ...base,
      kind,
      name:
        id.usbVendorId !== null
          ? `Serial ${id.usbVendorId.toString(16).padStart(4, '0')}:${(id.usbProductId ?? 0).toString(16).padStart(4, '0')}`
          : 'Serial',
      serial: id,
    };
  } else {
    const bt = await need(apis, 'bluetooth').requestDevice({
      acceptAllDevices: true,
      optionalServices: BLUETOOTH_PRINTER_SERVICES,
    });
    device = bt;
    printer = { ...base, kind, name: bt.name || 'Bluetooth', bluetooth: { id: bt.id } };
  }
  await forgetConnection();
  chosen.set(keyOf(printer), device);
  return printer;
}

/** The remembered printer's device: chosen in this page's life, or granted to this origin before. */
async function deviceOf(
  printer: DirectPrinter,
  apis: PrinterNavigator,
): Promise<UsbDeviceLike | SerialPortLike | BluetoothDeviceLike> {
  const known = chosen.get(keyOf(printer));
  if (known) return known;
  const found =
    printer.kind === 'usb'
      ? await findGrantedUsbPrinter(need(apis, 'usb'), printer.usb)
      : printer.kind === 'serial'
        ? await findGrantedSerialPort(need(apis, 'serial'), printer.serial)
        : ((await need(apis, 'bluetooth').getDevices?.())?.find((d) => d.id === printer.bluetooth.id) ??
          null);
  if (!found)
    throw new PrinterTransportError(
      'notFound',
      `${printer.name} is not connected, or this browser no longer has the permission: plug it in, or pair it again under Menu → Receipt printer`,
    );
  chosen.set(keyOf(printer), found);
  return found;
}

async function connect(printer: DirectPrinter, apis: PrinterNavigator): Promise<PrinterConnection> {
  const key = keyOf(printer);
  if (openConnection?.key === key) return openConnection.connection;
  await forgetConnection();
  const device = await deviceOf(printer, apis);
  const connection =
    printer.kind === 'usb'
      ? await openUsbPrinter(device as UsbDeviceLike)
      : printer.kind === 'serial'
        ? await openSerialPrinter(device as SerialPortLike, printer.serial.baudRate)
        : await openBluetoothPrinter(device as BluetoothDeviceLike);
  openConnection = { key, connection };
  return connection;
}

/** Sends bytes to the paired printer; after a failure the connection is opened afresh next time (the printer may have been unplugged). */
export async function sendToDirectPrinter(
  printer: DirectPrinter,
  bytes: Uint8Array,
  apis: PrinterNavigator = browserApis(),
): Promise<void> {
  const connection = await connect(printer, apis);
  try {
    await connection.write(bytes);
  } catch (error) {
    await forgetConnection();
    throw error;
  }
}

/** Closes the open connection (another printer was paired, or the last write failed). */
export async function forgetConnection(): Promise<void> {
  const current = openConnection;
  openConnection = null;
  await current?.connection.close().catch(() => undefined);
}

/** Forgets what this page chose (tests; pairing anew). */
export function forgetChosenDevices(): void {
  chosen.clear();
}
