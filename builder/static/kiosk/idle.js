// Idle: the attract loop, then everything back to the start.
import {el, photo, stars} from './draw.js';
import {useLanguage} from './languages.js';
import {showList} from './lists.js';
import {fillOffline, offline} from './offline.js';
import {attract, grid, idleSeconds, startLang} from './page.js';
import {closeProduct} from './product.js';
import {featured} from './stand.js';
import {noChoices, state} from './state.js';
import {ui} from './words.js';

const SLIDE_SECONDS = 7;
let idleTimer = 0;
let slideTimer = 0;

const slides = () => featured().filter((p) => p.photos.length);

const showSlide = (index) => {
  const all = slides();
  if (!all.length) return;
  const p = all[index % all.length];
  const slide = el('div', 'k-slide');
  const picture = photo(p.photos[0].view, p.photos[0].alt, p.photos[0].bg, true);
  const caption = el('div', 'k-slide__caption');
  caption.append(el('p', 'k-slide__name', p.name), stars(p.stars), el('p', 'k-slide__place', p.place));
  slide.append(picture, caption);
  const old = [...attract.querySelectorAll('.k-slide')];
  attract.insertBefore(slide, attract.querySelector('.k-attract__hint'));
  requestAnimationFrame(() => requestAnimationFrame(() => {
    slide.classList.add('k-slide--on');
    old.forEach((o) => { o.classList.remove('k-slide--on'); setTimeout(() => o.remove(), 1200); });
  }));
  slideTimer = setTimeout(() => showSlide(index + 1), SLIDE_SECONDS * 1000);
};

const startAttract = () => {
  attract.replaceChildren(el('p', 'k-attract__hint', ui('kiosk.touch_to_start')));
  attract.hidden = false;
  showSlide(0);
};

export const stopAttract = () => {
  clearTimeout(slideTimer);
  attract.hidden = true;
  attract.replaceChildren();
};

const startOver = async () => {
  if (offline.reloadWhenIdle) { location.reload(); return; }  // a newer build is ready offline
  fillOffline();  // the network may be back
  if (!attract.hidden) return;
  closeProduct();
  if (state.lang !== startLang) await useLanguage(startLang);
  Object.assign(state, {view: 'start', filter: null, chosen: noChoices()});
  showList();
  grid.scrollTop = 0;
  window.scrollTo(0, 0);
  startAttract();
};

export const touched = () => {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(startOver, idleSeconds * 1000);
};
