import { CallError } from '../../core/call-error.ts';

export const requestTooLarge = (limit: number) =>
  new CallError({
    status: 413,
    kind: 'request_too_large',
    fault: 'caller',
    code: 'request_too_large',
    message: `The request body is larger than the gateway's limit of ${limit} bytes.`,
  });
