/**
 * Which stored object holds each uniqueCode within a scope, for one tenant: participants by their
 * type's plural, entities by their collection (`${appId}/${entityTypePlural}`). A create refuses a
 * duplicate code with one lookup here instead of scanning every stored object of the scope.
 *
 * Kept in step with the store: a create claims the code once it has stored the object; the store
 * releases the code of each object its capacity forgets; a reset drops the tenant, and this index
 * with it. No route deletes a participant or an entity (one that comes to must release its code),
 * and no update changes a uniqueCode: participant-update.json and entity-update.json have none, and
 * the update routes copy only the fields they name. So the index holds one entry per stored object.
 */
export class UniqueCodes {
  /** Scope, then uniqueCode, then the id holding it. A scope goes once its last code does. */
  readonly #scopes = new Map<string, Map<string, string>>();
  #size = 0;

  /** Codes held, across scopes. */
  get size(): number {
    return this.#size;
  }

  /** The id of the object holding `code` in `scope`, if one does. */
  holder(scope: string, code: string): string | undefined {
    return this.#scopes.get(scope)?.get(code);
  }

  /** Records that the stored object `id` holds `code` in `scope`. */
  claim(scope: string, code: string, id: string): void {
    let codes = this.#scopes.get(scope);
    if (codes === undefined) {
      codes = new Map();
      this.#scopes.set(scope, codes);
    }
    const before = codes.size;
    codes.set(code, id);
    this.#size += codes.size - before;
  }

  /** Frees `code` in `scope` if `id` holds it; false when it does not. */
  release(scope: string, code: string, id: string): boolean {
    const codes = this.#scopes.get(scope);
    if (codes === undefined || codes.get(code) !== id) return false;
    codes.delete(code);
    this.#size--;
    if (codes.size === 0) this.#scopes.delete(scope);
    return true;
  }
}
