// Languages: each one's data file, fetched once; a switch keeps the list or product shown.
import {drawRows} from './grid.js';
import {showList} from './lists.js';
import {showOffline} from './offline.js';
import {$, dataUrls, grid, productBox} from './page.js';
import {openProduct} from './product.js';
import {state} from './state.js';
import {ui} from './words.js';

const loaded = {};  // language -> its data, fetched once

const loadData = (lang) => {
  if (!loaded[lang]) {
    loaded[lang] = fetch(dataUrls[lang]).then((r) => {
      if (!r.ok) throw new Error(`${r.status} ${r.url}`);
      return r.json();
    }).catch((error) => { delete loaded[lang]; throw error; });
  }
  return loaded[lang];
};

export const useLanguage = async (lang) => {
  const data = await loadData(lang);
  data.products.forEach((p) => { p.f.ref = p; });  // the chips filter the facets, and show their products
  state.lang = lang;
  state.data = data;
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-k-lang]').forEach((b) => b.setAttribute('aria-pressed', b.dataset.kLang === lang ? 'true' : 'false'));
  $('[data-k-langs]').setAttribute('aria-label', ui('kiosk.languages'));
  $('[data-k-built]').textContent = data.built;
  $('.k-home__site').textContent = data.site_name;
  label();
  showOffline();
};

export const label = () => {
  const district = state.standDistrict && state.data.districts.find((d) => d.id === state.standDistrict);
  $('[data-k-title]').textContent = district ? ui('kiosk.stand', {district: district.name}) : ui('kiosk.title');
  $('.k-home__site').hidden = $('.k-home__site').textContent === $('[data-k-title]').textContent;
  document.title = `${$('[data-k-title]').textContent} – ${$('.k-home__site').textContent}`;
};

export const switchLanguage = async (lang) => {
  const product = state.product;
  const scroll = productBox.scrollTop;
  const listScroll = product ? state.listScroll : grid.scrollTop;
  await useLanguage(lang);
  showList();
  grid.scrollTop = listScroll;
  state.listScroll = listScroll;
  drawRows();
  if (product) {
    openProduct(product);
    productBox.scrollTop = scroll;
  }
};
