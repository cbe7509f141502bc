// Behaviour the pages used to carry inline (onchange=, onclick=): kept here so that the
// Content-Security-Policy can forbid inline scripts.
//   data-autosubmit  on a <select>: submit its form when the choice changes
//   data-confirm     on a <form> or a submit button: ask before sending
//   data-print       on a button: print the page
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("submit", (event) => {
  const form = event.target;
  const button = event.submitter;
  const question =
    (button && button.dataset.confirm) || (form.dataset && form.dataset.confirm);
  if (question && !window.confirm(question)) event.preventDefault();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
