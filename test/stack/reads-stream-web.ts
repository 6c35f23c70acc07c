/**
 * An entry for bundle-contents.test.ts: middy's streaming mode, which imports node:stream/web, and
 * a read of that module's ReadableStream when asked for.
 */
import { executionModeStreamifyResponse } from '@middy/core/StreamifyResponse';
import { ReadableStream } from 'node:stream/web';

export const streamify = executionModeStreamifyResponse;
export const readableStream = (): typeof ReadableStream => ReadableStream;
