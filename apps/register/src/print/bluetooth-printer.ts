import { chunksOf, PrinterTransportError, type PrinterConnection } from './transport.ts';

// The parts of Web Bluetooth (https://webbluetoothcg.github.io/web-bluetooth/) Kassa uses.
export interface BluetoothCharacteristicLike {
  uuid: string;
  properties: { write: boolean; writeWithoutResponse: boolean };
  writeValueWithResponse(value: Uint8Array): Promise<void>;
  writeValueWithoutResponse(value: Uint8Array): Promise<void>;
}
export interface BluetoothServiceLike {
  uuid: string;
  getCharacteristics(): Promise<BluetoothCharacteristicLike[]>;
}
export interface BluetoothServerLike {
  connected: boolean;
  getPrimaryService(uuid: string): Promise<BluetoothServiceLike>;
  disconnect(): void;
}
export interface BluetoothDeviceLike {
  id: string;
  name?: string | null;
  gatt?: { connected: boolean; connect(): Promise<BluetoothServerLike> } | null;
}
export interface BluetoothLike {
  requestDevice(options: {
    acceptAllDevices: true;
    optionalServices: string[];
  }): Promise<BluetoothDeviceLike>;
  /** Only where the browser remembers permissions across page loads (Chrome's newer permission backend). */
  getDevices?(): Promise<BluetoothDeviceLike[]>;
}

/**
 * The GATT services Bluetooth LE receipt printers write through: the common "18F0" service of
 * most 58/80 mm printers, the one many portable printers use (e7810a71…), and the ISSC/Microchip
 * transparent UART (49535343…). Printers seldom advertise them, so the chooser lists every device.
 */
export const BLUETOOTH_PRINTER_SERVICES = [
  '000018f0-0000-1000-8000-00805f9b34fb',
  'e7810a71-73ae-499d-8c15-faa9aef0c3f2',
  '49535343-fe7d-4ae5-8fa9-9fafd205e455',
];

/** A GATT write carries at most 512 bytes (the attribute value limit). */
export const BLUETOOTH_CHUNK_BYTES = 512;

/** The first characteristic of the printer services that can be written, preferring write without response (faster). */
export async function findWritableCharacteristic(
  server: BluetoothServerLike,
): Promise<BluetoothCharacteristicLike | null> {
  let withResponse: BluetoothCharacteristicLike | null = null;
  for (const uuid of BLUETOOTH_PRINTER_SERVICES) {
    let service: BluetoothServiceLike;
    try {
      service = await server.getPrimaryService(uuid);
    } catch {
      continue; // This printer does not have this service.
    }
    for (const characteristic of await service.getCharacteristics()) {
      if (characteristic.properties.writeWithoutResponse) return characteristic;
      if (characteristic.properties.write) withResponse ??= characteristic;
    }
  }
  return withResponse;
}

/** Connects over GATT and writes the receipt in chunks of at most 512 bytes, one after the other. */
export async function openBluetoothPrinter(
  device: BluetoothDeviceLike,
  chunkBytes = BLUETOOTH_CHUNK_BYTES,
): Promise<PrinterConnection> {
  if (chunkBytes > BLUETOOTH_CHUNK_BYTES)
    throw new RangeError(
      `a Bluetooth write carries at most ${BLUETOOTH_CHUNK_BYTES} bytes, not ${chunkBytes}`,
    );
  if (!device.gatt)
    throw new PrinterTransportError(
      'noEndpoint',
      `${device.name ?? device.id} has no GATT server: pair a Bluetooth LE printer`,
    );
  let server: BluetoothServerLike;
  try {
    server = await device.gatt.connect();
  } catch (error) {
    throw new PrinterTransportError(
      'writeFailed',
      `cannot connect to ${device.name ?? 'the printer'} (${error instanceof Error ? error.message : String(error)}): is it on and in reach?`,
    );
  }
  const characteristic = await findWritableCharacteristic(server);
  if (!characteristic) {
    server.disconnect();
    throw new PrinterTransportError(
      'noEndpoint',
      `${device.name ?? 'this device'} has none of the known printer services: it is not a printer Kassa can write to`,
    );
  }
  const withoutResponse = characteristic.properties.writeWithoutResponse;
  return {
    async write(bytes) {
      try {
        // One at a time: the printer's buffer is small and a write without response has no flow control but this order.
        for (const chunk of chunksOf(bytes, chunkBytes)) {
          if (withoutResponse) await characteristic.writeValueWithoutResponse(chunk);
          else await characteristic.writeValueWithResponse(chunk);
        }
      } catch (error) {
        throw new PrinterTransportError(
          'writeFailed',
          `writing to the Bluetooth printer failed (${error instanceof Error ? error.message : String(error)})`,
        );
      }
    },
    async close() {
      server.disconnect();
    },
  };
}
