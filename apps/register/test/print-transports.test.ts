import { describe, expect, it } from 'vitest';
import {
  BLUETOOTH_PRINTER_SERVICES,
  openBluetoothPrinter,
  type BluetoothCharacteristicLike,
  type BluetoothDeviceLike,
  type BluetoothServerLike,
} from '../src/print/bluetooth-printer.ts';
import { forgetChosenDevices, forgetConnection, sendToDirectPrinter } from '../src/print/direct-printer.ts';
import type { DirectPrinter } from '../src/print/printer-settings.ts';
import { openSerialPrinter, type SerialPortLike } from '../src/print/serial-printer.ts';
import { chunksOf, PrinterTransportError, supportedPrinterKinds } from '../src/print/transport.ts';
import {
  findBulkOut,
  openUsbPrinter,
  USB_CHUNK_BYTES,
  type UsbConfigurationLike,
  type UsbDeviceLike,
} from '../src/print/usb-printer.ts';

// The transports against objects shaped like WebUSB, Web Serial and Web Bluetooth: their own logic
// only (which endpoint, how the bytes are split, what a failure becomes). No real printer was
// attached where these tests were written; see docs/RECEIPTS.md.

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 251);

describe('chunksOf', () => {
  it('splits into pieces of at most the size, in order, and refuses a size that is no positive integer', () => {
    const pieces = chunksOf(bytes(1200), 512);
    expect(pieces.map((p) => p.length)).toEqual([512, 512, 176]);
    expect(Buffer.concat(pieces)).toEqual(Buffer.from(bytes(1200)));
    expect(chunksOf(new Uint8Array(0), 512)).toEqual([]);
    expect(() => chunksOf(bytes(3), 0)).toThrow(RangeError);
  });
});

function aUsbDevice(
  configuration: UsbConfigurationLike,
  transfer: (ep: number, data: Uint8Array) => { status: 'ok' | 'stall'; bytesWritten: number } = (_, d) => ({
    status: 'ok',
    bytesWritten: d.length,
  }),
) {
  const calls: string[] = [];
  const device: UsbDeviceLike & { calls: string[] } = {
    calls,
    vendorId: 0x04b8,
    productId: 0x0202,
    serialNumber: 'X1',
    productName: 'TM-T20',
    manufacturerName: 'EPSON',
    opened: false,
    configuration: null,
    configurations: [configuration],
    async open() {
      calls.push('open');
      device.opened = true;
    },
    async close() {
      calls.push('close');
    },
    async selectConfiguration(value) {
      calls.push(`config ${value}`);
      device.configuration = configuration;
    },
    async claimInterface(n) {
      calls.push(`claim ${n}`);
    },
    async selectAlternateInterface(n, alt) {
      calls.push(`alternate ${n}/${alt}`);
    },
    async transferOut(ep, data) {
      calls.push(`out ${ep} ${data.length}`);
      return transfer(ep, data);
    },
    async clearHalt(direction, ep) {
      calls.push(`clearHalt ${direction} ${ep}`);
    },
  };
  return device;
}

const bulk = (endpointNumber: number, direction: 'in' | 'out') => ({
  endpointNumber,
  direction,
  type: 'bulk' as const,
});

describe('USB printer', () => {
  it('writes to the bulk OUT endpoint of the printer-class interface, in chunks', async () => {
    const device = aUsbDevice({
      configurationValue: 1,
      interfaces: [
        {
          interfaceNumber: 0,
          alternates: [{ alternateSetting: 0, interfaceClass: 0xff, endpoints: [bulk(1, 'out')] }],
        },
        {
          interfaceNumber: 1,
          alternates: [
            { alternateSetting: 0, interfaceClass: 7, endpoints: [bulk(2, 'in'), bulk(3, 'out')] },
          ],
        },
      ],
    });
    const printer = await openUsbPrinter(device);
    await printer.write(bytes(USB_CHUNK_BYTES + 10));
    expect(device.calls).toEqual(['open', 'config 1', 'claim 1', `out 3 ${USB_CHUNK_BYTES}`, 'out 3 10']);
  });

  it('falls back to a vendor-class interface, and refuses a device without a bulk OUT endpoint', async () => {
    expect(
      findBulkOut({
        configuration: null,
        configurations: [
          {
            configurationValue: 2,
            interfaces: [
              {
                interfaceNumber: 4,
                alternates: [{ alternateSetting: 1, interfaceClass: 0xff, endpoints: [bulk(5, 'out')] }],
              },
            ],
          },
        ],
      }),
    ).toEqual({ configurationValue: 2, interfaceNumber: 4, alternateSetting: 1, endpointNumber: 5 });
    const keyboard = aUsbDevice({
      configurationValue: 1,
      interfaces: [
        {
          interfaceNumber: 0,
          alternates: [
            {
              alternateSetting: 0,
              interfaceClass: 3,
              endpoints: [{ endpointNumber: 1, direction: 'in', type: 'interrupt' }],
            },
          ],
        },
      ],
    });
    await expect(openUsbPrinter(keyboard)).rejects.toMatchObject({ code: 'noEndpoint' });
    expect(keyboard.calls).toEqual([]);
  });

  it('reports a stall (no paper, cover open) after clearing it, and a short write', async () => {
    const config = {
      configurationValue: 1,
      interfaces: [
        {
          interfaceNumber: 0,
          alternates: [{ alternateSetting: 0, interfaceClass: 7, endpoints: [bulk(1, 'out')] }],
        },
      ],
    };
    const stalled = aUsbDevice(config, () => ({ status: 'stall', bytesWritten: 0 }));
    await expect((await openUsbPrinter(stalled)).write(bytes(10))).rejects.toMatchObject({
      code: 'writeFailed',
      message: expect.stringMatching(/stalled/),
    });
    expect(stalled.calls).toContain('clearHalt out 1');
    const short = aUsbDevice(config, () => ({ status: 'ok', bytesWritten: 4 }));
    await expect((await openUsbPrinter(short)).write(bytes(10))).rejects.toThrow(/took 4 of 10 bytes/);
  });
});

function aSerialPort(fail = false) {
  const log: string[] = [];
  let writable: SerialPortLike['writable'] = null;
  const port: SerialPortLike & { log: string[] } = {
    log,
    get writable() {
      return writable;
    },
    async open({ baudRate }) {
      log.push(`open ${baudRate}`);
      writable = {
        getWriter: () => ({
          async write(chunk) {
            if (fail) throw new Error('device lost');
            log.push(`write ${chunk.length}`);
          },
          releaseLock: () => log.push('release'),
        }),
      };
    },
    async close() {
      log.push('close');
      writable = null;
    },
    getInfo: () => ({ usbVendorId: 0x0416, usbProductId: 0x5011 }),
  };
  return port;
}

describe('serial printer', () => {
  it('opens the port at the baud rate once, writes through a writer and releases it', async () => {
    const port = aSerialPort();
    await (await openSerialPrinter(port, 19200)).write(bytes(700));
    await (await openSerialPrinter(port, 19200)).write(bytes(3));
    expect(port.log).toEqual(['open 19200', 'write 700', 'release', 'write 3', 'release']);
  });

  it('refuses an unknown baud rate, and turns a failed write into a printer error (the lock released)', async () => {
    await expect(openSerialPrinter(aSerialPort(), 1234)).rejects.toThrow(RangeError);
    const port = aSerialPort(true);
    await expect((await openSerialPrinter(port, 9600)).write(bytes(5))).rejects.toMatchObject({
      code: 'writeFailed',
      message: expect.stringMatching(/device lost/),
    });
    expect(port.log.at(-1)).toBe('release');
  });
});

function aCharacteristic(
  props: { write: boolean; writeWithoutResponse: boolean },
  log: string[],
): BluetoothCharacteristicLike {
  return {
    uuid: 'c',
    properties: props,
    async writeValueWithResponse(value) {
      log.push(`with ${value.length}`);
    },
    async writeValueWithoutResponse(value) {
      log.push(`without ${value.length}`);
    },
  };
}

function aBluetoothPrinter(
  services: Record<string, BluetoothCharacteristicLike[]>,
  log: string[],
): BluetoothDeviceLike {
  const server: BluetoothServerLike = {
    connected: true,
    async getPrimaryService(uuid) {
      const characteristics = services[uuid];
      if (!characteristics)
        throw Object.assign(new Error('No Services matching UUID found'), { name: 'NotFoundError' });
      return { uuid, getCharacteristics: async () => characteristics };
    },
    disconnect: () => log.push('disconnect'),
  };
  return { id: 'bt-1', name: 'PT-210', gatt: { connected: false, connect: async () => server } };
}

describe('Bluetooth printer', () => {
  it('writes in chunks of at most 512 bytes, without response where the printer allows it', async () => {
    const log: string[] = [];
    const device = aBluetoothPrinter(
      {
        [BLUETOOTH_PRINTER_SERVICES[1]!]: [
          aCharacteristic({ write: true, writeWithoutResponse: false }, log),
          aCharacteristic({ write: false, writeWithoutResponse: true }, log),
        ],
      },
      log,
    );
    await (await openBluetoothPrinter(device)).write(bytes(1100));
    expect(log).toEqual(['without 512', 'without 512', 'without 76']);
  });

  it('writes with response when that is all there is, and refuses chunks over 512 bytes', async () => {
    const log: string[] = [];
    const device = aBluetoothPrinter(
      {
        [BLUETOOTH_PRINTER_SERVICES[0]!]: [
          aCharacteristic({ write: true, writeWithoutResponse: false }, log),
        ],
      },
      log,
    );
    await (await openBluetoothPrinter(device, 200)).write(bytes(450));
    expect(log).toEqual(['with 200', 'with 200', 'with 50']);
    await expect(openBluetoothPrinter(device, 600)).rejects.toThrow(RangeError);
  });

  it('refuses a device without the printer services and disconnects from it', async () => {
    const log: string[] = [];
    await expect(openBluetoothPrinter(aBluetoothPrinter({}, log))).rejects.toMatchObject({
      code: 'noEndpoint',
    });
    expect(log).toEqual(['disconnect']);
  });
});

describe('the paired printer', () => {
  const usbPrinter: DirectPrinter = {
    kind: 'usb',
    name: 'EPSON TM-T20',
    width: 80,
    openDrawer: true,
    usb: { vendorId: 0x04b8, productId: 0x0202, serialNumber: 'X1' },
  };
  const config = {
    configurationValue: 1,
    interfaces: [
      {
        interfaceNumber: 0,
        alternates: [{ alternateSetting: 0, interfaceClass: 7, endpoints: [bulk(1, 'out')] }],
      },
    ],
  };

  it('is found again among the devices the browser granted before, without a chooser', async () => {
    forgetChosenDevices();
    await forgetConnection();
    const other = { ...aUsbDevice(config), serialNumber: 'OTHER' };
    const mine = aUsbDevice(config);
    const usb = {
      requestDevice: async () => Promise.reject(new Error('no chooser without a gesture')),
      getDevices: async () => [other, mine],
    };
    await sendToDirectPrinter(usbPrinter, bytes(5), { usb });
    expect(mine.calls).toEqual(['open', 'config 1', 'claim 0', 'out 1 5']);
    expect(other.calls).toEqual([]);
  });

  it('says the printer is not there when the browser no longer lists it, and when the browser has no such API', async () => {
    forgetChosenDevices();
    await forgetConnection();
    await expect(
      sendToDirectPrinter(usbPrinter, bytes(5), {
        usb: { requestDevice: async () => Promise.reject(new Error('x')), getDevices: async () => [] },
      }),
    ).rejects.toMatchObject({ code: 'notFound' });
    await expect(sendToDirectPrinter(usbPrinter, bytes(5), {})).rejects.toBeInstanceOf(PrinterTransportError);
    expect(supportedPrinterKinds({ usb: {}, serial: undefined })).toEqual({
      usb: true,
      serial: false,
      bluetooth: false,
    });
  });
});
