/**
 * @module server/search/german-verb-forms
 * German past participles and their infinitives, which PostgreSQL's Snowball
 * stemmer does not join: it keeps the participle's `ge` ("heruntergeladen" →
 * `heruntergelad`, "herunterladen" → `herunterlad`; "gekündigt" stays
 * `gekundigt`, "kündigen" → `kundig`). Rules, no dictionary: a participle is
 * `ge` + stem + `en`/`t` (`geladen`, `gekauft`), after a separable prefix
 * (`herunter|ge|laden`, `zurück|ge|setzt`), or, after an inseparable prefix,
 * stem + `t` with no `ge` (`bestellt`, `verschickt`). The forms they give for
 * a word that is no verb ("Gebühren" → "bühren") are words nobody writes:
 * harmless in an OR query, and mapped the same way every time when grouping.
 */

const SEPARABLE = [
  'herunter',
  'runter',
  'hoch',
  'zurück',
  'weiter',
  'heraus',
  'raus',
  'herein',
  'rein',
  'durch',
  'nach',
  'fest',
  'frei',
  'auf',
  'aus',
  'ein',
  'ab',
  'an',
  'um',
  'vor',
  'mit',
  'zu',
  'los',
  'weg',
];
const INSEPARABLE = ['be', 'ver', 'er', 'ent', 'zer', 'emp', 'miss'];
/** Shortest verb stem considered (shorter: too many words look like participles). */
const MIN_STEM = 3;

/** The infinitive of a weak verb from its stem (`kauf` → `kaufen`, `änder` → `ändern`, `meld` → `melden`). */
const weakInfinitive = (stem: string) => (/[^aeiouäöü](er|el)$/.test(stem) ? `${stem}n` : `${stem}en`);

/** A weak participle's (or third person's) ending off: `kauft` → `kaufen`, `meldet` → `melden`, `öffnet` → `öffnen`; null when too short. */
function weakToInfinitive(form: string): string | null {
  const stem = /[^aeiouäöü]et$/.test(form) ? form.slice(0, -2) : form.slice(0, -1);
  return stem.length >= MIN_STEM ? weakInfinitive(stem) : null;
}

/** `R` of `ge`+`R`: its infinitive (`laden` → `laden`, `kauft` → `kaufen`), or null. */
function infinitiveOfCore(core: string): string | null {
  if (core.endsWith('en')) return core.length - 2 >= MIN_STEM ? core : null;
  if (core.endsWith('t')) return weakToInfinitive(core);
  return null;
}

/** The infinitive a participle comes from, or null when `word` (lower case) does not look like one. */
export function infinitiveOf(word: string): string | null {
  for (const prefix of SEPARABLE) {
    if (word.startsWith(`${prefix}ge`)) {
      const core = infinitiveOfCore(word.slice(prefix.length + 2));
      if (core) return prefix + core;
    }
  }
  if (word.startsWith('ge')) return infinitiveOfCore(word.slice(2));
  for (const prefix of INSEPARABLE) {
    if (word.startsWith(prefix) && word.endsWith('t') && word.length - prefix.length > MIN_STEM) return weakToInfinitive(word);
  }
  return null;
}

/** The participles an infinitive may have (strong and weak), or [] when `word` (lower case) is no infinitive. */
export function participlesOf(word: string): string[] {
  let stem: string;
  if (/[^aeiouäöü](er|el)n$/.test(word)) stem = word.slice(0, -1);
  else if (word.endsWith('en')) stem = word.slice(0, -2);
  else return [];
  if (stem.length < MIN_STEM) return [];
  const weak = (s: string) => (/([dt]|[^aeiouäöülrh]n)$/.test(s) ? `${s}et` : `${s}t`);
  for (const prefix of INSEPARABLE) if (word.startsWith(prefix) && stem.length - prefix.length >= MIN_STEM) return [weak(stem)];
  for (const prefix of SEPARABLE) {
    const rest = word.slice(prefix.length);
    if (word.startsWith(prefix) && stem.length - prefix.length >= MIN_STEM)
      return [`${prefix}ge${rest}`, `${prefix}ge${weak(stem.slice(prefix.length))}`];
  }
  return [`ge${word}`, `ge${weak(stem)}`];
}

/** Every other form of the German verbs in `text` (participles ↔ infinitives), lower case, space-separated; '' when none. */
export function otherVerbForms(text: string): string {
  const forms = new Set<string>();
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    const infinitive = infinitiveOf(word);
    if (infinitive) forms.add(infinitive);
    else for (const p of participlesOf(word)) forms.add(p);
  }
  return [...forms].join(' ');
}
