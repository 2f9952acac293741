// The product view: what a tap on a tile opens, and the way back to the list.
import {carousel} from './carousel.js';
import {statusBox} from './certificate.js';
import {el, qrBlock, qrDrawing, stars} from './draw.js';
import {allergenBox, nutritionTable, recallBox} from './food.js';
import {drawRows, relayout} from './grid.js';
import {grid, list, productBox, root} from './page.js';
import {byId} from './stand.js';
import {state} from './state.js';
import {ui} from './words.js';

export const openProduct = (id) => {
  const p = byId().get(id);
  if (!p) return;
  state.product = id;
  productBox.replaceChildren();
  const back = el('button', 'k-back', `← ${ui('kiosk.back')}`);
  back.type = 'button';
  back.dataset.kBack = '';
  const head = el('div', 'k-product__head');
  const meta = el('p', 'k-product__meta');
  meta.append(stars(p.stars), el('span', '', ` ${ui('star_label', {n: p.stars})} · ${ui(`group.${p.group}`)}`));
  head.append(back, el('h1', 'k-product__name', p.name), meta, el('p', 'k-product__place', p.place));
  if (p.formerly) head.append(el('p', 'k-product__formerly', p.formerly));
  const info = el('div', 'k-product__info');
  if (p.recalls) info.append(recallBox(p.recalls));
  info.append(statusBox(p.cert));
  if (p.allergens || p.may_contain) info.append(allergenBox(p));
  if (p.nutrition) info.append(nutritionTable(p.nutrition));
  if (p.summary) info.append(el('p', 'k-product__summary', p.summary));
  p.story.forEach((text) => info.append(el('p', 'k-product__story', text)));
  info.append(el('p', 'k-product__producer', `${ui('producer')}: ${p.producer}`));
  if (p.website) info.append(qrBlock(qrDrawing(p.website, ui('website')), `${ui('website')} · ${ui('kiosk.scan_open')}`));
  if (p.price) info.append(el('p', 'k-product__price', `${ui('price')}: ${p.price}`));
  const points = p.points.map((pid) => state.data.points[pid]).filter(Boolean);
  if (points.length || (p.online && p.online.length)) {
    info.append(el('h2', 'k-product__h', ui('where_to_buy')));
    const shops = el('ul', 'k-shops');
    points.forEach((point) => {
      const item = el('li', 'k-shop');
      item.append(el('strong', '', point.name), el('span', 'k-shop__kind', ` · ${point.kind}`), el('br'),
        el('span', '', [point.address, point.hours, point.phone].filter(Boolean).join(' · ')));
      if (point.qr) item.append(qrBlock(qrDrawing(point.qr, point.name), ui('kiosk.scan_open')));
      shops.append(item);
    });
    info.append(shops);
    if (p.online && p.online.length) {
      info.append(el('h2', 'k-product__h', ui('online_stores')));
      const online = el('div', 'k-online');
      p.online.forEach((store) => online.append(qrBlock(qrDrawing(store.qr, store.name), store.name)));
      info.append(online);
    }
  }
  const take = el('img', 'k-qr__code');
  take.src = root + p.qr;
  take.alt = ui('kiosk.scan_home');
  take.draggable = false;
  const side = el('div', 'k-product__side');
  side.append(carousel(p), qrBlock(take, ui('kiosk.scan_home'), true));
  productBox.append(head, side, info);
  if (!list.hidden) state.listScroll = grid.scrollTop;
  productBox.hidden = false;
  list.hidden = true;
  productBox.scrollTop = 0;
};

export const closeProduct = () => {  // back to the list, where it was
  state.product = null;
  productBox.hidden = true;
  productBox.replaceChildren();
  list.hidden = false;
  relayout();
  grid.scrollTop = state.listScroll || 0;
  drawRows();
};
