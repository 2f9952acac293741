// What the stand shows: every product, or its district's.
import {state} from './state.js';

const START_TILES = 8;  // at least this many tiles on the start screen

export const products = () => state.data.products.filter((p) => !state.standDistrict || p.district === state.standDistrict);
export const byId = () => {
  if (!state.data.byId) state.data.byId = new Map(state.data.products.map((p) => [p.id, p]));
  return state.data.byId;
};
export const featured = () => {  // the chosen products; a stand with few gets its best others after them
  const chosen = state.data.featured.map((id) => byId().get(id)).filter(Boolean)
    .filter((p) => !state.standDistrict || p.district === state.standDistrict);
  const others = products().filter((p) => !chosen.includes(p));
  return chosen.concat(others.slice(0, Math.max(0, START_TILES - chosen.length)));
};
export const groups = () => {
  const mine = products();
  return state.data.groups.map((g) => {
    const members = mine.filter((p) => p.group === g.id);
    return members.length ? {...g, count: members.length, photo: members[0].tile || g.photo} : null;
  }).filter(Boolean);
};
