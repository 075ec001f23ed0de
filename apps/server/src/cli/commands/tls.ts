import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { lanAddresses } from '../../demo/banner.ts';
import {
  CA_DOWNLOAD_PATH_HINT,
  ensureLocalCa,
  issueServerCertificate,
  sortNames,
  tlsDirectory,
  tlsFiles,
  writeServerCertificate,
  type TlsFiles,
} from '../../ops/local-ca.ts';
import { CliError, cliConfig, out } from '../cli-support.ts';

/** The names a tablet may use for this computer: localhost, its host name (and .local), loopback and LAN addresses. */
function defaultNames(): string[] {
  const host = os.hostname().toLowerCase();
  const hostNames = /^[a-z0-9-]+$/.test(host) ? [host, `${host}.local`] : [];
  return ['localhost', ...hostNames, '127.0.0.1', '::1', ...lanAddresses()];
}

function instructions(files: TlsFiles, lanUrls: string[], port: number): string[] {
  const shown = (file: string) => (file.startsWith(process.cwd() + path.sep) ? `.${file.slice(process.cwd().length)}` : file);
  const download = lanUrls.map((url) => `${url}${CA_DOWNLOAD_PATH_HINT}`);
  return [
    '',
    'Start Kassa with HTTPS:',
    `  KASSA_TLS_CERT=${shown(files.cert)} KASSA_TLS_KEY=${shown(files.key)} npm run kassa -- start`,
    `  (demo: KASSA_TLS_CERT=${shown(files.cert)} KASSA_TLS_KEY=${shown(files.key)} npm start)`,
    ...(lanUrls.length > 0 ? [`and open ${lanUrls[0]}/ on the tablet or phone.`] : []),
    '',
    `Trust the certificate authority ${shown(files.caCert)} once on every device that opens the register.`,
    download.length > 0
      ? `Get it onto the device: open ${download[0]} in its browser (Kassa serves it there; the browser warns once, as it does not trust the CA yet), or copy the file.`
      : `Get it onto the device: copy the file, or open https://<this computer>:${port}${CA_DOWNLOAD_PATH_HINT} once Kassa runs.`,
    '  iPad / iPhone: open the download in Safari and tap Allow; Settings > General > VPN & Device Management >',
    '    "Kassa local CA" > Install; then Settings > General > About > Certificate Trust Settings > switch on full trust for it.',
    '  Android: Settings > Security > More security settings > Encryption & credentials > Install a certificate >',
    '    CA certificate > choose kassa-ca.crt (Chrome trusts it from then on).',
    '  Windows: double-click kassa-ca.crt > Install Certificate > Local Machine > "Trusted Root Certification Authorities";',
    `    or, as administrator: certutil -addstore -f Root ${shown(files.caCert)}`,
    `  macOS: sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${shown(files.caCert)}`,
    '    (or Keychain Access > System > drop the file in > Trust: Always Trust)',
    `  Linux, Chrome/Chromium: certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n "Kassa local CA" -i ${shown(files.caCert)}`,
    '',
    `Keep ${shown(files.caKey)} secret and back it up with the data: whoever has it can make certificates your devices trust.`,
    'Run "kassa tls init" again when the shop network changes or before the server certificate expires: the CA is reused,',
    'so devices keep trusting it. Behind a reverse proxy (cloud) you need none of this: see docs/OPERATIONS.md, HTTPS.',
  ];
}

/** `kassa tls init`: the shop's local CA (made once, reused) and a server certificate for this computer's names and LAN addresses. */
export function registerTlsCommand(program: Command): void {
  const tls = program.command('tls').description('HTTPS for the shop network: a local certificate authority and server certificate');
  tls
    .command('init')
    .description(
      'make (or reuse) the local CA in the data directory and issue a server certificate for localhost, this computer and its LAN addresses; prints how to trust the CA on each kind of device',
    )
    .option('--name <names...>', 'more host names or IP addresses for the certificate (e.g. kassa.winkel.lan 10.0.0.5)')
    .option('--dir <directory>', 'where to keep the files (default: tls/ in the data directory)')
    .action((options: { name?: string[]; dir?: string }) => {
      const config = cliConfig();
      const files = tlsFiles(options.dir ? path.resolve(options.dir) : tlsDirectory(config.database));
      let names: { dnsNames: string[]; ips: string[] };
      try {
        names = sortNames([...defaultNames(), ...(options.name ?? [])]);
      } catch (error) {
        throw new CliError(`--name: ${(error as Error).message}`);
      }
      const now = new Date();
      let ca: ReturnType<typeof ensureLocalCa>;
      try {
        ca = ensureLocalCa(files, now);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const issued = issueServerCertificate(ca, names, now);
      writeServerCertificate(files, issued);
      const lanUrls = names.ips.filter((ip) => !ip.includes(':') && !ip.startsWith('127.')).map((ip) => `https://${ip}:${config.port}`);
      out.line(`${ca.created ? 'Made a new' : 'Reused the'} local certificate authority: ${files.caCert} (valid until ${ca.notAfter.toISOString().slice(0, 10)})`);
      out.line(`Server certificate: ${files.cert}, key ${files.key} (mode 0600), valid until ${issued.notAfter.toISOString().slice(0, 10)}`);
      out.line(`  for ${[...issued.dnsNames, ...issued.ips].join(', ')}`);
      for (const line of instructions(files, lanUrls, config.port)) out.line(line);
    });
}
