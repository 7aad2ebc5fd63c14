import { useEffect, useState, type FormEvent } from 'react';
import { api, describeError, type Page } from '../api';
import { formatDate, Notice, PageHeading } from '../components';
import { Link, navigate, useLocation } from '../router';
import { memberName, sentence, type Family } from '../types';

export function FamiliesPage() {
  const { search } = useLocation();
  const q = new URLSearchParams(search).get('q') ?? '';
  const [text, setText] = useState(q);
  const [items, setItems] = useState<Family[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    setText(q);
    if (!q) {
      setItems(null);
      return;
    }
    let live = true;
    setLoading(true);
    setError(null);
    api<Page<Family>>(`/v1/families?q=${encodeURIComponent(q)}&limit=20`)
      .then((page) => {
        if (!live) return;
        setItems(page.items);
        setCursor(page.nextCursor);
      })
      .catch((e: unknown) => live && setError(describeError(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [q]);

  async function more() {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await api<Page<Family>>(`/v1/families?q=${encodeURIComponent(q)}&limit=20&cursor=${encodeURIComponent(cursor)}`);
      setItems((prev) => [...(prev ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setLoading(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    navigate(`/families?q=${encodeURIComponent(text.trim())}`);
  }

  return (
    <>
      <PageHeading title={q ? `Families matching “${q}”` : 'Families'}>Families</PageHeading>
      <p>
        <Link to="/families/new" className="button button--secondary">
          Register a family
        </Link>
      </p>
        <form onSubmit={submit} className="search-form" role="search" aria-label="Families">
          <div className="form-group">
            <label className="label" htmlFor="f-q">
              Search families
            </label>
            <div className="hint" id="f-q-hint">
              A name, a postcode or a family reference like FAM-7K2Q9
            </div>
            <div className="search-form__row">
              <input id="f-q" name="q" className="input input--medium" type="search" value={text} aria-describedby="f-q-hint" onChange={(e) => setText(e.target.value)} />
              <button type="submit" className="button">
                Search
              </button>
            </div>
          </div>
        </form>
      <div aria-live="polite" className="visually-hidden">
        {loading ? 'Searching…' : items ? `${items.length} ${items.length === 1 ? 'family' : 'families'} found` : ''}
      </div>
      {error ? <Notice kind="error" title="The search did not work">{error}</Notice> : null}
      {items && items.length === 0 ? <p>No families match “{q}”. Check the spelling or search by postcode.</p> : null}
      {items && items.length > 0 ? (
        <table className="table">
          <caption className="table__caption">
            {items.length}
            {cursor ? '+' : ''} {items.length === 1 ? 'family' : 'families'} matching “{q}”
          </caption>
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Members</th>
              <th scope="col">Postcode</th>
              <th scope="col">Hub</th>
              <th scope="col">Possible duplicates</th>
            </tr>
          </thead>
          <tbody>
            {items.map((f) => (
              <tr key={f.id}>
                <td>
                  <Link to={`/families/${f.id}`}>{f.reference}</Link>
                </td>
                <td>
                  <ul className="list list--plain">
                    {f.members.map((m) => (
                      <li key={m.id}>
                        {memberName(m)} <span className="secondary">({sentence(m.relationship)}{m.dateOfBirth ? `, born ${formatDate(m.dateOfBirth)}` : ''})</span>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{f.address?.postcode}</td>
                <td>{f.hubId}</td>
                <td>{f.possibleDuplicates?.length ? `${f.possibleDuplicates.length} possible` : 'None'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {cursor ? (
        <button type="button" className="button button--secondary" onClick={more} disabled={loading}>
          Show more families
        </button>
      ) : null}
    </>
  );
}
