import { beforeEach, describe, expect, it } from '@jest/globals';
import { clearAllDrafts, clearDraft, keepDraftsOnlyFor, markSessionEnded, sessionHasEnded } from './drafts';
import { setSession, type Session } from './session';

/** The tab's sessionStorage, as the browser gives it. */
class MemoryStorage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
  keys() {
    return [...this.items.keys()].sort();
  }
}

let storage: MemoryStorage;
const jo: Session = { token: 't', sub: 'jo', role: 'coordinator', hubId: 'hub-north' };
const joDotX: Session = { token: 't', sub: 'jo.x', role: 'coordinator', hubId: 'hub-north' };
const draftKey = (sub: string, form: string, field: string) => `tellonce.draft.${encodeURIComponent(sub)}|${form}|${field}`;

beforeEach(() => {
  storage = new MemoryStorage();
  (globalThis as unknown as { sessionStorage: MemoryStorage }).sessionStorage = storage;
  setSession(null);
});

describe('form drafts kept across a session that ends', () => {
  it("keeps only the drafts of the person who signs in, even when another's id starts with theirs", () => {
    storage.setItem(draftKey('jo', 'register-family', 'postcode'), '"NE1"');
    storage.setItem(draftKey('jo.x', 'register-family', 'postcode'), '"NE2"');
    markSessionEnded();
    keepDraftsOnlyFor(jo);
    expect(storage.keys()).toEqual([draftKey('jo', 'register-family', 'postcode')]);
    expect(sessionHasEnded()).toBe(false);
  });

  it("clears one form's draft for the person signed in, not their other forms nor anyone else's", () => {
    storage.setItem(draftKey('jo', 'register-family', 'postcode'), '"NE1"');
    storage.setItem(draftKey('jo', 'raise-referral:f1', 'story'), '"…"');
    storage.setItem(draftKey('jo.x', 'register-family', 'postcode'), '"NE2"');
    setSession(jo);
    clearDraft('register-family');
    expect(storage.keys()).toEqual([draftKey('jo', 'raise-referral:f1', 'story'), draftKey('jo.x', 'register-family', 'postcode'), 'tellonce.session'].sort());
    setSession(joDotX);
    clearDraft('register-family');
    expect(storage.keys()).toEqual([draftKey('jo', 'raise-referral:f1', 'story'), 'tellonce.session']);
  });

  it('leaves nothing typed behind on sign-out', () => {
    storage.setItem(draftKey('jo', 'register-family', 'postcode'), '"NE1"');
    markSessionEnded();
    storage.setItem('tellonce.oidc.pending', '{}');
    clearAllDrafts();
    expect(storage.keys()).toEqual(['tellonce.oidc.pending']);
  });
});
