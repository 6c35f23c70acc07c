/** Ids for what Gemini leaves unnamed: responses without `responseId`, function calls without `id`. */
const random = () => crypto.randomUUID().replaceAll('-', '');

export const newResponseId = () => `chatcmpl-${random()}`;
export const newToolCallId = () => `call_${random()}`;
