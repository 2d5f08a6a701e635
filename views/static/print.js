// Print buttons (billing receipts): any element with data-print opens the
// browser's print dialog. A static file because the CSP allows no inline script.
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('[data-print]') : null;
  if (target) {
    event.preventDefault();
    window.print();
  }
});
