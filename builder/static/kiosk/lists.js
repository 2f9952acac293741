// The lists: featured, all products, by place, by group, one place's or one group's; their tabs and title.
import {anyChosen, drawChips, narrowed} from './chips.js';
import {showTiles} from './grid.js';
import {$, chipsBox, list} from './page.js';
import {closeProduct} from './product.js';
import {featured, groups, products} from './stand.js';
import {noChoices, state} from './state.js';
import {placeTile, productTile} from './tiles.js';
import {ui} from './words.js';

const TAB_TEXT = {start: 'featured', all: 'all_products', districts: 'browse_province', groups: 'browse_group'};

const setTitle = (text) => { $('[data-k-list-title]').textContent = text; };

const showProducts = (base, title) => {
  drawChips(base);
  const found = narrowed(base);
  if (!anyChosen()) setTitle(title);
  else setTitle(`${title} · ${found.length ? ui('products_count', {n: found.length}) : ui('filter.none')}`);
  showTiles(found, productTile);
};

export const showList = () => {
  const {view, filter} = state;
  list.dataset.view = view;
  chipsBox.hidden = true;
  document.querySelectorAll('[data-k-tab]').forEach((tab) => {
    const active = tab.dataset.kTab === view || (view === 'district' && tab.dataset.kTab === 'districts')
      || (view === 'group' && tab.dataset.kTab === 'groups');
    tab.setAttribute('aria-pressed', active ? 'true' : 'false');
    tab.textContent = ui(TAB_TEXT[tab.dataset.kTab]);
    tab.hidden = tab.dataset.kTab === 'districts' && Boolean(state.standDistrict);
  });
  if (view === 'districts') {
    setTitle(ui('browse_province'));
    showTiles(state.data.districts, placeTile('kDistrict'));
  } else if (view === 'groups') {
    setTitle(ui('browse_group'));
    showTiles(groups(), placeTile('kGroup'));
  } else if (view === 'district') {
    const district = state.data.districts.find((d) => d.id === filter);
    showProducts(products().filter((p) => p.district === filter), district ? district.name : '');
  } else if (view === 'group') {
    showProducts(products().filter((p) => p.group === filter), ui(`group.${filter}`));
  } else if (view === 'all') {
    showProducts(products(), `${ui('all_products')} (${products().length})`);
  } else {
    setTitle(ui('featured'));
    showTiles(featured(), productTile);
  }
};

export const go = (view, filter) => {
  Object.assign(state, {view, filter: filter || null, chosen: noChoices()});
  closeProduct();
  showList();
};
