/**
 * SHA-256 and HMAC-SHA-256 for the SigV4 signer (@smithy/signature-v4), on Node's crypto: what the
 * SDK's own Node hash does, without the pure-JavaScript one a browser build needs.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

type Data = string | ArrayBuffer | ArrayBufferView;

const bytes = (data: Data): string | Uint8Array =>
  typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

export class NodeSha256 {
  readonly #secret: Data | undefined;
  #hash: Hash | Hmac;

  /** With a secret, an HMAC keyed by it (what the signer asks for when it derives its key). */
  constructor(secret?: Data) {
    this.#secret = secret;
    this.#hash = this.#create();
  }

  update(data: Data): void {
    this.#hash.update(bytes(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }

  reset(): void {
    this.#hash = this.#create();
  }

  #create(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.#secret));
  }
}
