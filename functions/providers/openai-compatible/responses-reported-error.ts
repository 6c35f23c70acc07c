/**
 * An error the Responses API reported after answering 200 (a failed response's `error`, a stream's
 * `error` event) as a gateway error, with the status the same failure has as an HTTP answer: a rate
 * limit or a spent quota 429, a request the model refused to read 400, anything else a provider
 * failure (502). So one that comes before any content is retried, failed over or refused as it
 * would be before the stream.
 */
import type { CallError } from '../../core/call-error.ts';
import type { UpstreamErrorInfo } from '../provider-adapter.ts';
import { upstreamStreamError } from '../upstream/upstream-errors.ts';
import type { ResponsesError } from './responses-api-types.ts';

/** The codes of OpenAI's ResponseError and of its API errors that are the request's fault or a limit's. */
const STATUS_BY_CODE = new Map<string, number>([
  ['rate_limit_exceeded', 429],
  ['insufficient_quota', 429],
  ['invalid_prompt', 400],
  ['invalid_request_error', 400],
  ['data_residency_mismatch', 400],
  ['bio_policy', 400],
  ['misalignment_policy_violation', 400],
  ['invalid_image', 400],
  ['invalid_image_format', 400],
  ['invalid_base64_image', 400],
  ['invalid_image_url', 400],
  ['image_too_large', 400],
  ['image_too_small', 400],
  ['image_parse_error', 400],
  ['image_content_policy_violation', 400],
  ['invalid_image_mode', 400],
  ['image_file_too_large', 400],
  ['unsupported_image_media_type', 400],
  ['empty_image_file', 400],
  ['failed_to_download_image', 400],
  ['image_file_not_found', 400],
]);

export function responsesReportedError(provider: string, error: ResponsesError | null | undefined): CallError {
  const info: UpstreamErrorInfo = {};
  if (typeof error?.message === 'string') info.message = error.message;
  if (typeof error?.type === 'string') info.type = error.type;
  if (typeof error?.code === 'string') info.code = error.code;
  if (typeof error?.param === 'string') info.param = error.param;
  const status = STATUS_BY_CODE.get(info.code ?? '') ?? STATUS_BY_CODE.get(info.type ?? '') ?? 500;
  return upstreamStreamError(provider, info, status);
}
