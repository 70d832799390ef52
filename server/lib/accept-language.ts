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
      const qParam = params.find((p) => /^\s*q\s*=/i.test(p));
      // A weight that is not a qvalue (0 to 1, 3 decimals at most) makes the range unusable rather than first.
      const qValue = qParam === undefined ? '1' : /^\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*$/i.exec(qParam)?.[1];
      return { primary: range.trim().toLowerCase().split('-')[0]!, q: qValue === undefined ? 0 : Number(qValue), order };
    })
    .filter((a) => a.primary && a.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const { primary } of asked) {
    const match = supported.find((l) => l === primary);
    if (match) return match;
  }
  return supported[0];
}
