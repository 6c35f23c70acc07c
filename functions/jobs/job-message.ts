/**
 * The jobs queue's message: `{"jobId": "..."}` and nothing else, as the job record is the source
 * of truth. A body that is not one is a message no delivery can ever handle.
 */
import * as z from 'zod';

const jobMessageSchema = z.object({ jobId: z.string().min(1) });

export type JobMessage = z.infer<typeof jobMessageSchema>;

export const jobMessageBody = (jobId: string): string => JSON.stringify({ jobId } satisfies JobMessage);

/** The message's job id, or undefined for a body that is not a job message. */
export function parseJobMessage(body: string): JobMessage | undefined {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = jobMessageSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}
