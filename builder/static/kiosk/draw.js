// Small drawing helpers: elements, stars, photos, QR codes.
import {root} from './page.js';
import {ui} from './words.js';

export const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
};
const img = (name) => root + 'img/' + name;
export const stars = (n) => {
  const box = el('span', 'k-stars');
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', ui('star_label', {n}));
  box.append(el('span', 'k-stars__on', '★'.repeat(n)), el('span', 'k-stars__off', '★'.repeat(5 - n)));
  return box;
};
export const photo = (name, alt, bg, eager) => {
  const picture = el('img', 'k-photo');
  picture.alt = alt || '';
  picture.decoding = 'async';
  picture.loading = eager ? 'eager' : 'lazy';
  picture.draggable = false;
  if (bg) picture.style.backgroundColor = bg;
  if (name) picture.src = img(name);
  return picture;
};
export const qrDrawing = (qr, label) => {  // an outbound address, shown and never followed
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${qr.size} ${qr.size}`);
  svg.setAttribute('class', 'k-qr__code');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  const back = document.createElementNS(ns, 'rect');
  back.setAttribute('width', qr.size);
  back.setAttribute('height', qr.size);
  back.setAttribute('fill', '#fff');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', qr.d);
  svg.append(back, path);
  return svg;
};
export const qrBlock = (qr, caption, big) => {
  const figure = el('figure', big ? 'k-qr k-qr--big' : 'k-qr');
  figure.append(qr, el('figcaption', '', caption));
  return figure;
};
