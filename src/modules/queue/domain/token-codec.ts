/** Turns a stored nonce into the token value the client holds, and a token value into its lookup hash. */
export abstract class TokenCodec {
  abstract newNonce(): Uint8Array;
  abstract tokenOf(nonce: Uint8Array): string;
  /** null when the value cannot be a token at all (wrong length or alphabet). */
  abstract hashOf(token: string): Uint8Array | null;
}
