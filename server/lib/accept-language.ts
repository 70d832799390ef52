/**
 * @module server/lib/accept-language
 * Picks the page language a customer's browser asks for (`Accept-Language`,
 * RFC 9110 §12.5.4) among the ones a page is written in: the highest-q
 * language range whose primary subtag is supported (`de-AT` → `de`), else
 * the first supported language.
 */
export function pickLanguage<L extends string>(header: string | undefined, supported: readonly [L, ...L[]]): L {
  const asked = (header ?? '')
    .split(',')
    .map((part, order) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: range.trim().toLowerCase().split('-')[0]!, q: q === undefined ? 1 : Number(q), order };
    })
    .filter((a) => a.primary && a.q > 0 && !Number.isNaN(a.q))
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const { primary } of asked) {
    const match = supported.find((l) => l === primary);
    if (match) return match;
  }
  return supported[0];
}
