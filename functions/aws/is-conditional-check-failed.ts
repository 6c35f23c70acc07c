/** DynamoDB refused a write or delete because its condition did not hold: the stores' expected "no", not a failure. */
export const isConditionalCheckFailed = (error: unknown): boolean => (error as Error | undefined)?.name === 'ConditionalCheckFailedException';
