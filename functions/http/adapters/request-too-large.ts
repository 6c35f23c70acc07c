import { GatewayError } from '../gateway-error.ts';

export const requestTooLarge = (limit: number) =>
  new GatewayError({
    status: 413,
    type: 'invalid_request_error',
    code: 'request_too_large',
    message: `The request body is larger than the gateway's limit of ${limit} bytes.`,
  });
