// Moved to db/run-command.ts so every module runs its commands the same way.
export * from '../../db/run-command.ts';
