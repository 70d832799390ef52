/**
 * @module server/tutorials/transform/sensitive-patterns
 * Finding personal values in a piece of text: e-mail addresses, IBANs (the
 * country's length and the ISO 7064 mod-97 check digits must hold), card
 * numbers (13–19 digits, a card network's first digit, the Luhn sum must
 * hold) and phone numbers (international or national form, 8–15 digits).
 * Numbers that fail their check are no finding: an order number or a
 * timestamp that merely looks like a card is left alone.
 */

export type PatternKind = 'email' | 'iban' | 'card' | 'phone';

export interface PatternMatch {
  kind: PatternKind;
  /** The text as it stands (spaces and all). */
  value: string;
  /** One form for all the ways it is written: e-mails in lower case, numbers without separators. */
  key: string;
  index: number;
}

/** IBAN lengths by country (ISO 13616 registry). */
const IBAN_LENGTHS: Record<string, number> = Object.fromEntries(
  [
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 EG29 ES24 FI18 ',
    'FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 ',
    'LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 SI19 ',
    'SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 ',
  ]
    .join('')
    .trim()
    .split(/\s+/)
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))]),
);

/** ISO 7064 mod 97-10 over the rearranged IBAN (country and check digits moved to the end, letters as 10–35). */
export function ibanChecksumHolds(iban: string): boolean {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const c of rearranged) {
    const digits = c >= 'A' && c <= 'Z' ? String(c.charCodeAt(0) - 55) : c;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

/** The Luhn (mod 10) check of a card number. */
export function luhnHolds(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const FILE_EXTENSION = /\.(?:png|jpe?g|gif|webp|avif|svg|ico|bmp|css|js|mjs|json|html?|woff2?|ttf|mp4|webm|pdf)$/i;
const IBAN_START = /\b([A-Z]{2})(\d{2})(?=[ ]?[A-Z0-9])/g;
/** 13–19 digits in groups separated by single spaces or dashes. */
const CARD = /(?<![\d.,])\d(?:[ -]?\d){12,18}(?![\d.,]\d)/g;
const PHONE = /(?<![\w+])(?:\+|00)[1-9][\d\s./()-]{6,20}\d(?!\d)|(?<![\w+./-])0\d{1,5}[\s/-]?\d[\d\s/-]{4,14}\d(?![\d])/g;

/**
 * IBAN-shaped runs (a country's length of characters after its code), with
 * whether their check digits hold. The ones that fail are no finding, and
 * their digits are no card or phone number either.
 */
function ibansIn(text: string): (PatternMatch & { valid: boolean })[] {
  const found: (PatternMatch & { valid: boolean })[] = [];
  for (const start of text.matchAll(IBAN_START)) {
    const length = IBAN_LENGTHS[start[1]!];
    if (!length) continue;
    // Take exactly the country's number of characters, allowing one space between groups.
    let compact = '';
    let end = start.index;
    while (end < text.length && compact.length < length) {
      const c = text[end]!;
      if (/[A-Z0-9]/.test(c)) compact += c;
      else if (!(c === ' ' && compact.length > 0 && /[A-Z0-9]/.test(text[end + 1] ?? ''))) break;
      end++;
    }
    if (compact.length !== length || /[A-Z0-9]/i.test(text[end] ?? '')) continue;
    found.push({ kind: 'iban', value: text.slice(start.index, end), key: compact, index: start.index, valid: ibanChecksumHolds(compact) });
  }
  return found;
}

const overlaps = (a: { index: number; value: string }, taken: { index: number; value: string }[]) =>
  taken.some((b) => a.index < b.index + b.value.length && b.index < a.index + a.value.length);

/** Every personal value in `text`, in order of appearance; numbers only when their check holds. */
export function findPatterns(text: string): PatternMatch[] {
  const found: PatternMatch[] = [];
  for (const m of text.matchAll(EMAIL)) {
    // `photo@2x.png` in a srcset is a file, not an address.
    if (FILE_EXTENSION.test(m[0])) continue;
    found.push({ kind: 'email', value: m[0], key: m[0].toLowerCase(), index: m.index });
  }
  const ibanShaped = ibansIn(text).filter((m) => !overlaps(m, found));
  const taken: { index: number; value: string }[] = [...found, ...ibanShaped];
  for (const { valid, ...m } of ibanShaped) if (valid) found.push(m);
  for (const m of text.matchAll(CARD)) {
    const digits = m[0].replace(/\D/g, '');
    const match = { kind: 'card' as const, value: m[0], key: digits, index: m.index };
    if (/^[2-6]/.test(digits) && !/^(\d)\1+$/.test(digits) && luhnHolds(digits) && !overlaps(match, taken)) found.push(match);
    // A 13–19 digit run is a card or nothing: never a phone number.
    taken.push(match);
  }
  for (const m of text.matchAll(PHONE)) {
    const value = m[0].trim();
    const digits = value.replace(/\D/g, '');
    const match = { kind: 'phone' as const, value, key: (value.startsWith('+') ? '+' : '') + digits, index: m.index };
    if (digits.length >= 8 && digits.length <= 15 && !overlaps(match, taken)) found.push(match);
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The kind of a whole value, for its stand-in's label (`[email 1]`); undefined for anything else. */
export function kindOf(value: string): PatternKind | undefined {
  const [only] = findPatterns(value.trim());
  return only && only.value.length === value.trim().length ? only.kind : undefined;
}
