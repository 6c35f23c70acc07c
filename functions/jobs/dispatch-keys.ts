/**
 * The jobs table's sparse `awaitingWorker` index keys (TABLES.jobs): carried by a job put (back)
 * in `queued` for a worker, from the write that queues it until a worker claims it. The write and
 * the message that follows are two steps; a process that dies between them leaves a queued job no
 * message will bring to a worker, and the index is how the poller finds it.
 */
export const AWAITING_WORKER_INDEX = 'awaitingWorker';

/** The index's one partition: few jobs wait for a worker at once. */
export const DISPATCH_PARTITION = 'dispatch';

/** The keys of a job whose message should reach a worker by `dueAt` (epoch ms). */
export const dispatchKeys = (jobId: string, dueAt: number): { gsi3pk: string; gsi3sk: string } => ({
  gsi3pk: DISPATCH_PARTITION,
  gsi3sk: `${new Date(dueAt).toISOString()}#${jobId}`,
});
