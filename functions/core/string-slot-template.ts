/**
 * The text of a stream's message around its changing strings, learned from a message parsed
 * whole, so that the next messages of the same shape are read without parsing them. A provider
 * streams its answer as a run of messages that differ in a string or two: OpenAI's chunks repeat
 * their id, model and fingerprint around `"content":"<text>"`, and end with an `"obfuscation"`
 * string of random length. JSON.parse builds every object and string of each one again, most of
 * what translating a stream costs; this compares the text between the strings with the
 * template's, and decodes the strings alone.
 *
 * Exact, not a guess: a slot is a member that holds the string its reader reads in the message,
 * and is kept only once a copy of the message with another string in that member parses to that
 * string where the reader reads it (of many such members, only the first few are tried, each a
 * parse). A message is then read so only when it
 * is the template's text, character for character, with a JSON string's inside in each slot (no
 * unescaped quote, valid escapes, no raw control character): JSON.parse would read it as the
 * learned message with those strings in the slots' places. Anything else is undefined, for the
 * reader to parse whole.
 */

/** Where a slot's string is read in the parsed message: given it parsed, what is there. */
export type SlotReader = (parsed: unknown) => unknown;

export interface StringSlotTemplate {
  /** The slots' names, in the order they come in the message. */
  readonly names: readonly string[];
  /**
   * The text around the slots, one more than there are slots: `literals[i]` comes before the slot
   * `names[i]` (the first with the slot's opening quote), the last after the last slot.
   */
  readonly literals: readonly string[];
}

const BACKSLASH = 0x5c;
/** What a string's inside holds only when it needs decoding, or is not a string's inside at all. */
const NOT_PLAIN = /["\\\u0000-\u001f]/;
/** A slot's name, as it is written into the pattern that finds its members. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Two strings to try a slot with: whichever differs from the slot's own. */
const PROBES = ['switchyard\n"probe"', 'switchyard\n"other probe"'] as const;
/**
 * Members of a slot's name holding its string that are tried with a probe, each a parse of the
 * message: a message of many (duplicate keys, nested objects) must not cost a parse for each.
 */
const MAX_TRIES = 4;

interface Found {
  name: string;
  start: number;
  end: number;
}

/**
 * The template of `text` (whose parse is `parsed`) around the string members named in `slots`,
 * each found where its reader reads it. A slot the message has no such member for is left out;
 * without the first, there is no template.
 */
export function learnStringSlots(text: string, parsed: unknown, slots: Readonly<Record<string, SlotReader>>): StringSlotTemplate | undefined {
  const found: Found[] = [];
  for (const [name, read] of Object.entries(slots)) {
    const slot = findSlot(text, name, read, read(parsed));
    if (slot) found.push(slot);
    else if (found.length === 0) return undefined;
  }
  found.sort((a, b) => a.start - b.start);
  const literals: string[] = [];
  let from = 0;
  for (const { start, end } of found) {
    literals.push(copyOf(text.slice(from, start)));
    from = end;
  }
  literals.push(copyOf(text.slice(from)));
  return { names: found.map((slot) => slot.name), literals };
}

/**
 * The text as a string of its own. A slice of a message is a view of the text it was cut from,
 * which is a whole read from the socket: kept for a stream's length in a template, the view would
 * keep that read too. Joined to another string and sliced back, it is copied.
 */
const copyOf = (text: string): string => `${text} `.slice(0, -1);

/**
 * The member `name` whose string `read` reads, by its inside's span: among the members of that
 * name holding `value`, the one that, given a probe string instead, has `read` read the probe.
 */
function findSlot(text: string, name: string, read: SlotReader, value: unknown): Found | undefined {
  if (typeof value !== 'string') return undefined;
  if (!PLAIN_NAME.test(name)) throw new Error(`a slot's name is a plain name, not ${JSON.stringify(name)}`);
  const probe = PROBES[0] === value ? PROBES[1] : PROBES[0];
  // Outside strings only: inside one, every quote is escaped, and `"name"` cannot occur.
  const member = new RegExp(`"${name}"[ \\t\\n\\r]*:[ \\t\\n\\r]*"`, 'g');
  let tries = 0;
  for (let match = member.exec(text); match !== null; match = member.exec(text)) {
    const start = match.index + match[0].length;
    const end = closingQuote(text, start);
    if (end < 0) return undefined;
    if (decodeInside(text.slice(start, end)) === value) {
      if (++tries > MAX_TRIES) return undefined;
      if (readsProbe(`${text.slice(0, start)}${JSON.stringify(probe).slice(1, -1)}${text.slice(end)}`, read, probe)) return { name, start, end };
    }
    member.lastIndex = end + 1;
  }
  return undefined;
}

function readsProbe(probed: string, read: SlotReader, probe: string): boolean {
  try {
    return read(JSON.parse(probed)) === probe;
  } catch {
    return false;
  }
}

/**
 * How many templates a stream learns: past its first two, only while those it learned have read
 * at least four messages for each. Learning one costs a parse or two more than the message's own
 * (a probe a slot) and each read saves one, so a stream whose messages seldom repeat their shape
 * soon learns no more, and one whose runs are long learns anew at each.
 */
export class TemplateBudget {
  #templates = 0;
  #reads = 0;
  readonly #learns: boolean;
  /** `learns` false: none at all, for a translator read for the records only (ResponseContext.forRecords). */
  constructor(learns = true) {
    this.#learns = learns;
  }
  get mayLearn(): boolean {
    return this.#learns && (this.#templates < 2 || this.#reads >= 4 * this.#templates);
  }
  learned(): void {
    this.#templates++;
  }
  read(): void {
    this.#reads++;
  }
}

/**
 * The slots' strings, in the template's order, of a text that is the template's with other
 * strings in its slots; undefined for any other text.
 */
export function readStringSlots(text: string, template: StringSlotTemplate): string[] | undefined {
  const { literals } = template;
  const first = literals[0]!;
  // Compared as slices: TurboFan's inlined startsWith was several times slower on these.
  if (text.slice(0, first.length) !== first) return undefined;
  const strings: string[] = [];
  let at = first.length;
  for (let slot = 1; slot < literals.length; slot++) {
    const end = closingQuote(text, at);
    if (end < 0) return undefined;
    const inside = decodeInside(text.slice(at, end));
    if (inside === undefined) return undefined;
    strings.push(inside);
    const literal = literals[slot]!;
    if (text.slice(end, end + literal.length) !== literal) return undefined;
    at = end + literal.length;
  }
  return at === text.length ? strings : undefined;
}

/** A JSON string's inside, decoded; undefined when it is not one. */
function decodeInside(inside: string): string | undefined {
  if (!NOT_PLAIN.test(inside)) return inside;
  try {
    return JSON.parse(`"${inside}"`) as string;
  } catch {
    return undefined;
  }
}

/** Where the string whose inside starts at `start` closes: the next quote not escaped; -1 if none. */
function closingQuote(text: string, start: number): number {
  for (let quote = text.indexOf('"', start); quote >= 0; quote = text.indexOf('"', quote + 1)) {
    if (backslashesBefore(text, quote) % 2 === 0) return quote;
  }
  return -1;
}

function backslashesBefore(text: string, at: number): number {
  let count = 0;
  while (at - 1 - count >= 0 && text.charCodeAt(at - 1 - count) === BACKSLASH) count++;
  return count;
}
