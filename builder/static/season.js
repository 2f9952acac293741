// <L>season/: the visitor's month only (by the visitor's clock), and a button
// for the whole year, which is what the page shows without script. Each month
// holds its first products and a link to its own list (<L>season/<m>/).
(() => {
  'use strict';
  const box = document.querySelector('[data-ocop-season]');
  if (!box) return;
  const month = String(new Date().getMonth() + 1);
  const sections = box.querySelectorAll('section[data-month]');
  const whole = box.querySelector('[data-ocop-whole-year]');
  sections.forEach((section) => { section.hidden = section.dataset.month !== month; });
  whole.hidden = false;
  whole.addEventListener('click', () => {
    sections.forEach((section) => { section.hidden = false; });
    whole.hidden = true;
  });
})();
