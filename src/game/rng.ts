// sfc32 seeded PRNG; its four state words live in state.rng so the game is replayable.

/** cyrb128: hashes a string into four 32-bit words to seed sfc32. */
export function seedWords(seed: string | number): number[] {
  const str = typeof seed === "number" ? `n:${seed}` : `s:${seed}`;
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  const words = [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
  // warm up so similar seeds diverge
  for (let i = 0; i < 12; i++) nextUint32(words);
  return words;
}

/** Advances the words in place and returns a uint32. */
export function nextUint32(w: number[]): number {
  let a = w[0],
    b = w[1],
    c = w[2],
    d = w[3];
  const t = (((a + b) | 0) + d) | 0;
  d = (d + 1) | 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) | 0;
  c = (c << 21) | (c >>> 11);
  c = (c + t) | 0;
  w[0] = a;
  w[1] = b;
  w[2] = c;
  w[3] = d;
  return t >>> 0;
}

/** Uniform integer in [0, n). */
export function randomInt(w: number[], n: number): number {
  return Math.floor((nextUint32(w) / 4294967296) * n);
}

export function shuffleInPlace<T>(w: number[], arr: T[]): void {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = randomInt(w, i + 1);
    const tmp = arr[i];
    arr[i] = arr[j];
    arr[j] = tmp;
  }
}
