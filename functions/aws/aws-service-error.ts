/**
 * An AWS service's refusal, or a call that never got one (the network failed, or the service did
 * not answer in time). `name` is the service's error code (`ConditionalCheckFailedException`,
 * `ResourceNotFoundException`), as the SDK names its errors, so code that tells errors apart by
 * name reads either alike.
 */
export class AwsServiceError extends Error {
  /** The HTTP status, or undefined when no answer came. */
  readonly status: number | undefined;
  /** The service's request id (`x-amzn-requestid`), when it sent one: what AWS support asks for. */
  readonly requestId: string | undefined;
  /** The error's JSON body: DynamoDB's CancellationReasons, for one. */
  readonly body: Readonly<Record<string, unknown>>;

  constructor(name: string, message: string, details: { status?: number; requestId?: string; body?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = name;
    this.status = details.status;
    this.requestId = details.requestId;
    this.body = details.body ?? {};
  }
}

/**
 * The error from a JSON-protocol answer that is not a 200: its code from the body's `__type`
 * (`com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException`) or the
 * `x-amzn-errortype` header, with anything after a `:` dropped, as the protocol defines.
 */
export function errorFromAnswer(status: number, headers: Readonly<Record<string, string | string[] | undefined>>, text: string): AwsServiceError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's HTML page): the status says what there is to say.
  }
  const header = headers['x-amzn-errortype'];
  const raw = typeof body.__type === 'string' ? body.__type : typeof header === 'string' ? header : undefined;
  const code = raw?.split(':')[0]?.split('#').at(-1) || `HttpError${status}`;
  const message = typeof body.message === 'string' ? body.message : typeof body.Message === 'string' ? body.Message : `HTTP ${status}`;
  const requestId = headers['x-amzn-requestid'];
  return new AwsServiceError(code, message, { status, body, ...(typeof requestId === 'string' ? { requestId } : {}) });
}
