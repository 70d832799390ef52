// Demo shop helpers shared by the pages: the cart in localStorage, the cart
// badge, and the support footer showing the recording's session id.
const CART_KEY = 'demo-shop-cart';

const PRODUCTS = {
  beans: { name: 'House blend beans', price: 14.5, art: 'Hb', tint: '#f3e3d3' },
  grinder: { name: 'Hand grinder', price: 49, art: 'Gr', tint: '#e3ecf3' },
  kettle: { name: 'Pour-over kettle', price: 39, art: 'Ke', tint: '#e8f3e3' },
  mug: { name: 'Stoneware mug', price: 12, art: 'Mu', tint: '#f3e3ea' },
  filters: { name: 'Paper filters (100)', price: 6.5, art: 'Fi', tint: '#f1f0e3' },
  scale: { name: 'Brewing scale', price: 29, art: 'Sc', tint: '#e6e3f3' },
};

function readCart() {
  try {
    return JSON.parse(localStorage.getItem(CART_KEY)) || {};
  } catch {
    return {};
  }
}

function writeCart(cart) {
  localStorage.setItem(CART_KEY, JSON.stringify(cart));
  updateCartBadge();
}

function cartCount(cart = readCart()) {
  return Object.values(cart).reduce((n, q) => n + q, 0);
}

function cartTotal(cart = readCart()) {
  return Object.entries(cart).reduce((sum, [id, q]) => sum + (PRODUCTS[id] ? PRODUCTS[id].price * q : 0), 0);
}

function money(n) {
  return '€' + n.toFixed(2);
}

function updateCartBadge() {
  for (const el of document.querySelectorAll('[data-cart-count]')) el.textContent = String(cartCount());
}

// "Quote this id": the session id the recorder announces.
function showSessionId(id) {
  for (const el of document.querySelectorAll('[data-session-id]')) el.textContent = id;
}
document.addEventListener('cobrowse-session', (e) => showSessionId(e.detail.sessionId));
customElements.whenDefined('cobrowse-recorder').then(() => {
  const id = document.querySelector('cobrowse-recorder')?.sessionId;
  if (id) showSessionId(id);
});

document.addEventListener('DOMContentLoaded', updateCartBadge);
