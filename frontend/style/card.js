// Hợp Tác: the card page. Stripe.js (loaded just before this script) puts
// its card field into #card-element; paying confirms the PaymentIntent in
// the browser (3-D Secure included), then the form goes, as a plain GET, to
// the return page, which reads the payment again from Stripe and says where
// it stands. Without scripts the form stays hidden and the page says so.
(function () {
  'use strict';
  var form = document.getElementById('card-form');
  if (!form) {
    return;
  }
  if (typeof window.Stripe !== 'function') {
    var failed = document.getElementById('card-script-failed');
    if (failed) {
      failed.hidden = false;
    }
    return;
  }
  var stripe = window.Stripe(form.getAttribute('data-stripe-key'));
  var card = stripe.elements().create('card');
  card.mount('#card-element');
  form.hidden = false;
  var errors = document.getElementById('card-errors');
  var button = form.querySelector('button[type=submit]');
  var busy = false;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (busy) {
      return;
    }
    busy = true;
    button.disabled = true;
    errors.textContent = '';
    stripe
      .confirmCardPayment(form.getAttribute('data-client-secret'), {
        payment_method: { card: card }
      })
      .then(function (result) {
        // a card number not typed in full: nothing was sent, say so here
        if (result.error && result.error.type === 'validation_error') {
          errors.textContent = result.error.message || '';
          busy = false;
          button.disabled = false;
          return;
        }
        // paid, declined or waiting: the return page tells which
        form.submit();
      }, function () {
        form.submit();
      });
  });
})();
