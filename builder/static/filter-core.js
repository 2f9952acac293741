// Comparing a visitor's filter choices with the facets the build worked out
// (builder/facets.py): shared by the product lists (filters.js) and the kiosk.
// No rule is made here: the data says what each product has; this only compares.
const ocopFilter = (() => {
  'use strict';
  // The query string key of each filter, and the product's facet it compares; `point` and
  // `month` only name a list's scope (a point of sale's list, a month's: `month=5`).
  const FACET = {group: 'g', stars: 's', province: 'p', area: 'a', point: 'pt', price: 'pr', standard: 'st',
    online: 'o', season: 'm', month: 'm'};
  const KEYS = ['group', 'stars', 'province', 'area', 'price', 'standard', 'online', 'season'];

  const band = (value) => {  // "100000-200000"; "500000-": no upper bound
    const [low, high] = String(value).split('-');
    return [Number(low) || 0, high === undefined || high === '' ? Infinity : Number(high)];
  };

  // Does a product match one of these values of this filter? ("any of")
  const matches = (product, key, values, month) => {
    const has = product[FACET[key]];
    if (key === 'price') {
      return Boolean(has) && [...values].some((value) => {
        const [low, high] = band(value);
        return has[0] <= high && has[1] >= low;  // the ranges overlap
      });
    }
    if (key === 'season') return values.has('now') && Array.isArray(has) && has.includes(month);
    if (key === 'online') return values.has('1') && has === 1;
    if (Array.isArray(has)) return has.some((value) => values.has(String(value)));
    return has !== undefined && values.has(String(has));
  };

  // The products matching every chosen filter (but `except`'s, for its counts).
  const apply = (products, chosen, month, except) => {
    const active = Object.entries(chosen).filter(([key, values]) => key !== except && values.size);
    if (!active.length) return products;
    return products.filter((product) => active.every(([key, values]) => matches(product, key, values, month)));
  };

  // How many products each value of `key` would leave, with the other choices kept.
  const counts = (products, chosen, key, values, month) => {
    const rest = apply(products, chosen, month, key);
    const out = new Map(values.map((value) => [value, 0]));
    if (key === 'price' || key === 'season' || key === 'online') {  // few values, each its own comparison
      values.forEach((value) => {
        const one = new Set([value]);
        out.set(value, rest.reduce((n, product) => n + (matches(product, key, one, month) ? 1 : 0), 0));
      });
      return out;
    }
    const facet = FACET[key];  // one pass: each product adds one to the values it has
    rest.forEach((product) => {
      const has = product[facet];
      (Array.isArray(has) ? has : [has]).forEach((value) => {
        const text = String(value);
        if (out.has(text)) out.set(text, out.get(text) + 1);
      });
    });
    return out;
  };

  // Choices from a query string: repeated keys mean "any of". `standard=` values
  // are compared without case or diacritics against the data's own names.
  const fromQuery = (search, options) => {
    const params = new URLSearchParams(search);
    const same = new Intl.Collator(undefined, {sensitivity: 'base'});
    const chosen = {};
    KEYS.forEach((key) => {
      chosen[key] = new Set(params.getAll(key).map((value) => {
        if (key !== 'standard') return value;
        const known = (options.standard || []).find(([name, label]) => !same.compare(name, value) || !same.compare(label, value));
        return known ? known[0] : value;
      }));
    });
    return chosen;
  };

  const toQuery = (chosen) => {
    const params = new URLSearchParams();
    KEYS.forEach((key) => [...(chosen[key] || [])].forEach((value) => params.append(key, value)));
    const text = params.toString();
    return text ? `?${text}` : '';
  };

  const active = (chosen) => KEYS.reduce((n, key) => n + ((chosen[key] && chosen[key].size) || 0), 0);

  // The visitor's month, 1-12 (the page's clock: a fixed clock in the tests).
  const thisMonth = () => new Date().getMonth() + 1;

  return {FACET, KEYS, matches, apply, counts, fromQuery, toQuery, active, thisMonth};
})();
