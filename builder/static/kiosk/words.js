// Every text comes from the language's data file.
import {state} from './state.js';

export const ui = (key, values) => {
  let text = (state.data && state.data.ui[key]) || key;
  if (typeof text === 'object') {  // a plural label: its CLDR forms (one, other, ...)
    text = text[new Intl.PluralRules(state.data.lang).select((values || {}).n)] || text.other;
  }
  Object.entries(values || {}).forEach(([name, value]) => { text = text.split(`{${name}}`).join(value); });
  return text;
};
