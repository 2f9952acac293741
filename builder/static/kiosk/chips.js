// The chips: the lists' filters (filter-core.js compares; the data says what each product has).
import {el} from './draw.js';
import {ocopFilter} from './filter-core.js';
import {chipsBox} from './page.js';
import {state} from './state.js';
import {ui} from './words.js';

const CHIP_KEYS = ['group', 'stars', 'price', 'standard', 'online', 'season'];
const FACET_TITLE = {group: 'filter.group', stars: 'filter.stars', price: 'filter.price', standard: 'filter.standard',
  online: 'filter.buy', season: 'filter.season'};
const facetsOf = (items) => items.map((p) => p.f);
export const narrowed = (items) => ocopFilter.apply(facetsOf(items), state.chosen, ocopFilter.thisMonth()).map((f) => f.ref);
export const anyChosen = () => ocopFilter.active(state.chosen);

export const drawChips = (base) => {  // base: the list's products before the chips
  chipsBox.replaceChildren();
  const month = ocopFilter.thisMonth();
  const all = facetsOf(base);
  CHIP_KEYS.filter((key) => !(key === 'group' && state.view === 'group')).forEach((key) => {
    const options = state.data.filters[key] || [];
    const values = options.map(([value]) => value);
    const inList = ocopFilter.counts(all, {}, key, values, month);
    const counts = ocopFilter.counts(all, state.chosen, key, values, month);
    const shown = options.filter(([value]) => inList.get(value) || state.chosen[key].has(value));
    if (!shown.length) return;
    const row = el('div', 'k-chips__facet');
    row.setAttribute('role', 'group');
    row.setAttribute('aria-label', ui(FACET_TITLE[key]));
    row.append(el('span', 'k-chips__title', ui(FACET_TITLE[key])));
    shown.forEach(([value, label]) => {
      const chip = el('button', 'k-chip');
      chip.type = 'button';
      chip.dataset.kChip = key;
      chip.dataset.kValue = value;
      chip.setAttribute('aria-pressed', state.chosen[key].has(value) ? 'true' : 'false');
      chip.append(el('span', '', label), el('span', 'k-chip__n', String(counts.get(value) || 0)));
      row.append(chip);
    });
    chipsBox.append(row);
  });
  if (anyChosen()) {  // first: always in reach, however far the strip is swiped
    const clear = el('button', 'k-chip k-chip--clear', ui('filter.clear'));
    clear.type = 'button';
    clear.dataset.kClear = '';
    chipsBox.prepend(clear);
  }
  chipsBox.hidden = !chipsBox.children.length;
};
