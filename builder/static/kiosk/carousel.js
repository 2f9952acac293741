// The product view's photos: a strip to swipe, with a dot per photo.
import {el, photo} from './draw.js';
import {ui} from './words.js';

export const carousel = (p) => {
  const box = el('div', 'k-carousel');
  const strip = el('div', 'k-carousel__strip');
  p.photos.forEach((ph, index) => {
    const frame = el('div', 'k-carousel__frame');
    const picture = photo(ph.view, ph.alt, ph.bg, index === 0);
    picture.width = ph.w;
    picture.height = ph.h;
    frame.append(picture);
    strip.append(frame);
  });
  box.append(strip);
  if (p.photos.length > 1) {
    const dots = el('div', 'k-carousel__dots');
    p.photos.forEach((ph, index) => {
      const dot = el('button', 'k-dot');
      dot.type = 'button';
      dot.setAttribute('aria-label', ui('kiosk.photo', {n: index + 1, total: p.photos.length}));
      dot.addEventListener('click', () => strip.scrollTo({left: index * strip.clientWidth, behavior: 'smooth'}));
      dots.append(dot);
    });
    const mark = () => {
      const current = Math.round(strip.scrollLeft / Math.max(1, strip.clientWidth));
      [...dots.children].forEach((dot, index) => dot.setAttribute('aria-pressed', index === current ? 'true' : 'false'));
    };
    strip.addEventListener('scroll', mark, {passive: true});
    mark();
    box.append(dots);
  }
  return box;
};
