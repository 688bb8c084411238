import { certaintyScores } from '../../../../src/nlu/linear/certainty-scores';

describe('certaintyScores', () => {
  it('gives 1 to a sure intent and 0 to the others', () => {
    const scores = certaintyScores(Float32Array.from([0, 1, 0, 0]));
    expect(Array.from(scores)).toEqual([0, 1, 0]);
  });

  it('gives 0 to every intent when the distribution is uniform', () => {
    const scores = certaintyScores(Float32Array.from([0.25, 0.25, 0.25, 0.25]));
    for (const score of scores) expect(score).toBeCloseTo(0, 10);
  });

  it('keeps the order of probabilities and lowers intents when the background class wins', () => {
    const intentWins = certaintyScores(Float32Array.from([0.8, 0.15, 0.05]));
    expect(intentWins[0]!).toBeGreaterThan(intentWins[1]!);
    const backgroundWins = certaintyScores(Float32Array.from([0.15, 0.05, 0.8]));
    expect(backgroundWins[0]!).toBeLessThan(intentWins[0]!);
    expect(backgroundWins[0]!).toBeGreaterThan(backgroundWins[1]!);
  });

  it('does not depend on how many intents share an uncertain message', () => {
    // Spread evenly, a message is equally uncertain with 3 or 150 intents.
    const few = certaintyScores(new Float32Array(4).fill(1 / 4));
    const many = certaintyScores(new Float32Array(151).fill(1 / 151));
    expect(few[0]!).toBeCloseTo(many[0]!, 6);
  });
});
