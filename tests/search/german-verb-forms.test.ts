/**
 * German participles and infinitives (`server/search/german-verb-forms.ts`):
 * the forms Snowball does not join, found from each other by rule.
 */
import { describe, expect, it } from 'vitest';
import { infinitiveOf, otherVerbForms, participlesOf } from '../../server/search/german-verb-forms.ts';

describe('German verb forms', () => {
  it('finds the infinitive of a participle', () => {
    expect(infinitiveOf('heruntergeladen')).toBe('herunterladen');
    expect(infinitiveOf('zurückgesetzt')).toBe('zurücksetzen');
    expect(infinitiveOf('gekündigt')).toBe('kündigen');
    expect(infinitiveOf('gespeichert')).toBe('speichern');
    expect(infinitiveOf('geändert')).toBe('ändern');
    expect(infinitiveOf('gemeldet')).toBe('melden');
    expect(infinitiveOf('geöffnet')).toBe('öffnen');
    expect(infinitiveOf('angemeldet')).toBe('anmelden');
    expect(infinitiveOf('bestellt')).toBe('bestellen');
    expect(infinitiveOf('verschickt')).toBe('verschicken');
    expect(infinitiveOf('verwendet')).toBe('verwenden');
  });

  it('leaves words that are no participle alone', () => {
    for (const word of ['gestern', 'geht', 'geld', 'erst', 'rechnung', 'passwort', 'gerne']) expect(infinitiveOf(word), word).toBeNull();
  });

  it('gives the participles of an infinitive', () => {
    expect(participlesOf('herunterladen')).toContain('heruntergeladen');
    expect(participlesOf('zurücksetzen')).toContain('zurückgesetzt');
    expect(participlesOf('kündigen')).toContain('gekündigt');
    expect(participlesOf('ändern')).toContain('geändert');
    expect(participlesOf('öffnen')).toContain('geöffnet');
    expect(participlesOf('anmelden')).toContain('angemeldet');
    expect(participlesOf('bestellen')).toEqual(['bestellt']);
    expect(participlesOf('passwort')).toEqual([]);
  });

  it('collects the other forms of a text', () => {
    expect(otherVerbForms('Rechnung heruntergeladen').split(' ')).toContain('herunterladen');
    expect(otherVerbForms('Rechnungen herunterladen').split(' ')).toContain('heruntergeladen');
  });
});
