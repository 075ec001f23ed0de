import type { Command } from 'commander';
import { formatDoctorReport, runDoctor } from '../../ops/doctor.ts';
import { cliConfig, out } from '../cli-support.ts';

/** `kassa doctor`: prints the durability settings, each OK or UNSAFE; exit 1 when any is unsafe. */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check that the database keeps committed sales through a crash or power cut')
    .action(async () => {
      const report = await runDoctor(cliConfig().database);
      out.line(formatDoctorReport(report));
      if (!report.ok) process.exitCode = 1;
    });
}
