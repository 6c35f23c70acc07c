/** Who cannot take what a translation leaves out, in notes and errors: the API, whichever of the family's providers serves it. */
export const CHAT_COMPLETIONS = 'Chat Completions';
