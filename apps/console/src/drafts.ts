// What a person has typed into a long form survives their session ending mid-form (an identity
// provider's token lasts about an hour): the answers are kept in this tab's sessionStorage under the
// person signed in, and the same person signing in again lands back on the form with them. They are
// kept only for that: leaving the form while signed in, sending it, or signing out (hub computers
// are shared) removes them, and someone else signing in on the tab never sees them.
import { useEffect, useState } from 'react';
import { getSession, type Session } from './session';

const PREFIX = 'tellonce.draft.';
const ENDED = 'tellonce.session-ended';

// `|` cannot appear in an encoded id, so one person's keys never start with another's.
const personPrefix = (sub: string) => `${PREFIX}${encodeURIComponent(sub)}|`;
const formPrefix = (sub: string, form: string) => `${personPrefix(sub)}${form}|`;

function removeWhere(test: (key: string) => boolean): void {
  for (let i = sessionStorage.length - 1; i >= 0; i--) {
    const key = sessionStorage.key(i);
    if (key !== null && test(key)) sessionStorage.removeItem(key);
  }
}

/** useState for one field of `form`, restored from a draft kept when the session ended. */
export function useDraft<T>(form: string, field: string, initial: T | (() => T)): [T, (value: T | ((previous: T) => T)) => void] {
  const sub = getSession()?.sub ?? '';
  const key = `${formPrefix(sub, form)}${field}`;
  const [value, setValue] = useState<T>(() => {
    const raw = sessionStorage.getItem(key);
    if (raw !== null) {
      try {
        return JSON.parse(raw) as T;
      } catch {
        /* not ours: start afresh */
      }
    }
    return typeof initial === 'function' ? (initial as () => T)() : initial;
  });
  useEffect(() => {
    sessionStorage.setItem(key, JSON.stringify(value));
  }, [key, value]);
  return [value, setValue];
}

/**
 * Call once in a form with drafts: leaving the form while still signed in drops its draft; leaving it
 * because the session ended (the API answered 401) keeps it for the sign-in that follows.
 */
export function useDraftKeptOnlyIfSessionEnds(form: string): void {
  useEffect(() => {
    const sub = getSession()?.sub ?? '';
    return () => {
      if (getSession()) removeWhere((key) => key.startsWith(formPrefix(sub, form)));
    };
  }, [form]);
}

/** The form was sent: its answers are no longer a draft. */
export function clearDraft(form: string): void {
  const sub = getSession()?.sub ?? '';
  removeWhere((key) => key.startsWith(formPrefix(sub, form)));
}

/** Signing out: nothing typed stays behind on the computer. */
export function clearAllDrafts(): void {
  removeWhere((key) => key.startsWith(PREFIX) || key === ENDED);
}

/** The API said the session has ended: the sign-in page says so and that answers are kept. */
export function markSessionEnded(): void {
  sessionStorage.setItem(ENDED, '1');
}

export function sessionHasEnded(): boolean {
  return sessionStorage.getItem(ENDED) !== null;
}

/** Someone signed in: drafts of anyone else on this tab go. */
export function keepDraftsOnlyFor(session: Session): void {
  sessionStorage.removeItem(ENDED);
  removeWhere((key) => key.startsWith(PREFIX) && !key.startsWith(personPrefix(session.sub)));
}
