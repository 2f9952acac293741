// "Near me" on the lists of points of sale: asks for the location only when
// tapped, then shows the points nearest first with their distance. The
// location stays in this page: nothing is sent anywhere, so it works offline.
(() => {
  'use strict';
  const box = document.querySelector('[data-ocop-near]');
  const lists = document.querySelector('[data-ocop-near-lists]');
  if (!box || !lists || !('geolocation' in navigator)) return;
  const button = box.querySelector('button');
  const status = box.querySelector('[role=status]');
  const km = new Intl.NumberFormat(document.documentElement.lang || undefined,
    {style: 'unit', unit: 'kilometer', maximumFractionDigits: 1});
  const RADIUS_KM = 6371;
  const radians = (degrees) => (degrees * Math.PI) / 180;
  const haversine = ([lat1, lon1], [lat2, lon2]) => {  // great-circle distance, km
    const a = Math.sin(radians(lat2 - lat1) / 2) ** 2
      + Math.cos(radians(lat1)) * Math.cos(radians(lat2)) * Math.sin(radians(lon2 - lon1) / 2) ** 2;
    return 2 * RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  };

  const sort = (here) => {
    const points = [...lists.querySelectorAll('li[data-point]')].map((item, order) => {
      const at = item.dataset.lat ? [Number(item.dataset.lat), Number(item.dataset.lon)] : null;
      return {item, order, distance: at ? haversine(here, at) : Infinity};
    });
    points.sort((a, b) => a.distance - b.distance || a.order - b.order);  // no position: last, as listed
    const sorted = document.createElement('ol');
    sorted.className = 'ocop-places ocop-near__sorted';
    points.forEach(({item, distance}) => {
      const copy = item.cloneNode(true);
      const label = document.createElement('span');
      label.className = 'ocop-near__km';
      label.textContent = Number.isFinite(distance) ? km.format(distance) : box.dataset.noPosition;
      copy.prepend(label, ' · ');
      sorted.append(copy);
    });
    box.querySelector('.ocop-near__sorted')?.remove();
    box.append(sorted);
    lists.hidden = true;
    status.textContent = box.dataset.sorted;
  };

  box.hidden = false;
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = box.dataset.asking;
    navigator.geolocation.getCurrentPosition((position) => {
      button.disabled = false;
      sort([position.coords.latitude, position.coords.longitude]);
    }, () => {  // denied, unavailable or too slow: the list stays as it was
      button.disabled = false;
      status.textContent = box.dataset.denied;
    }, {enableHighAccuracy: false, timeout: 20000, maximumAge: 600000});
  });
})();
