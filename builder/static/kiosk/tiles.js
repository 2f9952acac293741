// The tiles of the lists: a product, or a place or group to browse.
import {el, photo, stars} from './draw.js';
import {ui} from './words.js';

export const productTile = (p) => {
  const tile = el('button', 'k-tile');
  tile.type = 'button';
  if (!p) return tile;
  tile.dataset.kProduct = p.id;
  const cover = p.photos[0];
  tile.append(photo(p.tile, cover && cover.alt, cover && cover.bg),
    el('span', 'k-tile__name', p.name), stars(p.stars), el('span', 'k-tile__place', p.place));
  return tile;
};
export const placeTile = (kind) => (entry) => {
  const tile = el('button', 'k-tile k-tile--place');
  tile.type = 'button';
  if (!entry) return tile;
  tile.dataset[kind] = entry.id;
  tile.append(photo(entry.photo, '', null), el('span', 'k-tile__name', entry.name),
    el('span', 'k-tile__place', [entry.province, ui('products_count', {n: entry.count})].filter(Boolean).join(' · ')));
  return tile;
};
