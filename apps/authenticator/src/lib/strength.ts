/** A 0–4 password strength score with no dictionary: length and character variety, minus repetition. */
export function passwordStrength(password: string): 0 | 1 | 2 | 3 | 4 {
  if (password.length === 0) return 0;
  let pool = 0;
  if (/[a-z]/.test(password)) pool += 26;
  if (/[A-Z]/.test(password)) pool += 26;
  if (/\d/.test(password)) pool += 10;
  if (/[^a-zA-Z\d]/.test(password)) pool += 33;
  // Repeated characters and runs add little: count each distinct character once and halve sequences.
  const distinct = new Set(password).size;
  let effective = Math.min(password.length, distinct * 2);
  if (/(.)\1\1/.test(password) || /(?:0123|1234|2345|3456|abcd|qwer|asdf|pass)/i.test(password))
    effective *= 0.6;
  const bits = effective * Math.log2(Math.max(pool, 2));
  if (bits < 28) return 0;
  if (bits < 40) return 1;
  if (bits < 56) return 2;
  if (bits < 72) return 3;
  return 4;
}
