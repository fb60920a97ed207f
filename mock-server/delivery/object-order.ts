/**
 * The key that orders work on one object: object keys are unique only within a tenant, and tenants
 * share type names but never their order. Operations and their callbacks use the same key, so it is
 * built (and hashed by the Maps it keys) once per operation.
 */
export const objectOrderKey = (tenantId: string, objectKey: string): string =>
  `${tenantId}\u0000${objectKey}`;

/**
 * Unfinished deliveries per tenant and object, oldest first: only the first may be attempted. Most
 * objects have one callback in flight at a time, so a line of one is kept as the item itself, not
 * as a one-element array.
 */
export class ObjectOrder<T extends object> {
  readonly #lines = new Map<string, T | T[]>();

  /** Puts `item` at the end of its object's line. */
  join(key: string, item: T): void {
    const line = this.#lines.get(key);
    if (line === undefined) this.#lines.set(key, item);
    else if (Array.isArray(line)) line.push(item);
    else this.#lines.set(key, [line, item]);
  }

  /** The item allowed to go now for this object, if any is waiting. */
  first(key: string): T | undefined {
    const line = this.#lines.get(key);
    return Array.isArray(line) ? line[0] : line;
  }

  /** Takes `item` out of its object's line (if it is in it); answers the line's new first. */
  leave(key: string, item: T): T | undefined {
    const line = this.#lines.get(key);
    if (line === undefined) return undefined;
    if (!Array.isArray(line)) {
      if (line !== item) return line;
      this.#lines.delete(key);
      return undefined;
    }
    const index = line.indexOf(item);
    if (index >= 0) line.splice(index, 1);
    if (line.length > 1) return line[0];
    const [only] = line;
    if (only === undefined) this.#lines.delete(key);
    else this.#lines.set(key, only);
    return only;
  }

  clear(): void {
    this.#lines.clear();
  }
}
