// The filters of a product list (templates/filters.html): over the whole list,
// every page of it, from the filter data (<L>filters.json). Choices live in the
// query string (shareable; the back button steps through them). Without
// script the paged list is the page, as it always was.
// Beside the search box (data-search), the same filters narrow Pagefind's
// results: each result's address is a product page, found in the filter data.
(() => {
  'use strict';
  const box = document.querySelector('[data-ocop-filters]');
  if (!box) return;
  const PAGE = 24;  // result cards drawn at a time (a phone shows two or three)
  const t = JSON.parse(box.dataset.t);
  const offer = box.dataset.offer.split(' ').filter(Boolean);
  const [scopeKey, scopeValue] = box.dataset.scope.split('=');
  const search = box.dataset.search ? document.querySelector(box.dataset.search) : null;
  const toggle = box.querySelector('.ocop-filters__toggle');
  const panel = box.querySelector('.ocop-filters__panel');
  const summary = box.querySelector('.ocop-filters__summary');
  const results = box.querySelector('.ocop-filters__results');
  const list = document.querySelector('[data-ocop-list]');
  const lang = box.dataset.lang;
  const numberFormat = new Intl.NumberFormat(lang);
  const formatted = new Map();  // counts are small numbers, formatted again and again
  const number = {format: (n) => {
    if (!formatted.has(n)) formatted.set(n, numberFormat.format(n));
    return formatted.get(n);
  }};
  const plural = new Intl.PluralRules(lang);
  const stars = {};
  box.querySelector('template[data-ocop-stars]').content.querySelectorAll('[data-stars]')
    .forEach((node) => { stars[node.dataset.stars] = node.firstElementChild; });
  const noPhoto = {};
  box.querySelector('template[data-ocop-nophoto]').content.querySelectorAll('[data-group]')
    .forEach((node) => { noPhoto[node.dataset.group] = node.firstElementChild; });
  const state = {data: null, scoped: [], chosen: {}, shown: PAGE, month: ocopFilter.thisMonth()};

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const productsCount = (n) => {
    const forms = t.count;
    const form = typeof forms === 'string' ? forms : (forms[plural.select(n)] || forms.other);
    return form.replace('{n}', number.format(n));
  };

  // --- the choices -------------------------------------------------------------------

  const placeScope = scopeKey === 'province' || scopeKey === 'area';
  const visible = (key, option, inScope) => {
    const [value] = option;
    if (state.chosen[key].has(value)) return true;
    if (!inScope.get(value)) return false;
    // Areas are many: outside a place's own list, those of the chosen provinces.
    return key !== 'area' || placeScope || state.chosen.province.has(option[2]);
  };

  // What each choice has in the list, whatever else is chosen: worked out once per list.
  const inScope = {};
  const scopeCounts = (key, values) => {
    if (!inScope[key]) inScope[key] = ocopFilter.counts(state.scoped, {}, key, values, state.month);
    return inScope[key];
  };

  const drawPanel = () => {
    const shape = [];
    const facets = offer.map((key) => {
      const options = state.data.options[key] || [];
      const values = options.map(([value]) => value);
      const inList = scopeCounts(key, values);
      let shown = options.filter((option) => visible(key, option, inList));
      // A filter that every product of the list passes narrows nothing: not offered.
      if (!state.chosen[key].size && shown.every(([value]) => inList.get(value) === state.scoped.length)) shown = [];
      shape.push(key, ...shown.map(([value]) => value));
      return {key, shown, counts: shown.length ? ocopFilter.counts(state.scoped, state.chosen, key, values, state.month) : null};
    });
    if (shape.join('\n') !== panel.dataset.shape) {  // other choices to show: made anew
      panel.dataset.shape = shape.join('\n');
      const focused = document.activeElement && panel.contains(document.activeElement) ? document.activeElement.id : null;
      panel.replaceChildren(...facets.filter(({shown}) => shown.length).map(({key, shown}) => {
        const set = el('fieldset', 'ocop-filters__facet');
        set.append(el('legend', '', t.facets[key]));
        shown.forEach(([value, label]) => {
          const id = `ocop-f-${key}-${value}`.replace(/[^\w-]/g, '_');
          const row = el('label', 'ocop-filters__option');
          const input = el('input');
          Object.assign(input, {type: 'checkbox', id, name: key, value});
          row.htmlFor = id;
          row.append(input, el('span', '', label), el('span', 'ocop-filters__count'));
          set.append(row);
        });
        return set;
      }));
      if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
    }
    facets.forEach(({key, counts}) => {  // the counts and ticks of the choices shown
      if (!counts) return;
      panel.querySelectorAll(`input[name="${key}"]`).forEach((input) => {
        input.checked = state.chosen[key].has(input.value);
        const count = number.format(counts.get(input.value) || 0);
        const label = input.parentNode.lastChild;
        if (label.textContent !== count) label.textContent = count;
      });
    });
  };

  // --- the results --------------------------------------------------------------------

  const cards = new Map();  // made once per product, shown again as choices change
  const card = (p) => {
    if (!cards.has(p)) cards.set(p, makeCard(p));
    return cards.get(p);
  };
  const makeCard = (p) => {
    const item = el('li', 'ocop-card');
    const link = el('a', 'ocop-card__link');
    link.href = box.dataset.products + p.u + '/';
    if (p.t) {
      const picture = el('img');
      Object.assign(picture, {src: box.dataset.img + p.t[0], width: p.t[1], height: p.t[2], alt: '', loading: 'lazy',
        decoding: 'async'});
      const frame = el('span', 'ocop-picture');
      frame.append(picture);
      link.append(frame);
    } else if (noPhoto[p.g]) {
      link.append(noPhoto[p.g].cloneNode(true));
    }
    link.append(el('span', 'ocop-card__name', p.n));
    const meta = el('span', 'ocop-card__meta');
    const was = p.c === 'expired' || p.c === 'revoked';
    meta.append(stars[`${p.s}${was ? '-was' : ''}`].cloneNode(true), ' ',
      el('span', `ocop-chip ocop-chip--${p.c}`, state.data.status[p.c]));
    item.append(link, meta, el('span', 'ocop-card__place', p.l));
    return item;
  };

  // The search's results: those shown so far, as products of the filter data.
  const slugOf = (result) => {
    const link = result.querySelector('a[href]');
    const found = link && /\/products\/([^/]+)\/?$/.exec(new URL(link.href, location.href).pathname);
    return found ? decodeURIComponent(found[1]) : null;
  };
  const searchResults = () => [...search.querySelectorAll('.pagefind-ui__result')];
  const narrowSearch = () => {
    const results_ = searchResults();
    const filtering = ocopFilter.active(state.chosen) > 0;
    const hits = results_.map(slugOf).map((slug) => state.bySlug.get(slug)).filter(Boolean);
    state.scoped = hits;
    Object.keys(inScope).forEach((key) => delete inScope[key]);  // other results, other counts
    box.hidden = !results_.length && !filtering;
    const kept = new Set(ocopFilter.apply(hits, state.chosen, state.month).map((p) => p.u));
    results_.forEach((result) => { result.hidden = filtering && !kept.has(slugOf(result)); });
    return kept.size;
  };

  const drawResults = () => {
    const filtering = ocopFilter.active(state.chosen) > 0;
    if (search) {
      toggle.textContent = filtering ? `${t.filters} (${ocopFilter.active(state.chosen)})` : t.filters;
      summary.replaceChildren();
      if (!filtering) return;
      summary.append(el('span', '', state.kept ? productsCount(state.kept) : t.none), ' ');
      const clearSearch = el('button', 'md-button ocop-filters__clear', t.clear);
      clearSearch.type = 'button';
      clearSearch.dataset.ocopClear = '';
      summary.append(clearSearch);
      return;
    }
    toggle.textContent = filtering ? `${t.filters} (${ocopFilter.active(state.chosen)})` : t.filters;
    list.hidden = filtering;
    results.hidden = !filtering;
    summary.replaceChildren();
    if (!filtering) {
      results.replaceChildren();
      return;
    }
    const found = ocopFilter.apply(state.scoped, state.chosen, state.month);
    summary.append(el('span', '', found.length ? productsCount(found.length) : t.none), ' ');
    const clear = el('button', 'md-button ocop-filters__clear', t.clear);
    clear.type = 'button';
    clear.dataset.ocopClear = '';
    summary.append(clear);
    results.replaceChildren(...found.slice(0, state.shown).map(card));
    if (found.length > state.shown) {
      const more = el('button', 'md-button ocop-filters__more', t.more.replace('{count}', productsCount(found.length - state.shown)));
      more.type = 'button';
      more.dataset.ocopMore = '';
      const row = el('li', 'ocop-filters__more-row');
      row.append(more);
      results.append(row);
    }
  };

  const draw = () => {
    if (search) state.kept = narrowSearch();
    drawPanel();
    drawResults();
  };

  const readQuery = () => {
    state.chosen = ocopFilter.fromQuery(location.search, state.data.options);
    state.shown = PAGE;
  };

  const choose = () => {  // a checkbox changed, or "clear": the answer first, then a new history entry
    const query = ocopFilter.toQuery(state.chosen);
    state.shown = PAGE;
    draw();
    setTimeout(() => history.pushState({ocopFilters: query}, '', location.pathname + query + location.hash));
  };

  panel.addEventListener('change', (event) => {
    const input = event.target;
    if (input.type !== 'checkbox') return;
    if (input.checked) state.chosen[input.name].add(input.value);
    else state.chosen[input.name].delete(input.value);
    if (input.name === 'province' && !input.checked) {  // its areas go with it
      const areas = (state.data.options.area || []).filter((a) => a[2] === input.value).map((a) => a[0]);
      areas.forEach((area) => state.chosen.area.delete(area));
    }
    choose();
  });
  box.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button) return;
    if ('ocopClear' in button.dataset) {
      ocopFilter.KEYS.forEach((key) => state.chosen[key].clear());
      choose();
      toggle.focus();
    } else if ('ocopMore' in button.dataset) {
      state.shown += PAGE;
      drawResults();
    }
  });
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    panel.hidden = !open;
  });
  window.addEventListener('popstate', () => {
    if (!state.data) return;
    readQuery();
    draw();
  });

  fetch(box.dataset.ocopFilters).then((response) => {
    if (!response.ok) throw new Error(`${response.status} ${response.url}`);
    return response.json();
  }).then((data) => {
    state.data = data;
    const scope = new Set([scopeValue]);
    state.scoped = scopeKey ? data.products.filter((p) => ocopFilter.matches(p, scopeKey, scope, state.month))
      : data.products;  // no scope: the whole catalogue
    state.bySlug = new Map(data.products.map((p) => [p.u, p]));
    readQuery();
    box.hidden = false;
    if (search) {  // results come and go as the visitor types: narrow each new set
      let pending = false;
      new MutationObserver(() => {
        if (pending) return;
        pending = true;
        requestAnimationFrame(() => { pending = false; draw(); });
      }).observe(search, {childList: true, subtree: true});
    }
    if (ocopFilter.active(state.chosen) && !search) {  // above the search box, it stays out of the way
      toggle.setAttribute('aria-expanded', 'true');
      panel.hidden = false;
    }
    draw();
    box.dataset.ready = '';
    // The result cards are made while the visitor reads, a few at a time: a tap then only shows them.
    const idle = window.requestIdleCallback || ((work) => setTimeout(() => work({timeRemaining: () => 8}), 50));
    let next = 0;
    const prepare = (deadline) => {
      while (next < state.scoped.length && deadline.timeRemaining() > 2) card(state.scoped[next++]);
      if (next < state.scoped.length) idle(prepare);
      else box.dataset.prepared = '';
    };
    if (!search) idle(prepare);
  }).catch(() => {
    box.hidden = false;
    toggle.hidden = true;
    summary.textContent = t.failed;
  });
})();
