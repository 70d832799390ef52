/**
 * @module server/tutorials/transform/step-wording
 * A step's title in the page's language (`<html lang>`): English, German;
 * other languages get English. The element's name is set in `*…*` (the
 * tutorial shows it emphasised). A field's purpose (its `autocomplete`
 * token or input type) makes "Enter your postcode in *Postcode*"; the value
 * typed is never part of a title.
 */

export type Language = 'en' | 'de';

export function languageOf(lang: string): Language {
  return lang.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** What a field asks for, by autocomplete token (or input type): English and German object phrases. */
const PURPOSES: Record<string, { en: string; de: string }> = {
  name: { en: 'your name', de: 'Ihren Namen' },
  'given-name': { en: 'your first name', de: 'Ihren Vornamen' },
  'family-name': { en: 'your last name', de: 'Ihren Nachnamen' },
  email: { en: 'your email address', de: 'Ihre E-Mail-Adresse' },
  tel: { en: 'your phone number', de: 'Ihre Telefonnummer' },
  'street-address': { en: 'your street and number', de: 'Ihre Straße und Hausnummer' },
  'address-line1': { en: 'your street and number', de: 'Ihre Straße und Hausnummer' },
  'postal-code': { en: 'your postcode', de: 'Ihre Postleitzahl' },
  'address-level2': { en: 'your city', de: 'Ihren Ort' },
  country: { en: 'your country', de: 'Ihr Land' },
  'country-name': { en: 'your country', de: 'Ihr Land' },
  organization: { en: 'your company', de: 'Ihre Firma' },
  'cc-number': { en: 'your card number', de: 'Ihre Kartennummer' },
  'cc-exp': { en: 'the expiry date', de: 'das Ablaufdatum' },
  'cc-csc': { en: 'the security code', de: 'den Sicherheitscode' },
  'cc-name': { en: 'the name on the card', de: 'den Namen auf der Karte' },
  'new-password': { en: 'a password', de: 'ein Passwort' },
  'current-password': { en: 'your password', de: 'Ihr Passwort' },
  username: { en: 'your username', de: 'Ihren Benutzernamen' },
  bday: { en: 'your date of birth', de: 'Ihr Geburtsdatum' },
  password: { en: 'your password', de: 'Ihr Passwort' },
  search: { en: 'your search', de: 'Ihren Suchbegriff' },
};

/** The purpose phrase of a field from its autocomplete attribute (last token wins: "shipping postal-code") or type. */
export function purposeOf(autocomplete: string | undefined, type: string | undefined, language: Language): string | undefined {
  const tokens = (autocomplete ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  for (const token of [...tokens].reverse()) {
    const purpose = PURPOSES[token];
    if (purpose) return purpose[language];
  }
  const byType = PURPOSES[(type ?? '').toLowerCase()];
  return byType?.[language];
}

const emphasis = (name: string) => `*${name.replace(/\*/g, '')}*`;

/** The word for an element without a name ("the button"), so a title never invents one. */
function unnamed(tag: string, language: Language): string {
  const words: Record<string, { en: string; de: string }> = {
    a: { en: 'the link', de: 'den Link' },
    button: { en: 'the button', de: 'die Schaltfläche' },
    input: { en: 'the field', de: 'das Feld' },
    textarea: { en: 'the text field', de: 'das Textfeld' },
    select: { en: 'the list', de: 'die Liste' },
    img: { en: 'the image', de: 'das Bild' },
  };
  return words[tag]?.[language] ?? (language === 'de' ? 'das Element' : 'the element');
}

const named = (name: string, tag: string, language: Language) => (name ? emphasis(name) : unnamed(tag, language));

export const wording = {
  click(name: string, tag: string, language: Language): string {
    return language === 'de' ? `Klicken Sie auf ${named(name, tag, language)}` : `Click ${named(name, tag, language)}`;
  },
  input(name: string, tag: string, purpose: string | undefined, language: Language): string {
    const field = named(name, tag, language);
    if (purpose) return language === 'de' ? `Geben Sie ${purpose} in ${field} ein` : `Enter ${purpose} in ${field}`;
    return language === 'de' ? `Füllen Sie ${field} aus` : `Fill in ${field}`;
  },
  choose(name: string, language: Language): string {
    const field = named(name, 'select', language);
    return language === 'de' ? `Wählen Sie eine Option in ${field}` : `Choose an option in ${field}`;
  },
  tick(name: string, checked: boolean, language: Language): string {
    const box = name ? emphasis(name) : language === 'de' ? 'das Kontrollkästchen' : 'the checkbox';
    if (language === 'de') return checked ? `Aktivieren Sie ${box}` : `Deaktivieren Sie ${box}`;
    return checked ? `Tick ${box}` : `Untick ${box}`;
  },
  radio(name: string, language: Language): string {
    const option = name ? emphasis(name) : language === 'de' ? 'die Option' : 'the option';
    return language === 'de' ? `Wählen Sie ${option}` : `Choose ${option}`;
  },
  navigate(title: string, language: Language): string {
    const page = title ? emphasis(title) : language === 'de' ? 'die nächste Seite' : 'the next page';
    return language === 'de' ? `Gehen Sie zu ${page}` : `Go to ${page}`;
  },
};
