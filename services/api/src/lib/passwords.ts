import argon2 from 'argon2';

/**
 * argon2id via `argon2` (node-argon2): the maintained binding of the reference implementation,
 * shipping prebuilt binaries. Its defaults (64 MiB, 3 passes, 4 lanes) exceed OWASP's minimum
 * for argon2id (19 MiB, 2 passes), and the parameters travel inside the stored PHC string, so
 * stronger ones later still verify old hashes.
 */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

// A real hash of a random password: verifying an unknown email against it costs what a real
// check costs, so response time does not tell which emails have accounts.
let decoy: Promise<string> | null = null;

/** True when `password` matches `hash`; with no hash, spends the same time and answers false. */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    decoy ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
    await argon2.verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
