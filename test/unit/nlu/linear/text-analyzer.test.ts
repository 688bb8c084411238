import { createTextAnalyzer } from '../../../../src/nlu/linear/text-analyzer';

describe('createTextAnalyzer', () => {
  it('normalises, expands contractions, strips punctuation and stems English', () => {
    const analyze = createTextAnalyzer('en');
    const { tokens, stems } = analyze("I don't want the CAFÉ reservations, e-mail me!");
    expect(tokens).toEqual(['i', 'do', 'not', 'want', 'the', 'cafe', 'reservations', 'e', 'mail', 'me']);
    expect(stems[6]).toBe('reserv');
  });

  it('splits other locales on non-letters without stemming', () => {
    const { tokens, stems } = createTextAnalyzer('fr-FR')('Où est la Gare?');
    expect(tokens).toEqual(['ou', 'est', 'la', 'gare']);
    expect(stems).toEqual(tokens);
  });

  it('gives no tokens for punctuation only', () => {
    expect(createTextAnalyzer('en')('?! ...').tokens).toEqual([]);
  });
});
