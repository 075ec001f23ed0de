import { chunksOf, PrinterTransportError, type PrinterConnection } from './transport.ts';

// The parts of WebUSB (https://wicg.github.io/webusb/) Kassa uses, so tests can hand in objects of the same shape.
export interface UsbEndpointLike {
  endpointNumber: number;
  direction: 'in' | 'out';
  type: 'bulk' | 'interrupt' | 'isochronous';
}
export interface UsbAlternateLike {
  alternateSetting: number;
  interfaceClass: number;
  endpoints: UsbEndpointLike[];
}
export interface UsbInterfaceLike {
  interfaceNumber: number;
  alternates: UsbAlternateLike[];
}
export interface UsbConfigurationLike {
  configurationValue: number;
  interfaces: UsbInterfaceLike[];
}
export interface UsbDeviceLike {
  vendorId: number;
  productId: number;
  serialNumber?: string | null;
  productName?: string | null;
  manufacturerName?: string | null;
  opened: boolean;
  configuration: UsbConfigurationLike | null;
  configurations: UsbConfigurationLike[];
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(value: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  selectAlternateInterface(interfaceNumber: number, alternateSetting: number): Promise<void>;
  transferOut(
    endpointNumber: number,
    data: Uint8Array,
  ): Promise<{ status: 'ok' | 'stall' | 'babble'; bytesWritten: number }>;
  clearHalt(direction: 'in' | 'out', endpointNumber: number): Promise<void>;
}
export interface UsbLike {
  requestDevice(options: {
    filters: Array<{ classCode?: number; vendorId?: number }>;
  }): Promise<UsbDeviceLike>;
  getDevices(): Promise<UsbDeviceLike[]>;
}

/** USB class 7 is "printer". */
const PRINTER_CLASS = 7;

/**
 * The chooser lists printer-class devices, plus receipt printer makers whose printers often
 * announce a vendor-specific class: Epson, Star, Citizen, Bixolon, SNBC, and the chip vendors
 * (STMicro, Winbond, ICS, GigaDevice) most unbranded 58/80 mm printers are built on.
 */
export const USB_PRINTER_FILTERS = [
  { classCode: PRINTER_CLASS },
  ...[0x04b8, 0x0519, 0x1d90, 0x1504, 0x154f, 0x0483, 0x0416, 0x0fe6, 0x28e9].map((vendorId) => ({
    vendorId,
  })),
];

/** A USB printer as remembered on this device (the browser keeps the permission). */
export interface UsbPrinterId {
  vendorId: number;
  productId: number;
  serialNumber: string | null;
}

export const usbPrinterIdOf = (device: UsbDeviceLike): UsbPrinterId => ({
  vendorId: device.vendorId,
  productId: device.productId,
  serialNumber: device.serialNumber ?? null,
});

export function usbPrinterName(device: UsbDeviceLike): string {
  const name = [device.manufacturerName, device.productName].filter(Boolean).join(' ').trim();
  return (
    name ||
    `USB ${device.vendorId.toString(16).padStart(4, '0')}:${device.productId.toString(16).padStart(4, '0')}`
  );
}

/**
 * Where the bytes go: the bulk OUT endpoint of the printer-class interface, else of any interface
 * (vendor-class printers), in the first configuration that has one.
 */
export function findBulkOut(
  device: Pick<UsbDeviceLike, 'configuration' | 'configurations'>,
): {
  configurationValue: number;
  interfaceNumber: number;
  alternateSetting: number;
  endpointNumber: number;
} | null {
  const configurations = [...(device.configuration ? [device.configuration] : []), ...device.configurations];
  for (const wantPrinterClass of [true, false]) {
    for (const configuration of configurations) {
      for (const iface of configuration.interfaces) {
        for (const alternate of iface.alternates) {
          if (wantPrinterClass && alternate.interfaceClass !== PRINTER_CLASS) continue;
          const out = alternate.endpoints.find((e) => e.direction === 'out' && e.type === 'bulk');
          if (out)
            return {
              configurationValue: configuration.configurationValue,
              interfaceNumber: iface.interfaceNumber,
              alternateSetting: alternate.alternateSetting,
              endpointNumber: out.endpointNumber,
            };
        }
      }
    }
  }
  return null;
}

/** Bulk transfers are split so one stalled transfer never holds the whole receipt. */
export const USB_CHUNK_BYTES = 16 * 1024;

/** Opens the device, claims the printer interface and returns a connection writing to its bulk OUT endpoint. */
export async function openUsbPrinter(device: UsbDeviceLike): Promise<PrinterConnection> {
  const target = findBulkOut(device);
  if (!target)
    throw new PrinterTransportError(
      'noEndpoint',
      `${usbPrinterName(device)} has no bulk OUT endpoint: it is not a printer Kassa can write to`,
    );
  if (!device.opened) await device.open();
  if (device.configuration?.configurationValue !== target.configurationValue)
    await device.selectConfiguration(target.configurationValue);
  try {
    await device.claimInterface(target.interfaceNumber);
  } catch (error) {
    // Claimed by another tab of this browser, or by the operating system's printer driver.
    throw new PrinterTransportError(
      'writeFailed',
      `cannot claim the printer's USB interface (${error instanceof Error ? error.message : String(error)}): close other Kassa tabs; on Windows the printer needs the WinUSB driver`,
    );
  }
  if (target.alternateSetting !== 0)
    await device.selectAlternateInterface(target.interfaceNumber, target.alternateSetting);
  return {
    async write(bytes) {
      for (const chunk of chunksOf(bytes, USB_CHUNK_BYTES)) {
        const result = await device.transferOut(target.endpointNumber, chunk);
        if (result.status === 'stall') {
          await device.clearHalt('out', target.endpointNumber).catch(() => undefined);
          throw new PrinterTransportError('writeFailed', 'the printer stalled (out of paper or cover open?)');
        }
        if (result.status !== 'ok' || result.bytesWritten !== chunk.length)
          throw new PrinterTransportError(
            'writeFailed',
            `the printer took ${result.bytesWritten} of ${chunk.length} bytes (${result.status})`,
          );
      }
    },
    async close() {
      await device.close();
    },
  };
}

/** The remembered printer among the devices this origin may use (no chooser, no user gesture needed). */
export async function findGrantedUsbPrinter(usb: UsbLike, id: UsbPrinterId): Promise<UsbDeviceLike | null> {
  const devices = await usb.getDevices();
  return (
    devices.find(
      (d) =>
        d.vendorId === id.vendorId &&
        d.productId === id.productId &&
        (id.serialNumber === null || (d.serialNumber ?? null) === id.serialNumber),
    ) ?? null
  );
}
