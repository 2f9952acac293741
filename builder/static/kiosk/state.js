// What the kiosk shows now: the language and its data, the list, the chips
// chosen, the product open. One object, shared by every module.
import {ocopFilter} from './filter-core.js';
import {startLang, standDistrict} from './page.js';

export const noChoices = () => Object.fromEntries(ocopFilter.KEYS.map((key) => [key, new Set()]));
export const state = {lang: startLang, data: null, view: 'start', filter: null, product: null, standDistrict, listScroll: 0,
  chosen: noChoices()};
