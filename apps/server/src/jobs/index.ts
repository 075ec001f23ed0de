export { enqueueJob, scheduleJob, findJob, claimDueJobs, completeJob, failJob, type NewJob, type ClaimedJob } from './jobs.repository.ts';
export { lazyHandlers, RetryAfter, type JobHandler, type JobHandlerLoaders, type JobContext } from './job-handlers.ts';
export { JobWorker, type JobWorkerOptions, type RunSummary } from './job-worker.ts';
